// The point of the modern twins: a charm that supports the modern `database` endpoint and a
// legacy endpoint registers ONE handler, typed with the engines' response, on both.
import { CharmBase } from "../../lib/ops/index.js";
import { MySQLRequires, PostgreSQLRequires, type MySQLResponse, type PostgreSQLResponse } from "../../lib/engines/index.js";
import { MySQLLegacyRequires, PgsqlRequires } from "../../lib/legacy/index.js";
import type { ResponseEvent } from "../../lib/requires/index.js";
import { Context, DEFAULT_UNIT_BAG, peerRelation, relation, secret, state } from "../../lib/testing/index.js";

interface Seen {
  readonly endpoint: string;
  readonly relation: string;
  readonly config: unknown;
  readonly addresses: unknown;
}
let seen: Seen[] = [];

class DualCharm extends CharmBase {
  private readonly database = new PostgreSQLRequires(this, { relationName: "database", database: "myappdb" });
  private readonly db = new PgsqlRequires(this, { relationName: "db", peerRelationName: "peers", database: "myappdb" });
  private readonly mysqlDatabase = new MySQLRequires(this, { relationName: "mysql-database", database: "myappdb" });
  private readonly mysql = new MySQLLegacyRequires(this, { relationName: "mysql" });
  protected override setup(): void {
    this.database.on("databaseCreated", (e) => this.usePostgres(e));
    this.db.on("databaseCreated", (e) => this.usePostgres(e));
    this.mysqlDatabase.on("databaseCreated", (e) => this.useMysql(e));
    this.mysql.on("databaseCreated", (e) => this.useMysql(e));
  }
  /** The single PostgreSQL handler. */
  private usePostgres(e: ResponseEvent<PostgreSQLResponse>): void {
    seen.push({ endpoint: e.relationName, relation: e.response.relation, config: e.response.connection({ sslmode: "disable" }), addresses: e.response.addresses });
  }
  /** The single MySQL handler. */
  private useMysql(e: ResponseEvent<MySQLResponse>): void {
    seen.push({ endpoint: e.relationName, relation: e.response.relation, config: e.response.connection(), addresses: e.response.addresses });
  }
}

const metadata = {
  name: "myapp",
  requires: {
    database: { interface: "postgresql_client", limit: 1 },
    db: { interface: "pgsql", limit: 1 },
    "mysql-database": { interface: "mysql_client", limit: 1 },
    mysql: { interface: "mysql", limit: 1 },
  },
  peers: { peers: { interface: "myapp-peers" } },
};
const ctx = (): Context<typeof DualCharm> => new Context(DualCharm, { metadata, jujuVersion: "3.6.4" });

beforeEach(() => {
  seen = [];
});

test("PostgreSQL: database (postgresql_client) and db (pgsql) reach the same handler with the same pg config", async () => {
  const c = ctx();
  const user = secret({ trackedContent: { username: "relation_id_1", password: "Pw0rd" } });
  const modern = relation({ id: 1, endpoint: "database", remoteApp: "postgresql-k8s", remoteAppData: { "secret-user": user.id, endpoints: "pg-primary:5432", database: "myappdb" } });
  const master = "dbname=myappdb host=pg-primary password=Pw0rd port=5432 user=relation_id_1";
  const answer = { "allowed-subnets": DEFAULT_UNIT_BAG["egress-subnets"] as string, database: "myappdb", master };
  const legacy = relation({ id: 2, endpoint: "db", remoteApp: "postgresql-k8s", remoteAppData: answer, remoteUnitsData: { 0: { ...DEFAULT_UNIT_BAG } } });
  const st = state({ leader: true, relations: [modern, legacy, peerRelation({ id: 3, endpoint: "peers" })], secrets: [user] });
  await c.run(c.on.relationChanged(modern, { remoteUnit: 0 }), st);
  expect(c.error).toBeUndefined();
  await c.run(c.on.relationChanged(legacy, { remoteUnit: 0 }), st);
  expect(c.error).toBeUndefined();
  const expected = { host: "pg-primary", port: 5432, user: "relation_id_1", password: "Pw0rd", database: "myappdb", ssl: false };
  expect(seen).toEqual([
    { endpoint: "database", relation: "database:1", config: expected, addresses: [{ host: "pg-primary", port: 5432 }] },
    { endpoint: "db", relation: "db:2", config: expected, addresses: [{ host: "pg-primary", port: 5432 }] },
  ]);
});

test("MySQL: mysql-database (mysql_client) and mysql (legacy) reach the same handler with the same mysql2 options", async () => {
  const c = ctx();
  const user = secret({ trackedContent: { username: "relation-1", password: "Pw0rd" } });
  const modern = relation({ id: 1, endpoint: "mysql-database", remoteApp: "mysql-k8s", remoteAppData: { "secret-user": user.id, endpoints: "mysql-primary.:3306", database: "myappdb" } });
  const legacy = relation({
    id: 2,
    endpoint: "mysql",
    remoteApp: "mysql-k8s",
    remoteUnitsData: { 0: { ...DEFAULT_UNIT_BAG, host: "mysql-primary.", port: "3306", user: "relation-1", password: "Pw0rd", database: "myappdb" } },
  });
  const st = state({ leader: true, relations: [modern, legacy], secrets: [user] });
  await c.run(c.on.relationChanged(modern, { remoteUnit: 0 }), st);
  await c.run(c.on.relationChanged(legacy, { remoteUnit: 0 }), st);
  expect(c.error).toBeUndefined();
  const expected = { host: "mysql-primary", port: 3306, user: "relation-1", password: "Pw0rd", database: "myappdb" };
  expect(seen).toEqual([
    { endpoint: "mysql-database", relation: "mysql-database:1", config: expected, addresses: [{ host: "mysql-primary.", port: 3306 }] },
    { endpoint: "mysql", relation: "mysql:2", config: expected, addresses: [{ host: "mysql-primary.", port: 3306 }] },
  ]);
});
