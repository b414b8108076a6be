/** Legacy pgsql (docs/protocol.md#legacy-pgsql) and mysql (docs/protocol.md#legacy-mysql) models. */
import { MysqlProviderUnitDatabag, PgsqlProviderDatabag, PgsqlRequirerAppDatabag, PgsqlRequirerUnitDatabag } from "../../lib/interfaces/index.js";
import { s47PgsqlProvider, s47PgsqlRequirerApp, s47PgsqlRequirerUnit, s53MysqlProviderUnit } from "./fixtures/protocol-examples.js";

test("docs/protocol.md#legacy-pgsql pgsql request round-trips; lists are written sorted (L-01)", () => {
  const app = PgsqlRequirerAppDatabag.decodeOrThrow(s47PgsqlRequirerApp);
  expect(app).toEqual({ database: "myappdb", extensions: ["citext", "pg_trgm"] });
  expect(PgsqlRequirerAppDatabag.encode(app)).toEqual(s47PgsqlRequirerApp);
  expect(PgsqlRequirerAppDatabag.encode({ extensions: ["pg_trgm", "citext:public"], roles: ["b", "a"] })).toEqual({
    extensions: "citext:public,pg_trgm",
    roles: "a,b",
  });
});

test("docs/protocol.md#legacy-pgsql pgsql requirer unit databag carries egress-subnets", () => {
  expect(PgsqlRequirerUnitDatabag.decodeOrThrow(s47PgsqlRequirerUnit).egressSubnets).toEqual(["10.1.40.17/32"]);
});

test("docs/protocol.md#legacy-pgsql pgsql provider databag decodes", () => {
  const bag = PgsqlProviderDatabag.decodeOrThrow(s47PgsqlProvider);
  expect(bag.allowedSubnets).toEqual(["10.1.40.17/32", "10.1.40.18/32"]);
  expect(bag.allowedUnits).toEqual(["myapp/0", "myapp/1"]);
  expect(bag.port).toBe(5432);
  expect(bag.standbys).toHaveLength(1);
  expect(bag.master).toContain("dbname=myappdb");
  expect(PgsqlProviderDatabag.encode(bag)).toEqual(s47PgsqlProvider);
});

test("pgsql standbys: one connection string per line, blank lines dropped", () => {
  expect(PgsqlProviderDatabag.decodeOrThrow({ standbys: "host=a\n\nhost=b\n" }).standbys).toEqual(["host=a", "host=b"]);
});

test("pgsql bad port is reported", () => {
  expect(PgsqlProviderDatabag.decode({ port: "54x" })).toEqual({
    ok: false,
    problems: [{ field: "port", problem: 'expected a port number between 1 and 65535, got "54x"' }],
  });
});

test("docs/protocol.md#mysql-answer mysql provider unit databag; root_password keeps its underscore", () => {
  const unit = MysqlProviderUnitDatabag.decodeOrThrow(s53MysqlProviderUnit);
  expect(unit).toEqual({
    database: "database-7",
    host: "mysql-k8s-0.mysql-k8s-endpoints.prod.svc.cluster.local",
    password: "q8ZrT3vK0bLw5YhN2cJx7DmA",
    port: 3306,
    rootPassword: "5tGhY7uJk9LmN2bV4cX6zA8s",
    user: "relation-7",
  });
  expect(MysqlProviderUnitDatabag.encode(unit)).toEqual(s53MysqlProviderUnit);
});
