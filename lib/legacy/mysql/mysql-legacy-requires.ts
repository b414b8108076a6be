/**
 * `MySQLLegacyRequires`: the requirer side of the legacy `mysql` interface, served by
 * mysql-k8s on its `mysql` and `mysql-root` endpoints (docs/protocol.md#legacy-mysql). The requirer writes nothing (docs/protocol.md#m-01);
 * it reads `user`, `password`, `host`, `port`, `database` (and, with `root: true`,
 * `root_password`) from the provider's UNIT databags, picks one complete bag consistently
 * (docs/protocol.md#m-02, docs/protocol.md#m-03) and emits `databaseAvailable` / `databaseChanged` / `databaseGone` plus their
 * modern twins `databaseCreated` / `endpointsChanged` / `databaseRemoved` (docs/protocol.md#m-04).
 *
 * ```ts
 * private readonly db = new MySQLLegacyRequires(this, { relationName: "mysql" });
 * protected override setup(): void {
 *   this.db.on("databaseCreated", (e) => this.render(e.response.connection()));
 * }
 * ```
 */
import { EventSource, type CharmBase, type Deferrable, type EventCodec, type JsonObject, type Relation } from "../../ops/index.js";
import type { RelationEventBase, RemovedEvent, ResponseEvent } from "../../requires/index.js";
import { mysqlConnection, mysqlConnectionUri, type ConnectionFacts, type MySqlConnectionConfig, type MySqlConnectionOptions } from "../../engines/index.js";
import { MYSQL_INTERFACE, warnOnce } from "../deprecation.js";
import { checkEndpoint } from "../endpoint-check.js";
import { LegacyDataError } from "../legacy-errors.js";
import { legacyMySQLResponse, type LegacyMySQLResponse } from "../modern-response.js";
import { RelationMemory } from "../relation-memory.js";
import { chooseCredentials, credentialsDigest, credentialsFacts, judgeUnitBag, type MysqlLegacyCredentials } from "./mysql-credentials.js";

/** Options of {@link MySQLLegacyRequires}. */
export interface MySQLLegacyRequiresOptions {
  /** The endpoint with `interface: mysql`. */
  readonly relationName: string;
  /** The relation is to a `mysql-root` endpoint: expose `root_password` (a secret) to the charm. */
  readonly root?: boolean | undefined;
}

/** Complete credentials of one relation, with the engines' builders. Serialising hides secrets. */
export interface MysqlLegacyConnection extends MysqlLegacyCredentials {
  /** Engine facts for the relation user. */
  readonly facts: ConnectionFacts;
  /** mysql2 options for the relation user. */
  connection(options?: MySqlConnectionOptions): MySqlConnectionConfig;
  /** MySQL Shell URI for the relation user (contains the password). */
  uri(options?: MySqlConnectionOptions): string;
  /** mysql2 options for `root` with `root_password` (root adapters only; undefined otherwise). */
  rootConnection(options?: MySqlConnectionOptions): MySqlConnectionConfig | undefined;
}

/** Payload of `databaseAvailable` / `databaseChanged` / `databaseGone`. */
export interface MysqlLegacyEvent extends RelationEventBase {
  /** The chosen complete credentials; undefined after `databaseGone`. */
  readonly credentials: MysqlLegacyConnection | undefined;
}

/** Payload type of every {@link MySQLLegacyRequires} event, by name. */
export type MysqlLegacyEventMap = {
  /** A complete credential set appeared. */
  readonly databaseAvailable: MysqlLegacyEvent;
  /** host, port, user, password, database (or root_password) changed. */
  readonly databaseChanged: MysqlLegacyEvent;
  /** No complete credential set is left (departed units, relation-broken). */
  readonly databaseGone: MysqlLegacyEvent;
  /** Modern twin of `databaseAvailable`. */
  readonly databaseCreated: ResponseEvent<LegacyMySQLResponse>;
  /** Modern twin of `databaseChanged`. */
  readonly endpointsChanged: ResponseEvent<LegacyMySQLResponse>;
  /** Modern twin of `databaseGone`. */
  readonly databaseRemoved: RemovedEvent;
};

/** Every {@link MySQLLegacyRequires} event name. */
export type MysqlLegacyEventName = keyof MysqlLegacyEventMap;

const EVENT_NAMES: readonly MysqlLegacyEventName[] = ["databaseAvailable", "databaseChanged", "databaseGone", "databaseCreated", "endpointsChanged", "databaseRemoved"];

/** The requirer side of the legacy `mysql` interface (`mysql` or `mysql-root`) for one endpoint. */
export class MySQLLegacyRequires {
  /** The endpoint this instance serves. */
  readonly relationName: string;
  /** Whether `root_password` is read. */
  readonly root: boolean;
  private readonly charm: CharmBase;
  private readonly source: EventSource<MysqlLegacyEventMap>;
  private readonly memory: RelationMemory;
  private problemList: LegacyDataError[] = [];

  /** @throws LegacyConfigError when the endpoint is missing from the charm's metadata. */
  constructor(charm: CharmBase, options: MySQLLegacyRequiresOptions) {
    checkEndpoint(charm, "relationName", options.relationName, ["requires", "provides"]);
    this.charm = charm;
    this.relationName = options.relationName;
    this.root = options.root === true;
    const path = `legacy.mysql.${this.relationName}`;
    this.memory = new RelationMemory(charm, path);
    const codecs = {} as { [K in MysqlLegacyEventName]: EventCodec<MysqlLegacyEventMap[K]> };
    for (const name of EVENT_NAMES) (codecs as Record<string, EventCodec<object>>)[name] = this.codecFor(name);
    this.source = new EventSource<MysqlLegacyEventMap>(charm, path, codecs);

    const ep = this.relationName;
    charm.on(`${ep}-relation-created`, (e) => warnOnce(charm.log, this.memory, e.relation, MYSQL_INTERFACE));
    charm.on(`${ep}-relation-joined`, async (e) => this.evaluate(e.relation, e.unit, undefined));
    charm.on(`${ep}-relation-changed`, async (e) => this.evaluate(e.relation, e.unit, undefined));
    charm.on(`${ep}-relation-departed`, async (e) => this.evaluate(e.relation, undefined, e.departingUnit));
    charm.on(`${ep}-relation-broken`, async (e) => this.broken(e.relation));
  }

  /** Observes an event. */
  on<K extends MysqlLegacyEventName>(name: K, handler: (event: MysqlLegacyEventMap[K] & Deferrable) => void | Promise<void>): void {
    this.source.on(name, handler);
  }

  /** The credentials each live relation offers now (the remembered choice, else the rule of docs/protocol.md#m-03), by relation id. */
  credentials(): Map<number, MysqlLegacyConnection> {
    const out = new Map<number, MysqlLegacyConnection>();
    for (const rel of this.charm.model.relations(this.relationName)) {
      const chosen = this.choose(rel, undefined, undefined);
      if (chosen !== undefined) out.set(rel.id, chosen);
    }
    return out;
  }

  /** The modern-style response of each relation that has credentials. */
  responses(): Map<number, LegacyMySQLResponse> {
    return new Map([...this.credentials()].map(([id, c]) => [id, responseOf(`${this.relationName}:${id}`, c)]));
  }

  /** Provider data this hook could not use (also logged at WARNING, without values). */
  problems(): readonly LegacyDataError[] {
    return [...this.problemList];
  }

  private choose(rel: Relation, trigger: string | undefined, departing: string | undefined): MysqlLegacyConnection | undefined {
    const verdicts = rel.units
      .filter((u) => u !== departing)
      .map((unit) => judgeUnitBag(unit, rel.remoteUnitData(unit).toObject(), this.root));
    for (const v of verdicts) if (v.state === "invalid") this.report(new LegacyDataError(rel.toString(), v.unit, "(databag)", v.problems));
    const previous = this.memory.get(rel.id).unit ?? undefined;
    const chosen = chooseCredentials(verdicts, previous, trigger);
    return chosen === undefined ? undefined : withHelpers(chosen);
  }

  private async evaluate(rel: Relation, trigger: string | undefined, departing: string | undefined): Promise<void> {
    warnOnce(this.charm.log, this.memory, rel, MYSQL_INTERFACE);
    const chosen = this.choose(rel, trigger, departing);
    const before = this.memory.get(rel.id).primary;
    const after = chosen === undefined ? null : credentialsDigest(chosen);
    this.memory.update(rel.id, { primary: after, unit: chosen?.unit ?? null });
    if (before === after) return;
    const payload = this.eventPayload(rel, chosen);
    if (before === null && chosen !== undefined) {
      await this.source.emit("databaseAvailable", payload);
      await this.source.emit("databaseCreated", this.responsePayload(rel, chosen));
    } else if (chosen !== undefined) {
      await this.source.emit("databaseChanged", payload);
      await this.source.emit("endpointsChanged", this.responsePayload(rel, chosen));
    } else {
      await this.source.emit("databaseGone", payload);
      await this.source.emit("databaseRemoved", this.basePayload(rel));
    }
  }

  private async broken(rel: Relation): Promise<void> {
    const known = this.memory.get(rel.id).primary !== null;
    this.memory.forget(rel.id);
    if (!known) return;
    await this.source.emit("databaseGone", this.eventPayload(rel, undefined));
    await this.source.emit("databaseRemoved", this.basePayload(rel));
  }

  private report(error: LegacyDataError): void {
    if (this.problemList.some((p) => p.message === error.message)) return;
    this.problemList.push(error);
    this.charm.log.warning(error.message);
  }

  private basePayload(rel: Relation | number): RemovedEvent {
    const id = typeof rel === "number" ? rel : rel.id;
    return Object.freeze({ relationId: id, relationName: this.relationName, remoteApp: typeof rel === "number" ? undefined : rel.remoteApp, alias: undefined });
  }

  private eventPayload(rel: Relation | number, credentials: MysqlLegacyConnection | undefined): MysqlLegacyEvent {
    return Object.freeze({ ...this.basePayload(rel), credentials });
  }

  private responsePayload(rel: Relation, c: MysqlLegacyConnection): ResponseEvent<LegacyMySQLResponse> {
    return Object.freeze({ ...this.basePayload(rel), response: responseOf(rel.toString(), c), requestId: undefined });
  }

  /** Deferred events keep only the relation id and are rebuilt from live data (never secrets). */
  private codecFor<K extends MysqlLegacyEventName>(name: K): EventCodec<MysqlLegacyEventMap[K]> {
    return {
      snapshot: (p) => ({ relationId: p.relationId }) satisfies JsonObject,
      restore: (s) => this.restore(name, s) as MysqlLegacyEventMap[K] | undefined,
    };
  }

  private restore(name: MysqlLegacyEventName, s: JsonObject): object | undefined {
    const id = s["relationId"];
    if (typeof id !== "number") return undefined;
    const rel = this.charm.model.relations(this.relationName).find((r) => r.id === id);
    if (name === "databaseRemoved") return this.basePayload(rel ?? id);
    if (name === "databaseGone") return this.eventPayload(rel ?? id, undefined);
    if (rel === undefined) return undefined;
    const chosen = this.choose(rel, undefined, undefined);
    if (chosen === undefined) return undefined;
    if (name === "databaseCreated" || name === "endpointsChanged") return this.responsePayload(rel, chosen);
    return this.eventPayload(rel, chosen);
  }
}

function withHelpers(c: MysqlLegacyCredentials): MysqlLegacyConnection {
  const facts = credentialsFacts(c);
  const rootPassword = c.rootPassword;
  const connection: MysqlLegacyConnection = {
    ...c,
    facts,
    connection: (options = {}) => mysqlConnection(facts, options),
    uri: (options = {}) => mysqlConnectionUri(facts, options),
    rootConnection: (options = {}) => (rootPassword === undefined ? undefined : mysqlConnection({ ...facts, username: "root", password: rootPassword }, options)),
  };
  const safe = (): Record<string, unknown> => ({ unit: c.unit, host: c.host, port: c.port, user: c.user, database: c.database, password: "<redacted>", ...(rootPassword === undefined ? {} : { rootPassword: "<redacted>" }) });
  Object.defineProperty(connection, "toJSON", { value: safe, enumerable: false });
  return Object.freeze(connection);
}

function responseOf(relation: string, c: MysqlLegacyConnection): LegacyMySQLResponse {
  return legacyMySQLResponse({ relation, facts: c.facts });
}
