/**
 * The one seam between the charm runtime and Juju: something that runs a hook tool.
 *
 * Production code spawns the real executable found on PATH (see `processRunner`); the test
 * stand answers in-process or through its own executables. Everything above this seam
 * (argv construction, output parsing, error mapping) is shared by all of them.
 */
export interface ToolResult {
  /** Process exit code: 0 success, 1 the command ran and failed, 2 bad flags or arguments. */
  readonly code: number;
  /** What the tool printed (JSON with `--format=json`). */
  readonly stdout: string;
  /** Its error output; Juju prints `ERROR <message>` here. */
  readonly stderr: string;
}

/** Runs hook tools; the seam described above. */
export interface ToolRunner {
  /**
   * Runs hook tool `cmd` with `argv` (no shell) and optional `stdin`; never throws for a non-zero
   * exit of this call. A runner with {@link finishWrites} may answer a write whose output nobody
   * reads (tool-server.ts names them) before the tool has finished; that write's failure is then
   * thrown, as its typed error, by the next call or by `finishWrites`.
   */
  run(cmd: string, argv: readonly string[], stdin?: string): ToolResult;
  /** Waits for every write answered early and throws the first failure; optional. */
  finishWrites?(): void;
  /**
   * Starts a read before anything asks for it (read-ahead.ts); the first `run` of the same
   * command line gets its answer. Optional: a runner without it runs the read when asked.
   */
  readAhead?(cmd: string, argv: readonly string[]): void;
}
