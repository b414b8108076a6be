/**
 * Renders the POSIX sh script that stands in for one hook tool.
 *
 * Protocol (one call, all files inside the spool directory named by `JUJU_AGENT_SOCKET_ADDRESS`,
 * `<pid>` being the shim's own process id, unique among live processes):
 *
 * 1. `<pid>.argv`: the tool name and every argument, each followed by a NUL byte (argv strings
 *    cannot contain NUL, so this is exact for any text). Written by the `printf` builtin.
 * 2. `<pid>.in`: stdin, only when the call reads it (`--file -` or `--file=-`), so a tool run with an
 *    inherited stdin never blocks.
 * 3. `<pid>.out`: a FIFO the shim creates, then opens for reading.
 * 4. One line `<pid> <0|1 stdin present> <JUJU_CONTEXT_ID>` written to the `requests` FIFO
 *    (shorter than PIPE_BUF, so concurrent callers never interleave).
 * 5. The simulator writes `<pid>.err` (only when stderr is non-empty), then
 *    `<code> <1 if stdout follows, else 0>\n<stdout bytes>` into `<pid>.out`. The shim reads that
 *    line with the `read` builtin and copies stdout with `cat` only when there is any, so a call
 *    forks `mkfifo` and at most one `cat`.
 *
 * Canned responses (the benchmark fast path) are matched first, by the exact argv joined with the
 * ASCII unit separator, and printed with builtins only: no fork, no round trip. A canned call
 * with `--file -` drains stdin (with the `read` builtin) before answering.
 */

/** A response a shim serves itself for one exact argv, without asking the simulator. */
export interface CannedResponse {
  readonly argv: readonly string[];
  readonly stdout: string;
  readonly stderr?: string;
  readonly code?: number;
}

/** Separator used to join argv into one `case` subject; a charm's argv never contains it in practice. */
const UNIT_SEPARATOR = "\u001f";

/** Quotes `text` as one single-quoted sh word (exact for every byte but NUL). */
export function shQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Whether a tool call with `argv` reads its data from stdin (`--file -` or `--file=-`). */
function readsStdin(argv: readonly string[]): boolean {
  return argv.some((a, i) => a === "--file=-" || (a === "-" && argv[i - 1] === "--file"));
}

function cannedCase(responses: readonly CannedResponse[]): string {
  if (responses.length === 0) return "";
  const arms = responses.map((r) => {
    const key = shQuote(r.argv.join(UNIT_SEPARATOR));
    const out = r.stdout === "" ? "" : `printf '%s' ${shQuote(r.stdout)}; `;
    const err = r.stderr === undefined || r.stderr === "" ? "" : `printf '%s' ${shQuote(r.stderr)} >&2; `;
    // A call that passes data on stdin must have it read, as the real tool does: a writer facing
    // an early exit gets EPIPE. The read builtin drains it without a fork.
    const drain = readsStdin(r.argv) ? "while read -r _; do :; done; " : "";
    return `  ${key}) ${drain}${out}${err}exit ${r.code ?? 0};;`;
  });
  return [
    `IFS=${shQuote(UNIT_SEPARATOR)}`,
    `case "$*" in`,
    ...arms,
    "esac",
    "unset IFS",
    "",
  ].join("\n");
}

/** The full text of the executable for hook tool `tool`. */
export function renderShimScript(tool: string, canned: readonly CannedResponse[] = []): string {
  return `#!/bin/sh
# ${tool}: hook-tool shim of the charm model simulator (lib/testing/simulator/transport).
${cannedCase(canned)}t=${shQuote(tool)}
s=$JUJU_AGENT_SOCKET_ADDRESS
if [ -z "$s" ] || [ ! -p "$s/requests" ]; then
  printf 'ERROR %s: no simulator hook context (JUJU_AGENT_SOCKET_ADDRESS does not name a live spool)\\n' "$t" >&2
  exit 1
fi
r=$s/$$
i=0
p=
for a do
  if [ "$a" = --file=- ] || { [ "$p" = --file ] && [ "$a" = - ]; }; then i=1; fi
  p=$a
done
printf '%s\\0' "$t" "$@" > "$r.argv" || exit 1
if [ $i = 1 ]; then cat > "$r.in" || exit 1; fi
mkfifo "$r.out" 2>/dev/null || [ -p "$r.out" ] || exit 1
printf '%s %s %s\\n' "$$" "$i" "$JUJU_CONTEXT_ID" > "$s/requests" || exit 1
c=
{ read -r c o; if [ "$o" = 1 ]; then cat; fi; } < "$r.out"
if [ -f "$r.err" ]; then cat "$r.err" >&2; fi
if [ -z "$c" ]; then
  printf 'ERROR %s: the simulator did not answer\\n' "$t" >&2
  exit 1
fi
exit "$c"
`;
}
