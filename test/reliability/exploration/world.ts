// The world the hook-order exploration walks: a fake Juju model (lib/testing/juju) with a
// requirer "myapp" (two units, the reliability requirer charm run in-process through lib/ops's
// dispatch) and a provider "postgresql" (one unit, scripted: its writes are applied to the model
// as its committed hooks would). Steps are the Juju events and provider actions that may happen
// next; which are enabled follows Juju's guarantees (see `enabledSteps`).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { stringify } from "yaml";

import * as ops from "../../../lib/ops/index.js";
import { secretChangedStillDue } from "../../../lib/testing/juju/secret-rules.js";
import {
  addApplication,
  addRelation,
  addUnit,
  emptyModel,
  enterScope,
  findSecret,
  HookToolServer,
  markJoined,
  toolServerRunner,
  type HookSpec,
  type ModelState,
} from "../../../lib/testing/index.js";
import { recordRun } from "../../support/hygiene/run-recorder.js";
import { behaviour, observed, resetObservation, REQUIRER_METADATA, RequirerCharm, type SeenEvent } from "../requirer-charm.js";
import { PASSWORD, ROTATED_PASSWORD, USERNAME } from "../provider-inputs.js";

/** The requirer units. */
export const UNITS = ["myapp/0", "myapp/1"] as const;
/** A requirer unit name. */
export type UnitName = (typeof UNITS)[number];
const PROVIDER_UNIT = "postgresql/0";
const REL_ID = 7;
const SECRET_ID = "secret:cs1explore0usersecr0";
/** The secret a "repoint" change moves secret-user to (the old one keeps the unit's label). */
/** The provider's endpoints, first and after a "rotate-move". */
export const ENDPOINTS = "pg-primary:5432";
export const MOVED_ENDPOINTS = "pg-replica:5432";
const SECRET_ID_2 = "secret:cs1explore0usersecr2";

/** What the provider changes once it has answered. */
export type ProviderChange =
  /** Nothing. */
  | "none"
  /** A new password: a new revision of the user secret, or a new `password` in the databag. */
  | "rotate"
  /** A new secret revision and new endpoints in one provider hook: relation-changed may refresh first (on 4.0 the queued secret-changed is then dropped). */
  | "rotate-move"
  /** secret-user moves to a new secret with a new password; the old secret stays and holds the consumer label (issue 13, defect 6). */
  | "repoint"
  /** The live relation moves from secret-user to plaintext username/password, same values (defect 7). */
  | "to-plaintext"
  /** The live relation moves from plaintext to a granted secret-user, same values. */
  | "to-secrets";

/** Whether `change` gives the unit a new password (so exactly one credentialsRotated is due). */
export function changesPassword(change: ProviderChange): boolean {
  return change === "rotate" || change === "rotate-move" || change === "repoint";
}

/** What a scenario puts into the orders. */
export interface Scenario {
  readonly name: string;
  /** The model's Juju version (one of JUJU_VERSIONS): which tools exist, how secret-changed is delivered. */
  readonly jujuVersion: string;
  /** Credentials first published in a secret (Juju >= 3.0.3 only) or in the databag. */
  readonly mode: "secrets" | "databag";
  /** Leadership moves from myapp/0 to myapp/1 at some point. */
  readonly leaderChange: boolean;
  /** What the provider changes once, after answering. */
  readonly change: ProviderChange;
  /** A hook tool that fails once (exit 1, as a restarting agent) on myapp/0's first call of it after the provider answered. */
  readonly transient: "none" | "secret-get" | "relation-get";
  /** myapp/1's first databaseCreated handler throws: the hook fails and Juju re-runs it. */
  readonly failOnce: boolean;
  /** myapp/0 defers its first databaseCreated. */
  readonly deferOnce: boolean;
}

/** Per requirer unit: Juju's bookkeeping, the charm's knobs and what the charm saw in committed hooks. */
export interface UnitWorld {
  created: boolean;
  joined: boolean;
  /** A relation-changed is pending (coalesced, as Juju does). */
  dirty: boolean;
  /** A secret-changed is queued (it runs only while the version's rule says it is due). */
  secretChanged: boolean;

  /** The hook Juju re-runs next, after a failure. */
  retry: Step | undefined;
  failCreated: boolean;
  deferFirstCreated: boolean;
  /** Committed deliveries, in order (deferred deliveries included, flagged). */
  seen: Pick<SeenEvent, "name" | "password" | "endpoints" | "deferred">[];
  failures: number;
  /** Failed hooks in which the scripted transient tool failure fired. */
  faultFailures: number;
  /** Calls of tools this Juju version lacks (HookToolServer.absentToolCalls), committed or not. */
  absentToolCalls: number;
  /** Committed hooks that changed this unit's relation databags although the request did not change (issue 13, defect 8). */
  bagWrites: number;
}

/** Everything that decides the future: the model, Juju's queue state, the provider's progress. */
export interface World {
  model: ModelState;
  units: Record<UnitName, UnitWorld>;
  leaderMoved: boolean;
  granted: boolean;
  provided: boolean;
  rotated: boolean;
  /** The transient tool failure has not fired yet. */
  faultArmed: boolean;
}

/** One thing that can happen next. */
export type Step =
  | { readonly kind: "hook"; readonly unit: UnitName; readonly hook: "created" | "joined" | "changed" | "secret-changed" | "leader-elected" | "update-status" }
  | { readonly kind: "provider"; readonly action: "grant" | "provide" | "change" };

/** Short text of a step, for order signatures and failure reports. */
export function describeStep(s: Step): string {
  return s.kind === "hook" ? `${s.unit.slice(-1)}:${s.hook}` : `P:${s.action}`;
}

let charmDir: string | undefined;
function requirerCharmDir(): string {
  if (charmDir === undefined) {
    charmDir = mkdtempSync(join(tmpdir(), "explore-charm-"));
    writeFileSync(join(charmDir, "metadata.yaml"), stringify(REQUIRER_METADATA));
  }
  return charmDir;
}

// Read from metadata.yaml once, as a bundled charm gets it embedded at build time: dispatch would
// otherwise read and parse the file in each of the exploration's tens of thousands of hooks
// (about a tenth of its CPU). Loading the file in a hook is covered by test/ops and the e2e suites.
let metadata: ops.CharmMetadata | undefined;
function requirerMetadata(): ops.CharmMetadata {
  metadata ??= ops.loadCharmMetadata(requirerCharmDir());
  if (metadata === undefined) throw new Error("the exploration's requirer charm has no metadata.yaml");
  return metadata;
}

/** The start: relation integrated, every unit in scope, myapp/0 leader, nothing run yet. */
export function initialWorld(s: Scenario): World {
  const model = emptyModel({ jujuVersion: s.jujuVersion, uuid: "6e1b2d5c-1111-4aaa-8bbb-0123456789ab" });
  addApplication(model, "myapp", { name: "myapp", endpoints: { database: { role: "requires", interface: "postgresql_client", limit: 1 } }, config: {}, actions: {} });
  addApplication(model, "postgresql", { name: "postgresql", endpoints: { database: { role: "provides", interface: "postgresql_client" } }, config: {}, actions: {} });
  for (const u of [...UNITS, PROVIDER_UNIT]) addUnit(model, u);
  const app = model.applications["myapp"];
  if (app === undefined) throw new Error("no app");
  app.leader = "myapp/0";
  const rel = addRelation(model, [
    { app: "myapp", endpoint: "database" },
    { app: "postgresql", endpoint: "database" },
  ], { id: REL_ID });
  for (const u of [...UNITS, PROVIDER_UNIT]) enterScope(model, rel, u);
  for (const u of UNITS) markJoined(rel, PROVIDER_UNIT, u);
  const unit = (i: number): UnitWorld => ({
    created: false,
    joined: false,
    dirty: false,
    secretChanged: false,
    retry: undefined,
    failCreated: s.failOnce && i === 1,
    deferFirstCreated: s.deferOnce && i === 0,
    seen: [],
    failures: 0,
    faultFailures: 0,
    absentToolCalls: 0,
    bagWrites: 0,
  });
  return { model, units: { "myapp/0": unit(0), "myapp/1": unit(1) }, leaderMoved: false, granted: false, provided: false, rotated: false, faultArmed: s.transient !== "none" };
}

function relationOf(w: World) {
  const rel = w.model.relations.find((r) => r.id === REL_ID);
  if (rel === undefined) throw new Error("relation missing");
  return rel;
}

/**
 * Steps enabled in `w`. Juju's guarantees kept: a unit's relation-created precedes its joined,
 * joined precedes relation-changed, relation-changed events coalesce; a failed hook is re-run
 * before anything else on that unit; secret-changed is queued for every consumer of the secret
 * at a new revision and runs only while the fake Juju's version rule says it is still due
 * (lib/testing/juju/secret-rules.ts secretChangedStillDue: 3.x always, 4.0 only for a unit still
 * tracking an older revision). The provider answers only once the request is in the requirer's
 * app databag, and changes something only after answering (and granting).
 */
export function enabledSteps(s: Scenario, w: World): Step[] {
  const out: Step[] = [];
  for (const unit of UNITS) {
    const u = w.units[unit];
    if (u.retry !== undefined) {
      out.push(u.retry);
      continue;
    }
    if (!u.created) out.push({ kind: "hook", unit, hook: "created" });
    else if (!u.joined) out.push({ kind: "hook", unit, hook: "joined" });
    else if (u.dirty) out.push({ kind: "hook", unit, hook: "changed" });
    // Queued at the rotation; whether it still runs is the version's rule (4.0 drops it for a unit that refreshed meanwhile).
    if (u.secretChanged && secretChangedStillDue(w.model, unit, SECRET_ID)) out.push({ kind: "hook", unit, hook: "secret-changed" });
  }
  if (s.leaderChange && !w.leaderMoved && w.units["myapp/1"].retry === undefined) out.push({ kind: "hook", unit: "myapp/1", hook: "leader-elected" });
  const requested = relationOf(w).appData["myapp"]?.["database"] !== undefined;
  if (s.mode === "secrets" && !w.granted) out.push({ kind: "provider", action: "grant" });
  if (!w.provided && requested) out.push({ kind: "provider", action: "provide" });
  if (s.change !== "none" && !w.rotated && w.provided && (s.mode === "databag" || w.granted)) out.push({ kind: "provider", action: "change" });
  return out;
}

function ensureSecret(w: World): void {
  if (findSecret(w.model, SECRET_ID) !== undefined) return;
  const content = { username: USERNAME, password: PASSWORD };
  w.model.secrets.push({ id: SECRET_ID, ownerKind: "application", owner: "postgresql", revisions: [{ revision: 1, content }], latestRevision: 1, consumers: {}, grants: {} });
}

function markAllDirty(w: World): void {
  for (const unit of UNITS) w.units[unit].dirty = true;
}

/** Applies a provider action (what its committed hook would leave in the model) and queues what Juju would. */
function provider(s: Scenario, w: World, action: "grant" | "provide" | "change"): void {
  const rel = relationOf(w);
  const bag = (rel.appData["postgresql"] ??= {});
  if (action === "grant") {
    ensureSecret(w);
    const secret = findSecret(w.model, SECRET_ID);
    if (secret !== undefined) secret.grants[String(REL_ID)] = ["myapp"];
    w.granted = true;
    return;
  }
  if (action === "provide") {
    Object.assign(bag, { endpoints: ENDPOINTS, database: "myappdb", version: "16.4" });
    if (s.mode === "secrets") {
      ensureSecret(w);
      bag["secret-user"] = SECRET_ID;
    } else {
      Object.assign(bag, { username: USERNAME, password: PASSWORD });
    }
    w.provided = true;
    markAllDirty(w);
    return;
  }
  w.rotated = true;
  // Every change but a secret revision changes the provider's app databag: relation-changed on every unit.
  if (!(s.change === "rotate" && s.mode === "secrets")) markAllDirty(w);
  if (s.change === "rotate-move") bag["endpoints"] = MOVED_ENDPOINTS;
  switch (s.change) {
    case "none":
      return;
    case "rotate":
    case "rotate-move":
      if (s.mode === "databag") {
        bag["password"] = ROTATED_PASSWORD;
        return;
      }
      rotateSecret(w);
      return;
    case "repoint": {
      // One provider hook: secret-add, secret-grant, relation-set (committed together).
      w.model.secrets.push({ id: SECRET_ID_2, ownerKind: "application", owner: "postgresql", revisions: [{ revision: 1, content: { username: USERNAME, password: ROTATED_PASSWORD } }], latestRevision: 1, consumers: {}, grants: { [String(REL_ID)]: ["myapp"] } });
      bag["secret-user"] = SECRET_ID_2;
      return;
    }
    case "to-plaintext":
      delete bag["secret-user"];
      Object.assign(bag, { username: USERNAME, password: PASSWORD });
      return;
    case "to-secrets": {
      ensureSecret(w);
      const secret = findSecret(w.model, SECRET_ID);
      if (secret !== undefined) secret.grants[String(REL_ID)] = ["myapp"];
      delete bag["username"];
      delete bag["password"];
      bag["secret-user"] = SECRET_ID;
      return;
    }
  }
}

/** secret-set on the user secret: a new revision; Juju queues secret-changed for every consumer of it. */
function rotateSecret(w: World): void {
  const secret = findSecret(w.model, SECRET_ID);
  if (secret === undefined) throw new Error("rotating a missing secret");
  secret.latestRevision += 1;
  secret.revisions.push({ revision: secret.latestRevision, content: { username: USERNAME, password: ROTATED_PASSWORD } });
  for (const unit of UNITS) {
    if (secret.consumers[unit]?.trackedRevision !== undefined) w.units[unit].secretChanged = true;
  }
}

/** The hook spec Juju would run for a unit-side step. */
function hookSpec(step: Extract<Step, { kind: "hook" }>): HookSpec {
  switch (step.hook) {
    case "created":
      return { kind: "relation", event: "created", relationId: REL_ID };
    case "joined":
    case "changed":
      return { kind: "relation", event: step.hook, relationId: REL_ID, remoteUnit: PROVIDER_UNIT };
    case "secret-changed":
      return { kind: "secret", event: "changed", id: SECRET_ID };
    case "leader-elected":
      return { kind: "hook", name: "leader-elected" };
    case "update-status":
      return { kind: "hook", name: "update-status" };
  }
}

/** Counters of one exploration. */
export interface HookCounters {
  hooks: number;
  failedHooks: number;
}

/**
 * Runs one requirer hook in-process (lib/ops dispatch over a fake-Juju HookToolServer), commits or
 * discards like Juju, and returns the events the charm saw when it committed.
 */
export async function runRequirerHook(s: Scenario, w: World, unit: UnitName, hook: HookSpec, counters: HookCounters): Promise<{ ok: boolean; events: SeenEvent[] }> {
  const u = w.units[unit];
  const knobs = { failCreated: u.failCreated, deferFirstCreated: u.deferFirstCreated };
  behaviour.set(unit, knobs);
  resetObservation();
  const bagsBefore = requirerBags(w, unit);
  const session = new HookToolServer(w.model, unit, hook, { charmDir: requirerCharmDir() });
  const inner = toolServerRunner(session);
  let faultFired = false;
  const runner: ops.ToolRunner = {
    run: (cmd, argv, stdin) => {
      if (w.faultArmed && w.provided && unit === "myapp/0" && cmd === s.transient) {
        w.faultArmed = false;
        faultFired = true;
        return { code: 1, stdout: "", stderr: "ERROR connection is shut down\n" };
      }
      return inner.run(cmd, argv, stdin);
    },
  };
  const backend = new ops.HookToolBackend(runner);
  const outcome = await ops.dispatch(RequirerCharm, {
    context: ops.parseHookContext(session.env()),
    metadata: requirerMetadata(),
    backend,
    logSink: { write: (level, message) => backend.jujuLog(level, message) },
    stdout: () => undefined,
    stderr: () => undefined,
  });
  counters.hooks += 1;
  u.absentToolCalls += session.absentToolCalls.length;
  // In-process, so not a Simulator: hand the hook to the suite's hygiene recorder directly.
  recordRun({
    kind: "simulator",
    label: `exploration ${unit} ${session.hookName}`,
    charmDir: session.env()["JUJU_CHARM_DIR"] ?? "",
    unit,
    hook: session.hookName,
    ok: outcome.ok,
    logs: session.logs,
    statuses: session.statuses,
    error: outcome.ok ? undefined : outcome.error.message,
    stdout: "",
    stderr: "",
    modelDir: "",
    model: w.model,
  });
  // The charm's knobs are its own memory of what it already did (a simulated workload side effect).
  u.failCreated = knobs.failCreated;
  u.deferFirstCreated = knobs.deferFirstCreated;
  if (!outcome.ok) {
    session.discard();
    counters.failedHooks += 1;
    u.failures += 1;
    if (faultFired) u.faultFailures += 1;
    return { ok: false, events: [] };
  }
  session.commit();
  // The request is written at relation-created and re-asserted on leader hooks; it never changes
  // in these scenarios otherwise, so any other databag change is bookkeeping leaking onto the relation.
  const requestHook = (hook.kind === "relation" && hook.event === "created") || (hook.kind === "hook" && hook.name === "leader-elected");
  if (!requestHook && requirerBags(w, unit) !== bagsBefore) u.bagWrites += 1;
  const events = [...observed.events];
  for (const e of events) u.seen.push({ name: e.name, password: e.password, endpoints: e.endpoints, deferred: e.deferred });
  return { ok: true, events };
}

/** The requirer unit's own relation databags (unit and app), as one comparable text. */
function requirerBags(w: World, unit: UnitName): string {
  const rel = relationOf(w);
  return JSON.stringify([rel.unitData[unit] ?? {}, rel.appData["myapp"] ?? {}]);
}

/** Applies `step` to `w` (mutating it). */
export async function applyStep(s: Scenario, w: World, step: Step, counters: HookCounters): Promise<void> {
  if (step.kind === "provider") {
    provider(s, w, step.action);
    return;
  }
  const u = w.units[step.unit];
  if (step.hook === "joined") markJoined(relationOf(w), step.unit, PROVIDER_UNIT);
  if (step.hook === "leader-elected" && !w.leaderMoved) {
    const app = w.model.applications["myapp"];
    if (app !== undefined) app.leader = "myapp/1";
    w.leaderMoved = true;
  }
  const { ok } = await runRequirerHook(s, w, step.unit, hookSpec(step), counters);
  if (!ok) {
    u.retry = step;
    return;
  }
  u.retry = undefined;
  if (step.hook === "created") u.created = true;
  if (step.hook === "joined") {
    u.joined = true;
    u.dirty = true;
  }
  if (step.hook === "changed") u.dirty = false;
  if (step.hook === "secret-changed") u.secretChanged = false;

}

/** update-status rounds at the end (Juju keeps running it; deferred events and re-checks ride on it). */
export const FINAL_ROUNDS = 3;

/**
 * The end of every order: every unit re-runs a failed hook, then gets FINAL_ROUNDS update-status
 * hooks (each failed one re-run, as Juju does), then the relation is removed (relation-broken).
 */
export async function finish(s: Scenario, w: World, counters: HookCounters): Promise<{ responses: Record<UnitName, string | undefined>; suggested: Record<UnitName, string>; deferredLeft: Record<UnitName, number> }> {
  const responses = {} as Record<UnitName, string | undefined>;
  const suggested = {} as Record<UnitName, string>;
  const deferredLeft = {} as Record<UnitName, number>;
  const untilOk = async (unit: UnitName, hook: HookSpec): Promise<void> => {
    for (let attempt = 0; attempt < 3; attempt++) if ((await runRequirerHook(s, w, unit, hook, counters)).ok) return;
  };
  for (const unit of UNITS) {
    for (let round = 0; round < FINAL_ROUNDS; round++) await untilOk(unit, { kind: "hook", name: "update-status" });
    responses[unit] = observed.responsePassword;
    suggested[unit] = `${observed.suggested?.name ?? "?"}${observed.suggested?.message ? `: ${observed.suggested.message}` : ""}`;
    deferredLeft[unit] = deferredCount(w, unit);
  }
  for (const unit of UNITS) await untilOk(unit, { kind: "relation", event: "broken", relationId: REL_ID });
  return { responses, suggested, deferredLeft };
}

/** Deferred notices in the unit's controller state (lib/ops keeps the queue under DEFERRED_QUEUE_KEY). */
function deferredCount(w: World, unit: UnitName): number {
  const state = w.model.units[unit]?.state ?? {};
  const raw = ops.readStateValue(state, ops.DEFERRED_QUEUE_KEY);
  if (raw === undefined) return 0;
  const parsed = JSON.parse(raw) as { notices?: unknown[] };
  return parsed.notices?.length ?? 0;
}
