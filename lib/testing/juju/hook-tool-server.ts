/**
 * `HookToolServer`: the fake Juju's side of one hook (or action) of one unit against a
 * `ModelState`: it serves the hook tools at the command boundary `(cmd, argv, stdin) → {code, stdout, stderr}` exactly as Juju's
 * tools do. Changes are queued in a working copy and reach the model only on `commit()`
 * (Juju's transactionality, docs/juju-contract.md#hook-commit); `status-set`, `application-version-set`,
 * `juju-log` and action output take effect at once.
 *
 * The harness runs a charm in-process over `toolServerRunner(server)`; the simulator exposes the
 * same server to real processes through hook-tool executables. (Not lib/ops' `HookSession`, the
 * charm side's per-hook caches and buffered writes.)
 */
import { HookToolNotFoundError, type ToolResult, type ToolRunner } from "../../ops/index.js";
import { redactToolArgv } from "./argv-redaction.js";
import { commitChanges, type CommitReport } from "./commit.js";
import { ToolFailure } from "./flags.js";
import { type HookEnvOptions, hookEnv, hookName, type HookSpec } from "./hook.js";
import type { ActionRunState, ModelState } from "./model.js";
import { appOfUnit, findSecret } from "./model.js";
import { hasHookTool } from "./tool-registry.js";
import type { LogRecord, StatusRecord, ToolContext } from "./tool-context.js";
import { actionFail, actionGet, actionLog, actionSet, DEFAULT_ACTION_FAILURE } from "./tools/action.js";
import { relationGet, relationIds, relationList, relationModelGet, relationSet } from "./tools/relation.js";
import {
  secretAdd,
  secretGet,
  secretIds,
  secretInfoGet,
  secretRemove,
  secretGrant,
  secretRevoke,
  secretSet,
  type SecretBeforeUpdate,
} from "./tools/secret.js";
import { leaderGet, leaderSet } from "./tools/leader-settings.js";
import { closePort, openedPorts, openPort } from "./tools/ports.js";
import { stateDelete, stateGet, stateSet } from "./tools/state.js";
import { credentialGet, goalState, resourceGet, unitGet } from "./tools/unit-info.js";
import { applicationVersionSet, configGet, isLeaderTool, jujuLog, networkGet, statusGet, statusSet } from "./tools/unit.js";

/** One hook-tool call as the session saw it (stdin is never recorded: it may hold secrets). */
export interface ToolCallRecord {
  /** The hook tool, e.g. `relation-get`. */
  readonly cmd: string;
  /** argv with data values redacted (see `redactToolArgv`). */
  readonly argv: readonly string[];
  /** Its exit code. */
  readonly code: number;
  /** What it wrote to stderr. */
  readonly stderr: string;
}

type Tool = (ctx: ToolContext, argv: readonly string[]) => string;

/** A call of a hook tool that the model's Juju version does not have (see tool-registry.ts). */
export interface AbsentToolCallRecord {
  /** The hook tool, e.g. `relation-model-get`. */
  readonly cmd: string;
  /** The Juju version of the model. */
  readonly jujuVersion: string;
  /** The hook (or `action <name>`) that made the call. */
  readonly hook: string;
}

/** Every hook tool the fake Juju implements (each version has a subset: tool-registry.ts). */
export const HOOK_TOOLS: readonly string[] = [
  "relation-ids",
  "relation-list",
  "relation-get",
  "relation-set",
  "relation-model-get",
  "is-leader",
  "config-get",
  "status-get",
  "status-set",
  "application-version-set",
  "juju-log",
  "network-get",
  "action-get",
  "action-set",
  "action-log",
  "action-fail",
  "state-get",
  "state-set",
  "state-delete",
  "secret-add",
  "secret-get",
  "secret-set",
  "secret-info-get",
  "secret-ids",
  "secret-grant",
  "secret-revoke",
  "secret-remove",
  "leader-get",
  "leader-set",
  "open-port",
  "close-port",
  "opened-ports",
  "unit-get",
  "goal-state",
  "credential-get",
  "resource-get",
];

/** The hook tools of one running hook of one unit, answered from the model. */
export class HookToolServer {
  /** Every tool call made, in order. */
  readonly calls: ToolCallRecord[] = [];
  /** Calls of tools this Juju version lacks (not on a real agent's PATH), in order. */
  readonly absentToolCalls: AbsentToolCallRecord[] = [];
  /** `juju-log` lines, in order. */
  readonly logs: LogRecord[] = [];
  /** `status-set` calls, in order. */
  readonly statuses: StatusRecord[] = [];
  /** Keys written by `leader-set`, in order (applied immediately). */
  readonly leaderSettingsKeys: string[] = [];
  /** Secrets whose consumer record or owner label `secret-get` saved at once, outside the hook's commit. */
  readonly secretsSavedNow = new Set<string>();
  /** The hook name (`JUJU_HOOK_NAME`; empty for actions). */
  readonly hookName: string;

  private readonly base: ModelState;
  private readonly work: ModelState;
  private readonly ctx: ToolContext;
  private readonly tools: Readonly<Record<string, Tool>>;
  private state: "open" | "committed" | "discarded" = "open";

  /**
   * @param model the live model; it is read now and written only by immediate tools and `commit()`.
   * @throws Error when the unit, its application or the hook's relation/secret is not in the model.
   */
  constructor(
    private readonly model: ModelState,
    /** The unit the hook runs on. */
    readonly unitName: string,
    /** The hook being run. */
    readonly hook: HookSpec,
    private readonly envOptions: HookEnvOptions = {},
  ) {
    const appName = appOfUnit(unitName);
    if (!model.units[unitName]) throw new Error(`unit "${unitName}" is not in the model`);
    if (!model.applications[appName]) throw new Error(`application "${appName}" is not in the model`);
    this.hookName = hookName(model, unitName, hook);
    if (hook.kind === "secret" && !findSecret(model, hook.id)) throw new Error(`secret "${hook.id}" of the ${this.hookName} hook is not in the model`);
    this.base = structuredClone(model);
    this.work = structuredClone(model);
    let action: ActionRunState | undefined;
    if (hook.kind === "action") {
      action = model.actions[hook.id] ??= {
        id: hook.id,
        name: hook.name,
        unit: unitName,
        params: structuredClone(hook.params),
        status: "pending",
        results: {},
        log: [],
      };
      action.status = "running";
    }
    this.ctx = {
      work: this.work,
      live: model,
      unitName,
      appName,
      hook,
      stdin: undefined,
      action,
      logs: this.logs,
      statuses: this.statuses,
      leaderSettingsKeys: this.leaderSettingsKeys,
      secretsSavedNow: this.secretsSavedNow,
      refusedAtCommit: [],
    };
    const baseLatest = (id: string): number | undefined => findSecret(this.base, id)?.latestRevision;
    const beforeUpdate = new Map<string, SecretBeforeUpdate>();
    this.tools = {
      "relation-ids": relationIds,
      "relation-list": relationList,
      "relation-get": relationGet,
      "relation-set": relationSet,
      "relation-model-get": relationModelGet,
      "is-leader": isLeaderTool,
      "config-get": configGet,
      "status-get": statusGet,
      "status-set": statusSet,
      "application-version-set": applicationVersionSet,
      "juju-log": jujuLog,
      "network-get": networkGet,
      "action-get": actionGet,
      "action-set": actionSet,
      "action-log": actionLog,
      "action-fail": actionFail,
      "state-get": stateGet,
      "state-set": stateSet,
      "state-delete": stateDelete,
      "secret-add": secretAdd,
      "secret-get": secretGet,
      "secret-set": (ctx, argv) => secretSet(ctx, argv, baseLatest, beforeUpdate),
      "secret-info-get": secretInfoGet,
      "secret-ids": secretIds,
      "secret-grant": secretGrant,
      "secret-revoke": secretRevoke,
      "secret-remove": secretRemove,
      "leader-get": leaderGet,
      "leader-set": leaderSet,
      "open-port": openPort,
      "close-port": closePort,
      "opened-ports": openedPorts,
      "unit-get": unitGet,
      "goal-state": goalState,
      "credential-get": credentialGet,
      "resource-get": resourceGet,
    };
  }

  /** The `JUJU_*` environment of this hook (docs/juju-contract.md#hook-environment). */
  env(): Record<string, string> {
    return hookEnv(this.base, this.unitName, this.hook, this.envOptions);
  }

  /** The action record (live) when this session runs an action. */
  get action(): Readonly<ActionRunState> | undefined {
    return this.ctx.action;
  }

  /** Whether the model's Juju version puts `cmd` on the hook's PATH (docs/juju-behaviour.md). */
  hasTool(cmd: string): boolean {
    return hasHookTool(this.base.jujuVersion, cmd);
  }

  /**
   * Notes a call of an absent tool that never reached `run` (the simulator's charm processes find
   * no shim for it on PATH, as on a real agent).
   */
  recordAbsentToolCall(cmd: string): void {
    this.absentToolCalls.push({ cmd, jujuVersion: this.base.jujuVersion, hook: this.describeHook() });
  }

  private describeHook(): string {
    return this.hookName || (this.hook.kind === "action" ? `action ${this.hook.name}` : this.hook.kind);
  }

  /**
   * Runs one hook tool. Never throws: failures are exit codes and `ERROR ...` on stderr; a tool
   * the version lacks answers as a shell does (127, `command not found`) and is recorded in
   * `absentToolCalls`.
   */
  run(cmd: string, argv: readonly string[], stdin?: string): ToolResult {
    if (!this.hasTool(cmd)) this.recordAbsentToolCall(cmd);
    const result = this.dispatch(cmd, argv, stdin);
    this.calls.push({ cmd, argv: redactToolArgv(cmd, argv), code: result.code, stderr: result.stderr });
    return result;
  }

  private dispatch(cmd: string, argv: readonly string[], stdin: string | undefined): ToolResult {
    const tool = this.tools[cmd];
    if (!tool || !this.hasTool(cmd)) {
      return { code: 127, stdout: "", stderr: `${cmd}: command not found\n` };
    }
    if (this.state !== "open") return { code: 1, stdout: "", stderr: `ERROR hook context is no longer valid (${this.state})\n` };
    try {
      const stdout = tool({ ...this.ctx, stdin }, argv);
      return { code: 0, stdout, stderr: "" };
    } catch (e) {
      if (e instanceof ToolFailure) return { code: e.code, stdout: "", stderr: `ERROR ${e.message}\n` };
      // A bug in the fake itself: report it like Juju reports an internal error, without the stack.
      return { code: 1, stdout: "", stderr: `ERROR internal error in fake ${cmd}: ${(e as Error).message}\n` };
    }
  }

  /**
   * Applies the queued changes to the model (the hook's process succeeded) and reports what
   * changed. When the controller refuses part of it (`report.failure`, see commit.ts) the hook
   * has failed all the same: only the steps before the refused one were applied, and an action
   * is recorded as failed with that message.
   */
  commit(): CommitReport {
    this.close("committed");
    const report = commitChanges(this.base, this.work, this.model, this.unitName, this.statuses, this.leaderSettingsKeys, this.ctx.refusedAtCommit);
    const action = this.ctx.action;
    if (action) {
      if (report.failure !== undefined) action.failure = report.failure;
      action.status = action.failure === undefined ? "completed" : "failed";
    }
    return report;
  }

  /**
   * Drops the queued changes (the hook failed). Immediate effects stay. `processError`: how the
   * process failed (`exit status 1`, see `actionProcessError`), which an action reports as its
   * message in place of any `action-fail` message, as Juju does.
   */
  discard(processError?: string): void {
    this.close("discarded");
    const action = this.ctx.action;
    if (action) {
      action.status = "failed";
      action.failure = processError ?? action.failure ?? DEFAULT_ACTION_FAILURE;
    }
  }

  private close(to: "committed" | "discarded"): void {
    if (this.state !== "open") throw new Error(`hook session of ${this.unitName} (${this.hookName || this.hook.kind}) is already ${this.state}`);
    this.state = to;
  }
}

/**
 * A `ToolRunner` answering from `session` (a {@link HookToolServer}) in-process. A tool the model's Juju version lacks is
 * reported exactly as lib/ops' process runner reports a missing executable: it throws
 * `HookToolNotFoundError` (the call is still recorded on the session).
 */
export function toolServerRunner(session: HookToolServer): ToolRunner {
  return {
    run: (cmd, argv, stdin) => {
      const result = session.run(cmd, argv, stdin);
      if (!session.hasTool(cmd)) throw new HookToolNotFoundError(cmd, `hook tool ${cmd} was not found on PATH; hook tools exist only while Juju runs a hook or action`);
      return result;
    },
  };
}
