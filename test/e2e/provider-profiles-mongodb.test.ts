/**
 * Provider profiles `mongodb` and `mongos` (examples/database-provider, docs/provider-profiles.md)
 * against the MongoDB requirers as real processes under the simulator: the mongo-client fixture
 * (MongoDBRequires, MongosRequires) and examples/data-integrator. No MongoDB server runs: the
 * profiles publish credentials only and say so in their status; what is checked is what the
 * requirers make of the answer (events, `connection()`'s hosts and parameters, get-credentials).
 * One model serves every case, in order.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Simulator } from "../../lib/testing/simulator/index.js";
import { makeTestCertificates } from "../support/databases/test-certificates.js";
import { buildCharmDir } from "./charm-builds.js";
import { appBag, openProfileModel, recorded, recordedSince, secretLatest } from "./profile-model.js";
import { scaled } from "../support/time-scale.js";

const ROOT = path.join(__dirname, "..", "..");
/** Each scenario runs many hooks as processes: generous on a loaded machine, never a speed assertion. */
const SCENARIO_TIMEOUT = scaled(150_000);
const HOSTS = "10.41.0.11,10.41.0.12,10.41.0.13";
const SOCKET = "%2Fvar%2Fsnap%2Fcharmed-mongodb%2Fcommon%2Fvar%2Fmongodb-27018.sock";

let sim: Simulator;
let caPem: string;
const scratch: string[] = [];

beforeAll(async () => {
  const dirs = await Promise.all([
    buildCharmDir(path.join(ROOT, "examples", "database-provider")),
    buildCharmDir(path.join(ROOT, "examples", "data-integrator")),
    buildCharmDir(path.join(__dirname, "fixtures", "mongo-client")),
  ]);
  scratch.push(...dirs);
  const [provider = "", integrator = "", client = ""] = dirs;
  const certDir = fs.mkdtempSync(path.join(os.tmpdir(), "profile-certs-"));
  scratch.push(certDir);
  caPem = makeTestCertificates(certDir).caPem;
  const model = openProfileModel();
  sim = model.sim;
  scratch.push(model.dir);
  for (const [app, dir, config] of [
    ["mongodb", provider, { profile: "mongodb", "mongodb-hosts": HOSTS }],
    ["mongos", provider, { profile: "mongos", "mongodb-hosts": "10.41.0.21" }],
    ["client", client, { "database-name": "myapp" }],
    ["integrator", integrator, { "database-name": "reports" }],
  ] as const) {
    expect((await sim.deploy(app, dir, { config })).failed).toBeUndefined();
  }
}, scaled(60_000));

afterAll(() => {
  sim?.close();
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

describe("profile mongodb (replica set)", () => {
  let relationId = 0;

  test("integrate: relation-<id>, port-less endpoints, replset, uris without TLS options; the status says no server runs", async () => {
    const run = await sim.integrate("client:mongodb", "mongodb:mongodb-database");
    expect(run.failed).toBeUndefined();
    relationId = run.relationId;
    expect(sim.model.units["mongodb/0"]?.status).toEqual({ status: "active", message: "serving 1 relation as mongodb (no MongoDB server: credentials only)" });
    const bag = appBag(sim, relationId, "mongodb");
    expect(bag).toMatchObject({ database: "myapp", endpoints: HOSTS, replset: "mongodb", "secret-user": expect.stringMatching(/^secret:/) });
    expect(bag["version"]).toBeUndefined();
    expect(bag["secret-tls"]).toBeUndefined();
    const user = secretLatest(sim, bag["secret-user"])?.content ?? {};
    expect(user["username"]).toBe(`relation-${relationId}`);
    expect(user["password"]).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(user["uris"]).toBe(
      `mongodb://relation-${relationId}:${user["password"] ?? ""}@10.41.0.11:27017,10.41.0.12:27017,10.41.0.13:27017/myapp?replicaSet=mongodb&authSource=admin`,
    );
    expect(recorded(sim, "client/0")).toEqual([
      {
        event: "databaseCreated",
        endpoint: "mongodb",
        relationId,
        database: "myapp",
        username: `relation-${relationId}`,
        // The response keeps the published text; connection() adds the port.
        endpoints: HOSTS,
        replset: "mongodb",
        tls: null,
        caReceived: false,
        connection: {
          hosts: ["10.41.0.11:27017", "10.41.0.12:27017", "10.41.0.13:27017"],
          database: "myapp",
          params: { replicaSet: "mongodb", authSource: "admin" },
          tls: false,
          caGiven: false,
        },
      },
    ]);
  }, SCENARIO_TIMEOUT);

  test("TLS: on without a CA publishes nothing; an external CA gives tls True and the CA; off again writes no tls False", async () => {
    const before = recorded(sim, "client/0").length;
    expect((await sim.configure("mongodb", { tls: true })).failed).toBeUndefined();
    expect(appBag(sim, relationId, "mongodb")["secret-tls"]).toBeUndefined();
    expect(recordedSince(sim, "client/0", before)).toEqual([]);

    expect((await sim.configure("mongodb", { "tls-ca": caPem })).failed).toBeUndefined();
    const tlsUri = appBag(sim, relationId, "mongodb")["secret-tls"];
    expect(secretLatest(sim, tlsUri)).toEqual({ content: { tls: "True", "tls-ca": caPem }, revisions: 1 });
    expect(recordedSince(sim, "client/0", before)).toEqual([
      expect.objectContaining({ event: "tlsChanged", tls: true, caReceived: true, connection: expect.objectContaining({ tls: true, caGiven: true }) }),
    ]);

    // The real charm leaves the stale announcement: the requirer keeps TLS on, nothing fires.
    const afterOn = recorded(sim, "client/0").length;
    expect((await sim.configure("mongodb", { tls: false, "tls-ca": "" })).failed).toBeUndefined();
    expect(secretLatest(sim, tlsUri)).toEqual({ content: { tls: "True", "tls-ca": caPem }, revisions: 1 });
    expect(recordedSince(sim, "client/0", afterOn)).toEqual([]);
  }, SCENARIO_TIMEOUT);

  test("rotation is by re-integration: rotate-password is refused; remove + integrate gives databaseRemoved, then databaseCreated with a new user", async () => {
    const refused = await sim.runAction("mongodb/0", "rotate-password");
    expect(refused.status).toBe("failed");
    expect(refused.message).toBe("profile mongodb cannot rotate a relation user in place, as the real charm cannot: remove the relation and integrate again");

    const before = recorded(sim, "client/0").length;
    expect((await sim.removeRelation("client:mongodb", "mongodb:mongodb-database")).failed).toBeUndefined();
    const again = await sim.integrate("client:mongodb", "mongodb:mongodb-database");
    expect(again.failed).toBeUndefined();
    expect(again.relationId).toBeGreaterThan(relationId);
    expect(recordedSince(sim, "client/0", before).map((r) => [r.event, r.relationId, r["username"] ?? null])).toEqual([
      ["databaseRemoved", relationId, null],
      ["databaseCreated", again.relationId, `relation-${again.relationId}`],
    ]);
    // The old relation's secrets are gone with it.
    expect(sim.model.secrets.some((s) => s.revisions.some((r) => r.content["username"] === `relation-${relationId}`))).toBe(false);
  }, SCENARIO_TIMEOUT);

  test("data-integrator: get-credentials hands out the replica set's answer as published", async () => {
    const run = await sim.integrate("integrator:mongodb", "mongodb:mongodb-database");
    expect(run.failed).toBeUndefined();
    const credentials = await sim.runAction("integrator/0", "get-credentials");
    expect(credentials.status).toBe("completed");
    expect(credentials.results).toMatchObject({
      ok: "True",
      "mongodb.username": `relation-${run.relationId}`,
      "mongodb.database": "reports",
      "mongodb.endpoints": HOSTS,
      "mongodb.replset": "mongodb",
      "mongodb.uris": expect.stringMatching(/^mongodb:\/\/relation-\d+:[A-Za-z0-9]{32}@10\.41\.0\.11:27017,10\.41\.0\.12:27017,10\.41\.0\.13:27017\/reports\?replicaSet=mongodb&authSource=admin$/),
    });
  }, SCENARIO_TIMEOUT);
});

describe("profile mongos (router on machines)", () => {
  test("a principal gets the URL-encoded socket, port-less, no replicaSet", async () => {
    const run = await sim.integrate("client:mongos", "mongos:mongos-proxy");
    expect(run.failed).toBeUndefined();
    const bag = appBag(sim, run.relationId, "mongos");
    expect(bag).toMatchObject({ database: "myapp", endpoints: SOCKET });
    expect(bag["replset"]).toBeUndefined();
    expect(secretLatest(sim, bag["secret-user"])?.content["uris"]).toMatch(new RegExp(`^mongodb://relation-${run.relationId}:[A-Za-z0-9]{32}@${SOCKET}/myapp\\?authSource=admin$`));
    const created = recorded(sim, "client/0").filter((r) => r.endpoint === "mongos");
    expect(created).toEqual([
      expect.objectContaining({
        event: "databaseCreated",
        username: `relation-${run.relationId}`,
        replset: null,
        connection: { hosts: [SOCKET], database: "myapp", params: { authSource: "admin" }, tls: false, caGiven: false },
      }),
    ]);
  }, SCENARIO_TIMEOUT);

  test("data-integrator asks for external connectivity and gets <host>:27018", async () => {
    const run = await sim.integrate("integrator:mongos", "mongos:mongos-proxy");
    expect(run.failed).toBeUndefined();
    expect(appBag(sim, run.relationId, "mongos")["endpoints"]).toBe("10.41.0.21:27018");
    const credentials = await sim.runAction("integrator/0", "get-credentials");
    expect(credentials.results).toMatchObject({ "mongos.endpoints": "10.41.0.21:27018", "mongos.username": `relation-${run.relationId}` });
    expect(credentials.results["mongos.replset"]).toBeUndefined();
  }, SCENARIO_TIMEOUT);
});
