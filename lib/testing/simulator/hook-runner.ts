/**
 * Runs one queued hook (or action) as a real charm process: applies the model changes Juju makes
 * before the hook, starts `<unit charm dir>/dispatch` through the {@link HookTransport} with the
 * tool calls answered by a fake Juju `HookToolServer`, then commits the session (and schedules its
 * follow-up hooks) when the hook exited 0, or discards it and marks the unit in error. Every run
 * is appended to the model directory's hook log.
 */
import type { HookSpec } from "../juju/hook.js";
import type { ModelState } from "../juju/model.js";
import { enterHookContexts, findRelation, markJoined } from "../juju/model.js";
import { HookToolServer } from "../juju/hook-tool-server.js";
import { actionProcessError } from "../juju/tools/action.js";
import { hasHookTool } from "../juju/tool-registry.js";
import { notifyRunObservers } from "../run-observer.js";
import type { HookRunRecord } from "./hook-log.js";
import type { HookScheduler } from "./hook-scheduling.js";
import type { ModelDirectory, SimulatorBook } from "./model-directory.js";
import type { HookEntry } from "./queue.js";
import type { RecordedToolCall, SimulatorOptions } from "./simulator-options.js";
import { HookTransport } from "./transport/hook-transport.js";
import { HOOK_TOOL_NAMES } from "./transport/tool-names.js";

/** How many of the latest hooks {@link HookRunner.recent} keeps. */
const RECENT_HOOKS = 12;

/** The hook spec as the log keeps it: action parameter values may be credentials, so only their names stay. */
function redactedSpec(hook: HookSpec): HookSpec {
  if (hook.kind !== "action") return hook;
  return { ...hook, params: Object.fromEntries(Object.keys(hook.params).map((k) => [k, "<redacted>"])) };
}

/** Runs hooks one at a time for a simulator; owns the hook transport (opened on first use). */
export class HookRunner {
  private transport: HookTransport | undefined;
  /** The last hooks that ran, as `<unit> <hook>` lines, oldest first (for ModelNotQuietError). */
  readonly recent: string[] = [];

  constructor(
    private readonly files: ModelDirectory,
    private readonly state: ModelState,
    private readonly book: SimulatorBook,
    private readonly options: SimulatorOptions,
    private readonly scheduler: HookScheduler,
  ) {}

  /** Stops the transport (removing its temporary directory); the next hook opens a new one. */
  close(): void {
    this.transport?.close();
    this.transport = undefined;
  }

  /** Runs `entry`, commits or discards its session, logs it, and returns its record. */
  async run(entry: HookEntry): Promise<HookRunRecord> {
    this.applyPreHook(entry);
    const charmDir = this.files.unitCharmDir(entry.unit);
    const session = new HookToolServer(this.state, entry.unit, entry.hook, { charmDir });
    this.transport ??= HookTransport.open({
      ...(this.options.canned === undefined ? {} : { canned: this.options.canned }),
      ...(this.options.tmpRoot === undefined ? {} : { tmpRoot: this.options.tmpRoot }),
      // Only the tools this Juju version has get a shim (docs/juju-behaviour.md).
      tools: HOOK_TOOL_NAMES.filter((tool) => hasHookTool(this.state.jujuVersion, tool)),
    });
    const startedAt = new Date().toISOString();
    const env = session.env();
    const recorded: RecordedToolCall[] | undefined = this.options.onHookRecorded === undefined ? undefined : [];
    const result = await this.transport.runHook({
      charmDir,
      env,
      handler: (call) => {
        const answer = session.run(call.cmd, call.argv, call.stdin);
        recorded?.push({ cmd: call.cmd, argv: [...call.argv], stdin: call.stdin, result: answer });
        return answer;
      },
      ...(this.options.hookTimeoutMs === undefined ? {} : { timeoutMs: this.options.hookTimeoutMs }),
    });
    for (const cmd of result.absentToolCalls) session.recordAbsentToolCall(cmd);
    const processOk = result.code === 0 && !result.timedOut;
    const hookName = entry.hook.kind === "action" ? `action ${entry.hook.name}` : session.hookName;
    let commitRefused: string | undefined;
    if (processOk) {
      const report = session.commit();
      // What Juju applied of a refused commit has its consequences too (commit.ts).
      this.scheduler.scheduleFollowUps(entry.unit, report);
      commitRefused = report.failure;
    } else {
      session.discard(actionProcessError(result.code, result.signal));
      // What secret-get saved at once stays (consumer records), so revisions it left may be obsolete.
      for (const id of session.secretsSavedNow) this.scheduler.queueSecretRemovals(id);
    }
    const ok = processOk && commitRefused === undefined;
    // A failed hook puts the unit in error until resolved; a failed action only fails the
    // action (Juju records it as failed and the unit goes on).
    if (ok) delete this.book.unitErrors[entry.unit];
    else if (entry.hook.kind !== "action") {
      this.book.unitErrors[entry.unit] = { hook: hookName, code: result.code, ...(commitRefused === undefined ? {} : { commitRefused }), retry: entry };
    }
    this.applyPostHook(entry);
    const action = session.action;
    if (recorded !== undefined) this.options.onHookRecorded?.({ unit: entry.unit, hook: hookName, spec: entry.hook, env, ok, calls: recorded });
    const record: HookRunRecord = {
      seq: this.book.nextHookSeq++,
      unit: entry.unit,
      hook: hookName,
      spec: redactedSpec(entry.hook),
      ok,
      code: result.code,
      signal: result.signal,
      timedOut: result.timedOut,
      stdout: result.stdout,
      stderr: result.stderr,
      ...(commitRefused === undefined ? {} : { commitRefused }),
      startedAt,
      durationMs: result.durationMs,
      calls: result.calls,
      logs: session.logs.map(({ level, message }) => ({ level, message })),
      ...(session.absentToolCalls.length === 0 ? {} : { absentToolCalls: session.absentToolCalls.map((c) => c.cmd) }),
    };
    this.files.appendLog(record);
    this.recent.push(`${entry.unit} ${hookName}`);
    if (this.recent.length > RECENT_HOOKS) this.recent.shift();
    // Observers see what the charm process printed and every tool call's effect (run-observer.ts).
    notifyRunObservers(
      {
        kind: "simulator",
        label: `simulator ${entry.unit} ${hookName}`,
        unit: entry.unit,
        hook: hookName,
        ok,
        logs: session.logs,
        statuses: session.statuses,
        stdout: result.stdout,
        stderr: result.stderr,
        action:
          action === undefined || entry.hook.kind !== "action"
            ? undefined
            : { name: action.name, params: entry.hook.params, results: action.results, log: action.log, failure: action.failure },
        modelDir: this.files.dir,
        charmDir,
        model: this.state,
      },
      this.options.observer,
    );
    return record;
  }

  /**
   * Model changes Juju makes before a hook runs: before relation-created the unit's relations
   * enter its hook context (all those whose scope it is in, as the uniter joins them together);
   * a joining unit is listed during its joined hook.
   */
  private applyPreHook(entry: HookEntry): void {
    const hook = entry.hook;
    if (hook.kind === "relation" && hook.event === "created") enterHookContexts(this.state, entry.unit);
    if (hook.kind !== "relation" || hook.event !== "joined" || hook.remoteUnit === undefined) return;
    const rel = findRelation(this.state, hook.relationId);
    if (rel !== undefined) markJoined(rel, entry.unit, hook.remoteUnit);
  }

  /** After departed the unit no longer sees the departing unit; after broken it has left the scope. */
  private applyPostHook(entry: HookEntry): void {
    const hook = entry.hook;
    if (hook.kind !== "relation") return;
    const rel = findRelation(this.state, hook.relationId);
    if (rel === undefined) return;
    if (hook.event === "departed") {
      const gone = hook.remoteUnit;
      rel.joined[entry.unit] = (rel.joined[entry.unit] ?? []).filter((u) => u !== gone);
    }
  }
}
