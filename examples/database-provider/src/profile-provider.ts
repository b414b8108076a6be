/**
 * The Juju side of provider profiles (src/profiles/): answers a relation the way the profile's
 * real charm does, keeps the TLS announcements in line with the config as that charm does, and
 * drops the user when the relation goes. What differs between charms lives in the profile; this
 * module only does what every data_interfaces provider does (secrets with the library's labels,
 * granted to the relation; plaintext in the databag for requirers without `requested-secrets`).
 *
 * No profile rotates a relation user in place: the real charms' set-password actions cover their
 * own internal users only, so a new password means remove-relation and integrate again.
 */
import { createHash, randomInt } from "node:crypto";
import type { CharmBase, Relation } from "charm-data-interfaces/ops";
import type { DatabaseServer } from "./database-server.js";
import type { RelationRecord, RelationRecords } from "./relation-records.js";
import type { AnswerContext, ProfileOptions, ProviderProfile } from "./profiles/index.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** What the profile provider needs from the charm. */
export interface ProfileHost {
  readonly charm: CharmBase;
  /** The administered server of `engine` (config `<engine>-*`). */
  server(engine: "postgresql" | "mysql"): Promise<DatabaseServer>;
  records(): RelationRecords;
  remember(id: number, record: RelationRecord | undefined): void;
  /** Whether the requirer's `requested-secrets` asks for secrets and the model has them. */
  useSecrets(request: Readonly<Record<string, string>>): boolean;
}

function password(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

const sha = (text: string): string => createHash("sha256").update(text).digest("hex");

/** Serves relations as `profile`'s charm does. */
export class ProfileProvider {
  constructor(
    private readonly profile: ProviderProfile,
    private readonly host: ProfileHost,
  ) {}

  private get charm(): CharmBase {
    return this.host.charm;
  }

  private options(): ProfileOptions {
    const c = this.charm.config;
    return {
      pgbouncerPort: Number(c["pgbouncer-port"] ?? 6432),
      routerRwPort: Number(c["router-rw-port"] ?? 6446),
      routerRoPort: Number(c["router-ro-port"] ?? 6447),
      routerSocketDir: String(c["router-socket-dir"] ?? "/var/snap/charmed-mysql/common/run/mysqlrouter"),
      routerBackendRelationId: Number(c["router-backend-relation-id"] ?? 12),
      mongodbHosts: String(c["mongodb-hosts"] ?? "127.0.0.1"),
    };
  }

  private context(relation: Relation, request: Readonly<Record<string, string>>, database: string): AnswerContext {
    const engine = this.profile.engine;
    const c = this.charm.config;
    const server = engine === "mongodb" ? { host: "", port: 27017 } : { host: String(c[`${engine}-host`] ?? "127.0.0.1"), port: Number(c[`${engine}-port`] ?? 0) };
    return { relationId: relation.id, modelUuid: this.charm.model.uuid, appName: this.charm.app.name, request, database, server, options: this.options() };
  }

  /** relation-changed on the leader: answer once, afterwards only refresh what the charm refreshes. */
  async serve(relation: Relation): Promise<void> {
    const existing = this.host.records()[String(relation.id)];
    if (existing !== undefined) return this.refresh(relation, existing);
    const request = relation.remoteAppData().toObject();
    const database = request["database"] ?? "";
    if (database === "") {
      this.charm.log.debug(`${relation}: waiting for the requirer's database name`);
      return;
    }
    const ctx = this.context(relation, request, database);
    const user = this.profile.userName(ctx);
    const secret = password(this.profile.passwordLength);
    let version: string | undefined;
    if (this.profile.engine === "mongodb") {
      this.charm.log.info(`${relation}: profile ${this.profile.name} runs no MongoDB server; publishing credentials only`);
    } else {
      const server = await this.host.server(this.profile.engine);
      await server.provision(user, secret, database);
      if (this.profile.publishesVersion) version = await server.version();
    }
    const answer = this.profile.answer(ctx, user, secret);
    const useSecrets = this.host.useSecrets(request);
    const bag = relation.localApp;
    // pgbouncer raises the flag before anything else (set_subordinated opens _on_database_requested).
    if (this.profile.subordinated) bag.set("subordinated", "true");
    bag.update({ ...answer.fields, ...(version === undefined ? {} : { version }), data: JSON.stringify(request) });
    const record: RelationRecord = {
      endpoint: relation.name,
      user,
      database,
      mode: useSecrets ? "secrets" : "databag",
      readOnlyUris: "read-only-uris" in answer.credentials,
      userSecret: "",
      tlsSecret: "",
      tlsState: "",
      profile: this.profile.name,
    };
    if (useSecrets) {
      const handle = this.charm.app.addSecret(answer.credentials, { label: `${relation.name}.${relation.id}.user.secret` });
      handle.grant(relation);
      record.userSecret = handle.id ?? "";
      bag.set("secret-user", record.userSecret);
    } else {
      bag.update(answer.credentials);
    }
    if (this.profile.subordinated) relation.localUnit.set("state", "ready");
    this.charm.log.info(`${relation}: ${this.profile.name} created user ${user} for database ${database} (${record.mode})`);
    this.host.remember(relation.id, await this.tls(relation, record));
  }

  /** A later relation-changed: the charm refreshes endpoints (and with them PostgreSQL's TLS fields). */
  private async refresh(relation: Relation, record: RelationRecord): Promise<void> {
    if (this.profile.subordinated) relation.localUnit.set("state", "ready");
    this.host.remember(relation.id, await this.tls(relation, record));
  }

  /** config-changed: TLS on or off everywhere this profile serves. */
  async configChanged(): Promise<void> {
    const on = this.charm.config["tls"] === true;
    if (this.profile.tls === "kill-sessions") {
      const records = Object.entries(this.host.records());
      const turningOn = on && records.some(([, r]) => r.tlsState !== "on");
      if (turningOn && this.profile.engine !== "mongodb") {
        // tls.py: require_secure_transport ON, then kill_client_sessions() so clients reconnect.
        const killed = await (await this.host.server(this.profile.engine)).killSessions(records.map(([, r]) => r.user));
        this.charm.log.info(`${this.profile.name}: client TLS on; killed ${killed} client session${killed === 1 ? "" : "s"} (nothing is published to requirers)`);
      }
      for (const [id, r] of records) this.host.remember(Number(id), { ...r, tlsState: on ? "on" : "off" });
      return;
    }
    for (const [id, record] of Object.entries(this.host.records())) {
      const relation = this.charm.model.getRelation(record.endpoint, Number(id));
      if (relation !== undefined) this.host.remember(relation.id, await this.tls(relation, record));
    }
  }

  /** Publishes what the profile publishes about TLS now; returns the updated record. */
  private async tls(relation: Relation, record: RelationRecord): Promise<RelationRecord> {
    const on = this.charm.config["tls"] === true;
    const ca = String(this.charm.config["tls-ca"] ?? "");
    switch (this.profile.tls) {
      case "none":
        return record;
      case "kill-sessions":
        return { ...record, tlsState: record.tlsState === "" ? (on ? "on" : "off") : record.tlsState };
      case "external-ca-only":
        // Only an external CA is announced; turning it off again announces nothing.
        if (!on || ca === "") return record;
        return this.publishTls(relation, record, `on:${sha(ca)}`, { tls: "True", "tls-ca": ca });
      case "always-refresh":
        return this.publishTls(relation, record, on ? `on:${sha(ca)}` : "off", { tls: on ? "True" : "False", "tls-ca": on ? ca : "" });
    }
  }

  /** Writes the tls group unless it already holds `state` (data_interfaces makes no revision for equal content). */
  private publishTls(relation: Relation, record: RelationRecord, state: string, content: Record<string, string>): RelationRecord {
    if (record.tlsState === state) return record;
    const next = { ...record, tlsState: state };
    if (record.mode === "secrets") {
      if (record.tlsSecret === "") {
        const handle = this.charm.app.addSecret(content, { label: `${relation.name}.${relation.id}.tls.secret` });
        handle.grant(relation);
        next.tlsSecret = handle.id ?? "";
        relation.localApp.set("secret-tls", next.tlsSecret);
      } else {
        this.charm.model.getSecret({ id: record.tlsSecret }).setContent(content);
      }
    } else {
      // In a databag an empty value deletes the key.
      relation.localApp.update(content);
    }
    this.charm.log.info(`${relation}: ${this.profile.name} wrote tls=${content["tls"]}`);
    return next;
  }

  /** relation-broken: the user goes (the database stays), and so do the relation's secrets. */
  async release(relation: Relation): Promise<void> {
    const record = this.host.records()[String(relation.id)];
    if (record === undefined) return;
    if (this.profile.engine !== "mongodb") await (await this.host.server(this.profile.engine)).dropUser(record.user, record.database);
    for (const id of [record.userSecret, record.tlsSecret]) if (id !== "") this.charm.model.getSecret({ id }).remove();
    this.host.remember(relation.id, undefined);
    this.charm.log.info(`${relation}: ${this.profile.name} dropped user ${record.user}`);
  }
}
