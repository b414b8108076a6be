/**
 * Issue 14: the machine mysql-router charm (canonical/mysql-router-operators, machines/src/charm.py)
 * answers a principal that did not ask for external connectivity on mysql_client with
 * `file://<absolute path>` Unix socket endpoints. mysql_client reads them as `{ socket }`
 * endpoints and the MySQL builders connect through `socketPath`; the other interfaces refuse them.
 */
import type { ConnectionOptions } from "mysql2";
import { EngineConnectionError, MongoDBRequires, MySQLRequires, PostgreSQLRequires, type EngineResponse, type MySQLResponse } from "../../lib/engines/index.js";
import { mysqlConnection, mysqlConnectionUri } from "../../lib/engines/mysql/mysql-connection.js";
import { parseMysqlshUri } from "../../lib/engines/mysql/mysqlsh-uri.js";
import { pgConnection } from "../../lib/engines/postgresql/pg-connection.js";
import { formatEndpoints, parseEndpoints, sameEndpoints, SOCKET_PATH_MAX_BYTES } from "../../lib/interfaces/index.js";
import { CharmBase } from "../../lib/ops/index.js";
import type { ProviderDataError } from "../../lib/requires/index.js";
import { Context, relation, secret, state } from "../../lib/testing/index.js";
import { mysqlFacts, pgFacts } from "./facts-fixtures.js";

const PASSWORD = "Rt6yWq2ZpL9sKd4VbN8cXm1F";
const RW = "/var/snap/charmed-mysql/common/run/mysqlrouter/mysql.sock";
const RO = "/var/snap/charmed-mysql/common/run/mysqlrouter/mysqlro.sock";
/** What the router publishes to a principal (common/common/relations/database_provides.py). */
const ROUTER_BAG = { database: "myappdb", endpoints: `file://${RW}`, "read-only-endpoints": `file://${RO}` };
const USER = { username: "relation-12_0a1b2c3d4e5f6a7-9", password: PASSWORD };

let created: EngineResponse[] = [];
let problems: readonly ProviderDataError[] = [];

function clientOf<R extends MySQLRequires | PostgreSQLRequires | MongoDBRequires>(make: (charm: CharmBase) => R) {
  return class extends CharmBase {
    readonly db = make(this);
    protected override setup(): void {
      this.db.on("databaseCreated", (e) => void created.push(e.response));
      this.on("database-relation-changed", () => void (problems = this.db.problems()));
    }
  };
}
const MySqlClient = clientOf((c) => new MySQLRequires(c, { relationName: "database", database: "myappdb" }));
const PgClient = clientOf((c) => new PostgreSQLRequires(c, { relationName: "database", database: "myappdb" }));
const MongoClient = clientOf((c) => new MongoDBRequires(c, { relationName: "database", database: "myappdb" }));

type Client = typeof MySqlClient | typeof PgClient | typeof MongoClient;

async function deliver(charm: Client, iface: string, bag: Record<string, string>): Promise<void> {
  const c = new Context(charm, { metadata: { name: "myapp", requires: { database: { interface: iface, limit: 1 } } }, jujuVersion: "3.6.4" });
  const user = secret({ trackedContent: USER });
  const rel = relation({ id: 9, endpoint: "database", remoteApp: "mysql-router", remoteAppData: { ...bag, "secret-user": user.id } });
  created = [];
  problems = [];
  await c.run(c.on.relationChanged(rel), state({ relations: [rel], secrets: [user] }));
  expect(c.error).toBeUndefined();
  expect(JSON.stringify(c.logs)).not.toContain(PASSWORD);
}

describe("issue 14: mysql-router unix-socket endpoints", () => {
  test("issue 14: mysql-router unix-socket endpoints on mysql_client: databaseCreated, addresses are { socket }", async () => {
    await deliver(MySqlClient, "mysql_client", ROUTER_BAG);
    expect(problems).toEqual([]);
    expect(created).toHaveLength(1);
    const response = created[0] as MySQLResponse;
    expect(response.addresses).toEqual([{ socket: RW }]);
    expect(response.readOnlyAddresses).toEqual([{ socket: RO }]);
    expect(response.endpoints).toEqual([`file://${RW}`]);
  });

  test("issue 14: mysql-router unix-socket endpoints: connection() gives mysql2 a socketPath per side, and no host or port", async () => {
    await deliver(MySqlClient, "mysql_client", ROUTER_BAG);
    const response = created[0] as MySQLResponse;
    const rw: ConnectionOptions = response.connection();
    expect(rw).toEqual({ socketPath: RW, user: USER.username, password: PASSWORD, database: "myappdb" });
    expect(response.connection({ side: "read-only" })).toMatchObject({ socketPath: RO });
    expect(response.connection({ side: "read-only" })).not.toHaveProperty("host");
  });

  test("issue 14: mysql-router unix-socket endpoints: uri() is a MySQL Shell URI with the percent-encoded socket path", async () => {
    await deliver(MySqlClient, "mysql_client", ROUTER_BAG);
    const uri = (created[0] as MySQLResponse).uri();
    expect(uri).toBe(`mysql://${encodeURIComponent(USER.username)}:${PASSWORD}@${encodeURIComponent(RW)}/myappdb`);
    expect(parseMysqlshUri(uri).host).toEqual({ socket: RW });
  });

  test.each([
    ["postgresql_client", PgClient],
    ["mongodb_client", MongoClient],
  ] as const)("issue 14: mysql-router unix-socket endpoints are refused on %s (no provider sends them there): held with a typed problem", async (iface, charm) => {
    await deliver(charm, iface, { database: "myappdb", endpoints: `file://${RW}` });
    expect(created).toEqual([]);
    expect(problems.map((p) => p.message).join("\n")).toMatch(/only accepted on mysql_client/);
  });

  test.each([
    ["a relative path", "file://run/mysql.sock", /absolute socket path/],
    ["a host part (file://host/path)", "file://db.example/run/mysql.sock", /absolute socket path/],
    ["no path", "file://", /absolute socket path/],
    ["a directory", "file:///run/mysqlrouter/", /names a directory/],
    ["a control character", "file:///run/my\u0007sql.sock", /control characters/],
    ["a path longer than a Unix socket allows", `file:///${"s".repeat(SOCKET_PATH_MAX_BYTES)}`, /at most 107/],
  ])("issue 14: mysql-router unix-socket endpoints: %s is refused with a problem naming the entry", (_name, raw, problem) => {
    const parsed = parseEndpoints(raw, { fileSockets: true });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(problem);
  });

  test("issue 14: mysql-router unix-socket endpoints: the longest allowed path, mixed lists, round trip and set comparison", () => {
    const longest = `/${"s".repeat(SOCKET_PATH_MAX_BYTES - 1)}`;
    expect(parseEndpoints(`file://${longest}`, { fileSockets: true })).toEqual({ ok: true, value: [{ socket: longest }] });
    const parsed = parseEndpoints(`file://${RW}, 10.0.0.5:6446`, { fileSockets: true });
    expect(parsed).toEqual({ ok: true, value: [{ socket: RW }, { host: "10.0.0.5", port: 6446 }] });
    if (!parsed.ok) return;
    expect(formatEndpoints(parsed.value)).toBe(`file://${RW},10.0.0.5:6446`);
    expect(sameEndpoints(parsed.value, [...parsed.value].reverse())).toBe(true);
    expect(sameEndpoints(parsed.value, [{ socket: RO }, { host: "10.0.0.5", port: 6446 }])).toBe(false);
    // Without the option (every interface but mysql_client) the same text is refused.
    expect(parseEndpoints(`file://${RW}`).ok).toBe(false);
  });

  test("issue 14: mysql-router unix-socket endpoints: mongos' URL-encoded socket host stays a TCP-form endpoint with socketPath", () => {
    const parsed = parseEndpoints("%2Fvar%2Fsnap%2Fcharmed-mongodb%2Fcommon%2Fvar%2Fmongodb-27018.sock", 27018);
    expect(parsed).toEqual({ ok: true, value: [{ host: "%2Fvar%2Fsnap%2Fcharmed-mongodb%2Fcommon%2Fvar%2Fmongodb-27018.sock", port: 27018, socketPath: "/var/snap/charmed-mongodb/common/var/mongodb-27018.sock" }] });
  });

  test("issue 14: mysql-router unix-socket endpoints: builders from ConnectionFacts; PostgreSQL refuses a socket with a typed error", () => {
    const facts = { ...mysqlFacts, endpoints: [{ socket: RW }], readOnlyEndpoints: [{ socket: RO }] };
    expect(mysqlConnection(facts, { sslMode: "required" })).toMatchObject({ socketPath: RW, ssl: expect.any(Object) });
    expect(mysqlConnectionUri({ ...facts, side: "read-only" })).toContain(`@${encodeURIComponent(RO)}/`);
    expect(() => pgConnection({ ...pgFacts, endpoints: [{ socket: RW }] })).toThrow(EngineConnectionError);
    expect(() => pgConnection({ ...pgFacts, endpoints: [{ socket: RW }] })).toThrow(/Unix socket endpoint/);
  });
});
