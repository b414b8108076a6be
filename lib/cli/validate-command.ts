/**
 * `validate [file|-] [--endpoint X] [--interface Y] [--side requirer|provider]
 * [--scope app|unit] [--format text|json]`: reads what a user pastes (`juju show-unit` output in
 * YAML or JSON, a `get-credentials` action output, or one databag) from a file or stdin and
 * reports every problem.
 *
 * Exit codes: 0 every checked databag is valid, 1 problems found, 2 usage or input error
 * (unreadable or malformed input, unknown flag, or no database relation to check).
 */
import type { DatabagSide } from "../interfaces/index.js";
import { flagValue, parseArgs, UsageError } from "./arguments.js";
import { validateInput, type ValidateOptions } from "./databag-validator.js";
import { isSupportedInterface, SUPPORTED_INTERFACES, type BagScope } from "./interface-catalog.js";
import { InputError, parseValidatorInput } from "./show-unit-input.js";
import { renderText } from "./validation-report.js";

/** Where the command reads and writes; injected so tests need no processes. */
export interface CommandIo {
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** Reads all of standard input. */
  readStdin(): Promise<string>;
  /** Reads a file as UTF-8. */
  readFile(path: string): Promise<string>;
}

/** Exit codes of the validator, suited to scripts. */
export const EXIT = { valid: 0, problems: 1, usage: 2 } as const;

/** Usage text of `validate`. */
export const VALIDATE_USAGE = `usage: charm-data-interfaces validate [FILE|-] [options]
  Reads what you paste from FILE or standard input, YAML or JSON:
    juju show-unit <unit>                      (whole, or the relation-info part)
    juju run <unit> get-credentials            (Juju 3, with or without its preamble)
    juju run-action <unit> get-credentials --wait   (Juju 2.9)
    one databag (e.g. relation-get output)
  and checks every database relation from both sides. Prompts, "Running operation" lines,
  "..." lines and Markdown fences around the output are ignored.
options:
  --endpoint NAME       only the relations on this endpoint of the shown unit
  --interface NAME      ${SUPPORTED_INTERFACES.join(" | ")} (default: inferred)
  --side SIDE           requirer | provider: the side of the shown unit, or the side
                        that wrote the given databag (default: inferred)
  --scope SCOPE         app | unit: which databag a plain databag is (default: app)
  --format FORMAT       text | json (default: text)
exit codes: 0 all valid, 1 problems found, 2 usage or input error
`;

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`invalid --${flag} "${value}" (${allowed.join(" or ")})`);
  return value as T;
}

function optionsFrom(argv: readonly string[]): { file: string; format: "text" | "json"; options: ValidateOptions } {
  const args = parseArgs(argv, { values: { endpoint: [], interface: [], side: [], scope: [], format: [] } });
  if (args.positionals.length > 1) throw new UsageError(`expected at most one input file, got ${args.positionals.length}`);
  const iface = flagValue(args, "interface");
  if (iface !== undefined && !isSupportedInterface(iface)) {
    throw new UsageError(`unsupported --interface "${iface}" (one of ${SUPPORTED_INTERFACES.join(", ")})`);
  }
  const side: DatabagSide | undefined = oneOf(flagValue(args, "side"), ["requirer", "provider"] as const, "side");
  const scope: BagScope | undefined = oneOf(flagValue(args, "scope"), ["app", "unit"] as const, "scope");
  const format = oneOf(flagValue(args, "format"), ["text", "json"] as const, "format") ?? "text";
  return {
    file: args.positionals[0] ?? "-",
    format,
    options: { endpoint: flagValue(args, "endpoint"), interface: iface, side, scope },
  };
}

async function readInput(file: string, io: CommandIo): Promise<string> {
  try {
    return file === "-" ? await io.readStdin() : await io.readFile(file);
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String(error.code) : "unreadable";
    throw new InputError(`cannot read ${file === "-" ? "standard input" : file}: ${reason}`);
  }
}

/** Runs `validate` with the arguments after the command name; resolves to the exit code. */
export async function runValidate(argv: readonly string[], io: CommandIo): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout(VALIDATE_USAGE);
    return EXIT.valid;
  }
  try {
    const { file, format, options } = optionsFrom(argv);
    const input = parseValidatorInput(await readInput(file, io), file === "-" ? "standard input" : file);
    const report = validateInput(input, options);
    if (report.relations.length === 0) {
      const skipped = report.skipped.map((s) => `  ${s.unit} ${s.relation}: ${s.reason}\n`).join("");
      const none = report.skipped.length === 0 ? " (the input shows no relation)" : "";
      io.stderr(`no database relation to check${options.endpoint === undefined ? "" : ` on endpoint "${options.endpoint}"`}${none}\n${skipped}`);
      return EXIT.usage;
    }
    io.stdout(format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderText(report));
    return report.valid ? EXIT.valid : EXIT.problems;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n${VALIDATE_USAGE}`);
      return EXIT.usage;
    }
    if (error instanceof InputError) {
      io.stderr(`${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
