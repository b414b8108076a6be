/**
 * Replays a recorded hook as a real charm process with fast hook tools.
 *
 * The recorded answers become the transport's canned responses (the shims print them with sh
 * builtins: no fork, no round trip), so the charm does exactly what it did under the model and
 * each tool call costs what the shim costs. `verifyReplay` first runs the hook once through the
 * full round trip, answering from the recording and comparing every call's cmd, argv and stdin,
 * which proves the canned runs are the same hook.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { HookTransport, type CannedResponse, type HookProcessResult, type RecordedToolCall } from "../lib/testing/simulator/index.js";

/** What to run: a charm directory, the hook's environment and the calls it is expected to make. */
export interface ReplayableHook {
  readonly charmDir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly calls: readonly RecordedToolCall[];
  /** The charm's local state file: put back as it was before the recorded hook, before each run. */
  readonly state?: { readonly file: string; readonly before: Buffer | null };
}

/** Puts the hook's local state file back as it was when the hook was recorded (not timed). */
function restoreState(hook: ReplayableHook): void {
  if (hook.state === undefined) return;
  const file = path.join(hook.charmDir, hook.state.file);
  if (hook.state.before === null) fs.rmSync(file, { force: true });
  else fs.writeFileSync(file, hook.state.before, { mode: 0o600 });
}

/** Thrown when a recording cannot be replayed faithfully, or a replayed hook fails. */
export class ReplayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReplayError";
  }
}

const SEPARATOR = "\u001f";

/** The canned-response table of a recording: one entry per distinct (cmd, argv). */
export function cannedResponses(calls: readonly RecordedToolCall[]): Record<string, CannedResponse[]> {
  const table: Record<string, CannedResponse[]> = {};
  const seen = new Map<string, RecordedToolCall>();
  for (const call of calls) {
    const key = `${call.cmd}${SEPARATOR}${call.argv.join(SEPARATOR)}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      const same = earlier.result.code === call.result.code && earlier.result.stdout === call.result.stdout && earlier.result.stderr === call.result.stderr;
      if (!same) throw new ReplayError(`${call.cmd} was called twice with the same arguments and answered differently: the canned path cannot replay it`);
      continue;
    }
    seen.set(key, call);
    const responses = (table[call.cmd] ??= []);
    responses.push({ argv: call.argv, stdout: call.result.stdout, stderr: call.result.stderr, code: call.result.code });
  }
  return table;
}

/** Opens a transport whose shims answer `calls` themselves. Close it when done. */
export function openCannedTransport(calls: readonly RecordedToolCall[], tmpRoot: string): HookTransport {
  return HookTransport.open({ canned: cannedResponses(calls), tmpRoot });
}

/** Runs the hook once with `transport`; `extraEnv` is added to its environment (e.g. the RSS probe). */
export async function runReplay(transport: HookTransport, hook: ReplayableHook, extraEnv: Readonly<Record<string, string>> = {}): Promise<HookProcessResult> {
  restoreState(hook);
  const result = await transport.runHook({
    charmDir: hook.charmDir,
    env: { ...hook.env, ...extraEnv },
    // Only a call missing from the canned table reaches the handler. A log line that differs
    // from the recorded one (data_interfaces logs `datetime.now()`) is answered here, through
    // the full round trip: juju-log's answer never depends on the message.
    handler: (call) => (call.cmd === "juju-log" ? { code: 0, stdout: "", stderr: "" } : { code: 1, stdout: "", stderr: `ERROR benchmark replay: unrecorded call ${call.cmd}\n` }),
  });
  const unrecorded = result.calls.filter((c) => c.cmd !== "juju-log");
  if (result.code !== 0 || unrecorded.length > 0) {
    const missed = unrecorded.map((c) => c.cmd).join(", ");
    throw new ReplayError(`replayed hook in ${hook.charmDir} ${result.code === 0 ? "made unrecorded calls" : `failed (code ${String(result.code)})`}${missed === "" ? "" : `: ${missed}`}\n${result.stderr.slice(-1500)}`);
  }
  return result;
}

/**
 * Runs the hook once through the full round trip, answering each call from the recording in
 * order and checking that cmd, argv and stdin match exactly; throws on the first difference.
 */
export async function verifyReplay(hook: ReplayableHook, tmpRoot: string): Promise<void> {
  const transport = HookTransport.open({ tmpRoot });
  restoreState(hook);
  try {
    let next = 0;
    const problems: string[] = [];
    const result = await transport.runHook({
      charmDir: hook.charmDir,
      env: hook.env,
      handler: (call) => {
        const expected = hook.calls[next++];
        const same =
          expected !== undefined &&
          expected.cmd === call.cmd &&
          // A log line may carry the time (data_interfaces logs `datetime.now()`); its level must match.
          (call.cmd === "juju-log" ? expected.argv[0] === call.argv[0] && expected.argv[1] === call.argv[1] : expected.argv.length === call.argv.length && expected.argv.every((a, i) => a === call.argv[i])) &&
          // state-set's answer never depends on its input, and what a hook stores may hold a
          // value made fresh in each run (the requirer engine's random per-unit digest key).
          (expected.stdin === call.stdin || call.cmd === "state-set");
        if (!same) {
          problems.push(`call ${next}: ${call.cmd} differs from the recorded ${expected?.cmd ?? "end of hook"}`);
          return { code: 1, stdout: "", stderr: "ERROR benchmark replay diverged\n" };
        }
        return expected.result;
      },
    });
    if (next !== hook.calls.length) problems.push(`made ${next} calls, the recording has ${hook.calls.length}`);
    if (result.code !== 0) problems.push(`exit code ${String(result.code)}: ${result.stderr.slice(-1500)}`);
    if (problems.length > 0) throw new ReplayError(`replay of the hook in ${hook.charmDir} is not faithful: ${problems.join("; ")}`);
  } finally {
    transport.close();
  }
}

/** A charm directory whose dispatch runs `node -e 0`: the floor every hook is compared with. */
export function writeFloorCharm(dir: string): ReplayableHook {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "dispatch"), "#!/bin/sh\nexec node -e 0\n", { mode: 0o755 });
  return { charmDir: dir, env: {}, calls: [] };
}
