/**
 * `Simulator`: a multi-unit model whose units are real charm processes.
 *
 * Every operator action (deploy, integrate, scale, config, leadership, secrets, actions) turns
 * into hooks queued in the order Juju runs them; the simulator then runs them one at a time,
 * each as `<unit charm dir>/dispatch` with the hook env and tool shims on PATH (transport/),
 * answering the tools from a fake Juju `HookToolServer`. A hook that exits 0 commits; its commit
 * report schedules what follows (relation-changed to everyone who can see a changed bag,
 * secret-changed to observers, secret-remove to owners). A hook that fails is discarded and,
 * as in Juju, puts its unit in error: that unit runs nothing more until `resolve`, while every
 * other unit goes on (`onHookFailure` "stop" ends the whole run instead).
 */
import * as path from "node:path";
import type { ConfigValue } from "../../ops/index.js";
import type { HookSpec } from "../juju/hook.js";
import type { JsonObject, ModelState, RelationState } from "../juju/model.js";
import { addApplication, addRelation, addUnit, appOfUnit, compareJujuVersions, enterScope, findRelation, findSecret, inHookContext, parseJujuVersion } from "../juju/model.js";
import { actionParams } from "./action-params.js";
import { assertExecutableDispatch, loadCharmSpec } from "./charm-spec-loader.js";
import { ModelNotQuietError, SimulatorError } from "./errors.js";
import { debugLogLines, type DebugLogFilter, type DebugLogLine } from "./debug-log.js";
import type { HookRunRecord } from "./hook-log.js";
import { HookRunner } from "./hook-runner.js";
import { HookScheduler } from "./hook-scheduling.js";
import { applyBookkeeping } from "./model-bookkeeping.js";
import { ModelDirectory, type SimulatorBook } from "./model-directory.js";
import { byUnitNumber, findRelationByRefs, parseEndpointRef, requireApp, requireUnit, resolveEndpoints, subordinateEnds, subordinatesOf, unitsOf } from "./model-lookups.js";
import { describeEntry, enqueueOnce, type EnterScopeEntry, type QueueEntry } from "./queue.js";
import type { ActionOutcome, RunResult, SimulatorOptions } from "./simulator-options.js";
import { showUnitView, statusView, type ShowUnitView, type StatusView } from "./views.js";

export type { ActionOutcome, HookRecording, RecordedToolCall, RunResult, SimulatorOptions } from "./simulator-options.js";

/** A simulated model kept in a directory. Open with `Simulator.open`, always `close()`. */
export class Simulator {
  private readonly scheduler: HookScheduler;
  private readonly runner: HookRunner;

  private constructor(
    private readonly files: ModelDirectory,
    private readonly state: ModelState,
    private readonly book: SimulatorBook,
    private readonly options: SimulatorOptions,
  ) {
    this.scheduler = new HookScheduler(state, book);
    this.runner = new HookRunner(files, state, book, options, this.scheduler);
  }

  /** Opens (or creates) the model kept in `modelDir`. */
  static open(modelDir: string, options: SimulatorOptions = {}): Simulator {
    const files = new ModelDirectory(modelDir);
    if (options.jujuVersion !== undefined) {
      try {
        parseJujuVersion(options.jujuVersion);
      } catch (error) {
        throw new SimulatorError(error instanceof Error ? error.message : String(error));
      }
    }
    const { model, book } = files.load({
      ...(options.modelName === undefined ? {} : { modelName: options.modelName }),
      ...(options.jujuVersion === undefined ? {} : { jujuVersion: options.jujuVersion }),
    });
    if (options.jujuVersion !== undefined && compareJujuVersions(model.jujuVersion, options.jujuVersion) !== 0) {
      throw new SimulatorError(`the model in ${files.dir} runs Juju ${model.jujuVersion}, not ${options.jujuVersion}: a model's Juju version is fixed when it is created; open a new model directory`);
    }
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

  /**
   * The charm directory of `unit` (its `JUJU_CHARM_DIR`): where a machine unit keeps its state
   * file (lib/ops `LOCAL_STATE_FILE`, docs/state-storage.md).
   */
  unitCharmDir(unit: string): string {
    return this.files.unitCharmDir(unit);
  }

  /** Saves the model and stops the transport (removing its temporary directory). */
  close(): void {
    this.files.save(this.state, this.book);
    this.runner.close();
  }

  // ---- operator actions -------------------------------------------------------------------

  /**
   * `juju deploy <charmDir> <app> -n <units> --config ...`: install, leader-elected, config-changed,
   * start per unit. A subordinate charm is deployed without units, as Juju does (juju/juju
   * cmd/juju/application/deployer: `-n 1` becomes 0, any other count is refused); its units come
   * with `integrate` to a principal.
   */
  async deploy(app: string, charmDir: string, options: { units?: number; config?: Record<string, ConfigValue> } = {}): Promise<RunResult> {
    if (!/^[a-z][a-z0-9-]*$/.test(app)) throw new SimulatorError(`invalid application name "${app}"`);
    if (this.state.applications[app] !== undefined) throw new SimulatorError(`application "${app}" already exists`);
    const source = path.resolve(charmDir);
    const spec = loadCharmSpec(source);
    assertExecutableDispatch(source);
    const config = options.config ?? {};
    for (const key of Object.keys(config)) {
      if (spec.config[key] === undefined) throw new SimulatorError(`config option "${key}" is not defined by charm "${spec.name}"`);
    }
    let units = options.units ?? 1;
    if (spec.subordinate === true) {
      if (units !== 1) throw new SimulatorError(`cannot use --num-units with subordinate application "${app}": Juju adds one "${app}" unit to each unit of the principal you integrate it with`);
      units = 0;
    }
    addApplication(this.state, app, spec, { config });
    this.book.charms[app] = source;
    this.book.nextUnit[app] = 0;
    for (const [endpoint, ep] of Object.entries(spec.endpoints)) {
      // Units see it only from their relation-created on (juju/model.ts `inContext`).
      if (ep.role === "peers") addRelation(this.state, [{ app, endpoint }]).inContext = [];
    }
    for (let i = 0; i < units; i++) this.queueNewUnit(app);
    return this.settle();
  }

  /** `juju add-unit <app> -n <count>`; each new unit of a principal also gets its subordinates' units. */
  async addUnit(app: string, count = 1): Promise<RunResult> {
    if (requireApp(this.state, app).charm.subordinate === true) {
      throw new SimulatorError(`cannot add units to subordinate application "${app}": add units to its principal instead`);
    }
    for (let i = 0; i < count; i++) {
      const unit = this.queueNewUnit(app);
      for (const rel of this.state.relations) {
        const ends = subordinateEnds(this.state, rel);
        if (ends !== undefined && ends.principal === app) this.queueSubordinateUnit(ends.subordinate, unit);
      }
    }
    return this.settle();
  }

  /** `juju remove-unit <unit>`: departed for its relations, broken, stop, remove; a new leader if it led. Its subordinate units go first. */
  async removeUnit(unit: string): Promise<RunResult> {
    requireUnit(this.state, unit);
    for (const sub of subordinatesOf(this.state, unit)) this.queueUnitRemoval(sub);
    this.queueUnitRemoval(unit);
    return this.settle();
  }

  /** departed/broken for the unit's relations (except `skipRelation`, already being removed), then stop, remove, drop. */
  private queueUnitRemoval(unit: string, skipRelation?: number): void {
    for (const rel of this.state.relations) {
      if (rel.joined[unit] === undefined || rel.id === skipRelation) continue;
      for (const [observer, seen] of Object.entries(rel.joined).sort(([x], [y]) => x.localeCompare(y))) {
        if (observer !== unit && seen.includes(unit)) this.scheduler.queueRelationHook(observer, rel, "departed", { remoteUnit: unit, departingUnit: unit });
      }
      for (const remote of [...(rel.joined[unit] ?? [])].sort(byUnitNumber)) {
        this.scheduler.queueRelationHook(unit, rel, "departed", { remoteUnit: remote, departingUnit: unit });
      }
      this.scheduler.queueRelationHook(unit, rel, "broken", {});
    }
    this.book.queue.push({ type: "hook", unit, hook: { kind: "hook", name: "stop" } });
    this.book.queue.push({ type: "hook", unit, hook: { kind: "hook", name: "remove" } });
    this.book.queue.push({ type: "drop-unit", unit });
  }

  /**
   * `juju integrate a[:ep] b[:ep]`: created on every unit of both sides, then joined/changed per
   * unit pair. A container-scoped relation between a principal and a subordinate instead gives
   * each principal unit a subordinate unit (install ... start, then joined/changed with its
   * principal only), as Juju creates subordinate units when the relation is made.
   *
   * A unit in error (a failed hook not yet resolved) does not enter the new relation's scope: it
   * runs no relation-created, and no other unit sees it join, until it is resolved; then it enters
   * and the hooks of a late entry follow. In Juju the uniter's relation resolvers enter scopes
   * (`SynchronizeScopes`) only when no operation is pending, and a failed hook stays pending until
   * resolved (juju/juju worker/uniter/relation/resolver.go, statetracker.go; worker/uniter/resolver.go).
   */
  async integrate(a: string, b: string): Promise<RunResult & { readonly relationId: number }> {
    const [endA, endB] = resolveEndpoints(this.state, parseEndpointRef(a), parseEndpointRef(b));
    const rel = addRelation(this.state, [endA, endB]);
    rel.inContext = []; // units see it from their relation-created on (juju/model.ts)
    const ends = subordinateEnds(this.state, rel);
    if (ends !== undefined) {
      for (const principal of unitsOf(this.state, ends.principal)) {
        if (this.waitsToEnter(principal, rel)) continue;
        this.enterPrincipal(principal, rel, ends.subordinate);
      }
      const result = await this.settle();
      return { ...result, relationId: rel.id };
    }
    const unitsA = unitsOf(this.state, endA.app).filter((u) => !this.waitsToEnter(u, rel));
    const unitsB = unitsOf(this.state, endB.app).filter((u) => !this.waitsToEnter(u, rel));
    for (const unit of [...unitsA, ...unitsB]) {
      enterScope(this.state, rel, unit);
      this.scheduler.queueRelationHook(unit, rel, "created", {});
    }
    for (const [locals, remotes] of [
      [unitsA, unitsB],
      [unitsB, unitsA],
    ] as const) {
      for (const local of locals) {
        for (const remote of remotes) this.scheduler.queueJoin(local, rel, remote);
      }
    }
    const result = await this.settle();
    return { ...result, relationId: rel.id };
  }

  /** For a unit in error: queues its entry into `rel`'s scope for after `resolve` and says true. */
  private waitsToEnter(unit: string, rel: RelationState): boolean {
    if (this.book.unitErrors[unit] === undefined) return false;
    this.book.queue.push({ type: "enter-scope", unit, relationId: rel.id });
    return true;
  }

  /** A principal unit enters a container relation: its subordinate unit is created, or joined if it exists. */
  private enterPrincipal(principal: string, rel: RelationState, subordinateApp: string): void {
    enterScope(this.state, rel, principal);
    this.scheduler.queueRelationHook(principal, rel, "created", {});
    const sub = subordinatesOf(this.state, principal).find((s) => appOfUnit(s) === subordinateApp);
    if (sub === undefined) {
      this.queueSubordinateUnit(subordinateApp, principal);
      return;
    }
    // The subordinate unit already lives beside this principal (another container relation).
    if (this.waitsToEnter(sub, rel)) return;
    enterScope(this.state, rel, sub);
    this.scheduler.queueRelationHook(sub, rel, "created", {});
    this.scheduler.queueJoin(principal, rel, sub);
    this.scheduler.queueJoin(sub, rel, principal);
  }

  /** A unit resolved after a relation was made enters its scope now (nothing if the relation or unit went away). */
  private enterLate(entry: EnterScopeEntry): void {
    const rel = findRelation(this.state, entry.relationId);
    if (rel === undefined || this.state.units[entry.unit] === undefined || rel.joined[entry.unit] !== undefined) return;
    const ends = subordinateEnds(this.state, rel);
    if (ends !== undefined && appOfUnit(entry.unit) === ends.principal) this.enterPrincipal(entry.unit, rel, ends.subordinate);
    else this.scheduler.queueScopeEntry(entry.unit, rel);
  }

  /** `juju remove-relation`: departed per remote unit, then broken, on every unit of both sides. */
  async removeRelation(a: string, b?: string): Promise<RunResult> {
    const rel = findRelationByRefs(this.state, a, b);
    for (const end of rel.ends) {
      for (const unit of unitsOf(this.state, end.app)) {
        if (rel.joined[unit] === undefined) continue;
        for (const remote of [...(rel.joined[unit] ?? [])].sort(byUnitNumber)) {
          this.scheduler.queueRelationHook(unit, rel, "departed", { remoteUnit: remote, departingUnit: remote });
        }
        this.scheduler.queueRelationHook(unit, rel, "broken", {});
      }
    }
    this.book.queue.push({ type: "drop-relation", relationId: rel.id });
    // A subordinate unit lives only while a container relation ties it to its principal.
    const ends = subordinateEnds(this.state, rel);
    if (ends !== undefined) {
      for (const sub of unitsOf(this.state, ends.subordinate)) {
        const principal = this.state.units[sub]?.principal;
        const tied = this.state.relations.some((r) => r.id !== rel.id && subordinateEnds(this.state, r) !== undefined && r.joined[sub] !== undefined && principal !== undefined && r.joined[principal] !== undefined);
        if (!tied) this.queueUnitRemoval(sub, rel.id);
      }
    }
    return this.settle();
  }

  /** Makes `unit` its application's leader: leader-elected runs on it. */
  async setLeader(unit: string): Promise<RunResult> {
    requireUnit(this.state, unit);
    const app = requireApp(this.state, appOfUnit(unit));
    if (app.leader !== unit) {
      app.leader = unit;
      this.book.queue.push({ type: "hook", unit, hook: { kind: "hook", name: "leader-elected" } });
    }
    return this.settle();
  }

  /** `juju config <app> k=v ...`; a `null` value resets the option to its default. Runs config-changed on every unit. */
  async configure(appName: string, values: Readonly<Record<string, ConfigValue | null>>): Promise<RunResult> {
    const app = requireApp(this.state, appName);
    for (const [key, value] of Object.entries(values)) {
      const option = app.charm.config[key];
      if (option === undefined) throw new SimulatorError(`config option "${key}" is not defined by charm "${app.charm.name}"`);
      if (value === null) delete app.config[key];
      else app.config[key] = value;
    }
    for (const unit of unitsOf(this.state, appName)) enqueueOnce(this.book.queue, { type: "hook", unit, hook: { kind: "hook", name: "config-changed" } });
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
    this.scheduler.queueSecretChanged(secret.id);
    this.scheduler.queueSecretRemovals(secret.id);
    return this.settle();
  }

  /**
   * Runs a plain unit hook (`update-status`, `upgrade-charm`, `collect-metrics`, ...) on `target`:
   * one unit, or every unit of an application.
   */
  async fireHook(target: string, hookName: string): Promise<RunResult> {
    if (!/^[a-z][a-z0-9-]*$/.test(hookName)) throw new SimulatorError(`invalid hook name "${hookName}"`);
    const units = target.includes("/") ? [target] : unitsOf(this.state, requireApp(this.state, target).name);
    for (const unit of units) {
      requireUnit(this.state, unit);
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
    requireUnit(this.state, unit);
    const app = requireApp(this.state, appOfUnit(unit));
    const filled = actionParams(app, action, params);
    const before = await this.settle();
    const id = String(this.book.nextAction++);
    const own = await this.runner.run({ type: "hook", unit, hook: { kind: "action", name: action, id, params: filled } });
    const stopped = this.options.onHookFailure === "stop" && before.failed !== undefined;
    const after: RunResult = stopped ? { hooks: [] } : await this.settle();
    const record = this.state.actions[id];
    const failures = [...(before.failures ?? []), ...(own.ok ? [] : [own]), ...(after.failures ?? [])];
    return {
      hooks: [...before.hooks, own, ...after.hooks],
      ...(failures.length === 0 ? {} : { failed: failures[0], failures }),
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
    requireUnit(this.state, unit);
    const error = this.book.unitErrors[unit];
    if (error === undefined) throw new SimulatorError(`unit "${unit}" is not in an error state`);
    delete this.book.unitErrors[unit];
    if (error.retry !== undefined && options.retry !== false) this.book.queue.unshift(error.retry);
    return this.settle();
  }

  /**
   * Runs queued hooks until the model is quiet. A unit in error keeps its queued hooks (and the
   * bookkeeping that must follow them) waiting until it is resolved; the other units go on.
   */
  async settle(): Promise<RunResult> {
    const hooks: HookRunRecord[] = [];
    const failures: HookRunRecord[] = [];
    const mode = this.options.onHookFailure ?? "block-unit";
    const limit = this.options.maxHooksPerRun ?? 5000;
    // Entries of units in error, in queue order; they go back to the front of the queue at the end.
    const held: QueueEntry[] = [];
    const result = (): RunResult => (failures.length === 0 ? { hooks } : { hooks, failed: failures[0], failures });
    try {
      for (let entry = this.book.queue.shift(); entry !== undefined; entry = this.book.queue.shift()) {
        if (mode !== "continue" && this.waitsForResolve(entry, held)) {
          held.push(entry);
          continue;
        }
        if (entry.type === "enter-scope") {
          this.enterLate(entry);
          continue;
        }
        if (entry.type !== "hook") {
          applyBookkeeping(entry, this.state, this.book, this.files);
          continue;
        }
        if (this.state.units[entry.unit] === undefined) continue; // the unit went away meanwhile
        if (hooks.length >= limit) {
          this.book.queue.unshift(entry);
          throw new ModelNotQuietError(hooks.length, this.runner.recent);
        }
        const due = this.scheduler.dueEntry(entry);
        if (due === undefined) continue; // Juju no longer runs it (docs/juju-behaviour.md)
        const record = await this.runner.run(due);
        hooks.push(record);
        if (record.ok || mode === "continue") continue;
        failures.push(record);
        if (mode === "stop") return result();
      }
      return result();
    } finally {
      this.book.queue.unshift(...held);
      this.files.save(this.state, this.book);
    }
  }

  /**
   * Whether `entry` must wait for a unit in error to be resolved (Juju's uniter runs nothing on
   * a unit in error; juju/juju worker/uniter, ModeHookError): its own hooks, its removal from the
   * model, its entry into a relation's scope, the removal of a relation whose broken hook it
   * still has to run, and the other units' hooks about it on a relation whose scope it has not
   * entered yet (a new unit enters its relations' scopes only once its install has committed,
   * docs/juju-behaviour.md O7/O8, so until then no other unit sees it join).
   */
  private waitsForResolve(entry: QueueEntry, held: readonly QueueEntry[]): boolean {
    if (entry.type === "drop-relation") return held.some((h) => h.type === "hook" && h.hook.kind === "relation" && h.hook.relationId === entry.relationId);
    if (this.book.unitErrors[entry.unit] !== undefined) return true;
    if (entry.type !== "hook" || entry.hook.kind !== "relation" || entry.hook.remoteUnit === undefined) return false;
    const remote = entry.hook.remoteUnit;
    const rel = findRelation(this.state, entry.hook.relationId);
    return this.book.unitErrors[remote] !== undefined && rel !== undefined && !inHookContext(rel, remote);
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

  /** The charms' log lines (`juju debug-log`): juju-log calls, hook output, hook outcomes. */
  debugLog(filter: DebugLogFilter = {}): DebugLogLine[] {
    const records = this.files.readLog();
    const unit = filter.unit;
    if (unit !== undefined && this.state.units[unit] === undefined && this.state.applications[unit] === undefined && !records.some((r) => r.unit === unit)) {
      throw new SimulatorError(`no unit or application "${unit}" in this model`);
    }
    return debugLogLines(records, filter);
  }

  /**
   * Every call, in this model's history, of a hook tool its Juju version lacks (the tool was not
   * on PATH, so the call failed as on a real agent). Empty when every hook kept to its version.
   */
  absentToolCalls(): { readonly seq: number; readonly unit: string; readonly hook: string; readonly cmd: string }[] {
    return this.log().flatMap((r) => (r.absentToolCalls ?? []).map((cmd) => ({ seq: r.seq, unit: r.unit, hook: r.hook, cmd })));
  }

  /** Hooks waiting to run (after a failure stopped a run). */
  get pending(): readonly QueueEntry[] {
    return this.book.queue;
  }

  /** For error messages: the entries still queued, as text. */
  describePending(): string[] {
    return this.book.queue.map(describeEntry);
  }

  // ---- helpers over the model ---------------------------------------------------------------

  /** Adds the next unit of `appName` to the model, installs its charm and queues its hooks. */
  private queueNewUnit(appName: string, principal?: string): string {
    const n = this.book.nextUnit[appName] ?? 0;
    this.book.nextUnit[appName] = n + 1;
    const unit = `${appName}/${n}`;
    addUnit(this.state, unit, principal === undefined ? {} : { principal });
    this.files.installCharm(unit, this.book.charms[appName] ?? "");
    this.scheduler.queueUnitArrival(unit);
    return unit;
  }

  /** A new unit of subordinate `appName` beside `principal`; its arrival hooks join it to its principal only. */
  private queueSubordinateUnit(appName: string, principal: string): string {
    return this.queueNewUnit(appName, principal);
  }
}
