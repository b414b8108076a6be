// The webapp charm on the Context/State harness: hooks run through lib/ops's dispatch over the
// fake Juju; the workload config file is written to a temporary directory (config-file).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Context, relation, secret, state, type Relation, type State } from "charm-data-interfaces/testing";
import { WAITING_FOR_CREDENTIALS, WAITING_FOR_RELATION, WebAppCharm } from "../src/charm.js";
import type { WorkloadConfig } from "../src/workload-config.js";
import { TEST_CA_A } from "../../../test/interfaces/fixtures/test-ca.js";

const CHARM_DIR = path.join(__dirname, "..");
const read = (file: string): string => fs.readFileSync(path.join(CHARM_DIR, file), "utf8");

const USER = { username: "relation_id_3", password: "Xy7pQ2mN9vLk3RtA" };
const CA = TEST_CA_A; // tls-ca must parse as X.509 (issue 14)

let dir: string;
let configFile: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "webapp-test-"));
  configFile = path.join(dir, "webapp.json");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function ctx(): Context<typeof WebAppCharm> {
  return new Context(WebAppCharm, { metadata: read("metadata.yaml"), config: read("config.yaml"), actions: read("actions.yaml") });
}

function rendered(): WorkloadConfig {
  return JSON.parse(fs.readFileSync(configFile, "utf8")) as WorkloadConfig;
}

/** The database relation after the provider answered (credentials in a secret, as on Juju 3). */
function answered(remote: Record<string, string> = {}, content: Record<string, string> = USER): { rel: Relation; st: State; user: ReturnType<typeof secret> } {
  const user = secret({ trackedContent: content, label: "database.3.user.secret" });
  const rel = relation({
    id: 3,
    endpoint: "database",
    remoteApp: "postgresql",
    localAppData: { database: "webapp" },
    remoteAppData: { "secret-user": user.id, database: "webapp", endpoints: "10.0.0.5:5432", version: "16.4", ...remote },
  });
  return { rel, user, st: state({ relations: [rel], secrets: [user], config: { "config-file": configFile } }) };
}

test("install: waits for a database relation", async () => {
  const c = ctx();
  const out = await c.run(c.on.install(), state());
  expect(out.unitStatus).toEqual({ status: "waiting", message: WAITING_FOR_RELATION });
});

test("relation-created: the leader asks for database webapp, the unit waits for credentials", async () => {
  const c = ctx();
  const rel = relation({ id: 3, endpoint: "database", remoteApp: "postgresql" });
  const out = await c.run(c.on.relationCreated(rel), state({ leader: true, relations: [rel] }));
  expect(c.error).toBeUndefined();
  expect(out.relations[0]?.localAppData["database"]).toBe("webapp");
  expect(out.unitStatus).toEqual({ status: "waiting", message: WAITING_FOR_CREDENTIALS });
});

test("credentials arrive: webapp.json is rendered (0600) from the typed response, the password is never logged", async () => {
  const c = ctx();
  const { rel, st } = answered();
  const out = await c.run(c.on.relationChanged(rel), st);
  expect(c.error).toBeUndefined();
  expect(out.unitStatus).toEqual({ status: "active", message: "" });
  expect(rendered()).toEqual({
    database: {
      url: "postgresql://relation_id_3:Xy7pQ2mN9vLk3RtA@10.0.0.5:5432/webapp?sslmode=disable",
      host: "10.0.0.5",
      port: 5432,
      name: "webapp",
      user: "relation_id_3",
      password: USER.password,
      caFile: null,
    },
  });
  expect(fs.statSync(configFile).mode & 0o777).toBe(0o600);
  expect(JSON.stringify(c.logs)).not.toContain(USER.password);
  expect(c.logLines("INFO").some((l) => l.includes(`rendered ${configFile}`))).toBe(true);
});

test("credentialsRotated: a new secret revision re-renders the file with the new password", async () => {
  const c = ctx();
  const { rel, st, user } = answered();
  const first = await c.run(c.on.relationChanged(rel), st);
  const tracked = first.secrets.find((s) => s.id === user.id) ?? user;
  const rotated = secret({ ...tracked, latestContent: { ...USER, password: "n3wPassw0rdAbCdE" } });
  await c.run(c.on.secretChanged(rotated), { ...first, secrets: [rotated] });
  expect(c.error).toBeUndefined();
  expect(rendered().database.password).toBe("n3wPassw0rdAbCdE");
  expect(JSON.stringify(c.logs)).not.toContain("n3wPassw0rdAbCdE");
});

test("endpointsChanged: the file follows the new primary", async () => {
  const c = ctx();
  const { rel, st } = answered();
  const first = await c.run(c.on.relationChanged(rel), st);
  const moved = first.relations.map((r) => (r.kind === "regular" ? { ...r, remoteAppData: { ...r.remoteAppData, endpoints: "10.0.0.9:5433" } } : r));
  const movedRel = moved[0] as Relation;
  await c.run(c.on.relationChanged(movedRel), { ...first, relations: moved });
  expect(c.error).toBeUndefined();
  expect(rendered().database).toMatchObject({ host: "10.0.0.9", port: 5433 });
});

test("TLS with a CA: the CA goes next to the config file and the URL verifies the server", async () => {
  const c = ctx();
  const tls = secret({ trackedContent: { tls: "True", "tls-ca": CA } });
  const { rel, st } = answered({ "secret-tls": tls.id });
  await c.run(c.on.relationChanged(rel), { ...st, secrets: [...st.secrets, tls] });
  expect(c.error).toBeUndefined();
  const caFile = path.join(dir, "webapp-ca.pem");
  expect(rendered().database.caFile).toBe(caFile);
  expect(rendered().database.url).toContain("sslmode=verify-full");
  expect(rendered().database.url).toContain(`sslrootcert=${encodeURIComponent(caFile)}`);
  expect(fs.readFileSync(caFile, "utf8").trim()).toBe(CA);
});

test("databaseRemoved: the config file and CA are deleted, the unit waits for a relation again", async () => {
  const c = ctx();
  const { rel, st } = answered();
  const first = await c.run(c.on.relationChanged(rel), st);
  expect(fs.existsSync(configFile)).toBe(true);
  const out = await c.run(c.on.relationBroken(rel), first);
  expect(c.error).toBeUndefined();
  expect(fs.existsSync(configFile)).toBe(false);
  expect(out.unitStatus).toEqual({ status: "waiting", message: WAITING_FOR_RELATION });
});

test("config-changed moves the config file where config-file now points", async () => {
  const c = ctx();
  const { rel, st } = answered();
  const first = await c.run(c.on.relationChanged(rel), st);
  const elsewhere = path.join(dir, "other.json");
  await c.run(c.on.configChanged(), { ...first, config: { "config-file": elsewhere } });
  expect(c.error).toBeUndefined();
  expect(JSON.parse(fs.readFileSync(elsewhere, "utf8"))).toEqual(rendered());
});

test("check-db before credentials: fails and says what is missing", async () => {
  const c = ctx();
  await c.run(c.on.action("check-db"), state());
  expect(c.actionOutput?.failure).toBe(`no database credentials yet (${WAITING_FOR_RELATION})`);
});

test("check-db when the database cannot be reached: fails naming the address, never the password", async () => {
  const c = ctx();
  // Port 1 on the loopback: nothing listens there, the connection is refused at once.
  const { st } = answered({ endpoints: "127.0.0.1:1" });
  await c.run(c.on.action("check-db"), st);
  expect(c.error).toBeUndefined();
  expect(c.actionOutput?.failure).toMatch(/^cannot query the database at 127\.0\.0\.1:1: .*ECONNREFUSED/);
  expect(JSON.stringify(c.actionOutput)).not.toContain(USER.password);
});
