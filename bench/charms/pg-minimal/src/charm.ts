/**
 * pg-minimal: the smallest requirer charm on `PostgreSQLRequires`. It asks for database
 * `minimal` and, when the credentials or the endpoints arrive, writes them to
 * `credentials.json` in the charm directory (mode 0600, never logged): the work a real charm
 * does with them, reduced to one file. The hook benchmark runs it beside the same charm on
 * Python ops + data_interfaces v0 (bench/charms/py-minimal).
 */
import * as fs from "node:fs";
import { PostgreSQLRequires, type PostgreSQLResponse } from "../../../../lib/engines/postgresql/postgresql-requires.js";
import { CharmBase } from "../../../../lib/ops/index.js";

/** A charm with one database relation and nothing else. */
export class MinimalCharm extends CharmBase {
  private readonly db = new PostgreSQLRequires(this, { relationName: "database", database: "minimal" });

  protected override setup(): void {
    this.db.on("databaseCreated", (e) => this.write(e.response));
    this.db.on("endpointsChanged", (e) => this.write(e.response));
  }

  private write(response: PostgreSQLResponse): void {
    const { username, password } = response.facts();
    const endpoints = response.addresses.map((a) => a.socket ?? `${a.host}:${String(a.port ?? "")}`);
    fs.writeFileSync("credentials.json", JSON.stringify({ username, password, endpoints }), { mode: 0o600 });
  }
}
