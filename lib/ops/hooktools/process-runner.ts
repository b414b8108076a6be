import { HookToolNotFoundError, OpsError } from "../errors.js";
import { childProcess } from "../lazy-builtins.js";
import type { ToolResult, ToolRunner } from "./runner.js";

// relation-get, config-get and secret-get output can be large (TLS bundles, big databags);
// Node's default maxBuffer of 1 MiB would cut them off.
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

/** Options of {@link createProcessRunner}. */
export interface ProcessRunnerOptions {
  /** Environment of the tool processes (PATH included); default: `process.env` at call time. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * A {@link ToolRunner} that spawns the hook tool found on PATH, with an argv array and no shell,
 * and waits for it. Throws {@link HookToolNotFoundError} when the tool does not exist.
 */
export function createProcessRunner(options: ProcessRunnerOptions = {}): ToolRunner {
  return { run: (cmd, argv, stdin) => runProcess(cmd, argv, stdin, options.env ?? process.env) };
}

/** The production {@link ToolRunner}: the real hook tools on PATH, with the process's environment. */
export const processRunner: ToolRunner = createProcessRunner();

/** The error for a hook tool that is not on PATH. */
export function toolNotFound(cmd: string): HookToolNotFoundError {
  return new HookToolNotFoundError(cmd, `hook tool ${cmd} was not found on PATH; hook tools exist only while Juju runs a hook or action`);
}

function runProcess(cmd: string, argv: readonly string[], stdin: string | undefined, env: NodeJS.ProcessEnv): ToolResult {
  // spawnSync's defaults: no shell, and pipes for all three streams.
  const result = childProcess().spawnSync(cmd, [...argv], { env, input: stdin ?? "", encoding: "utf8", maxBuffer: MAX_OUTPUT_BYTES });
  if (result.error !== undefined) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw toolNotFound(cmd);
    throw new OpsError(`could not run hook tool ${cmd}: ${result.error.message}`);
  }
  if (result.status === null) {
    return { code: 128, stdout: result.stdout, stderr: `${result.stderr}\nterminated by signal ${result.signal ?? "unknown"}` };
  }
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
