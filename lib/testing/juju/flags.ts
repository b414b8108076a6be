/**
 * Juju's command-line parsing (juju/gnuflag) for the fake hook tools: `--flag value`,
 * `--flag=value`, boolean flags with `--flag` or `--flag=<bool>` (Go's ParseBool, so `True`
 * works), short flags with a separate value (`-r db:3`) or glued to it (`-rdb:3`, where a `=`
 * stays part of the value), `--` ending flags, flags and positionals mixed.
 *
 * A failure is a `ToolFailure`: exit code 2 for parsing and argument errors, 1 for a command
 * that ran and failed; the session prints it as Juju does, `ERROR <message>`.
 */

/** A hook tool failing the way Juju's command `Main` reports it. */
export class ToolFailure extends Error {
  /** @param code 2 for flag/argument errors, 1 for a command that ran and failed. */
  constructor(
    message: string,
    readonly code: 1 | 2 = 1,
  ) {
    super(message);
    this.name = "ToolFailure";
  }
}

/** Declares one flag of a command. */
export interface FlagSpec {
  /** Long name (`relation`); used with `--`. */
  readonly name: string;
  /** One-letter alias used with a single `-` (`r`). */
  readonly short?: string;
  /** Further long names meaning the same flag. */
  readonly aliases?: readonly string[];
  readonly kind: "bool" | "string";
  /** Validates and converts a string value; throw a plain Error to report "invalid value". */
  readonly check?: (value: string) => void;
}

/** The parsed command line. */
export interface ParsedArgs {
  /** Values of string flags given (last one wins). */
  readonly strings: ReadonlyMap<string, string>;
  /** Boolean flags given (true or false). */
  readonly bools: ReadonlyMap<string, boolean>;
  readonly positional: readonly string[];
}

const TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const FALSE = new Set(["0", "f", "F", "FALSE", "false", "False"]);

function parseBool(flag: string, value: string): boolean {
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new ToolFailure(`invalid value "${value}" for flag ${flag}: parse error`, 2);
}

/** Parses `argv` against `specs`; unknown flags and missing values fail with exit code 2. */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byLong = new Map<string, FlagSpec>();
  const byShort = new Map<string, FlagSpec>();
  for (const spec of specs) {
    byLong.set(spec.name, spec);
    for (const alias of spec.aliases ?? []) byLong.set(alias, spec);
    if (spec.short) byShort.set(spec.short, spec);
  }
  const strings = new Map<string, string>();
  const bools = new Map<string, boolean>();
  const positional: string[] = [];

  const setString = (spec: FlagSpec, shown: string, value: string): void => {
    if (spec.check) {
      try {
        spec.check(value);
      } catch (e) {
        if (e instanceof ToolFailure) throw e;
        throw new ToolFailure(`invalid value "${value}" for flag ${shown}: ${(e as Error).message}`, 2);
      }
    }
    strings.set(spec.name, value);
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const spec = byLong.get(name);
      if (!spec) throw new ToolFailure(`flag provided but not defined: --${name}`, 2);
      const shown = `--${name}`;
      if (spec.kind === "bool") {
        bools.set(spec.name, eq < 0 ? true : parseBool(shown, arg.slice(eq + 1)));
      } else if (eq >= 0) {
        setString(spec, shown, arg.slice(eq + 1));
      } else {
        const value = argv[i + 1];
        if (value === undefined) throw new ToolFailure(`flag needs an argument: ${shown}`, 2);
        i++;
        setString(spec, shown, value);
      }
      continue;
    }
    if (arg.startsWith("-") && arg.length > 1) {
      const letter = arg.slice(1, 2);
      const rest = arg.slice(2);
      const spec = byShort.get(letter);
      if (!spec) throw new ToolFailure(`flag provided but not defined: -${letter}`, 2);
      const shown = `-${letter}`;
      if (spec.kind === "bool") {
        if (rest === "") bools.set(spec.name, true);
        else if (rest.startsWith("=")) bools.set(spec.name, parseBool(shown, rest.slice(1)));
        else throw new ToolFailure(`flag provided but not defined: -${rest.slice(0, 1)}`, 2);
      } else if (rest !== "") {
        setString(spec, shown, rest);
      } else {
        const value = argv[i + 1];
        if (value === undefined) throw new ToolFailure(`flag needs an argument: ${shown}`, 2);
        i++;
        setString(spec, shown, value);
      }
      continue;
    }
    positional.push(arg);
  }
  return { strings, bools, positional };
}

/** The `--format` flag every JSON-capable tool takes. */
export const FORMAT_FLAG: FlagSpec = {
  name: "format",
  kind: "string",
  check: (v) => {
    if (!["json", "yaml", "smart"].includes(v)) throw new Error(`unknown format "${v}"`);
  },
};

/** Fails with exit code 2 when more positionals than `max` are given. */
export function noMoreThan(args: ParsedArgs, max: number): void {
  if (args.positional.length > max) {
    throw new ToolFailure(`unrecognized args: ["${args.positional.slice(max).join('" "')}"]`, 2);
  }
}
