/**
 * Tool argv as it may be recorded or printed: relation data, secret content, state and action
 * results can hold credentials, so the values of their `key=value` arguments are replaced.
 */

/** Tools whose `key=value` arguments carry databag, secret, state or result values. */
const VALUE_CARRYING_TOOLS = new Set(["relation-set", "secret-add", "secret-set", "state-set", "leader-set", "action-set"]);

/** `argv` with `key=value` / `key#base64=value` values of data-writing tools replaced by `<redacted>`; `key#file=<path>` kept. */
export function redactToolArgv(cmd: string, argv: readonly string[]): string[] {
  if (!VALUE_CARRYING_TOOLS.has(cmd)) return [...argv];
  let flagsEnded = false;
  return argv.map((arg) => {
    if (arg === "--") {
      flagsEnded = true;
      return arg;
    }
    if (!flagsEnded && arg.startsWith("-")) return arg;
    const eq = arg.indexOf("=");
    if (eq <= 0) return arg;
    const key = arg.slice(0, eq);
    return key.endsWith("#file") ? arg : `${key}=<redacted>`;
  });
}
