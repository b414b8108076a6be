/**
 * legacy-client: one charm, three ways to get a database, one handler.
 *
 * `database` speaks the modern postgresql_client protocol; `db` (pgsql) and `mysql` are the
 * deprecated interfaces older database charms still offer. The legacy adapters emit the modern
 * `databaseCreated` / `endpointsChanged` / `databaseRemoved` events with a response that has the
 * same `connection()` helper, so {@link LegacyClientCharm.use} does not care which one answered.
 */
import * as path from "node:path";
import { PostgreSQLRequires, type PostgreSQLResponse, type RemovedEvent, type ResponseEvent } from "charm-data-interfaces";
import { MySQLLegacyRequires, PgsqlRequires, type LegacyMySQLResponse, type LegacyPostgreSQLResponse } from "charm-data-interfaces/legacy";
import { ActiveStatus, BlockedStatus, CharmBase, WaitingStatus, type StatusBase } from "charm-data-interfaces/ops";
import { removeClientConfig, writeClientConfig, type ClientDatabase, type Engine } from "./client-config.js";

/** The three database endpoints, in the order the status names them. */
export const DATABASE_ENDPOINTS = ["database", "db", "mysql"] as const;

/** Status while nothing is related. */
export const WAITING_FOR_RELATION = "waiting for a database relation (database, db or mysql)";

/** Any of the three responses: each has `connection()` returning host, port, user, password, database. */
type AnyResponse = PostgreSQLResponse | LegacyPostgreSQLResponse | LegacyMySQLResponse;

/** The legacy-client charm. */
export class LegacyClientCharm extends CharmBase {
  private readonly database = new PostgreSQLRequires(this, { relationName: "database", database: "legacyclient" });
  private readonly db = new PgsqlRequires(this, { relationName: "db", peerRelationName: "legacy-client-peers", database: "legacyclient" });
  private readonly mysql = new MySQLLegacyRequires(this, { relationName: "mysql" });
  /** The database in use (never the password), for status and show-db. */
  private readonly inUse = this.storedState<{ current: ClientDatabase | null }>("database-in-use", { current: null });

  protected override setup(): void {
    const usePostgreSQL = (e: ResponseEvent<AnyResponse>): void => this.use("postgresql", e);
    const useMySQL = (e: ResponseEvent<AnyResponse>): void => this.use("mysql", e);
    const forget = (e: RemovedEvent): void => this.forget(e);

    this.database.on("databaseCreated", usePostgreSQL);
    this.database.on("endpointsChanged", usePostgreSQL);
    this.database.on("credentialsRotated", usePostgreSQL);
    this.database.on("databaseRemoved", forget);
    this.db.on("databaseCreated", usePostgreSQL);
    this.db.on("endpointsChanged", usePostgreSQL);
    this.db.on("databaseRemoved", forget);
    this.mysql.on("databaseCreated", useMySQL);
    this.mysql.on("endpointsChanged", useMySQL);
    this.mysql.on("databaseRemoved", forget);

    for (const hook of ["install", "start", "config-changed", "update-status"] as const) this.on(hook, () => this.updateStatus());
    for (const endpoint of DATABASE_ENDPOINTS) {
      for (const event of ["created", "changed", "departed", "broken"] as const) this.on(`${endpoint}-relation-${event}`, () => this.updateStatus());
    }
    this.on("action:show-db", (e) => {
      const current = this.inUse.get().current;
      if (current === null) return e.fail(`no database in use (${this.statusNow().message})`);
      e.setResults({ ...current, port: String(current.port) });
    });
  }

  /** The one handler: render the workload's config from whichever endpoint answered. */
  private use(engine: Engine, e: ResponseEvent<AnyResponse>): void {
    const { host, port, database, user, password } = e.response.connection();
    // Only a machine mysql-router on mysql_client answers with a Unix socket; this client's config has no socket form.
    if (host === undefined || port === undefined) {
      this.log.warning(`${e.relationName} answered with a Unix socket endpoint; this charm needs host:port`);
      return;
    }
    const current: ClientDatabase = { endpoint: e.relationName, engine, host, port, database, user };
    writeClientConfig(this.configFile(), { ...current, password });
    this.inUse.set({ current });
    this.log.info(`using ${engine} database ${database} at ${host}:${port} through ${e.relationName}`);
  }

  private forget(e: RemovedEvent): void {
    if (this.inUse.get().current?.endpoint !== e.relationName) return;
    removeClientConfig(this.configFile());
    this.inUse.set({ current: null });
  }

  private statusNow(): StatusBase {
    const related = DATABASE_ENDPOINTS.filter((endpoint) => this.model.relations(endpoint).length > 0);
    if (related.length === 0) return new WaitingStatus(WAITING_FOR_RELATION);
    if (related.length > 1) return new BlockedStatus(`relate only one of database, db or mysql (related: ${related.join(", ")})`);
    const current = this.inUse.get().current;
    if (current === null || current.endpoint !== related[0]) return new WaitingStatus(`waiting for database credentials on ${related[0] ?? "?"}`);
    return new ActiveStatus(`${current.engine} via ${current.endpoint}`);
  }

  private updateStatus(): void {
    this.unit.setStatus(this.statusNow());
  }

  private configFile(): string {
    const configured = this.config["config-file"];
    return typeof configured === "string" && configured !== "" ? configured : path.join(this.model.hook.charmDir, "client.json");
  }
}
