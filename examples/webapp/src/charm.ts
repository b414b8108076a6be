/**
 * webapp: an application charm on PostgreSQL, written the way we recommend.
 *
 * - `PostgreSQLRequires` asks for the database `webapp` on the `database` endpoint and turns the
 *   provider's answer (databag fields and secrets) into typed events.
 * - Every event that changes how to reach the database re-renders the workload's config file
 *   from the typed response; nothing here parses connection strings.
 * - The status says what the unit waits for; `check-db` proves the credentials work.
 * - The driver is imported where it connects, so every Node can make the start-up snapshot.
 */
import * as path from "node:path";
import { PostgreSQLRequires, type PostgreSQLResponse } from "charm-data-interfaces";
import { ActiveStatus, CharmBase, WaitingStatus, type ActionEvent } from "charm-data-interfaces/ops";
import { removeWorkloadConfig, workloadConfig, workloadFiles, writeWorkloadConfig, type WorkloadFiles } from "./workload-config.js";

/** Status while no database is related. */
export const WAITING_FOR_RELATION = "waiting for database relation";
/** Status while the database has not sent credentials yet. */
export const WAITING_FOR_CREDENTIALS = "waiting for database credentials";

/** The webapp charm. */
export class WebAppCharm extends CharmBase {
  private readonly db = new PostgreSQLRequires(this, { relationName: "database", database: "webapp" });

  protected override setup(): void {
    this.db.on("databaseCreated", (e) => this.render(e.response, "databaseCreated"));
    this.db.on("endpointsChanged", (e) => this.render(e.response, "endpointsChanged"));
    this.db.on("credentialsRotated", (e) => this.render(e.response, "credentialsRotated"));
    this.db.on("tlsChanged", (e) => this.render(e.response, "tlsChanged"));
    this.db.on("databaseRemoved", () => {
      removeWorkloadConfig(this.files());
      this.log.info("databaseRemoved: removed the workload's database settings");
      this.unit.setStatus(new WaitingStatus(WAITING_FOR_RELATION));
    });
    this.on("install", () => this.unit.setStatus(new WaitingStatus(WAITING_FOR_RELATION)));
    this.on("database-relation-created", () => this.unit.setStatus(new WaitingStatus(WAITING_FOR_CREDENTIALS)));
    this.on("config-changed", () => {
      // The config file may have moved: render it where it is now wanted.
      const current = this.credentials();
      if (current !== undefined) this.render(current, "config-changed");
    });
    this.on("action:check-db", (e) => this.checkDb(e));
  }

  /** Writes the workload's config from the database's answer (never logging it); `cause` names the event in the log line. */
  private render(db: PostgreSQLResponse, cause: string): void {
    const files = this.files();
    writeWorkloadConfig(files.configFile, workloadConfig(db, files));
    const { host, port } = db.connection();
    this.log.info(`${cause}: rendered ${files.configFile} for database ${db.database ?? "?"} at ${host}:${port}`);
    this.unit.setStatus(new ActiveStatus());
  }

  /** Connects with the current credentials and runs a query. */
  private async checkDb(event: ActionEvent): Promise<void> {
    const db = this.credentials();
    if (db === undefined) return event.fail(`no database credentials yet (${this.db.responses().size === 0 ? WAITING_FOR_RELATION : WAITING_FOR_CREDENTIALS})`);
    const settings = db.connection({ connectionTimeoutMillis: 10_000, applicationName: this.app.name });
    // Loaded here, not at the top: pg's module code then runs in the hooks that connect, not
    // into the start-up snapshot every hook restores (docs/startup-snapshot.md).
    const { default: pg } = await import("pg");
    const client = new pg.Client(settings);
    try {
      await client.connect();
      const { rows } = await client.query<{ user: string; database: string }>("SELECT current_user AS user, current_database() AS database");
      event.setResults({ "current-user": rows[0]?.user ?? "", database: rows[0]?.database ?? "", host: `${settings.host}:${settings.port}` });
    } catch (e) {
      event.fail(`cannot query the database at ${settings.host}:${settings.port}: ${(e as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** The answer of the database relation, once it carries credentials. */
  private credentials(): PostgreSQLResponse | undefined {
    return [...this.db.responses().values()].find((r) => r.username !== undefined && r.password !== undefined);
  }

  private files(): WorkloadFiles {
    const configured = this.config["config-file"];
    const file = typeof configured === "string" && configured !== "" ? configured : path.join(this.model.hook.charmDir, "webapp.json");
    return workloadFiles(file);
  }
}
