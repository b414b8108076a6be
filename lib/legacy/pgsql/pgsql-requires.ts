/**
 * `PgsqlRequires`: the requirer side of the legacy `pgsql` interface (`db` / `db-admin`
 * endpoints of postgresql-k8s), following docs/protocol.md#legacy-pgsql:
 *
 * - the leader writes `database`, `roles`, `extensions` into the app databag and a shared copy
 *   into the peer relation's app databag; every unit mirrors the request into its unit databag;
 * - readiness per provider databag (request mirrored back, this unit admitted by
 *   `allowed-subnets` or `allowed-units`), master/standbys from the first ready bag in name order;
 * - the legacy events (`masterAvailable` … `databaseGone`, `databaseRelationJoined/Broken`) and
 *   their modern twins (`databaseCreated`, `endpointsChanged`, `databaseRemoved`);
 * - a deprecation warning once per relation.
 *
 * ```ts
 * private readonly db = new PgsqlRequires(this, { relationName: "db", peerRelationName: "peers", database: "webapp" });
 * protected override setup(): void {
 *   this.db.on("databaseCreated", (e) => this.render(e.response.connection()));
 * }
 * ```
 */
import {
  EventSource,
  type CharmBase,
  type Deferrable,
  type EventCodec,
  type JsonObject,
  type Relation,
} from "../../ops/index.js";
import { valueDigest, type RemovedEvent, type ResponseEvent } from "../../requires/index.js";
import { writeChanged } from "../databag-writes.js";
import { PGSQL_INTERFACE, warnOnce } from "../deprecation.js";
import { checkEndpoint } from "../endpoint-check.js";
import { LegacyDataError } from "../legacy-errors.js";
import { legacyPostgreSQLResponse, type LegacyPostgreSQLResponse } from "../modern-response.js";
import { RelationMemory } from "../relation-memory.js";
import { parsePgsqlConnection, type PgsqlConnection } from "./pgsql-connection.js";
import { PGSQL_EVENT_NAMES, type PgsqlDatabaseEvent, type PgsqlEventMap, type PgsqlEventName, type PgsqlRelationEvent } from "./pgsql-events.js";
import { decodeCandidates, selectConnections, type CandidateBag } from "./pgsql-readiness.js";
import { decodeSharedCopy, encodeSharedCopy, normalizeRequest, requestBag, sharedCopyKey, type PgsqlRequest } from "./pgsql-request.js";
import { beforeJoin, brokenEvents, changeEvents, modernChange, type PgsqlAnnounced } from "./pgsql-transitions.js";

/** Options of {@link PgsqlRequires}. */
export interface PgsqlRequiresOptions {
  /** The endpoint with `interface: pgsql` (e.g. `db` or `db-admin`). */
  readonly relationName: string;
  /** A peer endpoint of the charm: its app databag carries the request to non-leader units. */
  readonly peerRelationName: string;
  /** Database to request; empty or absent = the provider's default (postgresql-k8s requires one). */
  readonly database?: string | undefined;
  /** Roles for the relation user. postgresql-k8s blocks on any role (docs/protocol.md#l-08): leave empty for it. */
  readonly roles?: readonly string[] | undefined;
  /** Extensions (`name` or `name:schema`); the provider must have them enabled. */
  readonly extensions?: readonly string[] | undefined;
}

/** What one pgsql relation offers this unit right now. */
export interface PgsqlDatabase {
  /** The relation's id. */
  readonly relationId: number;
  /** Ready master, if any. */
  readonly master: PgsqlConnection | undefined;
  /** Ready standbys. */
  readonly standbys: readonly PgsqlConnection[];
  /** Provider version, if published. */
  readonly version: string | undefined;
  /** The modern-style response (undefined while nothing is ready). */
  readonly response: LegacyPostgreSQLResponse | undefined;
}

/** Leader hooks on which the request is (re)asserted and mirrored. */
const MIRROR_HOOKS = ["leader-elected", "leader-settings-changed", "config-changed", "upgrade-charm"] as const;

/** Events that keep meaning after the relation is gone (restored with no connections). */
const SURVIVES_RELATION: ReadonlySet<PgsqlEventName> = new Set(["masterGone", "standbyGone", "databaseGone", "masterChanged", "standbyChanged", "databaseChanged", "databaseRelationBroken", "databaseRemoved"]);

/** The requirer side of the legacy `pgsql` interface for one endpoint. */
export class PgsqlRequires {
  /** The endpoint this instance serves. */
  readonly relationName: string;
  /** The peer endpoint carrying the shared copy of the request. */
  readonly peerRelationName: string;
  /** The normalised request (lists sorted). */
  readonly request: PgsqlRequest;
  private readonly charm: CharmBase;
  private readonly source: EventSource<PgsqlEventMap>;
  private readonly memory: RelationMemory;
  private problemList: LegacyDataError[] = [];

  /** @throws LegacyConfigError when an endpoint is missing from the charm's metadata. */
  constructor(charm: CharmBase, options: PgsqlRequiresOptions) {
    checkEndpoint(charm, "relationName", options.relationName, ["requires", "provides"]);
    checkEndpoint(charm, "peerRelationName", options.peerRelationName, ["peers"]);
    this.charm = charm;
    this.relationName = options.relationName;
    this.peerRelationName = options.peerRelationName;
    this.request = normalizeRequest(options);
    const path = `legacy.pgsql.${this.relationName}`;
    this.memory = new RelationMemory(charm, path);
    const codecs = {} as { [K in PgsqlEventName]: EventCodec<PgsqlEventMap[K]> };
    for (const name of PGSQL_EVENT_NAMES) (codecs as Record<string, EventCodec<object>>)[name] = this.codecFor(name);
    this.source = new EventSource<PgsqlEventMap>(charm, path, codecs);

    const ep = this.relationName;
    charm.on(`${ep}-relation-created`, (e) => {
      warnOnce(charm.log, this.memory, e.relation, PGSQL_INTERFACE);
      this.mirror(e.relation);
    });
    charm.on(`${ep}-relation-joined`, async (e) => {
      warnOnce(charm.log, this.memory, e.relation, PGSQL_INTERFACE);
      this.mirror(e.relation);
      await this.markJoined(e.relation);
    });
    // relation-changed does not re-mirror: the request only changes in the hooks that mirror
    // (created, joined, leader/config/upgrade hooks, the peer copy changing), which keeps the
    // answer-delivering hook at the reads it needs.
    charm.on(`${ep}-relation-changed`, async (e) => {
      warnOnce(charm.log, this.memory, e.relation, PGSQL_INTERFACE);
      if (!this.memory.get(e.relation.id).joined) {
        // docs/protocol.md#l-06: an answer before any unit joined waits for the join (see beforeJoin).
        if (beforeJoin(e.relation.units.length) === "defer") {
          e.defer();
          return;
        }
        this.mirror(e.relation); // adopted: do what relation-joined would have done
        await this.markJoined(e.relation);
      }
      await this.evaluate(e.relation);
    });
    charm.on(`${ep}-relation-broken`, async (e) => this.broken(e.relation));
    for (const hook of MIRROR_HOOKS) {
      charm.on(hook, () => {
        for (const rel of this.liveRelations()) this.mirror(rel);
      });
    }
    // Non-leaders learn a new or changed request from the shared copy: mirror and re-judge.
    charm.on(`${this.peerRelationName}-relation-changed`, async () => {
      for (const rel of this.liveRelations()) {
        this.mirror(rel);
        if (this.memory.get(rel.id).joined) await this.evaluate(rel);
      }
    });
  }

  /** Observes an event. */
  on<K extends PgsqlEventName>(name: K, handler: (event: PgsqlEventMap[K] & Deferrable) => void | Promise<void>): void {
    this.source.on(name, handler);
  }

  /** What each live relation offers this unit now, by relation id (readiness judged live). */
  databases(): Map<number, PgsqlDatabase> {
    return new Map(this.liveRelations().map((rel) => [rel.id, this.database(rel)]));
  }

  /** The modern-style response of each relation that has something ready. */
  responses(): Map<number, LegacyPostgreSQLResponse> {
    const out = new Map<number, LegacyPostgreSQLResponse>();
    for (const [id, db] of this.databases()) if (db.response !== undefined) out.set(id, db.response);
    return out;
  }

  /** Whether a relation (or, without id, every relation and at least one) has a ready master. */
  isReady(relationId?: number): boolean {
    const dbs = this.databases();
    if (relationId !== undefined) return dbs.get(relationId)?.master !== undefined;
    return dbs.size > 0 && [...dbs.values()].every((d) => d.master !== undefined);
  }

  /** Provider data this hook could not use (also logged at WARNING, without values). */
  problems(): readonly LegacyDataError[] {
    return [...this.problemList];
  }

  // ---- request ------------------------------------------------------------------------------

  private liveRelations(): Relation[] {
    return this.charm.model.relations(this.relationName);
  }

  private peer(): Relation | undefined {
    return this.charm.model.relations(this.peerRelationName)[0];
  }

  /** The request as this unit knows it: the options on the leader, the shared copy elsewhere. */
  private want(rel: Relation): PgsqlRequest | undefined {
    if (this.charm.unit.isLeader()) return this.request;
    const decoded = decodeSharedCopy(this.peer()?.localApp.get(sharedCopyKey(this.relationName, rel.id)));
    if (decoded !== undefined && "problem" in decoded) {
      this.report(new LegacyDataError(rel.toString(), "peer copy", sharedCopyKey(this.relationName, rel.id), decoded.problem));
      return undefined;
    }
    return decoded;
  }

  /** docs/protocol.md#l-01, docs/protocol.md#l-02: the leader writes the request (app databag, shared copy); every unit mirrors it. */
  private mirror(rel: Relation): void {
    if (this.charm.unit.isLeader()) {
      writeChanged(rel.localApp, requestBag(this.request));
      const peer = this.peer();
      if (peer === undefined) this.charm.log.debug(`${rel.toString()}: no "${this.peerRelationName}" relation yet; non-leader units cannot learn the pgsql request`);
      else writeChanged(peer.localApp, { [sharedCopyKey(this.relationName, rel.id)]: encodeSharedCopy(this.request) });
    }
    const want = this.want(rel);
    if (want !== undefined) writeChanged(rel.localUnit, requestBag(want));
  }

  // ---- readiness and events -----------------------------------------------------------------

  private async markJoined(rel: Relation): Promise<void> {
    if (this.memory.get(rel.id).joined) return;
    this.memory.update(rel.id, { joined: true });
    await this.source.emit("databaseRelationJoined", this.relationPayload(rel));
  }

  private database(rel: Relation): PgsqlDatabase {
    const want = this.want(rel);
    if (want === undefined) return { relationId: rel.id, master: undefined, standbys: [], version: undefined, response: undefined };
    const candidates: CandidateBag[] = [];
    const remoteApp = rel.remoteApp;
    if (remoteApp !== undefined) candidates.push({ name: remoteApp, data: rel.remoteAppData().toObject() });
    for (const unit of rel.units) candidates.push({ name: unit, data: rel.remoteUnitData(unit).toObject() });
    const decoded = decodeCandidates(candidates);
    for (const c of decoded) if (!c.ok) this.report(new LegacyDataError(rel.toString(), c.name, "(databag)", c.problems));

    const parsed = new Map<string, PgsqlConnection | undefined>();
    const parse = (text: string, from: string, field: string): PgsqlConnection | undefined => {
      if (!parsed.has(text)) {
        try {
          parsed.set(text, parsePgsqlConnection(text, field));
        } catch (error) {
          this.report(new LegacyDataError(rel.toString(), from, field, (error as Error).message));
          parsed.set(text, undefined);
        }
      }
      return parsed.get(text);
    };
    const usable = new Map<string, boolean>();
    for (const c of decoded) {
      if (!c.ok) continue;
      if (c.bag.master !== undefined) usable.set(c.bag.master, parse(c.bag.master, c.name, "master") !== undefined);
      (c.bag.standbys ?? []).forEach((line, i) => usable.set(line, parse(line, c.name, `standbys[${i}]`) !== undefined));
    }
    const unit = { unitName: this.charm.unit.name, egressSubnets: rel.localUnit.get("egress-subnets") };
    const selection = selectConnections(decoded, want, unit, (text) => usable.get(text) === true);
    const master = selection.master === undefined ? undefined : parsed.get(selection.master.text);
    const standbys = (selection.standbys?.lines ?? []).map((l) => parsed.get(l)).filter((c): c is PgsqlConnection => c !== undefined);
    const versionOf = (name: string | undefined): string | undefined => {
      const c = decoded.find((d) => d.name === name);
      return c?.ok === true ? c.bag.version : undefined;
    };
    const version = versionOf(remoteApp) ?? versionOf(selection.master?.from) ?? versionOf(selection.standbys?.from);
    return { relationId: rel.id, master, standbys, version, response: responseOf(rel.toString(), master, standbys, version) };
  }

  private async evaluate(rel: Relation): Promise<void> {
    const db = this.database(rel);
    const before = this.memory.get(rel.id);
    const prev: PgsqlAnnounced = { master: before.primary, standbys: before.standbys };
    const next: PgsqlAnnounced = {
      master: db.master === undefined ? null : valueDigest("master", db.master.text()),
      standbys: db.standbys.length === 0 ? null : valueDigest("standbys", db.standbys.map((s) => s.text()).join("\n")),
    };
    this.memory.update(rel.id, { primary: next.master, standbys: next.standbys });
    const payload = this.databasePayload(rel, db);
    for (const name of changeEvents(prev, next)) await this.source.emit(name, payload);
    const modern = modernChange(prev, next);
    if (modern === "databaseRemoved") await this.source.emit("databaseRemoved", this.basePayload(rel));
    else if (modern !== undefined && db.response !== undefined) await this.source.emit(modern, this.responsePayload(rel, db.response));
  }

  private async broken(rel: Relation): Promise<void> {
    const before = this.memory.get(rel.id);
    const prev: PgsqlAnnounced = { master: before.primary, standbys: before.standbys };
    this.memory.forget(rel.id);
    if (this.charm.unit.isLeader()) {
      const peer = this.peer();
      if (peer !== undefined) writeChanged(peer.localApp, { [sharedCopyKey(this.relationName, rel.id)]: "" });
    }
    const empty: PgsqlDatabase = { relationId: rel.id, master: undefined, standbys: [], version: undefined, response: undefined };
    const payload = this.databasePayload(rel, empty);
    for (const name of brokenEvents(prev)) await this.source.emit(name, payload);
    if (modernChange(prev, { master: null, standbys: null }) === "databaseRemoved") await this.source.emit("databaseRemoved", this.basePayload(rel));
    await this.source.emit("databaseRelationBroken", this.relationPayload(rel));
  }

  private report(error: LegacyDataError): void {
    if (this.problemList.some((p) => p.message === error.message)) return;
    this.problemList.push(error);
    this.charm.log.warning(error.message);
  }

  // ---- payloads and deferral ----------------------------------------------------------------

  private basePayload(rel: Relation | number): RemovedEvent {
    const id = typeof rel === "number" ? rel : rel.id;
    const remoteApp = typeof rel === "number" ? undefined : rel.remoteApp;
    return Object.freeze({ relationId: id, relationName: this.relationName, remoteApp, alias: undefined });
  }

  private relationPayload(rel: Relation | number): PgsqlRelationEvent {
    const want = typeof rel === "number" ? this.request : (this.want(rel) ?? this.request);
    return Object.freeze({ ...this.basePayload(rel), database: want.database, roles: want.roles, extensions: want.extensions });
  }

  private databasePayload(rel: Relation | number, db: PgsqlDatabase): PgsqlDatabaseEvent {
    return Object.freeze({ ...this.relationPayload(rel), master: db.master, standbys: Object.freeze([...db.standbys]), version: db.version });
  }

  private responsePayload(rel: Relation, response: LegacyPostgreSQLResponse): ResponseEvent<LegacyPostgreSQLResponse> {
    return Object.freeze({ ...this.basePayload(rel), response, requestId: undefined });
  }

  /** Deferred events keep only the relation id and are rebuilt from live data (never secrets). */
  private codecFor<K extends PgsqlEventName>(name: K): EventCodec<PgsqlEventMap[K]> {
    return {
      snapshot: (p) => ({ relationId: p.relationId }) satisfies JsonObject,
      restore: (s) => this.restore(name, s) as PgsqlEventMap[K] | undefined,
    };
  }

  private restore(name: PgsqlEventName, s: JsonObject): object | undefined {
    const id = s["relationId"];
    if (typeof id !== "number") return undefined;
    const rel = this.liveRelations().find((r) => r.id === id);
    if (rel === undefined) {
      if (!SURVIVES_RELATION.has(name)) return undefined; // the relation is gone: drop it
      if (name === "databaseRemoved") return this.basePayload(id);
      if (name === "databaseRelationBroken") return this.relationPayload(id);
      return this.databasePayload(id, { relationId: id, master: undefined, standbys: [], version: undefined, response: undefined });
    }
    if (name === "databaseRelationJoined" || name === "databaseRelationBroken") return this.relationPayload(rel);
    if (name === "databaseRemoved") return this.basePayload(rel);
    const db = this.database(rel);
    if (name === "databaseCreated" || name === "endpointsChanged") return db.response === undefined ? undefined : this.responsePayload(rel, db.response);
    return this.databasePayload(rel, db);
  }
}

/** The modern-style response: master = read-write side, standbys = read-only side. */
function responseOf(relation: string, master: PgsqlConnection | undefined, standbys: readonly PgsqlConnection[], version: string | undefined): LegacyPostgreSQLResponse | undefined {
  const base = master ?? standbys[0];
  if (base === undefined) return undefined;
  const facts = {
    ...base.facts,
    endpoints: master?.facts.endpoints ?? [],
    readOnlyEndpoints: standbys.flatMap((s) => s.facts.endpoints),
  };
  const defaults = {
    ...(base.sslmode === undefined ? {} : { sslmode: base.sslmode }),
    ...(base.applicationName === undefined ? {} : { applicationName: base.applicationName }),
  };
  return legacyPostgreSQLResponse({ relation, facts, version, defaults });
}

