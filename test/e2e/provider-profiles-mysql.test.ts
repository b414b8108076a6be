/**
 * Provider profiles `mysql-8.0`, `mysql-8.4` and `mysql-router` (examples/database-provider,
 * docs/provider-profiles.md) against MySQL requirers as real processes under the simulator, on the
 * machine's MariaDB and one model with a random UUID (the MySQL charms name users after it): the
 * db-client fixture (MySQLRequires, logging in with `connection()`) and examples/data-integrator.
 * Covered: the users' names and what is (not) published, the session kill when client TLS is
 * turned on (nothing is announced; a new connection works), rotation by re-integration, and the
 * router's endpoints (Unix sockets for a principal, ports 6446/6447 for external clients, served
 * here by TCP and Unix-socket forwarders to the MariaDB, standing in for mysqlrouter).
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import mysql from "mysql2/promise";
import type { Simulator } from "../../lib/testing/simulator/index.js";
import { localMariaDb, mariaDbGate, MARIADB_HOST, MARIADB_PORT, type LocalMariaDb } from "../support/databases/local-mariadb.js";
import { buildCharmDir } from "./charm-builds.js";
import { appBag, openProfileModel, recorded, recordedSince, secretLatest } from "./profile-model.js";
import { scaled } from "../support/time-scale.js";

const ROOT = path.join(__dirname, "..", "..");
/** Each scenario runs many hooks as processes: generous on a loaded machine, never a speed assertion. */
const SCENARIO_TIMEOUT = scaled(150_000);
const TAG = randomBytes(3).toString("hex");
const DB_CLIENT = `pp_${TAG}_client`;
const DB_INTEGRATOR = `pp_${TAG}_reports`;
const DB_ROUTED = `pp_${TAG}_routed`;

/**
 * A listener that pipes every connection to the MariaDB (a router stand-in): a TCP port (0 = a
 * free one) or a Unix socket path, as mysqlrouter listens on both.
 */
async function forwarder(listen: number | string): Promise<net.Server> {
  const server = net.createServer((inbound) => {
    const outbound = net.connect(MARIADB_PORT, MARIADB_HOST);
    inbound.pipe(outbound).pipe(inbound);
    for (const end of [inbound, outbound]) end.on("error", () => (end === inbound ? outbound : inbound).destroy());
  });
  if (typeof listen === "string") await new Promise<void>((resolve) => server.listen(listen, resolve));
  else await new Promise<void>((resolve) => server.listen(listen, MARIADB_HOST, resolve));
  return server;
}

const portOf = (server: net.Server): number => (server.address() as net.AddressInfo).port;

async function loginCode(user: string, password: string, database: string, port = MARIADB_PORT): Promise<string> {
  try {
    const conn = await mysql.createConnection({ host: MARIADB_HOST, port, user, password, database, connectTimeout: scaled(5000) });
    await conn.query("SELECT 1");
    await conn.end();
    return "ok";
  } catch (error) {
    return String((error as { code?: unknown }).code ?? "unknown");
  }
}

const gate = mariaDbGate();
const suite = (name: string, body: () => void): void => {
  if (gate.run) describe(name, body);
  else if (gate.required) describe(name, () => test("MariaDB is reachable", () => { throw new Error(gate.reason); }));
  // Skipping is allowed only without REQUIRE_MARIADB=1 (CI sets it), as for the other MariaDB tests.
  else describe.skip(`${name} (skipped: ${gate.reason})`, body);
};

suite("MySQL provider profiles on the local MariaDB", () => {
  let sim: Simulator;
  let admin: LocalMariaDb;
  let uuid = "";
  const servers: net.Server[] = [];
  const scratch: string[] = [];
  let socketDir = "";

  beforeAll(async () => {
    admin = await localMariaDb();
    socketDir = fs.mkdtempSync(path.join(os.tmpdir(), "router-sockets-"));
    scratch.push(socketDir);
    const [rw, ro, rwSocket, roSocket, ...dirs] = await Promise.all([
      forwarder(0),
      forwarder(0),
      forwarder(path.join(socketDir, "mysql.sock")),
      forwarder(path.join(socketDir, "mysqlro.sock")),
      buildCharmDir(path.join(ROOT, "examples", "database-provider")),
      buildCharmDir(path.join(ROOT, "examples", "data-integrator")),
      buildCharmDir(path.join(__dirname, "fixtures", "db-client")),
    ]);
    servers.push(rw, ro, rwSocket, roSocket);
    scratch.push(...dirs);
    const [provider = "", integrator = "", client = ""] = dirs;
    const model = openProfileModel();
    sim = model.sim;
    uuid = sim.model.uuid;
    scratch.push(model.dir);
    const login = { "mysql-host": MARIADB_HOST, "mysql-port": MARIADB_PORT };
    const router = { "router-rw-port": portOf(rw), "router-ro-port": portOf(ro), "router-socket-dir": socketDir, "router-backend-relation-id": 12 };
    for (const [app, dir, config] of [
      ["mysql80", provider, { profile: "mysql-8.0", ...login }],
      ["mysql84", provider, { profile: "mysql-8.4", ...login }],
      ["router", provider, { profile: "mysql-router", ...login, ...router }],
      ["client", client, { "database-name": DB_CLIENT }],
      ["routed-client", client, { "database-name": DB_ROUTED }],
      ["integrator", integrator, { "database-name": DB_INTEGRATOR }],
    ] as const) {
      expect((await sim.deploy(app, dir, { config })).failed).toBeUndefined();
    }
  }, scaled(90_000));

  afterAll(async () => {
    sim?.close();
    for (const s of servers) s.close();
    if (admin !== undefined) {
      // Every user these models made carries the model UUID (router users too).
      const [rows] = await mysql
        .createConnection({ host: MARIADB_HOST, port: MARIADB_PORT, user: "root" })
        .then(async (c) => {
          const out = await c.query("SELECT User AS user FROM mysql.user WHERE User LIKE ?", [`%${uuid.replace(/-/g, "").slice(0, 8)}%`]);
          await c.end();
          return out;
        });
      for (const { user } of rows as { user: string }[]) await admin.dropUser(user);
      for (const db of [DB_CLIENT, DB_INTEGRATOR, DB_ROUTED]) await admin.dropDatabase(db);
      await admin.close();
    }
    for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
  });

  const mysqlUser = (id: number): string => `relation-${id}_${uuid.replace(/-/g, "")}`.slice(0, 26);

  test("mysql-8.0: relation-<id>_<uuid> cut to 26, no uris, no read-only-endpoints, no TLS fields", async () => {
    const run = await sim.integrate("client:mysql", "mysql80:mysql-database");
    expect(run.failed).toBeUndefined();
    const user = mysqlUser(run.relationId);
    expect(user).toHaveLength(26);
    const bag = appBag(sim, run.relationId, "mysql80");
    expect(bag).toMatchObject({ database: DB_CLIENT, endpoints: `${MARIADB_HOST}:${MARIADB_PORT}`, version: expect.any(String), "secret-user": expect.stringMatching(/^secret:/) });
    for (const key of ["read-only-endpoints", "secret-tls", "tls", "tls-ca", "uris"]) expect(bag[key]).toBeUndefined();
    expect(secretLatest(sim, bag["secret-user"])?.content).toEqual({ username: user, password: expect.stringMatching(/^[A-Za-z0-9]{24}$/) });
    expect(recorded(sim, "client/0")).toEqual([expect.objectContaining({ event: "databaseCreated", username: user, tls: null, login: { ok: true, user: `${user}@%`, ssl: false } })]);
  }, SCENARIO_TIMEOUT);

  test("mysql-8.0, client TLS on: open sessions are killed, nothing is announced, a new connection works; TLS off kills nothing", async () => {
    const relation = sim.model.relations.find((r) => r.appData["mysql80"] !== undefined);
    const bag = appBag(sim, relation?.id ?? -1, "mysql80");
    const { username = "", password = "" } = secretLatest(sim, bag["secret-user"])?.content ?? {};
    // A workload's long-lived session, opened with the relation's credentials.
    const session = await mysql.createConnection({ host: MARIADB_HOST, port: MARIADB_PORT, user: username, password, database: DB_CLIENT });
    session.on("error", () => undefined);
    await session.query("SELECT 1");

    const before = recorded(sim, "client/0").length;
    expect((await sim.configure("mysql80", { tls: true })).failed).toBeUndefined();
    await expect(session.query("SELECT 1")).rejects.toThrow();
    expect(recordedSince(sim, "client/0", before)).toEqual([]);
    expect(appBag(sim, relation?.id ?? -1, "mysql80")["secret-tls"]).toBeUndefined();
    // What a workload must do: reconnect with the same credentials.
    expect(await loginCode(username, password, DB_CLIENT)).toBe("ok");

    const survivor = await mysql.createConnection({ host: MARIADB_HOST, port: MARIADB_PORT, user: username, password, database: DB_CLIENT });
    survivor.on("error", () => undefined);
    expect((await sim.configure("mysql80", { tls: false })).failed).toBeUndefined();
    await expect(survivor.query("SELECT 1")).resolves.toBeDefined();
    await survivor.end();
    expect(recordedSince(sim, "client/0", before)).toEqual([]);
  }, SCENARIO_TIMEOUT);

  test("mysql-8.4 with data-integrator: the session kill leaves get-credentials valid; rotation by re-integration gives a new user", async () => {
    const run = await sim.integrate("integrator:mysql", "mysql84:mysql-database");
    expect(run.failed).toBeUndefined();
    const first = await sim.runAction("integrator/0", "get-credentials");
    expect(first.results).toMatchObject({ ok: "True", "mysql.username": mysqlUser(run.relationId), "mysql.database": DB_INTEGRATOR, "mysql.endpoints": `${MARIADB_HOST}:${MARIADB_PORT}` });
    expect(first.results["mysql.uris"]).toBeUndefined();
    const oldUser = first.results["mysql.username"] ?? "";
    const oldPassword = first.results["mysql.password"] ?? "";

    const session = await mysql.createConnection({ host: MARIADB_HOST, port: MARIADB_PORT, user: oldUser, password: oldPassword, database: DB_INTEGRATOR });
    session.on("error", () => undefined);
    expect((await sim.configure("mysql84", { tls: true })).failed).toBeUndefined();
    await expect(session.query("SELECT 1")).rejects.toThrow();
    expect((await sim.runAction("integrator/0", "get-credentials")).results["mysql.password"]).toBe(oldPassword);
    expect(await loginCode(oldUser, oldPassword, DB_INTEGRATOR)).toBe("ok");

    expect((await sim.runAction("mysql84/0", "rotate-password")).status).toBe("failed");
    expect((await sim.removeRelation("integrator:mysql", "mysql84:mysql-database")).failed).toBeUndefined();
    // The user went with the relation (MariaDB names the refusal 1045 or 1698 depending on its accounts).
    expect(await loginCode(oldUser, oldPassword, DB_INTEGRATOR)).toMatch(/^ER_ACCESS_DENIED/);
    const again = await sim.integrate("integrator:mysql", "mysql84:mysql-database");
    expect(again.failed).toBeUndefined();
    const second = await sim.runAction("integrator/0", "get-credentials");
    expect(second.results["mysql.username"]).toBe(mysqlUser(again.relationId));
    expect(second.results["mysql.username"]).not.toBe(oldUser);
    expect(await loginCode(second.results["mysql.username"] ?? "", second.results["mysql.password"] ?? "", DB_INTEGRATOR)).toBe("ok");
  }, SCENARIO_TIMEOUT);

  test("mysql-router, external client (data-integrator): <backend user>-<id> on ports 6446/6447, no version", async () => {
    // data-integrator's mysql endpoint has limit 1: leave mysql84 first.
    const previous = sim.model.relations.find((r) => r.ends.some((e) => e.app === "integrator" && e.endpoint === "mysql"));
    if (previous !== undefined) expect((await sim.removeRelation(String(previous.id))).failed).toBeUndefined();
    const run = await sim.integrate("integrator:mysql", "router:mysql-database");
    expect(run.failed).toBeUndefined();
    const user = `${mysqlUser(12)}-${run.relationId}`;
    const [rw, ro] = servers;
    const bag = appBag(sim, run.relationId, "router");
    expect(bag).toMatchObject({ database: DB_INTEGRATOR, endpoints: `${MARIADB_HOST}:${portOf(rw as net.Server)}`, "read-only-endpoints": `${MARIADB_HOST}:${portOf(ro as net.Server)}` });
    for (const key of ["version", "subordinated", "secret-tls"]) expect(bag[key]).toBeUndefined();
    const credentials = await sim.runAction("integrator/0", "get-credentials");
    expect(credentials.results).toMatchObject({ "mysql.username": user, "mysql.endpoints": bag["endpoints"] });
    const password = credentials.results["mysql.password"] ?? "";
    expect(await loginCode(user, password, DB_INTEGRATOR, portOf(rw as net.Server))).toBe("ok");
    expect(await loginCode(user, password, DB_INTEGRATOR, portOf(ro as net.Server))).toBe("ok");
  }, SCENARIO_TIMEOUT);

  test("mysql-router, principal (no external connectivity): endpoints are the router's Unix sockets; databaseCreated and a login through the socket", async () => {
    const run = await sim.integrate("routed-client:mysql", "router:mysql-database");
    expect(run.failed).toBeUndefined();
    const bag = appBag(sim, run.relationId, "router");
    expect(bag).toMatchObject({ endpoints: `file://${socketDir}/mysql.sock`, "read-only-endpoints": `file://${socketDir}/mysqlro.sock` });
    expect(secretLatest(sim, bag["secret-user"])?.content["username"]).toBe(`${mysqlUser(12)}-${run.relationId}`);
    // mysql_client reads `file://` endpoints as Unix sockets (issue 14): the fixture gets
    // databaseCreated and logs in with `mysql.createConnection(response.connection())`, i.e. through
    // mysql2's `socketPath`, here the socket forwarder in front of the MariaDB.
    const user = `${mysqlUser(12)}-${run.relationId}`;
    expect(recorded(sim, "routed-client/0")).toEqual([
      expect.objectContaining({ event: "databaseCreated", username: user, endpoints: `file://${socketDir}/mysql.sock`, login: { ok: true, user: `${user}@%`, ssl: false } }),
    ]);
    expect(sim.log().filter((r) => r.unit === "routed-client/0" && !r.ok)).toEqual([]);
  }, SCENARIO_TIMEOUT);
});
