import * as z from "zod/mini";
import "../../zod-english.js";
import { HookToolOutputError } from "../errors.js";
import { mapToolFailure } from "./error-mapping.js";
import type { ToolRunner } from "./runner.js";

/** The flag that makes a hook tool print JSON (what {@link invokeToolJson} reads). */
export const JSON_OUTPUT = "--format=json";

/** How one hook-tool call is made. */
export interface InvokeOptions {
  /** Fed to the tool's stdin (`--file -`); never copied into errors. */
  readonly stdin?: string;
  /** argv as it may appear in an error, when the real one carries values that could be secret. */
  readonly argvForErrors?: readonly string[];
}

/** Runs `cmd` and returns its stdout; a non-zero exit becomes the mapped typed error. */
export function invokeTool(runner: ToolRunner, cmd: string, argv: readonly string[], options: InvokeOptions = {}): string {
  const result = runner.run(cmd, argv, options.stdin);
  if (result.code !== 0) throw mapToolFailure(cmd, options.argvForErrors ?? argv, result.code, result.stderr);
  return result.stdout;
}

/** How a hook tool's output error ends: Juju printed something this library does not know. */
const UNSUPPORTED = "; this Juju version may not be supported: report it with JUJU_VERSION";

/**
 * Runs `cmd` (which must have been given `--format=json`) and validates its stdout with `schema`.
 *
 * The output itself is never quoted in the error: it may be a secret's content.
 */
export function invokeToolJson<S extends z.ZodMiniType>(
  runner: ToolRunner,
  cmd: string,
  argv: readonly string[],
  schema: S,
  options: InvokeOptions = {},
): z.infer<S> {
  const stdout = invokeTool(runner, cmd, argv, options);
  let data: unknown;
  try {
    data = JSON.parse(stdout.trim() === "" ? "null" : stdout);
  } catch {
    throw new HookToolOutputError(`hook tool ${cmd} printed output that is not JSON${UNSUPPORTED}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? "" : ` at ${issue.path.join(".")}`;
    throw new HookToolOutputError(`hook tool ${cmd} printed unexpected JSON${where}: ${issue?.message ?? "invalid"}${UNSUPPORTED}`);
  }
  return parsed.data;
}
