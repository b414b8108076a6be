/**
 * Node's side of the hook-tool server that the generated dispatch runs beside a hook from the
 * start-up snapshot (tool-server-protocol.ts has the why and the wire format).
 */
import { fs } from "../builtins.js";
import { OpsError } from "../errors.js";
import { toolNotFound } from "./process-runner.js";
import { mapToolFailure } from "./error-mapping.js";
import type { ToolResult, ToolRunner } from "./runner.js";
import { EXIT_MARKER, NO_TOOL_MESSAGE, TOOL_SERVER_VARIABLE } from "./tool-server-protocol.js";

// Longer requests are run by Node itself: a request must be one atomic FIFO write (PIPE_BUF is
// 4096 bytes on Linux; 1300 UTF-16 units are at most 3900 bytes), and the shell reads it a byte at
// a time (about 1 us a byte here).
const MAX_REQUEST_LENGTH = 1300;
const ANSWER_END = `\0${EXIT_MARKER}`;

/**
 * Writes whose output nobody reads, all of them made by lib/ops as a hook commits (relation data,
 * statuses, the workload version, controller state), but for `setStatusNow`, which waits for its
 * answer at once. Node sends one and goes on: the tool runs
 * while Node prepares the next call or, for the last, writes and syncs its state file. The answer
 * is read before the next request (two writes sent together cost no less here, bench/NOTES.md) or
 * by `finishWrites`, which the commit calls before the state file takes its new text. Juju keeps
 * relation data and state only when the hook succeeds, so a failure found then still fails the
 * hook with nothing kept.
 */
const ANSWERED_EARLY = new Set(["relation-set", "status-set", "application-version-set", "state-set", "state-delete"]);

/**
 * The request that runs `cmd` with `argv` and `stdin` (tool-server-protocol.ts), or undefined
 * when Node runs that call itself: too long, a NUL or a newline in a word, or standard input
 * other than one line with its newline (the library's own input is one JSON line).
 */
export function toolRequest(cmd: string, argv: readonly string[], stdin = ""): string | undefined {
  const words = [cmd, ...argv];
  const request = `${words.length}\n${words.join("\n")}\n${stdin === "" ? "-\n" : `+${stdin}`}`;
  return request.length > MAX_REQUEST_LENGTH || request.includes("\0") || request.split("\n").length !== words.length + 3 ? undefined : request;
}

/**
 * Claims the server dispatch started for this hook, if any: takes its variable out of `env` (so
 * nothing the charm starts sees it), opens both FIFOs and removes their names. Returns a runner
 * that sends each call to the server and gives `fallback` what the server cannot take, or
 * undefined without a server (a plain start, a test, a server not there).
 */
export function claimToolServer(env: NodeJS.ProcessEnv, fallback: ToolRunner): ToolRunner | undefined {
  const prefix = env[TOOL_SERVER_VARIABLE];
  delete env[TOOL_SERVER_VARIABLE];
  if (!prefix) return undefined;
  let ends: number[] | undefined = [];
  try {
    // Non-blocking: with no server reading (not started yet, or dead), this fails instead of waiting.
    ends.push(fs.openSync(`${prefix}.in`, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
    ends.push(fs.openSync(`${prefix}.out`, fs.constants.O_RDONLY));
    fs.unlinkSync(`${prefix}.in`);
    fs.unlinkSync(`${prefix}.out`);
  } catch {
    // Whatever was opened is closed again: this process will not use a half-found server.
    for (const fd of ends) fs.closeSync(fd);
    return undefined;
  }
  const chunk = Buffer.allocUnsafe(65536);
  let called = false;
  // The write answered early whose answer is still to be read. One at most: its stderr is in the
  // one file, which the next call truncates.
  let owed: { readonly cmd: string; readonly argv: readonly string[] } | undefined;
  const answer = (cmd: string, early: boolean): ToolResult => {
    // Read as latin1 (one character a byte) until the answer's end, then decode the output.
    let text = "";
    let at = -1;
    while (at < 0) {
      const n = fs.readSync(ends?.[1] as number, chunk);
      if (n === 0) {
        ends = undefined;
        removeStderr(prefix);
        throw new OpsError(`hook tool ${cmd} got no answer from the dispatch's tool server`);
      }
      text += chunk.toString("latin1", 0, n);
      if (text.endsWith("\n")) at = text.lastIndexOf(ANSWER_END);
    }
    const code = Number(text.slice(at + ANSWER_END.length));
    // A write's stderr matters only when it failed.
    const stderr = early && code === 0 ? "" : readStderr(prefix);
    if (code === 127 && stderr.startsWith(NO_TOOL_MESSAGE)) throw toolNotFound(cmd);
    return { code, stdout: Buffer.from(text.slice(0, at), "latin1").toString(), stderr };
  };
  const finishWrites = (): void => {
    takeAhead();
    const write = owed;
    owed = undefined;
    if (write === undefined) return;
    const { code, stderr } = answer(write.cmd, true);
    if (code !== 0) throw mapToolFailure(write.cmd, write.argv, code, stderr);
  };
  // A read started ahead (read-ahead.ts): its command line, and its answer once read (a failure
  // is kept for the call that asks, not thrown at another). Its answer comes before any later
  // one, so it is read before anything else is sent or awaited.
  let ahead: { readonly line: string; readonly cmd: string; answer?: () => ToolResult } | undefined;
  const takeAhead = (): void => {
    if (ahead === undefined || ahead.answer !== undefined) return;
    try {
      const result = answer(ahead.cmd, false);
      ahead.answer = () => result;
    } catch (e) {
      ahead.answer = () => {
        throw e;
      };
    }
  };
  // Callers have taken any read ahead's answer first: `run` through finishWrites, and
  // `readAhead` starts one only when none is ahead.
  const send = (cmd: string, argv: readonly string[], stdin?: string): boolean => {
    const request = ends && toolRequest(cmd, argv, stdin);
    if (!ends || !request) return false;
    fs.writeSync(ends[0] as number, request);
    // The server truncates the file for each call; its name goes once, when this process ends
    // (removing it after every call, for the server to make it anew, cost 0.1 ms a call).
    if (!called) {
      called = true;
      process.once("exit", () => removeStderr(prefix));
    }
    return true;
  };
  return {
    readAhead: (cmd, argv) => {
      if (ahead === undefined && owed === undefined && send(cmd, argv)) ahead = { line: [cmd, ...argv].join("\n"), cmd };
    },
    run: (cmd, argv, stdin) => {
      const taken = ahead;
      if (taken !== undefined && stdin === undefined && taken.line === [cmd, ...argv].join("\n")) {
        takeAhead();
        ahead = undefined;
        return (taken.answer as () => ToolResult)();
      }
      // Takes the read ahead's answer first, if any, then the owed write's.
      finishWrites();
      const early = ANSWERED_EARLY.has(cmd);
      // A write may change what the read saw: its answer is not given after one.
      if (early) ahead = undefined;
      if (!send(cmd, argv, stdin)) return fallback.run(cmd, argv, stdin);
      if (!early) return answer(cmd, false);
      owed = { cmd, argv };
      return { code: 0, stdout: "", stderr: "" };
    },
    finishWrites,
  };
}

/** The last call's stderr ("" when the server wrote none). */
function readStderr(prefix: string): string {
  try {
    return fs.readFileSync(`${prefix}.err`, "utf8");
  } catch {
    return "";
  }
}

/** Removes the stderr file's name, if there is one. */
function removeStderr(prefix: string): void {
  try {
    fs.unlinkSync(`${prefix}.err`);
  } catch {
    // None: no call wrote one, or the server died first.
  }
}
