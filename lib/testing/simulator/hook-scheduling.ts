/**
 * Hook ordering rules: which hooks Juju queues, and in what order, when a unit arrives, two
 * units see each other in a relation, or a committed hook changed relation data or secrets
 * (relation-changed to everyone who can see a changed bag, secret-changed to observers,
 * secret-remove to owners). The scheduler only appends to the book's queue; it runs nothing,
 * except that secret hooks are checked again when their turn comes (`dueEntry`).
 *
 * The relation orders it produces are among those lib/testing/juju/hook-orders.ts admits; the
 * secret rules are version-dependent. Sources for every rule: docs/juju-behaviour.md.
 */
import type { CommitReport } from "../juju/commit.js";
import type { HookSpec, RelationEventName } from "../juju/hook.js";
import type { ModelState, RelationState } from "../juju/model.js";
import { appOfUnit, enterScope, findRelation, findSecret, localEnd } from "../juju/model.js";
import { secretChangedStillDue } from "../juju/secret-rules.js";
import type { SimulatorBook } from "./model-directory.js";
import { byUnitNumber, isContainerScoped } from "./model-lookups.js";
import { enqueueOnce, type HookEntry, type QueueEntry } from "./queue.js";

/** Which remote (and departing) unit a relation hook is about. */
export interface RelationHookUnits {
  remoteUnit?: string;
  departingUnit?: string;
}

/** Queues hooks into `book.queue` following Juju's ordering rules for the model `state`. */
export class HookScheduler {
  constructor(
    private readonly state: ModelState,
    private readonly book: SimulatorBook,
  ) {}

  /**
   * The hooks of a unit just added to the model (already in `state`, charm installed): install,
   * relation-created per relation of its application, leader-elected if it leads,
   * config-changed, start, then joined/changed both ways with every unit it can see.
   */
  queueUnitArrival(unit: string): void {
    const appName = appOfUnit(unit);
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
    for (const rel of relations) this.queueJoinsWithScope(unit, rel);
  }

  /**
   * A unit entering the scope of a relation that already exists, on its own: the unit that was in
   * error when the relation was made, once resolved. relation-created, then joined/changed both
   * ways with every unit in scope it can see.
   */
  queueScopeEntry(unit: string, rel: RelationState): void {
    enterScope(this.state, rel, unit);
    this.queueRelationHook(unit, rel, "created", {});
    this.queueJoinsWithScope(unit, rel);
  }

  /** joined/changed both ways between `unit` and each unit in `rel`'s scope that it can see. */
  private queueJoinsWithScope(unit: string, rel: RelationState): void {
    const appName = appOfUnit(unit);
    const peer = rel.ends.length === 1;
    const container = !peer && isContainerScoped(this.state, rel);
    const others = Object.keys(rel.joined)
      .filter((u) => u !== unit && (peer || appOfUnit(u) !== appName) && (!container || this.sameContainer(unit, u)))
      .sort(byUnitNumber);
    for (const other of others) {
      this.queueJoin(unit, rel, other);
      this.queueJoin(other, rel, unit);
    }
  }

  /** Whether one of the two units is the other's subordinate (a container-scoped relation sees only those pairs). */
  sameContainer(a: string, b: string): boolean {
    return this.state.units[a]?.principal === b || this.state.units[b]?.principal === a;
  }

  /** relation-joined then relation-changed on `unit` about `remote`. */
  queueJoin(unit: string, rel: RelationState, remote: string): void {
    this.queueRelationHook(unit, rel, "joined", { remoteUnit: remote });
    this.queueRelationHook(unit, rel, "changed", { remoteUnit: remote });
  }

  /** One relation hook on `unit`; a relation-changed already waiting is not queued twice. */
  queueRelationHook(unit: string, rel: RelationState, event: RelationEventName, who: RelationHookUnits): void {
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
  scheduleFollowUps(writer: string, report: CommitReport): void {
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

  /**
   * The entry to run now for a queued `entry`, or undefined when Juju would no longer run it:
   * secret-changed is re-checked against the model at delivery (secret-rules.ts) and carries the
   * latest revision (JUJU_SECRET_REVISION); secret-remove is dropped once the secret or the
   * revision is gone. Other hooks run as queued.
   */
  dueEntry(entry: HookEntry): HookEntry | undefined {
    const hook = entry.hook;
    if (hook.kind !== "secret") return entry;
    const secret = findSecret(this.state, hook.id);
    if (hook.event === "changed") {
      if (!secretChangedStillDue(this.state, entry.unit, hook.id)) return undefined;
      return { ...entry, hook: { ...hook, revision: secret?.latestRevision ?? 0 } };
    }
    if (secret === undefined) return undefined;
    if (hook.event === "remove" && hook.revision !== undefined && !secret.revisions.some((r) => r.revision === hook.revision)) return undefined;
    return entry;
  }

  /** secret-changed to every observer tracking an older revision than the latest. */
  queueSecretChanged(secretId: string): void {
    const secret = findSecret(this.state, secretId);
    if (secret === undefined) return;
    for (const [unit, consumer] of Object.entries(secret.consumers).sort(([a], [b]) => a.localeCompare(b))) {
      if (this.state.units[unit] === undefined || this.ownsSecret(unit, secret.id)) continue;
      if (consumer.trackedRevision === undefined || consumer.trackedRevision >= secret.latestRevision) continue;
      enqueueOnce(this.book.queue, { type: "hook", unit, hook: { kind: "secret", event: "changed", id: secret.id } });
    }
  }

  /** secret-remove (to the owner) for each old revision no observer tracks any more. */
  queueSecretRemovals(secretId: string): void {
    const secret = findSecret(this.state, secretId);
    if (secret === undefined) return;
    const tracked = new Set<number>();
    for (const [unit, consumer] of Object.entries(secret.consumers)) {
      // Juju counts every consumer record, the owner's own reads included (state/secrets.go getInUseSecretRevisions).
      if (consumer.trackedRevision !== undefined && this.state.units[unit] !== undefined) tracked.add(consumer.trackedRevision);
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
}
