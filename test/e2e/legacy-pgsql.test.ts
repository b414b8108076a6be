/**
 * E2E on the model simulator (issue 6): the legacy-client fixture (PgsqlRequires on `db` and
 * `db-admin`, one modern-style handler for both) against legacy-pgsql-provider, a stand-in for
 * postgresql-k8s's legacy endpoints that creates real users in an embedded PostgreSQL.
 * The requirer connects with `pg` using the response's `connection()`; `db-admin` yields a
 * SUPERUSER (CREATE ROLE succeeds) and `db` does not (CREATE ROLE is refused, SQLSTATE 42501).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import pg from "pg";
import { Simulator } from "../../lib/testing/simulator/index.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../support/databases/embedded-postgres.js";
import { buildCharmDir } from "./charm-builds.js";
import { scaled } from "../support/time-scale.js";

const FIXTURES = path.join(__dirname, "..", "fixtures", "charms");
const CLIENTS = ["client/0", "client/1"];

let server: EmbeddedPostgres;
let sim: Simulator;
const scratch: string[] = [];

async function superuserQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ host: server.host, port: server.port, user: server.user, password: server.password, database: "postgres", connectionTimeoutMillis: scaled(5000) });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

function unitBag(unit: string, endpoint: string): Record<string, string> | undefined {
  return sim.showUnit(unit)[unit]?.["relation-info"]?.find((r) => r.endpoint === endpoint)?.["local-unit"].data;
}

/** Every hook's output and tool-call argv, to scan for passwords. */
function transcript(): string {
  return sim
    .log()
    .map((h) => [h.stdout, h.stderr, ...h.calls.map((c) => JSON.stringify(c))].join("\n"))
    .join("\n");
}

beforeAll(async () => {
  const [started, provider, client] = await Promise.all([
    startEmbeddedPostgres(),
    buildCharmDir(path.join(FIXTURES, "legacy-pgsql-provider")),
    buildCharmDir(path.join(FIXTURES, "legacy-client")),
  ]);
  server = started;
  scratch.push(provider, client);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-legacy-pgsql-"));
  scratch.push(dir);
  sim = Simulator.open(dir);
  const deployed = await sim.deploy("pg", provider, {
    config: { "pg-host": server.host, "pg-port": server.port, "pg-admin-user": server.user, "pg-admin-password": server.password },
  });
  expect(deployed.failed).toBeUndefined();
  expect((await sim.deploy("client", client, { units: 2 })).failed).toBeUndefined();
}, scaled(120_000));

afterAll(async () => {
  sim?.close();
  await server?.stop();
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

describe("pgsql: PgsqlRequires against a postgresql-k8s-like provider on an embedded server", () => {
  let dbRelation = 0;

  test("db: both units get the credentials through the one handler (leader and non-leader see the same readiness)", async () => {
    const run = await sim.integrate("client:db", "pg:db");
    expect(run.failed).toBeUndefined();
    dbRelation = run.relationId;
    for (const unit of CLIENTS) {
      expect(unitBag(unit, "db")).toMatchObject({
        database: "legacy_app",
        "seen-user": `relation_id_${dbRelation}`,
        "seen-database": "legacy_app",
        "seen-endpoints": `${server.host}:${server.port}`,
      });
      expect(sim.model.units[unit]?.status).toEqual({ status: "active", message: `db: relation_id_${dbRelation}` });
    }
    // The provider admitted both requirer units' egress subnets (the readiness condition).
    const providerSide = sim.showUnit("pg/0")["pg/0"]?.["relation-info"]?.find((r) => r.endpoint === "db");
    expect(providerSide?.["local-unit"].data["allowed-units"]).toBe("client/0,client/1");
  }, scaled(120_000));

  test("db: the requirer logs in with pg and an ordinary role cannot CREATE ROLE", async () => {
    for (const unit of CLIENTS) {
      const probe = await sim.runAction(unit, "probe", { endpoint: "db" });
      expect(probe).toMatchObject({ status: "completed", results: { user: `relation_id_${dbRelation}`, database: "legacy_app", privileged: "denied 42501" } });
    }
    const [role] = await superuserQuery<{ rolsuper: boolean }>("SELECT rolsuper FROM pg_roles WHERE rolname = $1", [`relation_id_${dbRelation}`]);
    expect(role?.rolsuper).toBe(false);
  }, scaled(60_000));

  test("db-admin: a SUPERUSER, so the same privileged statement succeeds", async () => {
    const run = await sim.integrate("client:db-admin", "pg:db-admin");
    expect(run.failed).toBeUndefined();
    const probe = await sim.runAction("client/1", "probe", { endpoint: "db-admin" });
    expect(probe).toMatchObject({ status: "completed", results: { user: `relation_id_${run.relationId}`, database: "legacy_admin", privileged: "ok" } });
    const [role] = await superuserQuery<{ rolsuper: boolean }>("SELECT rolsuper FROM pg_roles WHERE rolname = $1", [`relation_id_${run.relationId}`]);
    expect(role?.rolsuper).toBe(true);
  }, scaled(120_000));

  test("the deprecation warning is logged once per relation and unit, and no password leaks into hook output or tool argv", async () => {
    const warnings = sim.log().flatMap((h) => h.calls.filter((c) => c.cmd === "juju-log" && c.argv.join(" ").includes('deprecated "pgsql"')).map(() => h.unit));
    expect(warnings.sort()).toEqual(["client/0", "client/0", "client/1", "client/1"]);
    const roles = await superuserQuery<{ rolname: string }>("SELECT rolname FROM pg_roles WHERE rolname LIKE 'relation_id_%'");
    expect(roles.length).toBe(2);
    const text = transcript();
    const published = sim.model.relations.flatMap((rel) => Object.values(rel.unitData).map((bag) => bag["password"] ?? "")).filter((pw) => pw !== "");
    expect(new Set(published).size).toBe(2);
    for (const pw of published) expect(text).not.toContain(pw);
  });

  test("remove-relation: databaseRemoved reaches the one handler and the provider drops the user", async () => {
    const run = await sim.removeRelation("client:db", "pg:db");
    expect(run.failed).toBeUndefined();
    for (const unit of CLIENTS) expect(sim.model.units[unit]?.status).toEqual({ status: "waiting", message: "db: database removed" });
    expect(await superuserQuery("SELECT 1 FROM pg_roles WHERE rolname = $1", [`relation_id_${dbRelation}`])).toEqual([]);
  }, scaled(120_000));
});
