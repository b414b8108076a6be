// The provider charm on the Context/State harness, for what needs no database server: waiting for
// the request, leadership, an unreachable server, TLS announcements and action argument checks.
// Creating users, rotation and removal against real servers: test/e2e/database-requirers.test.ts.
import * as fs from "node:fs";
import * as path from "node:path";
import { Context, deferredNotices, relation, state, storedStateValue, withStoredStateValue, type Relation, type State } from "charm-data-interfaces/testing";
import { DatabaseProviderCharm } from "../src/charm.js";

const CHARM_DIR = path.join(__dirname, "..");
const read = (file: string): string => fs.readFileSync(path.join(CHARM_DIR, file), "utf8");
const CA = "-----BEGIN CERTIFICATE-----\nMIIBproviderTestCA\n-----END CERTIFICATE-----";
const REQUEST = { database: "webapp", "requested-secrets": '["username", "password", "tls", "tls-ca", "uris"]' };

function ctx(): Context<typeof DatabaseProviderCharm> {
  return new Context(DatabaseProviderCharm, { metadata: read("metadata.yaml"), config: read("config.yaml"), actions: read("actions.yaml") });
}

function requirer(remoteAppData: Record<string, string>, localAppData: Record<string, string> = {}): Relation {
  return relation({ id: 5, endpoint: "database", remoteApp: "webapp", remoteAppData, localAppData });
}

/** A state in which relation 5 was already served (stored record, no server needed for TLS). */
function served(mode: "secrets" | "databag", config: Record<string, string | boolean>): { st: State; rel: Relation } {
  const rel = requirer(REQUEST, { database: "webapp", endpoints: "127.0.0.1:5432", ...(mode === "secrets" ? { "secret-user": "secret:00000000000000000001" } : {}) });
  const record = { endpoint: "database", user: "relation_id_5", database: "webapp", mode, readOnlyUris: false, userSecret: mode === "secrets" ? "secret:00000000000000000001" : "", tlsSecret: "", tlsState: "" };
  const st = withStoredStateValue(state({ leader: true, relations: [rel], config }), "database-provider", { relations: { "5": record } });
  return { st, rel };
}

test("waits for the requirer's database name: publishes nothing and says what it waits for", async () => {
  const c = ctx();
  const rel = requirer({});
  const out = await c.run(c.on.relationChanged(rel), state({ leader: true, relations: [rel] }));
  expect(c.error).toBeUndefined();
  expect(out.relations[0]?.localAppData).toEqual({});
  expect(out.unitStatus).toEqual({ status: "waiting", message: "database:5: waiting for the requirer's database name" });
});

test("a non-leader unit leaves the relation to the leader", async () => {
  const c = ctx();
  const rel = requirer(REQUEST);
  const out = await c.run(c.on.relationChanged(rel), state({ leader: false, relations: [rel] }));
  expect(c.error).toBeUndefined();
  expect(out.relations[0]?.localAppData).toEqual({});
  expect(c.toolCalls.map((t) => t.cmd)).not.toContain("secret-add");
});

test("an unreachable server blocks with engine, address and error code, defers the event, publishes nothing", async () => {
  const c = ctx();
  const rel = requirer(REQUEST);
  const out = await c.run(c.on.relationChanged(rel), state({ leader: true, relations: [rel], config: { "postgresql-port": 1, "postgresql-admin-password": "adm1n-s3cret" } }));
  expect(c.error).toBeUndefined();
  expect(out.unitStatus).toEqual({ status: "blocked", message: "postgresql at 127.0.0.1:1: creating the user and database failed (ECONNREFUSED)" });
  expect(deferredNotices(out)).toHaveLength(1);
  expect(out.relations[0]?.localAppData).toEqual({});
  expect(JSON.stringify(c.logs)).not.toContain("adm1n-s3cret");
});

describe("TLS announcements follow the config (secrets mode)", () => {
  test("tls on: a tls secret with tls=True and the CA, granted to the relation, its URI under secret-tls", async () => {
    const c = ctx();
    const { st } = served("secrets", { tls: true, "tls-ca": CA });
    const out = await c.run(c.on.configChanged(), st);
    expect(c.error).toBeUndefined();
    const tls = out.secrets.find((s) => s.label === "database.5.tls.secret");
    expect(tls).toMatchObject({ owner: "application", latestContent: { tls: "True", "tls-ca": CA }, remoteGrants: { 5: ["webapp"] } });
    expect(out.relations[0]?.localAppData["secret-tls"]).toBe(tls?.id);

    // tls off afterwards: a new revision of the same secret saying False, without the CA.
    const off = await c.run(c.on.configChanged(), { ...out, config: { tls: false, "tls-ca": CA } });
    expect(c.error).toBeUndefined();
    const after = off.secrets.find((s) => s.id === tls?.id);
    expect(after?.latestContent).toEqual({ tls: "False" });
    expect(after?.latestRevision).toBe((tls?.latestRevision ?? 0) + 1);
  });

  test("an unchanged config announces nothing again", async () => {
    const c = ctx();
    const { st } = served("secrets", { tls: true, "tls-ca": CA });
    const out = await c.run(c.on.configChanged(), st);
    await c.run(c.on.configChanged(), out);
    expect(c.toolCalls.map((t) => t.cmd).filter((cmd) => cmd.startsWith("secret-"))).toEqual([]);
  });

  test("tls never on: no tls secret at all", async () => {
    const c = ctx();
    const { st } = served("secrets", {});
    const out = await c.run(c.on.configChanged(), st);
    expect(out.secrets).toEqual([]);
    expect(storedStateValue(out, "database-provider")).toMatchObject({ relations: { "5": { tlsState: "" } } });
  });
});

test("TLS in databag mode (requirer without requested-secrets): plaintext tls and tls-ca, removed again when off", async () => {
  const c = ctx();
  const { st } = served("databag", { tls: true, "tls-ca": CA });
  const on = await c.run(c.on.configChanged(), st);
  expect(on.relations[0]?.localAppData).toMatchObject({ tls: "True", "tls-ca": CA });
  const off = await c.run(c.on.configChanged(), { ...on, config: { tls: false } });
  expect(off.relations[0]?.localAppData["tls"]).toBe("False");
  expect(off.relations[0]?.localAppData["tls-ca"]).toBeUndefined();
});

describe("rotate-password checks before touching the server", () => {
  test("only the leader rotates", async () => {
    const c = ctx();
    await c.run(c.on.action("rotate-password"), state({ leader: false }));
    expect(c.actionOutput?.failure).toBe("only the leader can rotate passwords");
  });

  test("an unknown relation id is refused by name", async () => {
    const c = ctx();
    const { st } = served("secrets", {});
    await c.run(c.on.action("rotate-password", { "relation-id": 99 }), st);
    expect(c.actionOutput?.failure).toBe("no served relation with id 99");
  });
});
