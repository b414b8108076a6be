/**
 * Provider profiles `postgresql-16`, `postgresql-14` and `pgbouncer` (examples/database-provider,
 * docs/provider-profiles.md) against PostgreSQL requirers as real processes under the simulator,
 * on one embedded PostgreSQL with TLS and one model: the db-client fixture (PostgreSQLRequires,
 * logging in with `connection()`), examples/webapp and examples/legacy-client. Each profile goes
 * through integrate, TLS as its charm announces it, rotation by re-integration (the charms have
 * no in-place rotation of relation users) and remove-relation.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Simulator } from "../../lib/testing/simulator/index.js";
import { pgLoginCode } from "../support/databases/postgres-admin.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../support/databases/embedded-postgres.js";
import { makeTestCertificates, type TestCertificates } from "../support/databases/test-certificates.js";
import { buildCharmDir } from "./charm-builds.js";
import { appBag, openProfileModel, recorded, recordedSince, secretLatest, unitBag } from "./profile-model.js";
import { scaled } from "../support/time-scale.js";

const ROOT = path.join(__dirname, "..", "..");
/** Each scenario runs many hooks as processes: generous on a loaded machine, never a speed assertion. */
const SCENARIO_TIMEOUT = scaled(150_000);

let sim: Simulator;
let server: EmbeddedPostgres;
let certs: TestCertificates;
const scratch: string[] = [];

function loginCode(user: string, password: string, database: string): Promise<string> {
  return pgLoginCode(server, user, password, database);
}

beforeAll(async () => {
  const certDir = fs.mkdtempSync(path.join(os.tmpdir(), "profile-certs-"));
  scratch.push(certDir);
  // The certificate names "localhost", which the profiles publish as the host.
  certs = makeTestCertificates(certDir, "localhost");
  const [pgServer, ...dirs] = await Promise.all([
    startEmbeddedPostgres({ tls: { certFile: certs.certFile, keyFile: certs.keyFile } }),
    buildCharmDir(path.join(ROOT, "examples", "database-provider")),
    buildCharmDir(path.join(ROOT, "examples", "webapp")),
    buildCharmDir(path.join(ROOT, "examples", "legacy-client")),
    buildCharmDir(path.join(__dirname, "fixtures", "db-client")),
  ]);
  server = pgServer;
  scratch.push(...dirs);
  const [provider = "", webapp = "", legacy = "", client = ""] = dirs;
  const model = openProfileModel();
  sim = model.sim;
  scratch.push(model.dir);
  const login = { "postgresql-host": "localhost", "postgresql-port": server.port, "postgresql-admin-user": server.user, "postgresql-admin-password": server.password };
  for (const [app, dir, config] of [
    ["pg16", provider, { profile: "postgresql-16", ...login }],
    ["pg14", provider, { profile: "postgresql-14", ...login }],
    ["pgbouncer", provider, { profile: "pgbouncer", ...login, "pgbouncer-port": server.port }],
    ["client", client, { "database-name": "profiled" }],
    ["bouncer-client", client, { "database-name": "pooled" }],
    ["webapp", webapp, {}],
    ["legacy", legacy, {}],
  ] as const) {
    expect((await sim.deploy(app, dir, { config })).failed).toBeUndefined();
  }
}, scaled(90_000));

afterAll(async () => {
  sim?.close();
  await server?.stop();
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

describe("profile postgresql-16: db-client and webapp", () => {
  let clientRelation = 0;
  let webappRelation = 0;
  const webappJson = (): { database: { user: string; password: string } } => JSON.parse(fs.readFileSync(path.join(sim.modelDir, "units", "webapp-0", "charm", "webapp.json"), "utf8"));

  test("integrate: relation-<id>, uris in the user secret, and a tls secret saying False with an empty CA from the start", async () => {
    const run = await sim.integrate("client:pg", "pg16:database");
    expect(run.failed).toBeUndefined();
    clientRelation = run.relationId;
    const user = `relation-${clientRelation}`;
    const bag = appBag(sim, clientRelation, "pg16");
    const address = `localhost:${server.port}`;
    expect(bag).toMatchObject({ database: "profiled", endpoints: address, "read-only-endpoints": address, version: expect.stringMatching(/^\d+/), "secret-user": expect.stringMatching(/^secret:/), "secret-tls": expect.stringMatching(/^secret:/) });
    const credentials = secretLatest(sim, bag["secret-user"])?.content ?? {};
    const uri = `postgresql://${user}:${credentials["password"] ?? ""}@${address}/profiled`;
    // db-client lists read-only-uris in requested-secrets; without replicas they name the primary.
    expect(credentials).toEqual({ username: user, password: expect.stringMatching(/^[A-Za-z0-9]{16}$/), uris: uri, "read-only-uris": uri });
    expect(secretLatest(sim, bag["secret-tls"])).toEqual({ content: { tls: "False", "tls-ca": "" }, revisions: 1 });
    expect(recorded(sim, "client/0")).toEqual([
      expect.objectContaining({ event: "databaseCreated", relationId: clientRelation, username: user, tls: false, caReceived: false, login: { ok: true, user, ssl: false } }),
    ]);

    const web = await sim.integrate("webapp:database", "pg16:database");
    expect(web.failed).toBeUndefined();
    webappRelation = web.relationId;
    expect(webappJson().database.user).toBe(`relation-${webappRelation}`);
    expect(await sim.runAction("webapp/0", "check-db")).toMatchObject({ status: "completed", results: { "current-user": `relation-${webappRelation}`, database: "webapp" } });
  }, SCENARIO_TIMEOUT);

  test("TLS on and off: the tls secret gets True with the CA, then False with an empty CA; both requirers follow", async () => {
    const tlsUri = appBag(sim, clientRelation, "pg16")["secret-tls"];
    let before = recorded(sim, "client/0").length;
    expect((await sim.configure("pg16", { tls: true, "tls-ca": certs.caPem })).failed).toBeUndefined();
    expect(secretLatest(sim, tlsUri)).toEqual({ content: { tls: "True", "tls-ca": certs.caPem }, revisions: 2 });
    const user = `relation-${clientRelation}`;
    expect(recordedSince(sim, "client/0", before)).toEqual([expect.objectContaining({ event: "tlsChanged", tls: true, caReceived: true, login: { ok: true, user, ssl: true } })]);
    // webapp re-rendered on tlsChanged; check-db connects with verify-full against the CA.
    expect(await sim.runAction("webapp/0", "check-db")).toMatchObject({ status: "completed", results: { "current-user": `relation-${webappRelation}` } });

    before = recorded(sim, "client/0").length;
    expect((await sim.configure("pg16", { tls: false })).failed).toBeUndefined();
    expect(secretLatest(sim, tlsUri)).toEqual({ content: { tls: "False", "tls-ca": "" }, revisions: 3 });
    expect(recordedSince(sim, "client/0", before)).toEqual([expect.objectContaining({ event: "tlsChanged", tls: false, caReceived: false, login: { ok: true, user, ssl: false } })]);
    expect((await sim.runAction("webapp/0", "check-db")).status).toBe("completed");
  }, SCENARIO_TIMEOUT);

  test("rotation by re-integration: databaseRemoved, then databaseCreated with a new user; the old user is gone", async () => {
    const refused = await sim.runAction("pg16/0", "rotate-password");
    expect(refused).toMatchObject({ status: "failed", message: expect.stringContaining("remove the relation and integrate again") });

    const oldUser = `relation-${clientRelation}`;
    const oldPassword = secretLatest(sim, appBag(sim, clientRelation, "pg16")["secret-user"])?.content["password"] ?? "";
    expect(await loginCode(oldUser, oldPassword, "profiled")).toBe("ok");
    const before = recorded(sim, "client/0").length;
    expect((await sim.removeRelation("client:pg", "pg16:database")).failed).toBeUndefined();
    const again = await sim.integrate("client:pg", "pg16:database");
    expect(again.failed).toBeUndefined();
    const newUser = `relation-${again.relationId}`;
    expect(recordedSince(sim, "client/0", before).map((r) => [r.event, r.relationId, r["username"] ?? null])).toEqual([
      ["databaseRemoved", clientRelation, null],
      ["databaseCreated", again.relationId, newUser],
    ]);
    expect(recorded(sim, "client/0").at(-1)?.["login"]).toEqual({ ok: true, user: newUser, ssl: false });
    // The role went with the relation: its password no longer logs in.
    expect(await loginCode(oldUser, oldPassword, "profiled")).toBe("28P01");

    // webapp the same way: it waits while unrelated, then renders the new user.
    const firstWebUser = webappJson().database.user;
    expect((await sim.removeRelation("webapp:database", "pg16:database")).failed).toBeUndefined();
    expect(sim.model.units["webapp/0"]?.status).toEqual({ status: "waiting", message: "waiting for database relation" });
    const web = await sim.integrate("webapp:database", "pg16:database");
    expect(web.failed).toBeUndefined();
    expect(webappJson().database.user).toBe(`relation-${web.relationId}`);
    expect(webappJson().database.user).not.toBe(firstWebUser);
    expect((await sim.runAction("webapp/0", "check-db")).results["current-user"]).toBe(`relation-${web.relationId}`);
  }, SCENARIO_TIMEOUT);
});

describe("profile postgresql-14: legacy-client on its modern endpoint", () => {
  test("created, then re-integrated with a new user", async () => {
    const run = await sim.integrate("legacy:database", "pg14:database");
    expect(run.failed).toBeUndefined();
    const bag = appBag(sim, run.relationId, "pg14");
    expect(secretLatest(sim, bag["secret-tls"])?.content).toEqual({ tls: "False", "tls-ca": "" });
    expect(sim.model.units["legacy/0"]?.status).toEqual({ status: "active", message: "postgresql via database" });
    expect((await sim.runAction("legacy/0", "show-db")).results).toMatchObject({ user: `relation-${run.relationId}`, database: "legacyclient", host: "localhost", port: String(server.port) });

    expect((await sim.removeRelation("legacy:database", "pg14:database")).failed).toBeUndefined();
    expect(sim.model.units["legacy/0"]?.status.status).toBe("waiting");
    const again = await sim.integrate("legacy:database", "pg14:database");
    expect(again.failed).toBeUndefined();
    expect((await sim.runAction("legacy/0", "show-db")).results["user"]).toBe(`relation-${again.relationId}`);
  }, SCENARIO_TIMEOUT);
});

describe("profile pgbouncer: a subordinate provider", () => {
  test("subordinated flag and unit state ready, relation_id_<id> on localhost; TLS publishes nothing", async () => {
    const run = await sim.integrate("bouncer-client:pg", "pgbouncer:database");
    expect(run.failed).toBeUndefined();
    const user = `relation_id_${run.relationId}`;
    const bag = appBag(sim, run.relationId, "pgbouncer");
    const address = `localhost:${server.port}`;
    expect(bag).toMatchObject({ subordinated: "true", database: "pooled", endpoints: address, "read-only-endpoints": address, version: expect.stringMatching(/^\d+/) });
    expect(bag["secret-tls"]).toBeUndefined();
    expect(unitBag(sim, run.relationId, "pgbouncer/0")).toMatchObject({ state: "ready" });
    expect(secretLatest(sim, bag["secret-user"])?.content["uris"]).toMatch(new RegExp(`^postgresql://${user}:[A-Za-z0-9]{16}@${address}/pooled$`));
    expect(recorded(sim, "bouncer-client/0")).toEqual([expect.objectContaining({ event: "databaseCreated", username: user, tls: null, login: { ok: true, user, ssl: false } })]);

    const before = recorded(sim, "bouncer-client/0").length;
    expect((await sim.configure("pgbouncer", { tls: true, "tls-ca": certs.caPem })).failed).toBeUndefined();
    expect(appBag(sim, run.relationId, "pgbouncer")["secret-tls"]).toBeUndefined();
    expect(recordedSince(sim, "bouncer-client/0", before)).toEqual([]);

    expect((await sim.removeRelation("bouncer-client:pg", "pgbouncer:database")).failed).toBeUndefined();
    expect(recordedSince(sim, "bouncer-client/0", before).map((r) => r.event)).toEqual(["databaseRemoved"]);
  }, SCENARIO_TIMEOUT);
});
