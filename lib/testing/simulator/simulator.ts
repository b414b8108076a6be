/**
 * `Simulator`: a multi-unit model whose units are real charm processes.
 *
 * Every operator action (deploy, integrate, scale, config, leadership, secrets, actions) turns
 * into hooks queued in the order Juju runs them; the simulator then runs them one at a time,
 * each as `<unit charm dir>/dispatch` with the hook env and tool shims on PATH (transport/),
 * answering the tools from a fake Juju `HookSession`. A hook that exits 0 commits; its commit
 * report schedules what follows (relation-changed to everyone who can see a changed bag,
 * secret-changed to observers, secret-remove to owners). A hook that fails is discarded.
 * The run ends when the queue is empty, or at the first failure when `onHookFailure` is "stop".
 */
import * as path from "node:path";
import type { ConfigValue } from "../../ops/index.js";
import type { CommitReport } from "../juju/commit.js";
import type { HookSpec, RelationEventName } from "../juju/hook.js";
import type { JsonObject, ModelState, RelationEnd, RelationState } from "../juju/model.js";
import { addApplication, addRelation, addUnit, appOfUnit, enterScope, findRelation, findSecret, localEnd, markJoined } from "../juju/model.js";
import { HookSession } from "../juju/session.js";
import { spoolSimulatorHook } from "../hygiene/run-recorder.js";
import { loadCharmSpec } from "./charm-spec-loader.js";
import { ModelNotQuietError, SimulatorError } from "./errors.js";
import type { HookRunRecord } from "./hook-log.js";
import { ModelDirectory, type SimulatorBook } from "./model-directory.js";
import { describeEntry, enqueueOnce, type HookEntry, type QueueEntry } from "./queue.js";
import { HookTransport } from "./transport/hook-transport.js";
import type { CannedResponse } from "./transport/shim-script.js";
import type { ToolCall } from "./transport/tool-call.js";
import type { ToolResult } from "../../ops/hooktools/runner.js";
import { showUnitView, statusView, type ShowUnitView, type StatusView } from "./views.js";

/** How a simulator runs hooks. */
export interface SimulatorOptions {
  /** Kill a hook after this long (default 120 s). */
  readonly hookTimeoutMs?: number;
  /** Give up (ModelNotQuietError) after this many hooks in one run (default 5000). */
  readonly maxHooksPerRun?: number;
  /** After a failed hook: stop the run (default; the rest stays queued) or go on. */
  readonly onHookFailure?: "stop" | "continue";
  /** Model name for a new model directory. */
  readonly modelName?: string;
  /** Responses tool shims serve without a round trip (benchmarks only: these calls bypass the model and the log). */
  readonly canned?: Readonly<Record<string, readonly CannedResponse[]>>;
  /** Where the transport's temporary directory goes (default: the OS temp dir). */
  readonly tmpRoot?: string;
  /**
   * Called after every hook with its environment and each tool call's exact input and answer
   * (benchmarks record these to replay a hook without the model). The record holds relation
   * data and secret content in clear: keep it in memory, never log it.
   */
  readonly onHookRecorded?: (recording: HookRecording) => void;
}

/** One tool call of a hook, exactly as the charm made it, with the answer the model gave. */
export interface RecordedToolCall extends ToolCall {
  readonly result: ToolResult;
}

/** Everything a hook asked the model, for {@link SimulatorOptions.onHookRecorded}. */
export interface HookRecording {
  readonly unit: string;
  /** The hook name (`database-relation-changed`) or `action <name>`. */
  readonly hook: string;
  readonly spec: HookSpec;
  /** The hook's `JUJU_*` environment as the session produced it. */
  readonly env: Readonly<Record<string, string>>;
  readonly ok: boolean;
  readonly calls: readonly RecordedToolCall[];
}

/** What one run (an operation and the hooks it caused) did. */
export interface RunResult {
  /** Every hook that ran, in order. */
  readonly hooks: readonly HookRunRecord[];
  /** The failed hook that stopped the run, when `onHookFailure` is "stop". */
  readonly failed?: HookRunRecord;
}

/** The outcome of an action. */
export interface ActionOutcome extends RunResult {
  readonly id: string;
  readonly unit: string;
  readonly action: string;
  readonly status: "completed" | "failed";
  /** Flat dotted keys, as `action-set` stored them. */
  readonly results: Readonly<Record<string, string>>;
  readonly log: readonly string[];
  readonly message?: string;
  /** The action process's exit code, stdout and stderr (Juju returns them to the user). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `app` or `app:endpoint`, as `juju integrate` takes it. */
function parseEndpointRef(ref: string): { app: string; endpoint?: string } {
  const colon = ref.indexOf(":");
  return colon < 0 ? { app: ref } : { app: ref.slice(0, colon), endpoint: ref.slice(colon + 1) };
}

function unitNumber(unit: string): number {
  return Number(unit.slice(unit.indexOf("/") + 1));
}

function byUnitNumber(a: string, b: string): number {
  return unitNumber(a) - unitNumber(b);
}

/** The hook spec as the log keeps it: action parameter values may be credentials, so only their names stay. */
function redactedSpec(hook: HookSpec): HookSpec {
  if (hook.kind !== "action") return hook;
  return { ...hook, params: Object.fromEntries(Object.keys(hook.params).map((k) => [k, "<redacted>"])) };
}

/** A simulated model kept in a directory. Open with `Simulator.open`, always `close()`. */
export class Simulator {
  private transport: HookTransport | undefined;
  private readonly recent: string[] = [];

  private constructor(
    private readonly files: ModelDirectory,
    private readonly state: ModelState,
    private readonly book: SimulatorBook,
    private readonly options: SimulatorOptions,
  ) {}

  /** Opens (or creates) the model kept in `modelDir`. */
  static open(modelDir: string, options: SimulatorOptions = {}): Simulator {
    const files = new ModelDirectory(modelDir);
    const { model, book } = files.load(options.modelName === undefined ? {} : { modelName: options.modelName });
    return new Simulator(files, model, book, options);
  }

  /** The live model (read it, do not change it). */
  get model(): Readonly<ModelState> {
    return this.state;
  }

  /** Absolute path of the model directory. */
  get modelDir(): string {
    return this.files.dir;
  }

  /** Saves the model and stops the transport (removing its temporary directory). */
  close(): void {
    this.files.save(this.state, this.book);
    this.transport?.close();
    this.transport = undefined;
  }

  // ---- operator actions -------------------------------------------------------------------

  /** `juju deploy <charmDir> <app> -n <units> --config ...`: install, leader-elected, config-changed, start per unit. */
  async deploy(app: string, charmDir: string, options: { units?: number; config?: Record<string, ConfigValue> } = {}): Promise<RunResult> {
    if (!/^[a-z][a-z0-9-]*$/.test(app)) throw new SimulatorError(`invalid application name "${app}"`);
    if (this.state.applications[app] !== undefined) throw new SimulatorError(`application "${app}" already exists`);
    const source = path.resolve(charmDir);
    const spec = loadCharmSpec(source);
    const config = options.config ?? {};
    for (const key of Object.keys(config)) {
      if (spec.config[key] === undefined) throw new SimulatorError(`config option "${key}" is not defined by charm "${spec.name}"`);
    }
    addApplication(this.state, app, spec, { config });
    this.book.charms[app] = source;
    this.book.nextUnit[app] = 0;
    for (const [endpoint, ep] of Object.entries(spec.endpoints)) {
      if (ep.role === "peers") addRelation(this.state, [{ app, endpoint }]);
    }
    for (let i = 0; i < (options.units ?? 1); i++) this.queueNewUnit(app);
    return this.settle();
  }

  /** `juju add-unit <app> -n <count>`. */
  async addUnit(app: string, count = 1): Promise<RunResult> {
    this.requireApp(app);
    for (let i = 0; i < count; i++) this.queueNewUnit(app);
    return this.settle();
  }

  /** `juju remove-unit <unit>`: departed for its relations, broken, stop, remove; a new leader if it led. */
  async removeUnit(unit: string): Promise<RunResult> {
    this.requireUnit(unit);
    for (const rel of this.state.relations) {
      if (rel.joined[unit] === undefined) continue;
      for (const [observer, seen] of Object.entries(rel.joined).sort(([x], [y]) => x.localeCompare(y))) {
        if (observer !== unit && seen.includes(unit)) this.queueRelationHook(observer, rel, "departed", { remoteUnit: unit, departingUnit: unit });
      }
      for (const remote of [...(rel.joined[unit] ?? [])].sort(byUnitNumber)) {
        this.queueRelationHook(unit, rel, "departed", { remoteUnit: remote, departingUnit: unit });
      }
      this.queueRelationHook(unit, rel, "broken", {});
    }
    this.book.queue.push({ type: "hook", unit, hook: { kind: "hook", name: "stop" } });
    this.book.queue.push({ type: "hook", unit, hook: { kind: "hook", name: "remove" } });
    this.book.queue.push({ type: "drop-unit", unit });
    return this.settle();
  }

  /** `juju integrate a[:ep] b[:ep]`: created on every unit of both sides, then joined/changed per unit pair. */
  async integrate(a: string, b: string): Promise<RunResult & { readonly relationId: number }> {
    const [endA, endB] = this.resolveEndpoints(parseEndpointRef(a), parseEndpointRef(b));
    const rel = addRelation(this.state, [endA, endB]);
    const unitsA = this.unitsOf(endA.app);
    const unitsB = this.unitsOf(endB.app);
    for (const unit of [...unitsA, ...unitsB]) {
      enterScope(this.state, rel, unit);
      this.queueRelationHook(unit, rel, "created", {});
    }
    for (const [locals, remotes] of [
      [unitsA, unitsB],
      [unitsB, unitsA],
    ] as const) {
      for (const local of locals) {
        for (const remote of remotes) this.queueJoin(local, rel, remote);
      }
    }
    const result = await this.settle();
    return { ...result, relationId: rel.id };
  }

  /** `juju remove-relation`: departed per remote unit, then broken, on every unit of both sides. */
  async removeRelation(a: string, b?: string): Promise<RunResult> {
    const rel = this.findRelationByRefs(a, b);
    for (const end of rel.ends) {
      for (const unit of this.unitsOf(end.app)) {
        if (rel.joined[unit] === undefined) continue;
        for (const remote of [...(rel.joined[unit] ?? [])].sort(byUnitNumber)) {
          this.queueRelationHook(unit, rel, "departed", { remoteUnit: remote, departingUnit: remote });
        }
        this.queueRelationHook(unit, rel, "broken", {});
      }
    }
    this.book.queue.push({ type: "drop-relation", relationId: rel.id });
    return this.settle();
  }

  /** Makes `unit` its application's leader: leader-elected runs on it. */
  async setLeader(unit: string): Promise<RunResult> {
    this.requireUnit(unit);
    const app = this.requireApp(appOfUnit(unit));
    if (app.leader !== unit) {
      app.leader = unit;
      this.book.queue.push({ type: "hook", unit, hook: { kind: "hook", name: "leader-elected" } });
    }
    return this.settle();
  }

  /** `juju config <app> k=v ...`; a `null` value resets the option to its default. Runs config-changed on every unit. */
  async configure(appName: string, values: Readonly<Record<string, ConfigValue | null>>): Promise<RunResult> {
    const app = this.requireApp(appName);
    for (const [key, value] of Object.entries(values)) {
      const option = app.charm.config[key];
      if (option === undefined) throw new SimulatorError(`config option "${key}" is not defined by charm "${app.charm.name}"`);
      if (value === null) delete app.config[key];
      else app.config[key] = value;
    }
    for (const unit of this.unitsOf(appName)) enqueueOnce(this.book.queue, { type: "hook", unit, hook: { kind: "hook", name: "config-changed" } });
    return this.settle();
  }

  /**
   * Creates a new revision of a secret with `content`, as its owner (or a user updating a user
   * secret) would; observers tracking an older revision get secret-changed.
   */
  async updateSecret(uri: string, content: Readonly<Record<string, string>>): Promise<RunResult> {
    const secret = findSecret(this.state, uri);
    if (secret === undefined) throw new SimulatorError(`secret "${uri}" not found`);
    if (Object.keys(content).length === 0) throw new SimulatorError(`secret "${uri}": new content must not be empty`);
    const revision = secret.latestRevision + 1;
    secret.revisions.push({ revision, content: { ...content } });
    secret.latestRevision = revision;
    this.queueSecretChanged(secret.id);
    this.queueSecretRemovals(secret.id);
    return this.settle();
  }

  /**
   * Runs a plain unit hook (`update-status`, `upgrade-charm`, `collect-metrics`, ...) on `target`:
   * one unit, or every unit of an application.
   */
  async fireHook(target: string, hookName: string): Promise<RunResult> {
    if (!/^[a-z][a-z0-9-]*$/.test(hookName)) throw new SimulatorError(`invalid hook name "${hookName}"`);
    const units = target.includes("/") ? [target] : this.unitsOf(this.requireApp(target).name);
    for (const unit of units) {
      this.requireUnit(unit);
      this.book.queue.push({ type: "hook", unit, hook: { kind: "hook", name: hookName } });
    }
    return this.settle();
  }

  /** Fires `secret-rotate` or `secret-expired` (for `revision`, default the latest) on the secret's owner, as Juju's timers would. */
  async triggerSecret(uri: string, event: "rotate" | "expired", revision?: number): Promise<RunResult> {
    const secret = findSecret(this.state, uri);
    if (secret === undefined) throw new SimulatorError(`secret "${uri}" not found`);
    const owner = secret.ownerKind === "unit" ? secret.owner : this.state.applications[secret.owner]?.leader;
    if (owner === undefined || this.state.units[owner] === undefined) throw new SimulatorError(`secret "${uri}" has no owner unit to notify`);
    const hook: HookSpec =
      event === "rotate" ? { kind: "secret", event, id: secret.id } : { kind: "secret", event, id: secret.id, revision: revision ?? secret.latestRevision };
    this.book.queue.push({ type: "hook", unit: owner, hook });
    return this.settle();
  }

  /** `juju run <unit> <action> k=v ...`: runs the action once the model is quiet, and what follows it. */
  async runAction(unit: string, action: string, params: JsonObject = {}): Promise<ActionOutcome> {
    this.requireUnit(unit);
    const app = this.requireApp(appOfUnit(unit));
    const spec = app.charm.actions[action];
    if (spec === undefined) throw new SimulatorError(`action "${action}" is not defined by charm "${app.charm.name}"`);
    const filled: JsonObject = {};
    for (const [name, param] of Object.entries(spec.params ?? {})) {
      if (param.default !== undefined) filled[name] = param.default;
    }
    Object.assign(filled, params);
    for (const required of spec.required ?? []) {
      if (filled[required] === undefined) throw new SimulatorError(`action "${action}": missing required parameter "${required}"`);
    }
    if (spec.additionalProperties === false) {
      for (const name of Object.keys(filled)) {
        if (spec.params?.[name] === undefined) throw new SimulatorError(`action "${action}": parameter "${name}" is not declared`);
      }
    }
    const before = await this.settle();
    const id = String(this.book.nextAction++);
    const own = await this.runEntry({ type: "hook", unit, hook: { kind: "action", name: action, id, params: filled } });
    const after = before.failed === undefined ? await this.settle() : { hooks: [] };
    const record = this.state.actions[id];
    const failed = after.failed ?? (own.ok ? undefined : own);
    return {
      hooks: [...before.hooks, own, ...after.hooks],
      ...(failed === undefined ? {} : { failed }),
      id,
      unit,
      action,
      status: record?.status === "completed" ? "completed" : "failed",
      results: { ...(record?.results ?? {}) },
      log: [...(record?.log ?? [])],
      ...(record?.failure === undefined ? {} : { message: record.failure }),
      code: own.code,
      stdout: own.stdout,
      stderr: own.stderr,
    };
  }

  /**
   * `juju resolve <unit>`: clears the unit's error and, unless `retry` is false, runs the failed
   * hook again before whatever is still queued.
   */
  async resolve(unit: string, options: { retry?: boolean } = {}): Promise<RunResult> {
    this.requireUnit(unit);
    const error = this.book.unitErrors[unit];
    if (error === undefined) throw new SimulatorError(`unit "${unit}" is not in an error state`);
    delete this.book.unitErrors[unit];
    if (error.retry !== undefined && options.retry !== false) this.book.queue.unshift(error.retry);
    return this.settle();
  }

  /** Runs queued hooks until the model is quiet (or a failure stops the run). */
  async settle(): Promise<RunResult> {
    const hooks: HookRunRecord[] = [];
    const limit = this.options.maxHooksPerRun ?? 5000;
    try {
      for (let entry = this.book.queue.shift(); entry !== undefined; entry = this.book.queue.shift()) {
        if (entry.type !== "hook") {
          this.applyBookkeeping(entry);
          continue;
        }
        if (this.state.units[entry.unit] === undefined) continue; // the unit went away meanwhile
        if (hooks.length >= limit) {
          this.book.queue.unshift(entry);
          throw new ModelNotQuietError(hooks.length, this.recent);
        }
        const record = await this.runEntry(entry);
        hooks.push(record);
        if (!record.ok && (this.options.onHookFailure ?? "stop") === "stop") return { hooks, failed: record };
      }
      return { hooks };
    } finally {
      this.files.save(this.state, this.book);
    }
  }

  // ---- views ------------------------------------------------------------------------------

  /** `juju status --format=json` (reduced). */
  status(): StatusView {
    return statusView(this.state, this.book);
  }

  /** `juju show-unit <unit> --format=json`. */
  showUnit(unit: string): ShowUnitView {
    return showUnitView(this.state, unit);
  }

  /** Every hook run of this model so far. */
  log(): HookRunRecord[] {
    return this.files.readLog();
  }

  /** Hooks waiting to run (after a failure stopped a run). */
  get pending(): readonly QueueEntry[] {
    return this.book.queue;
  }

  // ---- running one hook -------------------------------------------------------------------

  private async runEntry(entry: HookEntry): Promise<HookRunRecord> {
    this.applyPreHook(entry);
    const charmDir = this.files.unitCharmDir(entry.unit);
    const session = new HookSession(this.state, entry.unit, entry.hook, { charmDir });
    this.transport ??= HookTransport.open({
      ...(this.options.canned === undefined ? {} : { canned: this.options.canned }),
      ...(this.options.tmpRoot === undefined ? {} : { tmpRoot: this.options.tmpRoot }),
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
    const ok = result.code === 0 && !result.timedOut;
    const hookName = entry.hook.kind === "action" ? `action ${entry.hook.name}` : session.hookName;
    if (ok) {
      const report = session.commit();
      delete this.book.unitErrors[entry.unit];
      this.scheduleFollowUps(entry.unit, report);
    } else {
      session.discard();
      this.book.unitErrors[entry.unit] = { hook: hookName, code: result.code, ...(entry.hook.kind === "action" ? {} : { retry: entry }) };
    }
    this.applyPostHook(entry);
    const action = session.action;
    spoolSimulatorHook(
      {
        label: `simulator ${entry.unit} ${hookName}`,
        logs: session.logs,
        statuses: session.statuses,
        stdout: result.stdout,
        stderr: result.stderr,
        action: action === undefined ? undefined : { name: action.name, results: action.results, log: action.log, failure: action.failure },
      },
      this.state,
      entry.unit,
      entry.hook.kind === "action" ? entry.hook.params : undefined,
    );
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
      startedAt,
      durationMs: result.durationMs,
      calls: result.calls,
    };
    this.files.appendLog(record);
    this.recent.push(`${entry.unit} ${hookName}`);
    if (this.recent.length > 12) this.recent.shift();
    return record;
  }

  /** Model changes Juju makes before a hook runs: a joining unit is listed during its joined hook. */
  private applyPreHook(entry: HookEntry): void {
    const hook = entry.hook;
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

  private applyBookkeeping(entry: Exclude<QueueEntry, HookEntry>): void {
    if (entry.type === "drop-relation") {
      this.state.relations = this.state.relations.filter((r) => r.id !== entry.relationId);
      for (const secret of this.state.secrets) delete secret.grants[String(entry.relationId)];
      return;
    }
    const unit = entry.unit;
    const appName = appOfUnit(unit);
    delete this.state.units[unit];
    delete this.book.unitErrors[unit];
    for (const rel of this.state.relations) {
      delete rel.joined[unit];
      delete rel.unitData[unit];
      for (const observer of Object.keys(rel.joined)) rel.joined[observer] = (rel.joined[observer] ?? []).filter((u) => u !== unit);
    }
    this.files.removeUnitDir(unit);
    const app = this.state.applications[appName];
    if (app !== undefined && app.leader === unit) {
      delete app.leader;
      const next = this.unitsOf(appName)[0];
      if (next !== undefined) {
        app.leader = next;
        this.book.queue.push({ type: "hook", unit: next, hook: { kind: "hook", name: "leader-elected" } });
      }
    }
  }

  // ---- scheduling ---------------------------------------------------------------------------

  private queueNewUnit(appName: string): void {
    const n = this.book.nextUnit[appName] ?? 0;
    this.book.nextUnit[appName] = n + 1;
    const unit = `${appName}/${n}`;
    addUnit(this.state, unit);
    this.files.installCharm(unit, this.book.charms[appName] ?? "");
    const q = this.book.queue;
    q.push({ type: "hook", unit, hook: { kind: "hook", name: "install" } });
    const relations = this.state.relations.filter((r) => localEnd(r, appName) !== undefined);
    for (const rel of relations) {
      enterScope(this.state, rel, unit);
      this.queueRelationHook(unit, rel, "created", {});
    }
    if (this.state.applications[appName]?.leader === unit) q.push({ type: "hook", unit, hook: { kind: "hook", name: "leader-elected" } });
    q.push({ type: "hook", unit, hook: { kind: "hook", name: "config-changed" } });
    q.push({ type: "hook", unit, hook: { kind: "hook", name: "start" } });
    for (const rel of relations) {
      const peer = rel.ends.length === 1;
      const others = Object.keys(rel.joined).filter((u) => u !== unit && (peer || appOfUnit(u) !== appName)).sort(byUnitNumber);
      for (const other of others) {
        this.queueJoin(unit, rel, other);
        this.queueJoin(other, rel, unit);
      }
    }
  }

  private queueJoin(unit: string, rel: RelationState, remote: string): void {
    this.queueRelationHook(unit, rel, "joined", { remoteUnit: remote });
    this.queueRelationHook(unit, rel, "changed", { remoteUnit: remote });
  }

  private queueRelationHook(unit: string, rel: RelationState, event: RelationEventName, who: { remoteUnit?: string; departingUnit?: string }): void {
    const hook: HookSpec = {
      kind: "relation",
      event,
      relationId: rel.id,
      ...(who.remoteUnit === undefined ? {} : { remoteUnit: who.remoteUnit }),
      ...(who.departingUnit === undefined ? {} : { departingUnit: who.departingUnit }),
    };
    const entry: QueueEntry = { type: "hook", unit, hook };
    if (event === "changed") enqueueOnce(this.book.queue, entry);
    else this.book.queue.push(entry);
  }

  /** Hooks a committed hook causes. */
  private scheduleFollowUps(writer: string, report: CommitReport): void {
    const writerApp = appOfUnit(writer);
    for (const change of report.databags) {
      const rel = findRelation(this.state, change.relationId);
      if (rel === undefined) continue;
      if (change.app) {
        const peer = rel.ends.length === 1;
        for (const observer of Object.keys(rel.joined).sort()) {
          const sameApp = appOfUnit(observer) === writerApp;
          if (peer ? observer === writer || !sameApp : sameApp) continue;
          this.queueRelationHook(observer, rel, "changed", {});
        }
      } else {
        for (const [observer, seen] of Object.entries(rel.joined)) {
          if (observer !== change.owner && seen.includes(change.owner)) this.queueRelationHook(observer, rel, "changed", { remoteUnit: change.owner });
        }
      }
    }
    const touched = new Set<string>();
    for (const { id } of report.secretRevisions) {
      this.queueSecretChanged(id);
      touched.add(id);
    }
    for (const { id } of report.secretConsumers) touched.add(id);
    for (const id of touched) this.queueSecretRemovals(id);
  }

  private ownsSecret(unit: string, secretId: string): boolean {
    const secret = findSecret(this.state, secretId);
    if (secret === undefined) return false;
    return secret.ownerKind === "unit" ? secret.owner === unit : secret.owner === appOfUnit(unit);
  }

  /** secret-changed to every observer tracking an older revision than the latest. */
  private queueSecretChanged(secretId: string): void {
    const secret = findSecret(this.state, secretId);
    if (secret === undefined) return;
    for (const [unit, consumer] of Object.entries(secret.consumers).sort(([a], [b]) => a.localeCompare(b))) {
      if (this.state.units[unit] === undefined || this.ownsSecret(unit, secret.id)) continue;
      if (consumer.trackedRevision === undefined || consumer.trackedRevision >= secret.latestRevision) continue;
      enqueueOnce(this.book.queue, { type: "hook", unit, hook: { kind: "secret", event: "changed", id: secret.id } });
    }
  }

  /** secret-remove (to the owner) for each old revision no observer tracks any more. */
  private queueSecretRemovals(secretId: string): void {
    const secret = findSecret(this.state, secretId);
    if (secret === undefined) return;
    const tracked = new Set<number>();
    for (const [unit, consumer] of Object.entries(secret.consumers)) {
      if (consumer.trackedRevision !== undefined && this.state.units[unit] !== undefined && !this.ownsSecret(unit, secret.id)) tracked.add(consumer.trackedRevision);
    }
    const owner = secret.ownerKind === "unit" ? secret.owner : this.state.applications[secret.owner]?.leader;
    if (owner === undefined || this.state.units[owner] === undefined) return;
    const notified = (this.book.removalNotified[secret.id] ??= []);
    for (const { revision } of secret.revisions) {
      if (revision >= secret.latestRevision || tracked.has(revision) || notified.includes(revision)) continue;
      notified.push(revision);
      this.book.queue.push({ type: "hook", unit: owner, hook: { kind: "secret", event: "remove", id: secret.id, revision } });
    }
  }

  // ---- lookups ------------------------------------------------------------------------------

  private requireApp(name: string): NonNullable<ModelState["applications"][string]> {
    const app = this.state.applications[name];
    if (app === undefined) throw new SimulatorError(`application "${name}" not found`);
    return app;
  }

  private requireUnit(unit: string): void {
    if (this.state.units[unit] === undefined) throw new SimulatorError(`unit "${unit}" not found`);
  }

  /** Units of `app`, by unit number. */
  private unitsOf(app: string): string[] {
    return Object.keys(this.state.units)
      .filter((u) => appOfUnit(u) === app)
      .sort(byUnitNumber);
  }

  private resolveEndpoints(a: { app: string; endpoint?: string }, b: { app: string; endpoint?: string }): [RelationEnd, RelationEnd] {
    const appA = this.requireApp(a.app);
    const appB = this.requireApp(b.app);
    const candidates: [RelationEnd, RelationEnd][] = [];
    for (const [epA, specA] of Object.entries(appA.charm.endpoints)) {
      if (a.endpoint !== undefined && a.endpoint !== epA) continue;
      for (const [epB, specB] of Object.entries(appB.charm.endpoints)) {
        if (b.endpoint !== undefined && b.endpoint !== epB) continue;
        const roles = new Set([specA.role, specB.role]);
        if (specA.interface === specB.interface && roles.has("requires") && roles.has("provides")) {
          candidates.push([
            { app: a.app, endpoint: epA },
            { app: b.app, endpoint: epB },
          ]);
        }
      }
    }
    const describe = (ends: [RelationEnd, RelationEnd]): string => `${ends[0].app}:${ends[0].endpoint} ${ends[1].app}:${ends[1].endpoint}`;
    const [only, ...more] = candidates;
    if (only === undefined) throw new SimulatorError(`no relations found between "${a.app}${a.endpoint ? `:${a.endpoint}` : ""}" and "${b.app}${b.endpoint ? `:${b.endpoint}` : ""}"`);
    if (more.length > 0) throw new SimulatorError(`ambiguous relation: "${a.app} ${b.app}" could refer to ${candidates.map(describe).join("; ")}`);
    const exists = this.state.relations.some(
      (r) => r.ends.length === 2 && only.every((end) => r.ends.some((e) => e.app === end.app && e.endpoint === end.endpoint)),
    );
    if (exists) throw new SimulatorError(`relation ${describe(only)} already exists`);
    return only;
  }

  private findRelationByRefs(a: string, b: string | undefined): RelationState {
    if (b === undefined && /^\d+$/.test(a)) {
      const rel = findRelation(this.state, Number(a));
      if (rel === undefined || rel.ends.length === 1) throw new SimulatorError(`relation ${a} not found`);
      return rel;
    }
    if (b === undefined) throw new SimulatorError(`remove-relation needs two applications (or one relation id)`);
    const refA = parseEndpointRef(a);
    const refB = parseEndpointRef(b);
    const matches = this.state.relations.filter((r) => {
      if (r.ends.length !== 2) return false;
      const endA = localEnd(r, refA.app);
      const endB = localEnd(r, refB.app);
      return (
        endA !== undefined &&
        endB !== undefined &&
        endA !== endB &&
        (refA.endpoint === undefined || refA.endpoint === endA.endpoint) &&
        (refB.endpoint === undefined || refB.endpoint === endB.endpoint)
      );
    });
    const [only, ...more] = matches;
    if (only === undefined) throw new SimulatorError(`relation "${a} ${b}" not found`);
    if (more.length > 0) throw new SimulatorError(`ambiguous relation "${a} ${b}": give the endpoints (relation ids ${matches.map((r) => r.id).join(", ")})`);
    return only;
  }

  /** For error messages: the entries still queued, as text. */
  describePending(): string[] {
    return this.book.queue.map(describeEntry);
  }
}
