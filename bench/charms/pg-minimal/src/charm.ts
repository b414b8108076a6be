/**
 * pg-minimal: the smallest requirer charm on `PostgreSQLRequires`. It asks for database
 * `minimal` and logs (to stdout, i.e. Juju's unit log at DEBUG) which answer arrived, never the
 * credentials themselves; the hook benchmark runs it to show the library's own cost.
 */
import { PostgreSQLRequires } from "../../../../lib/engines/postgresql/postgresql-requires.js";
import { CharmBase } from "../../../../lib/ops/index.js";

/** A charm with one database relation and nothing else. */
export class MinimalCharm extends CharmBase {
  private readonly db = new PostgreSQLRequires(this, { relationName: "database", database: "minimal" });

  protected override setup(): void {
    this.db.on("databaseCreated", (e) => this.log.info(`database ${e.response.database ?? "?"} ready`));
    this.db.on("endpointsChanged", (e) => this.log.info(`endpoints now ${e.response.addresses.map((a) => `${a.host}:${a.port}`).join(",")}`));
    this.db.on("credentialsRotated", () => this.log.info("credentials rotated"));
    this.db.on("databaseRemoved", () => this.log.info("database relation removed"));
  }
}
