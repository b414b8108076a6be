// The data-integrator on the Context/State harness: the charm runs through lib/ops's dispatch
// over the fake Juju, so every databag write and action result is what a real unit would do.
import * as fs from "node:fs";
import * as path from "node:path";
import { Context, relation, secret, state, type Relation, type State } from "charm-data-interfaces/testing";
import { DataIntegratorCharm } from "../src/charm.js";
import { NOT_CONFIGURED, NOT_RELATED } from "../src/credentials.js";
import { NAME_MESSAGE, RELATE_MESSAGE } from "../src/integrator-status.js";

const CHARM_DIR = path.join(__dirname, "..");
const read = (file: string): string => fs.readFileSync(path.join(CHARM_DIR, file), "utf8");

function ctx(): Context<typeof DataIntegratorCharm> {
  return new Context(DataIntegratorCharm, { metadata: read("metadata.yaml"), config: read("config.yaml"), actions: read("actions.yaml") });
}

const PG_USER = {
  username: "relation_id_4",
  password: "Xy7pQ2mN9vLk3RtA",
  uris: "postgresql://relation_id_4:Xy7pQ2mN9vLk3RtA@pg-primary:5432/test-db",
  "read-only-uris": "postgresql://relation_id_4:Xy7pQ2mN9vLk3RtA@pg-replicas:5432/test-db",
};
const CA = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----";

function pgRelation(extra: Partial<Relation> = {}): Relation {
  return relation({ id: 4, endpoint: "postgresql", remoteApp: "postgresql-k8s", ...extra });
}

/** A PostgreSQL relation the provider answered through two secrets (user and tls). */
function answeredPg(database = "test-db"): { rel: Relation; secrets: ReturnType<typeof secret>[] } {
  const user = secret({ trackedContent: PG_USER });
  const tls = secret({ trackedContent: { tls: "True", "tls-ca": CA } });
  const rel = pgRelation({
    localAppData: { database, "external-node-connectivity": "true" },
    remoteAppData: {
      "secret-user": user.id,
      "secret-tls": tls.id,
      database,
      endpoints: "pg-primary:5432",
      "read-only-endpoints": "pg-replicas:5432",
      version: "16.4",
      data: '{"database": "test-db"}',
    },
  });
  return { rel, secrets: [user, tls] };
}

function bagOf(out: State, id: number): Readonly<Record<string, string>> | undefined {
  return out.relations.find((r) => r.id === id)?.localAppData;
}

describe("request", () => {
  test("D-01 relation-created without database-name writes no database, only external-node-connectivity and the secret lists", async () => {
    const c = ctx();
    const rel = pgRelation();
    const out = await c.run(c.on.relationCreated(rel), state({ leader: true, relations: [rel] }));
    expect(c.error).toBeUndefined();
    const bag = bagOf(out, 4);
    expect(bag?.["database"]).toBeUndefined();
    expect(bag?.["external-node-connectivity"]).toBe("true");
    expect(out.unitStatus).toEqual({ status: "blocked", message: NAME_MESSAGE });
  });

  test("D-01 the request is written on config-changed when no provider answered yet, in one hook", async () => {
    const c = ctx();
    const rel = pgRelation();
    const created = await c.run(c.on.relationCreated(rel), state({ leader: true, relations: [rel] }));
    const configured = { ...created, config: { "database-name": "test-db", "extra-user-roles": "admin" } };
    const out = await c.run(c.on.configChanged(), configured);
    expect(c.error).toBeUndefined();
    expect(bagOf(out, 4)).toMatchObject({ database: "test-db", "extra-user-roles": "admin", "external-node-connectivity": "true" });
    expect(c.toolCalls.filter((t) => t.cmd === "relation-set")).toHaveLength(1);
    expect(out.unitStatus).toEqual({ status: "waiting", message: "waiting for postgresql-k8s to create database test-db" });
  });

  test.each([
    ["postgresql", "postgresql-k8s"],
    ["mysql", "mysql-k8s"],
    ["mongodb", "mongodb-k8s"],
    ["mongos", "mongos-k8s"],
  ])("D-01 one requirer per database endpoint: %s asks for the database with external-node-connectivity", async (endpoint, remoteApp) => {
    const c = ctx();
    const rel = relation({ id: 21, endpoint, remoteApp });
    const other = relation({ id: 22, endpoint: endpoint === "postgresql" ? "mysql" : "postgresql", remoteApp: "other-db" });
    const out = await c.run(c.on.relationCreated(rel), state({ leader: true, relations: [rel, other], config: { "database-name": "test-db" } }));
    expect(c.error).toBeUndefined();
    const bag = bagOf(out, 21);
    expect(bag).toMatchObject({ database: "test-db", "external-node-connectivity": "true" });
    expect(JSON.parse(bag?.["requested-secrets"] ?? "[]")).toEqual(expect.arrayContaining(["username", "password"]));
    // The hook of one endpoint's relation writes that relation only: each endpoint has its own requirer.
    const written = c.toolCalls.filter((t) => t.cmd === "relation-set").map((t) => t.argv[t.argv.indexOf("-r") + 1]);
    expect(new Set(written)).toEqual(new Set([`${endpoint}:21`]));
    expect(bagOf(out, 22)).toEqual({});
  });

  test("an entity request writes entity-type, entity-permissions and extra-group-roles together", async () => {
    const c = ctx();
    const rel = relation({ id: 7, endpoint: "mysql", remoteApp: "mysql-k8s" });
    const permissions = '[{"resource_name": "test-db", "resource_type": "database", "privileges": ["SELECT"]}]';
    const config = { "database-name": "test-db", "entity-type": "group", "extra-group-roles": "readers", "entity-permissions": permissions };
    const out = await c.run(c.on.relationCreated(rel), state({ leader: true, relations: [rel], config }));
    expect(c.error).toBeUndefined();
    const bag = bagOf(out, 7);
    expect(bag).toMatchObject({ database: "test-db", "entity-type": "GROUP", "extra-group-roles": "readers" });
    expect(JSON.parse(bag?.["entity-permissions"] ?? "null")).toEqual(JSON.parse(permissions));
  });

  test("D-01 the mongos endpoint (provides, for a sharded MongoDB) asks like the others", async () => {
    const c = ctx();
    const rel = relation({ id: 9, endpoint: "mongos", remoteApp: "mongos" });
    const out = await c.run(c.on.relationCreated(rel), state({ leader: true, relations: [rel], config: { "database-name": "shop" } }));
    expect(c.error).toBeUndefined();
    expect(bagOf(out, 9)).toMatchObject({ database: "shop", "external-node-connectivity": "true" });
  });

  test("an immutable change is never written: Blocked, and the block survives later hooks", async () => {
    const c = ctx();
    const { rel, secrets } = answeredPg("test-db");
    const st = state({ leader: true, relations: [rel], secrets, config: { "database-name": "other-db" } });
    const out = await c.run(c.on.configChanged(), st);
    expect(c.error).toBeUndefined();
    expect(bagOf(out, 4)?.["database"]).toBe("test-db");
    expect(out.unitStatus).toEqual({ status: "blocked", message: "To change database on postgresql, please remove relation and add it again" });
    const later = await c.run(c.on.updateStatus(), out);
    expect(later.unitStatus.status).toBe("blocked");
    // Back to the related name: the block goes away.
    const reverted = await c.run(c.on.configChanged(), { ...later, config: { "database-name": "test-db" } });
    expect(reverted.unitStatus).toEqual({ status: "active", message: "ready: postgresql (run get-credentials)" });
  });

  test("a conflict on one endpoint survives a new relation on another", async () => {
    const c = ctx();
    const { rel, secrets } = answeredPg("test-db");
    const blocked = await c.run(c.on.configChanged(), state({ leader: true, relations: [rel], secrets, config: { "database-name": "other-db" } }));
    const mysql = relation({ id: 11, endpoint: "mysql", remoteApp: "mysql-k8s" });
    const out = await c.run(c.on.relationCreated(mysql), { ...blocked, relations: [...blocked.relations, mysql] });
    expect(c.error).toBeUndefined();
    expect(out.unitStatus).toEqual({ status: "blocked", message: "To change database on postgresql, please remove relation and add it again" });
  });

  test("a non-leader sees a renamed database from the provider's answer", async () => {
    const c = ctx();
    const { rel, secrets } = answeredPg("test-db");
    const out = await c.run(c.on.updateStatus(), state({ relations: [rel], secrets, config: { "database-name": "other-db" } }));
    expect(out.unitStatus).toEqual({ status: "blocked", message: "To change database name: test-db, please remove relation and add it again" });
  });
});

describe("status", () => {
  test.each([
    [{}, NAME_MESSAGE],
    [{ "database-name": "test-db" }, RELATE_MESSAGE],
    [{ "database-name": "test-db", "entity-type": "ADMIN" }, "config option entity-type: must be USER or GROUP"],
    [{ "database-name": "test-db", "entity-permissions": "[]" }, "config option entity-permissions: only applies to an entity request; set entityType"],
    [{ "database-name": "test-db", "entity-type": "USER", "entity-permissions": "not json" }, "config option entity-permissions: is not valid JSON"],
  ])("D-02 config %j without relations → Blocked %s", async (config, message) => {
    const c = ctx();
    const out = await c.run(c.on.configChanged(), state({ config }));
    expect(c.error).toBeUndefined();
    expect(out.unitStatus.status).toBe("blocked");
    expect(out.unitStatus.message.startsWith(message)).toBe(true);
  });

  test("D-02 the status messages of docs/protocol.md#data-integrator in order: config problem, name, relation, change on a live relation, renamed database, waiting, active", async () => {
    const c = ctx();
    const statusOf = async (st: State): Promise<State["unitStatus"]> => {
      const out = await c.run(c.on.updateStatus(), st);
      expect(c.error).toBeUndefined();
      return out.unitStatus;
    };
    const { rel, secrets } = answeredPg("test-db");
    const unanswered = pgRelation({ localAppData: { database: "test-db", "external-node-connectivity": "true" } });
    const bad = { "database-name": "test-db", "entity-type": "ADMIN" };
    // Each step keeps every later problem present, so only the order can pick the message.
    expect((await statusOf(state({ config: bad }))).message).toMatch(/^config option entity-type/);
    expect(await statusOf(state({ config: {} }))).toEqual({ status: "blocked", message: NAME_MESSAGE });
    expect(await statusOf(state({ config: { "database-name": "test-db" } }))).toEqual({ status: "blocked", message: RELATE_MESSAGE });
    const conflict = await c.run(c.on.configChanged(), state({ leader: true, relations: [rel], secrets, config: { "database-name": "other-db" } }));
    expect(conflict.unitStatus).toEqual({ status: "blocked", message: "To change database on postgresql, please remove relation and add it again" });
    expect(await statusOf(state({ relations: [rel], secrets, config: { "database-name": "other-db" } }))).toEqual({
      status: "blocked",
      message: "To change database name: test-db, please remove relation and add it again",
    });
    expect(await statusOf(state({ relations: [unanswered], config: { "database-name": "test-db" } }))).toEqual({
      status: "waiting",
      message: "waiting for postgresql-k8s to create database test-db",
    });
    expect(await statusOf(state({ relations: [rel], secrets, config: { "database-name": "test-db" } }))).toEqual({
      status: "active",
      message: "ready: postgresql (run get-credentials)",
    });
  });

  test("an invalid config still lets relation hooks run, and the request keeps what the relation has", async () => {
    const c = ctx();
    const { rel, secrets } = answeredPg();
    const out = await c.run(c.on.relationChanged(rel), state({ leader: true, relations: [rel], secrets, config: { "database-name": "test-db", "entity-type": "x" } }));
    expect(c.error).toBeUndefined();
    expect(bagOf(out, 4)?.["database"]).toBe("test-db");
    expect(out.unitStatus.status).toBe("blocked");
  });

  test("D-02 credentials arrive → Active, naming the endpoint", async () => {
    const c = ctx();
    const { rel, secrets } = answeredPg();
    const out = await c.run(c.on.relationChanged(rel), state({ relations: [rel], secrets, config: { "database-name": "test-db" } }));
    expect(c.error).toBeUndefined();
    expect(out.unitStatus).toEqual({ status: "active", message: "ready: postgresql (run get-credentials)" });
    expect(JSON.stringify(c.logs)).not.toContain(PG_USER.password);
  });

  test("D-02 relation-broken leaves the unit asking for a relation again", async () => {
    const c = ctx();
    const { rel, secrets } = answeredPg();
    const out = await c.run(c.on.relationBroken(rel), state({ relations: [rel], secrets, config: { "database-name": "test-db" } }));
    expect(c.error).toBeUndefined();
    expect(out.unitStatus).toEqual({ status: "blocked", message: RELATE_MESSAGE });
  });
});

describe("get-credentials", () => {
  test("D-03 without database-name: fails with the Python charm's message and ok=False", async () => {
    const c = ctx();
    await c.run(c.on.action("get-credentials"), state());
    expect(c.actionOutput).toEqual({ results: { ok: "False" }, logs: [], failure: NOT_CONFIGURED });
  });

  test("D-03 before any database answered: fails with ok=False", async () => {
    const c = ctx();
    const rel = pgRelation({ localAppData: { database: "test-db" } });
    await c.run(c.on.action("get-credentials"), state({ relations: [rel], config: { "database-name": "test-db" } }));
    expect(c.actionOutput?.failure).toBe(NOT_RELATED);
    expect(c.actionOutput?.results).toEqual({ ok: "False" });
  });

  test("D-03 returns ok=True and the resolved credentials per endpoint, without the provider's data key", async () => {
    const c = ctx();
    const { rel, secrets } = answeredPg();
    const mongoUser = secret({ trackedContent: { username: "relation-8", password: "m0ngoPassw0rd", uris: "mongodb://relation-8:m0ngoPassw0rd@10.1.1.1:27017/test-db?replicaSet=mongodb" } });
    const mongo = relation({
      id: 8,
      endpoint: "mongodb",
      remoteApp: "mongodb",
      remoteAppData: { "secret-user": mongoUser.id, database: "test-db", endpoints: "10.1.1.1:27017", replset: "mongodb" },
    });
    await c.run(c.on.action("get-credentials"), state({ relations: [rel, mongo], secrets: [...secrets, mongoUser], config: { "database-name": "test-db" } }));
    expect(c.error).toBeUndefined();
    expect(c.actionOutput?.failure).toBeUndefined();
    expect(c.actionOutput?.results).toEqual({
      ok: "True",
      "postgresql.username": PG_USER.username,
      "postgresql.password": PG_USER.password,
      "postgresql.uris": PG_USER.uris,
      "postgresql.read-only-uris": PG_USER["read-only-uris"],
      "postgresql.database": "test-db",
      "postgresql.endpoints": "pg-primary:5432",
      "postgresql.read-only-endpoints": "pg-replicas:5432",
      "postgresql.version": "16.4",
      "postgresql.tls": "True",
      "postgresql.tls-ca": CA,
      "mongodb.username": "relation-8",
      "mongodb.password": "m0ngoPassw0rd",
      "mongodb.uris": "mongodb://relation-8:m0ngoPassw0rd@10.1.1.1:27017/test-db?replicaSet=mongodb",
      "mongodb.database": "test-db",
      "mongodb.endpoints": "10.1.1.1:27017",
      "mongodb.replset": "mongodb",
    });
    // Credentials go to the action result only, never to the log.
    expect(JSON.stringify(c.logs)).not.toContain(PG_USER.password);
  });
});
