// legacy-client on the Context/State harness: the same handler renders client.json whether the
// answer came on the modern `database` endpoint, the legacy pgsql `db` or the legacy `mysql`.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Context, DEFAULT_UNIT_BAG, peerRelation, relation, secret, state, type AnyRelation, type Relation, type State } from "charm-data-interfaces/testing";
import { LegacyClientCharm, WAITING_FOR_RELATION } from "../src/charm.js";

const CHARM_DIR = path.join(__dirname, "..");
const read = (file: string): string => fs.readFileSync(path.join(CHARM_DIR, file), "utf8");
const PASSWORD = "Xy7pQ2mN9vLk3RtA";

let dir: string;
let configFile: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "legacy-client-test-"));
  configFile = path.join(dir, "client.json");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function ctx(): Context<typeof LegacyClientCharm> {
  return new Context(LegacyClientCharm, { metadata: read("metadata.yaml"), config: read("config.yaml"), actions: read("actions.yaml") });
}

const peers = peerRelation({ id: 1, endpoint: "legacy-client-peers" });

function withRelations(relations: AnyRelation[], extra: Partial<State> = {}): State {
  return state({ relations: [peers, ...relations], config: { "config-file": configFile }, ...extra });
}

function rendered(): Record<string, unknown> {
  return (JSON.parse(fs.readFileSync(configFile, "utf8")) as { database: Record<string, unknown> }).database;
}

/** The modern postgresql_client answer. */
function modern(): { rel: Relation; st: State } {
  const user = secret({ trackedContent: { username: "relation_id_5", password: PASSWORD } });
  const rel = relation({
    id: 5,
    endpoint: "database",
    remoteApp: "postgresql",
    localAppData: { database: "legacyclient" },
    remoteAppData: { "secret-user": user.id, database: "legacyclient", endpoints: "10.0.0.5:5432" },
  });
  return { rel, st: withRelations([rel], { secrets: [user] }) };
}

/** What a pgsql provider writes once it granted this unit (docs/protocol.md#pgsql-answer): app and unit bag alike. */
function pgsql(): { rel: Relation; st: State } {
  const answer = {
    "allowed-subnets": DEFAULT_UNIT_BAG["egress-subnets"] as string,
    "allowed-units": "legacy-client/0",
    database: "legacyclient",
    master: `dbname=legacyclient host=pg-primary.prod.svc password=${PASSWORD} port=5432 user=relation_id_6`,
    user: "relation_id_6",
    password: PASSWORD,
    port: "5432",
    version: "14.15",
  };
  const rel = relation({
    id: 6,
    endpoint: "db",
    remoteApp: "postgresql-k8s",
    localUnitData: { database: "legacyclient" },
    remoteAppData: answer,
    remoteUnitsData: { 0: { ...DEFAULT_UNIT_BAG, ...answer } },
  });
  // The leader: it writes the request itself (non-leaders take it from the peer relation's copy).
  return { rel, st: withRelations([rel], { leader: true }) };
}

/** What a legacy mysql unit writes into its own databag (docs/protocol.md#mysql-answer). */
function mysql(): { rel: Relation; st: State } {
  const rel = relation({
    id: 7,
    endpoint: "mysql",
    remoteApp: "mysql-k8s",
    remoteUnitsData: { 0: { ...DEFAULT_UNIT_BAG, database: "database-7", host: "mysql-k8s-0.mysql", port: "3306", user: "relation-7", password: PASSWORD } },
  });
  return { rel, st: withRelations([rel]) };
}

test("install: waits for one of the three relations", async () => {
  const c = ctx();
  const out = await c.run(c.on.install(), withRelations([]));
  expect(out.unitStatus).toEqual({ status: "waiting", message: WAITING_FOR_RELATION });
});

test.each([
  ["database (postgresql_client)", modern, { endpoint: "database", engine: "postgresql", host: "10.0.0.5", port: 5432, database: "legacyclient", user: "relation_id_5" }],
  ["db (legacy pgsql)", pgsql, { endpoint: "db", engine: "postgresql", host: "pg-primary.prod.svc", port: 5432, database: "legacyclient", user: "relation_id_6" }],
  ["mysql (legacy mysql)", mysql, { endpoint: "mysql", engine: "mysql", host: "mysql-k8s-0.mysql", port: 3306, database: "database-7", user: "relation-7" }],
])("%s: the one handler renders client.json and the unit goes active", async (_name, answered, expected) => {
  const c = ctx();
  const { rel, st } = answered();
  const out = await c.run(c.on.relationChanged(rel, { remoteUnit: 0 }), st);
  expect(c.error).toBeUndefined();
  expect(rendered()).toEqual({ ...expected, password: PASSWORD });
  expect(fs.statSync(configFile).mode & 0o777).toBe(0o600);
  expect(out.unitStatus).toEqual({ status: "active", message: `${expected.engine} via ${expected.endpoint}` });
  expect(JSON.stringify(c.logs)).not.toContain(PASSWORD);

  await c.run(c.on.action("show-db"), out);
  expect(c.actionOutput?.results).toEqual({ ...expected, port: String(expected.port) });
});

test("databaseRemoved on the legacy endpoint: client.json is deleted and the unit waits again", async () => {
  const c = ctx();
  const { rel, st } = pgsql();
  const used = await c.run(c.on.relationChanged(rel, { remoteUnit: 0 }), st);
  expect(fs.existsSync(configFile)).toBe(true);
  const out = await c.run(c.on.relationBroken(rel), used);
  expect(c.error).toBeUndefined();
  expect(fs.existsSync(configFile)).toBe(false);
  expect(out.unitStatus).toEqual({ status: "waiting", message: WAITING_FOR_RELATION });
  // After relation-broken Juju forgets the relation.
  await c.run(c.on.action("show-db"), { ...out, relations: out.relations.filter((r) => r.id !== rel.id) });
  expect(c.actionOutput?.failure).toBe(`no database in use (${WAITING_FOR_RELATION})`);
});

test("two database relations at once: Blocked, naming them", async () => {
  const c = ctx();
  const a = modern();
  const b = mysql();
  const out = await c.run(c.on.updateStatus(), withRelations([a.rel, b.rel], { secrets: a.st.secrets }));
  expect(out.unitStatus).toEqual({ status: "blocked", message: "relate only one of database, db or mysql (related: database, mysql)" });
});
