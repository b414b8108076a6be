/**
 * database-provider: a charm that plays the database side of `postgresql_client` (endpoint
 * `database`) and `mysql_client` (endpoint `mysql-database`) the way the Canonical providers do
 * (docs/protocol.md#v0-answer, docs/protocol.md#secrets, docs/protocol.md#postgresql, docs/protocol.md#mysql), backed by a real server it administers:
 *
 * - waits until the requirer's `database` is visible, then creates a real user
 *   `<user-prefix><relation id>` with a random password and the database;
 * - publishes `endpoints`, `read-only-endpoints`, `version`, `database` and `data`, and the
 *   credentials in a `user` secret granted to the relation (`secret-user`), or in plaintext in the
 *   databag when the requirer sent no `requested-secrets` (Juju 2.9);
 * - with config `tls` on, publishes `tls`/`tls-ca` (a `tls` secret, or plaintext);
 * - action `rotate-password`: a new password in the database and a new revision of the same secret;
 * - relation-broken: drops the user.
 *
 * With config `profile` set (src/profiles/, docs/provider-profiles.md) it answers instead as one
 * real Canonical charm does (src/profile-provider.ts), on that charm's endpoint only.
 *
 * Only the leader acts. Secret values never reach logs, statuses or action results.
 */
import { createHash, randomInt } from "node:crypto";
import * as z from "zod/mini";
import { formatLibpqUri, formatMysqlshUri } from "charm-data-interfaces";
import { ActiveStatus, BlockedStatus, CharmBase, WaitingStatus, type Relation, type RelationEvent } from "charm-data-interfaces/ops";
import { DatabaseServerError, type DatabaseServer } from "./database-server.js";
import { serverFor } from "./server-loader.js";
import { RelationRecords, type RelationRecord } from "./relation-records.js";
import { ProfileProvider } from "./profile-provider.js";
import { PROFILES, profileByName } from "./profiles/index.js";

/** The endpoints this charm serves without a profile, and the engine behind each. */
const ENDPOINTS = { database: "postgresql", "mysql-database": "mysql" } as const;
type ServedEndpoint = keyof typeof ENDPOINTS;
/** Endpoints only profiles answer on (mongodb_client, and mongos_client where the router is the Juju requirer). */
const PROFILE_ONLY_ENDPOINTS = ["mongodb-database", "mongos-proxy"] as const;

const RequestedSecrets = z.array(z.string());
const RotateParams = z.object({ "relation-id": z.optional(z.int()) });
const PASSWORD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** 16 random letters and digits, as postgresql-k8s generates them. */
function newPassword(): string {
  let out = "";
  for (let i = 0; i < 16; i++) out += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return out;
}

/** The requirer's `requested-secrets` (a JSON array); absent or malformed means none: plaintext fallback. */
function requestedSecrets(raw: string | undefined): string[] {
  if (raw === undefined || raw === "") return [];
  try {
    const parsed = RequestedSecrets.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** The provider charm (src/main.ts runs it). */
export class DatabaseProviderCharm extends CharmBase {
  private readonly records = this.storedState("database-provider", { relations: {} as RelationRecords });

  protected override setup(): void {
    for (const endpoint of [...(Object.keys(ENDPOINTS) as ServedEndpoint[]), ...PROFILE_ONLY_ENDPOINTS]) {
      this.on(`${endpoint}-relation-changed`, (e) => {
        const profiled = this.profiled();
        if (profiled === "unknown") return this.refuseUnknownProfile();
        if (profiled !== undefined) {
          if (e.relation.name !== profiled.endpoint) return this.refuseEndpoint(e.relation);
          // A subordinate's every unit says it is ready; the rest is the leader's job.
          if (!this.unit.isLeader()) return profiled.subordinated ? e.relation.localUnit.set("state", "ready") : undefined;
          return this.guard(e, () => this.provider(profiled).serve(e.relation));
        }
        if (endpoint in ENDPOINTS) return this.guard(e, () => this.serve(endpoint as ServedEndpoint, e.relation));
      });
      this.on(`${endpoint}-relation-broken`, (e) => {
        const profiled = this.profiled();
        if (profiled !== undefined && profiled !== "unknown") return this.guard(e, () => this.provider(profiled).release(e.relation));
        if (endpoint in ENDPOINTS) return this.guard(e, () => this.release(e.relation));
      });
    }
    this.on("config-changed", async () => {
      const profiled = this.profiled();
      if (profiled === "unknown") return this.refuseUnknownProfile();
      if (profiled === undefined) return this.syncAllTls();
      if (!this.unit.isLeader()) return;
      try {
        await this.provider(profiled).configChanged();
        this.unit.setStatus(this.summary());
      } catch (error) {
        if (!(error instanceof DatabaseServerError)) throw error;
        this.log.error(error.message);
        this.unit.setStatus(new BlockedStatus(error.message));
      }
    });
    this.on("action:rotate-password", async (e) => {
      const profiled = this.profiled();
      // The real charms' set-password covers their internal users only (docs/provider-profiles.md).
      if (profiled !== undefined) {
        return e.fail(`profile ${profiled === "unknown" ? String(this.config["profile"]) : profiled.name} cannot rotate a relation user in place, as the real charm cannot: remove the relation and integrate again`);
      }
      if (!this.unit.isLeader()) return e.fail("only the leader can rotate passwords");
      const { "relation-id": only } = e.parseParams(RotateParams);
      const rotated: string[] = [];
      for (const [id, record] of Object.entries(this.all())) {
        if (only !== undefined && Number(id) !== only) continue;
        const relation = this.model.getRelation(record.endpoint, Number(id));
        if (relation === undefined) continue;
        try {
          await this.rotate(relation, record);
        } catch (error) {
          if (error instanceof DatabaseServerError) return e.fail(error.message);
          throw error;
        }
        rotated.push(`${record.endpoint}:${id}`);
      }
      if (only !== undefined && rotated.length === 0) return e.fail(`no served relation with id ${only}`);
      e.setResults({ rotated: rotated.join(",") });
    });
  }

  /** Runs a relation handler; a server error blocks the unit and defers the event instead of failing the hook. */
  private async guard(event: RelationEvent, run: () => Promise<void>): Promise<void> {
    if (!this.unit.isLeader()) return;
    try {
      await run();
      this.unit.setStatus(this.summary());
    } catch (error) {
      if (!(error instanceof DatabaseServerError)) throw error;
      this.log.error(`${event.relation}: ${error.message}`);
      this.unit.setStatus(new BlockedStatus(error.message));
      if (!event.kind.endsWith("-relation-broken")) event.defer();
    }
  }

  /** The configured profile, undefined without one, "unknown" for a name no profile has. */
  private profiled(): ReturnType<typeof profileByName> | "unknown" {
    const name = String(this.config["profile"] ?? "");
    if (name === "") return undefined;
    return profileByName(name) ?? "unknown";
  }

  private refuseUnknownProfile(): void {
    const message = `unknown profile "${String(this.config["profile"])}" (one of ${PROFILES.map((p) => p.name).join(", ")})`;
    this.log.error(message);
    this.unit.setStatus(new BlockedStatus(message));
  }

  private refuseEndpoint(relation: Relation): void {
    const profiled = this.profiled();
    if (profiled === undefined || profiled === "unknown" || !this.unit.isLeader()) return;
    const message = `profile ${profiled.name} answers on "${profiled.endpoint}" only; ${relation} is left unanswered`;
    this.log.warning(message);
    this.unit.setStatus(new BlockedStatus(message));
  }

  private provider(profile: NonNullable<ReturnType<typeof profileByName>>): ProfileProvider {
    return new ProfileProvider(profile, {
      charm: this,
      server: (engine) => this.server(engine === "mysql" ? "mysql-database" : "database"),
      records: () => this.all(),
      remember: (id, record) => this.remember(id, record),
      useSecrets: (request) => requestedSecrets(request["requested-secrets"]).length > 0 && this.model.jujuVersion.hasSecrets,
    });
  }

  /** Active with the number of served relations, or waiting while a live relation has sent no database name yet. */
  private summary(): ActiveStatus | WaitingStatus {
    const served = this.all();
    const profiled = this.profiled();
    const endpoints = profiled !== undefined && profiled !== "unknown" ? [profiled.endpoint] : Object.keys(ENDPOINTS);
    for (const endpoint of endpoints) {
      const waiting = this.model.relations(endpoint).find((r) => r.active && served[String(r.id)] === undefined);
      if (waiting !== undefined) return new WaitingStatus(`${waiting}: waiting for the requirer's database name`);
    }
    const count = Object.keys(served).length;
    const serving = `serving ${count} relation${count === 1 ? "" : "s"}`;
    if (profiled === undefined || profiled === "unknown") return new ActiveStatus(serving);
    // MongoDB profiles say plainly that nothing answers on the published endpoints.
    return new ActiveStatus(`${serving} as ${profiled.name}${profiled.engine === "mongodb" ? " (no MongoDB server: credentials only)" : ""}`);
  }

  private server(endpoint: string): Promise<DatabaseServer> {
    const engine = ENDPOINTS[endpoint as ServedEndpoint] ?? "postgresql";
    const c = this.config;
    const login = {
      host: String(c[`${engine}-host`] ?? "127.0.0.1"),
      port: Number(c[`${engine}-port`] ?? (engine === "mysql" ? 3306 : 5432)),
      user: String(c[`${engine}-admin-user`] ?? ""),
      password: String(c[`${engine}-admin-password`] ?? "") || undefined,
    };
    return serverFor(engine, login);
  }

  private all(): RelationRecords {
    return RelationRecords.parse(this.records.get().relations);
  }

  private remember(id: number, record: RelationRecord | undefined): void {
    const next = { ...this.all() };
    if (record === undefined) delete next[String(id)];
    else next[String(id)] = record;
    this.records.set({ relations: next });
  }

  /** relation-changed: answer the request once; afterwards only keep TLS in line with the config. */
  private async serve(endpoint: ServedEndpoint, relation: Relation): Promise<void> {
    const existing = this.all()[String(relation.id)];
    if (existing !== undefined) return this.syncTls(relation, existing);
    const request = relation.remoteAppData().toObject();
    const database = request["database"];
    if (database === undefined || database === "") {
      this.log.debug(`${relation}: waiting for the requirer's database name`);
      return;
    }
    const requested = requestedSecrets(request["requested-secrets"]);
    const useSecrets = requested.length > 0 && this.model.jujuVersion.hasSecrets;
    const user = `${String(this.config["user-prefix"] ?? "relation_id_")}${relation.id}`;
    const server = await this.server(endpoint);
    const password = newPassword();
    await server.provision(user, password, database);
    const version = await server.version();
    const record: RelationRecord = {
      endpoint,
      user,
      database,
      mode: useSecrets ? "secrets" : "databag",
      readOnlyUris: requested.includes("read-only-uris"),
      userSecret: "",
      tlsSecret: "",
      tlsState: "",
      profile: "",
    };
    const address = `${server.address.host}:${server.address.port}`;
    const bag = relation.localApp;
    bag.update({ endpoints: address, "read-only-endpoints": address, version, database, data: JSON.stringify(request) });
    const credentials = this.credentials(server, record, password);
    if (useSecrets) {
      const secret = this.app.addSecret(credentials, { label: `${endpoint}.${relation.id}.user.secret` });
      secret.grant(relation);
      record.userSecret = secret.id ?? "";
      bag.set("secret-user", record.userSecret);
    } else {
      bag.update(credentials);
    }
    this.log.info(`${relation}: created user ${user} and database ${database} (${record.mode})`);
    this.syncTls(relation, record);
  }

  /** The `user` group: username, password and URIs in the engine's format. */
  private credentials(server: DatabaseServer, record: RelationRecord, password: string): Record<string, string> {
    const { host, port } = server.address;
    const uri =
      server.engine === "mysql"
        ? formatMysqlshUri({ user: record.user, password, host: { host, port }, database: record.database })
        : formatLibpqUri({ user: record.user, password, hosts: [{ host, port }], database: record.database, params: {} });
    return { username: record.user, password, uris: uri, ...(record.readOnlyUris ? { "read-only-uris": uri } : {}) };
  }

  private async rotate(relation: Relation, record: RelationRecord): Promise<void> {
    const server = await this.server(record.endpoint);
    const password = newPassword();
    await server.changePassword(record.user, password);
    const credentials = this.credentials(server, record, password);
    if (record.mode === "secrets") this.model.getSecret({ id: record.userSecret }).setContent(credentials);
    else relation.localApp.update(credentials);
    this.log.info(`${relation}: rotated the password of ${record.user}`);
  }

  /** relation-broken: drop the user and the secrets handed to the relation. */
  private async release(relation: Relation): Promise<void> {
    const record = this.all()[String(relation.id)];
    if (record === undefined) return;
    await (await this.server(record.endpoint)).dropUser(record.user, record.database);
    for (const id of [record.userSecret, record.tlsSecret]) if (id !== "") this.model.getSecret({ id }).remove();
    this.remember(relation.id, undefined);
    this.log.info(`${relation}: dropped user ${record.user}`);
  }

  private syncAllTls(): void {
    if (!this.unit.isLeader()) return;
    for (const [id, record] of Object.entries(this.all())) {
      const relation = this.model.getRelation(record.endpoint, Number(id));
      if (relation !== undefined) this.syncTls(relation, record);
    }
  }

  /** Publishes `tls`/`tls-ca` when the config differs from what the relation was last told; stores the record. */
  private syncTls(relation: Relation, record: RelationRecord): void {
    const on = this.config["tls"] === true;
    const ca = String(this.config["tls-ca"] ?? "");
    const wanted = on ? `on:${createHash("sha256").update(ca).digest("hex")}` : "off";
    // Nothing to announce while TLS was never on.
    if (wanted === record.tlsState || (record.tlsState === "" && !on)) return this.remember(relation.id, record);
    const content: Record<string, string> = on ? { tls: "True", ...(ca === "" ? {} : { "tls-ca": ca }) } : { tls: "False" };
    const next = { ...record, tlsState: wanted };
    if (record.mode === "secrets") {
      if (record.tlsSecret === "") {
        const secret = this.app.addSecret(content, { label: `${record.endpoint}.${relation.id}.tls.secret` });
        secret.grant(relation);
        next.tlsSecret = secret.id ?? "";
        relation.localApp.set("secret-tls", next.tlsSecret);
      } else {
        this.model.getSecret({ id: record.tlsSecret }).setContent(content);
      }
    } else {
      relation.localApp.update({ tls: content["tls"] ?? "False", "tls-ca": content["tls-ca"] ?? "" });
    }
    this.log.info(`${relation}: announced tls=${on ? "on" : "off"}`);
    this.remember(relation.id, next);
  }
}
