/**
 * Command-line parsing for every `charm-data-interfaces` command: Juju-style flags (`--flag
 * value`, `--flag=value`, `-n 3`) mixed with positional arguments, and `key=value` assignments.
 */

/** The command line did not make sense; the message says what to change. Exit code 2, like Juju. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Parsed command line: positionals in order, flag values by long name (repeatable flags keep all). */
export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Map<string, string[]>;
  readonly bools: Set<string>;
}

/** Which flags a verb takes: value flags (with short aliases) and boolean flags. */
export interface FlagTable {
  readonly values?: Readonly<Record<string, readonly string[]>>;
  readonly bools?: readonly string[];
}

/** Parses `argv` against `table`; unknown flags are a UsageError naming them. */
export function parseArgs(argv: readonly string[], table: FlagTable): ParsedArgs {
  const aliases = new Map<string, string>();
  for (const [name, shorts] of Object.entries(table.values ?? {})) {
    aliases.set(`--${name}`, name);
    for (const s of shorts) aliases.set(s, name);
  }
  const boolNames = new Set((table.bools ?? []).map((b) => `--${b}`));
  const parsed: ParsedArgs = { positionals: [], flags: new Map(), bools: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    if (boolNames.has(flag)) {
      parsed.bools.add(flag.slice(2));
      continue;
    }
    const name = aliases.get(flag);
    if (name === undefined) throw new UsageError(`option provided but not defined: ${flag}`);
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else value = argv[++i];
    if (value === undefined) throw new UsageError(`flag needs an argument: ${flag}`);
    const list = parsed.flags.get(name) ?? [];
    list.push(value);
    parsed.flags.set(name, list);
  }
  return parsed;
}

/** The last value of a flag, if given. */
export function flagValue(args: ParsedArgs, name: string): string | undefined {
  const values = args.flags.get(name);
  return values === undefined ? undefined : values[values.length - 1];
}

/** A positive integer flag (e.g. `-n`), with a default. */
export function countFlag(args: ParsedArgs, name: string, fallback: number): number {
  const text = flagValue(args, name);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`--${name} must be a positive integer, got "${text}"`);
  return Number(text);
}

/** Splits `key=value` (value may contain `=`); anything else is a UsageError. */
export function splitAssignment(text: string): [string, string] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new UsageError(`expected key=value, got "${text}"`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}
