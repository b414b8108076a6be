/**
 * Per-hook state shared by every model object: read caches, buffered writes, the leadership
 * lease. Internal to lib/ops; charm code sees it only through Model, Relation, Databag and Secret.
 *
 * Why buffer: Juju commits a hook's relation data, secrets and state only when the hook exits 0
 * (docs/juju-contract.md#hook-commit). Holding writes until the end therefore changes nothing Juju-side,
 * lets a failing hook leave nothing applied, and turns N `relation-set` calls on one databag into
 * one process spawn. Statuses are the exception in Juju (applied at once), so buffering them is a
 * choice: the last status set wins and a failing hook sets none half-way.
 */
import type { Backend, ConfigValue, RelationRef } from "../backend.js";
import type { CharmMetadata } from "../charm-metadata.js";
import type { HookContext } from "../context.js";
import { RelationNotFoundError } from "../errors.js";
import { formatRelationRef } from "../hooktools/relation.js";
import { settableName, StatusBase } from "./status.js";

/** Juju guarantees leadership for at least 30 s after is-leader said true. */
export const LEADERSHIP_LEASE_MS = 30_000;

/** Options of a hook session. */
export interface HookSessionOptions {
  /** The charm's metadata (peer endpoints); without it, a relation is a peer when its remote app is this app. */
  readonly metadata?: CharmMetadata;
  /** Clock in milliseconds, for the leadership lease; default `Date.now`. */
  readonly now?: () => number;
}

interface PendingBag {
  readonly rel: RelationRef;
  readonly app: boolean;
  readonly changes: Map<string, string>;
}

/** @internal The caches and write buffers of one hook. */
export class HookSession {
  readonly backend: Backend;
  readonly hook: HookContext;
  readonly metadata: CharmMetadata | undefined;
  private readonly now: () => number;

  private leader: { value: boolean; checkedAt: number } | undefined;
  private configCache: Readonly<Record<string, ConfigValue>> | undefined;
  private readonly relationIdCache = new Map<string, RelationRef[]>();
  private readonly unitListCache = new Map<string, string[] | "not-found">();
  private readonly remoteAppCache = new Map<string, string | undefined>();
  private readonly bagCache = new Map<string, Record<string, string>>();
  private readonly pendingBags = new Map<string, PendingBag>();
  private pendingUnitStatus: StatusBase | undefined;
  private pendingAppStatus: StatusBase | undefined;
  private pendingWorkloadVersion: string | undefined;

  constructor(backend: Backend, hook: HookContext, options: HookSessionOptions = {}) {
    this.backend = backend;
    this.hook = hook;
    this.metadata = options.metadata;
    this.now = options.now ?? Date.now;
  }

  // --- leadership ---------------------------------------------------------------------------

  /** is-leader, cached for the lease period measured from before the call. */
  isLeader(): boolean {
    const now = this.now();
    if (this.leader !== undefined && now - this.leader.checkedAt < LEADERSHIP_LEASE_MS) return this.leader.value;
    const value = this.backend.isLeader();
    this.leader = { value, checkedAt: now };
    return value;
  }

  // --- config ---------------------------------------------------------------------------------

  config(): Readonly<Record<string, ConfigValue>> {
    this.configCache ??= Object.freeze(this.backend.configGet());
    return this.configCache;
  }

  // --- relations ------------------------------------------------------------------------------

  /** The hook's own relation when this is its -broken hook (Juju and ops leave it out of lists). */
  brokenRelation(): RelationRef | undefined {
    const rel = this.hook.relation;
    return rel !== undefined && this.hook.hookName === `${rel.endpoint}-relation-broken` ? { endpoint: rel.endpoint, id: rel.id } : undefined;
  }

  relationIds(endpoint: string): RelationRef[] {
    let ids = this.relationIdCache.get(endpoint);
    if (ids === undefined) {
      const broken = this.brokenRelation();
      ids = this.backend.relationIds(endpoint).filter((r) => !(broken !== undefined && r.endpoint === broken.endpoint && r.id === broken.id));
      this.relationIdCache.set(endpoint, ids);
    }
    return ids;
  }

  /** relation-list; `"not-found"` when Juju no longer knows the relation. */
  relationUnits(rel: RelationRef): string[] | "not-found" {
    const key = formatRelationRef(rel);
    let units = this.unitListCache.get(key);
    if (units === undefined) {
      try {
        units = this.backend.relationList(rel);
      } catch (e) {
        if (!(e instanceof RelationNotFoundError)) throw e;
        units = "not-found";
      }
      this.unitListCache.set(key, units);
    }
    return units;
  }

  /** Whether a hook tool said in this hook that Juju no longer knows `rel` (asks nothing). */
  knownGone(rel: RelationRef): boolean {
    return this.unitListCache.get(formatRelationRef(rel)) === "not-found";
  }

  relationRemoteApp(rel: RelationRef): string | undefined {
    const key = formatRelationRef(rel);
    if (!this.remoteAppCache.has(key)) {
      let app: string | undefined;
      // relation-list --app arrived in Juju 2.8.1; before it Juju cannot name the app (ops also returns None).
      if (!this.hook.jujuVersion.hasTool("relation-list", "--app")) {
        this.remoteAppCache.set(key, undefined);
        return undefined;
      }
      try {
        app = this.backend.relationRemoteApp(rel);
      } catch (e) {
        if (!(e instanceof RelationNotFoundError)) throw e;
        app = undefined;
      }
      this.remoteAppCache.set(key, app);
    }
    return this.remoteAppCache.get(key);
  }

  private bagKey(rel: RelationRef, owner: string, app: boolean): string {
    return `${formatRelationRef(rel)}\u0000${app ? "app" : "unit"}\u0000${owner}`;
  }

  /** A databag as Juju has it (before this hook's buffered writes); `{}` for a relation that is gone. */
  loadBag(rel: RelationRef, owner: string, app: boolean): Readonly<Record<string, string>> {
    const key = this.bagKey(rel, owner, app);
    let bag = this.bagCache.get(key);
    if (bag === undefined) {
      try {
        bag = this.backend.relationGet(rel, owner, app);
      } catch (e) {
        if (!(e instanceof RelationNotFoundError)) throw e;
        bag = {};
        // Juju said it no longer knows the relation: relation-list would say the same.
        this.unitListCache.set(formatRelationRef(rel), "not-found");
      }
      this.bagCache.set(key, bag);
    }
    return bag;
  }

  /** A databag including this hook's buffered writes (only own bags have any). */
  readBag(rel: RelationRef, owner: string, app: boolean): Record<string, string> {
    const view = { ...this.loadBag(rel, owner, app) };
    const pending = this.pendingBags.get(this.bagKey(rel, owner, app));
    if (pending !== undefined) {
      for (const [k, v] of pending.changes) {
        if (v === "") delete view[k];
        else view[k] = v;
      }
    }
    return view;
  }

  /** Buffers writes to an own databag; `""` deletes. Access checks happen in Databag. */
  writeBag(rel: RelationRef, owner: string, app: boolean, changes: Readonly<Record<string, string>>): void {
    const key = this.bagKey(rel, owner, app);
    let pending = this.pendingBags.get(key);
    if (pending === undefined) {
      pending = { rel, app, changes: new Map() };
      this.pendingBags.set(key, pending);
    }
    for (const [k, v] of Object.entries(changes)) pending.changes.set(k, v);
  }

  // --- statuses -------------------------------------------------------------------------------

  setUnitStatus(status: StatusBase): void {
    settableName(status);
    this.pendingUnitStatus = status;
  }
  setAppStatus(status: StatusBase): void {
    settableName(status);
    this.pendingAppStatus = status;
  }
  pendingStatus(app: boolean): StatusBase | undefined {
    return app ? this.pendingAppStatus : this.pendingUnitStatus;
  }
  /**
   * Applies a status now and drops any buffered one for the same target. Waits for the tool,
   * which the tool server would otherwise answer early, so that its failure is thrown here.
   */
  setStatusNow(status: StatusBase, app: boolean): void {
    this.backend.statusSet(settableName(status), status.message, app);
    this.backend.finishWrites?.();
    if (app) this.pendingAppStatus = undefined;
    else this.pendingUnitStatus = undefined;
  }
  setWorkloadVersion(version: string): void {
    this.pendingWorkloadVersion = version;
  }

  // --- commit ---------------------------------------------------------------------------------

  /** Writes every changed databag once (only changed keys; no call when nothing changed). */
  flushRelationData(): void {
    for (const [key, pending] of this.pendingBags) {
      const base = this.bagCache.get(key);
      const changed: Record<string, string> = {};
      for (const [k, v] of pending.changes) {
        // Diff against what Juju holds when we read it this hook; otherwise send the write
        // as is (reading first would cost a process to maybe save one).
        if (base === undefined || (base[k] ?? "") !== v) changed[k] = v;
      }
      if (Object.keys(changed).length > 0) this.backend.relationSet(pending.rel, changed, pending.app);
    }
    this.pendingBags.clear();
  }

  /** Applies the last buffered unit and app status and workload version. */
  flushStatus(): void {
    if (this.pendingWorkloadVersion !== undefined) this.backend.applicationVersionSet(this.pendingWorkloadVersion);
    if (this.pendingAppStatus !== undefined) this.backend.statusSet(settableName(this.pendingAppStatus), this.pendingAppStatus.message, true);
    if (this.pendingUnitStatus !== undefined) this.backend.statusSet(settableName(this.pendingUnitStatus), this.pendingUnitStatus.message, false);
    this.pendingWorkloadVersion = undefined;
    this.pendingAppStatus = undefined;
    this.pendingUnitStatus = undefined;
  }
}
