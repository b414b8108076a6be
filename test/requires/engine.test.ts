import { RequirerEngine } from "../../lib/requires/engine.js";
import { validateRequestOptions, type RequestOptions } from "../../lib/requires/options.js";
import { UnknownRelationError, AliasExhaustedError } from "../../lib/requires/errors.js";
import { FakePort } from "./fake-port.js";
import { TEST_CA_A, TEST_CA_B } from "../interfaces/fixtures/test-ca.js";

const DEFAULT_SECRETS = '["username", "password", "tls", "tls-ca", "uris", "read-only-uris", "entity-name", "entity-password"]';
const USER = { username: "relation_id_0", password: "Xy7pQ2mN9vLk3RtA", uris: "postgresql://relation_id_0:Xy7pQ2mN9vLk3RtA@pg:5432/myappdb" };
const TLS = { tls: "True", "tls-ca": TEST_CA_A };

function setup(options: Partial<RequestOptions> = {}, port = new FakePort()) {
  const spec = validateRequestOptions({ relationName: "database", database: "myappdb", ...options });
  return { port, spec, engine: () => new RequirerEngine(spec, port.hook()) };
}

function answer(port: FakePort, id = 0) {
  const rel = port.relationsById.get(id);
  if (rel === undefined) throw new Error("no rel");
  const user = port.providerSecret({ ...USER });
  const tls = port.providerSecret({ ...TLS });
  Object.assign(rel.remoteAppBag, {
    "secret-user": user,
    "secret-tls": tls,
    endpoints: "pg-primary:5432",
    "read-only-endpoints": "pg-replicas:5432",
    version: "14.15",
    database: "myappdb",
  });
  return { user, tls };
}

describe("relation-created", () => {
  test("P-01/P-04 leader writes the request in one hook; A-02 alias on unit and app; G-17 no secret lists in the unit bag", () => {
    const { port, engine } = setup({ relationAliases: ["main"], extraUserRoles: "CREATEDB" });
    const rel = port.addRelation(0);
    engine().relationCreated(port.handle(0));
    expect(rel.localApp).toEqual({
      "requested-secrets": DEFAULT_SECRETS,
      "provided-secrets": '["mtls-cert"]',
      alias: "main",
      database: "myappdb",
      "extra-user-roles": "CREATEDB",
    });
    expect(rel.localUnit).toEqual({ alias: "main" });
  });

  test("G-17 without aliases the leader's relation-created writes nothing to its unit bag, v0 or v1", () => {
    for (const protocol of ["v0", "v1"] as const) {
      const { port, engine } = setup({ protocol });
      const rel = port.addRelation(0);
      engine().relationCreated(port.handle(0));
      expect(rel.localUnit).toEqual({});
      expect(Object.keys(rel.localApp).length).toBeGreaterThan(0);
      // One write, the application bag's (test/requires/hook-tool-calls.test.ts has the whole hook's calls).
      expect(port.calls.filter((c) => c === "relation-set")).toEqual(["relation-set"]);
    }
  });

  test("P-07 a non-leader only writes its alias", () => {
    const { port, engine } = setup({ relationAliases: ["cluster1", "cluster2"] });
    port.leader = false;
    const r0 = port.addRelation(0);
    const r1 = port.addRelation(1, "other-pg");
    engine().relationCreated(port.handle(0));
    engine().relationCreated(port.handle(1));
    expect(r0.localUnit).toEqual({ alias: "cluster1" });
    expect(r1.localUnit).toEqual({ alias: "cluster2" });
    expect(r0.localApp).toEqual({});
  });

  test("A-04 alias exhaustion is a clear error", () => {
    const { port, engine } = setup({ relationAliases: ["only"] });
    port.addRelation(0).localUnit["alias"] = "only";
    port.addRelation(1);
    expect(() => engine().relationCreated(port.handle(1))).toThrow(AliasExhaustedError);
  });

  test("S-07 named entity: helper secret with entity-name/password, label <uuid>-<id>-requested-entity, URI in the request", () => {
    const { port, engine } = setup({ entityType: "USER", requestedEntity: { name: "reporting", password: "S3cret!" } });
    const rel = port.addRelation(0);
    engine().relationCreated(port.handle(0));
    const uri = rel.localApp["requested-entity-secret"];
    expect(uri).toBeDefined();
    const helper = port.secrets.get(uri ?? "");
    expect(helper?.content).toEqual({ "entity-name": "reporting", password: "S3cret!" });
    expect(helper?.label).toBe("bfbb8095-0-requested-entity");
    expect(port.calls).toContain("secret-grant");
    expect(JSON.stringify(port.logs)).not.toContain("S3cret!");
  });

  test("G-10/P-13 leader hooks re-assert a lost key and report an immutable change without writing it", () => {
    const { port, engine } = setup({ extraUserRoles: "CREATEDB" });
    const rel = port.addRelation(0);
    engine().relationCreated(port.handle(0));
    delete rel.localApp["requested-secrets"];
    expect(engine().reconcileAll()).toEqual([{ relationId: 0, conflicts: [] }]);
    expect(rel.localApp["requested-secrets"]).toBe(DEFAULT_SECRETS);
    const changed = setup({ extraUserRoles: "SUPERUSER" }, port);
    const [result] = changed.engine().reconcileAll();
    expect(result?.conflicts).toEqual([{ key: "extra-user-roles", current: "CREATEDB", requested: "SUPERUSER" }]);
    expect(rel.localApp["extra-user-roles"]).toBe("CREATEDB");
    expect(port.logs.join("\n")).toMatch(/remove and re-add the relation/);
  });

  test("V-01 protocol v1 writes version and requests with a reproducible id", () => {
    const { port, engine } = setup({ protocol: "v1" });
    const rel = port.addRelation(0);
    engine().relationCreated(port.handle(0));
    expect(rel.localApp["version"]).toBe("v1");
    const first = rel.localApp["requests"];
    engine().reconcileAll();
    expect(rel.localApp["requests"]).toBe(first);
  });
});

describe("relation-changed", () => {
  test("E-05 databaseCreated fires once when secret-user appears, with secret values filled in", () => {
    const { port, engine } = setup({ relationAliases: ["main"] });
    const rel = port.addRelation(0);
    engine().relationCreated(port.handle(0));
    answer(port);
    const events = engine().relationChanged(port.handle(0));
    expect(events.map((e) => e.name)).toEqual(["databaseCreated"]);
    const created = events[0];
    if (created?.name !== "databaseCreated") throw new Error("unexpected");
    expect(created.payload.response.password).toBe(USER.password);
    expect(created.payload.response.tls).toBe(true);
    expect(created.payload.response.endpoints).toEqual(["pg-primary:5432"]);
    expect(created.payload.alias).toBe("main");
    expect(created.payload.remoteApp).toBe("postgresql-k8s");
    expect(Object.isFrozen(created.payload)).toBe(true);
    // S-02: consumer labels attached.
    expect(port.secrets.get(rel.remoteAppBag["secret-user"] ?? "")?.label).toBe("database.0.user.secret");
    expect(engine().relationChanged(port.handle(0))).toEqual([]);
  });

  test("G-09 the unit databag never holds a secret value (secret and fallback modes)", () => {
    const { port, engine } = setup();
    const rel = port.addRelation(0);
    answer(port);
    engine().relationChanged(port.handle(0));
    expect(JSON.stringify(rel.localUnit)).not.toContain(USER.password);
    const plain = setup({}, new FakePort());
    plain.port.secretsAvailable = false;
    const r2 = plain.port.addRelation(0, "postgresql-k8s", { ...USER, endpoints: "pg:5432", database: "myappdb" });
    const events = plain.engine().relationChanged(plain.port.handle(0));
    expect(events.map((e) => e.name)).toEqual(["databaseCreated"]);
    expect(JSON.stringify(r2.localUnit)).not.toContain(USER.password);
    expect(plain.port.calls).not.toContain("secret-get");
  });

  test("benchmark budget: relation-changed with credentials in secrets uses at most 6 port calls", () => {
    const { port, engine } = setup();
    port.addRelation(0);
    answer(port);
    port.calls = [];
    engine().relationChanged(port.handle(0));
    expect(port.calls.length).toBeLessThanOrEqual(6);
    expect(port.calls.filter((c) => c.startsWith("secret-get"))).toHaveLength(2);
  });

  test("S-08 the helper secret is removed by the leader after databaseEntityCreated", () => {
    const { port, engine } = setup({ entityType: "USER", requestedEntity: { name: "reporting" } });
    const rel = port.addRelation(0);
    engine().relationCreated(port.handle(0));
    const helperUri = rel.localApp["requested-entity-secret"] ?? "";
    rel.remoteAppBag["secret-entity"] = port.providerSecret({ "entity-name": "reporting", "entity-password": "pw" });
    const events = engine().relationChanged(port.handle(0));
    expect(events.map((e) => e.name)).toEqual(["databaseEntityCreated"]);
    const ev = events[0];
    if (ev?.name !== "databaseEntityCreated") throw new Error("unexpected");
    expect(ev.payload.response.entityName).toBe("reporting");
    expect(port.secrets.has(helperUri)).toBe(false);
  });

  // Was "re-labelled": Juju refuses a consumer label another secret of the unit still holds
  // (issue 13, defect 6), so the new secret is read by URI and the clash is logged.
  test("S-06 a replaced secret-user URI is read by URI while the old secret keeps the label, reported with the new password", () => {
    const { port, engine } = setup();
    const rel = port.addRelation(0);
    answer(port);
    engine().relationChanged(port.handle(0));
    rel.remoteAppBag["secret-user"] = port.providerSecret({ ...USER, password: "new-password" });
    const events = engine().relationChanged(port.handle(0));
    expect(events.map((e) => e.name)).toEqual(["credentialsRotated"]);
    const ev = events[0];
    if (ev?.name !== "credentialsRotated") throw new Error("unexpected");
    expect(ev.payload.response.password).toBe("new-password");
    expect(port.secrets.get(rel.remoteAppBag["secret-user"] ?? "")?.label).toBeUndefined();
    expect(port.logs.join("\n")).toMatch(/label "database\.0\.user\.secret" is still held by the provider's previous secret-user secret/);
    expect(port.logs.join("\n")).not.toContain("new-password");
  });

  test("V-05 v1 provider answer: databaseCreated carries the request id and the v1-labelled secret", () => {
    const { port, engine } = setup({ protocol: "v1" });
    const rel = port.addRelation(0);
    engine().relationCreated(port.handle(0));
    const req = (JSON.parse(rel.localApp["requests"] ?? "[]") as Array<Record<string, string>>)[0] ?? {};
    const user = port.providerSecret({ ...USER });
    rel.remoteAppBag["version"] = "v1";
    rel.remoteAppBag["requests"] = JSON.stringify([{ resource: "myappdb", "request-id": req["request-id"], salt: req["salt"], endpoints: "10.1.2.3:5432", "secret-user": user, "secret-tls": null }]);
    const events = engine().relationChanged(port.handle(0));
    expect(events.map((e) => e.name)).toEqual(["databaseCreated"]);
    const ev = events[0];
    if (ev?.name !== "databaseCreated") throw new Error("unexpected");
    expect(ev.payload.requestId).toBe(req["request-id"]);
    expect(ev.payload.response.database).toBe("myappdb");
    expect(ev.payload.response.username).toBe(USER.username);
    expect(port.secrets.get(user)?.label).toBe(`database.0.${req["request-id"]}.user.secret`);
  });
});

describe("secret-changed", () => {
  test("S-05 credentialsRotated fires exactly once per new revision; a re-run does not fire again", () => {
    const { port, engine } = setup();
    port.addRelation(0);
    const { user } = answer(port);
    engine().relationChanged(port.handle(0));
    port.rotate(user, { ...USER, password: "rotated" });
    const events = engine().secretChanged({ id: user, label: "database.0.user.secret" });
    expect(events.map((e) => e.name)).toEqual(["credentialsRotated"]);
    const ev = events[0];
    if (ev?.name !== "credentialsRotated") throw new Error("unexpected");
    expect(ev.payload.response.password).toBe("rotated");
    expect(engine().secretChanged({ id: user, label: "database.0.user.secret" })).toEqual([]);
  });

  test("E-15 a renewed CA → tlsChanged; other endpoints' and foreign labels are ignored", () => {
    const { port, engine } = setup();
    port.addRelation(0);
    const { tls } = answer(port);
    engine().relationChanged(port.handle(0));
    port.rotate(tls, { ...TLS, "tls-ca": TEST_CA_B });
    expect(engine().secretChanged({ id: tls, label: "database.0.tls.secret" }).map((e) => e.name)).toEqual(["tlsChanged"]);
    expect(engine().secretChanged({ id: tls, label: "other.0.tls.secret" })).toEqual([]);
    expect(engine().secretChanged({ label: "bfbb8095-0-requested-entity" })).toEqual([]);
    expect(engine().secretChanged({ label: "database.9.user.secret" })).toEqual([]);
  });
});

describe("relation-broken and queries", () => {
  // Was "databaseRemoved once" even before creation: databaseRemoved now follows databaseCreated
  // only (issue 13, defect 10); the helper secret still goes.
  test("R-03/S-08 no databaseRemoved before creation; the helper secret is removed even then (G-08)", () => {
    const { port, engine } = setup({ entityType: "USER", requestedEntity: { name: "reporting" }, relationAliases: ["main"] });
    const rel = port.addRelation(0);
    engine().relationCreated(port.handle(0));
    const helper = rel.localApp["requested-entity-secret"] ?? "";
    expect(engine().relationBroken(port.handle(0))).toEqual([]);
    expect(port.secrets.has(helper)).toBe(false);
  });

  test("R-03 databaseRemoved once after databaseCreated, with the alias remembered at relation-created", () => {
    const { port, engine } = setup({ relationAliases: ["main"] });
    port.addRelation(0);
    engine().relationCreated(port.handle(0));
    answer(port);
    expect(engine().relationChanged(port.handle(0)).map((e) => e.name)).toEqual(["databaseCreated"]);
    const events = engine().relationBroken(port.handle(0));
    expect(events).toEqual([{ name: "databaseRemoved", payload: { relationId: 0, relationName: "database", remoteApp: "postgresql-k8s", alias: "main" } }]);
    expect(engine().relationBroken(port.handle(0))).toEqual([]);
  });

  test("R-01/R-02 isResourceCreated per relation and overall", () => {
    const { port, engine } = setup();
    expect(engine().isResourceCreated()).toBe(false);
    port.addRelation(0);
    port.addRelation(1, "other");
    answer(port, 0);
    expect(engine().isResourceCreated(0)).toBe(true);
    expect(engine().isResourceCreated(1)).toBe(false);
    expect(engine().isResourceCreated()).toBe(false);
    expect(() => engine().isResourceCreated(7)).toThrow(UnknownRelationError);
  });

  test("R-04 fetchRelationData: plain keys plus resolved secret fields, no secret-* keys", () => {
    const { port, engine } = setup();
    const rel = port.addRelation(0);
    answer(port);
    rel.remoteAppBag["data"] = '{"database": "myappdb"}';
    const view = engine().fetchRelationData().get(0);
    expect(view).toMatchObject({ database: "myappdb", endpoints: "pg-primary:5432", username: USER.username, password: USER.password, tls: "True", data: '{"database": "myappdb"}' });
    expect(Object.keys(view ?? {}).some((k) => k.startsWith("secret-"))).toBe(false);
  });

  test("G-12 one per-hook cache: a secret is read once per hook however often it is needed", () => {
    const { port, engine } = setup();
    port.addRelation(0);
    answer(port);
    const e = engine();
    port.calls = [];
    e.response(port.handle(0));
    e.isResourceCreated(0);
    e.fetchRelationData();
    expect(port.calls.filter((c) => c.startsWith("secret-get"))).toHaveLength(2);
  });
});

import { PostgreSQLResolvedProviderView } from "../../lib/interfaces/index.js";
describe("decoding through the interface models", () => {
  test("P-11/P-12 a custom decoder (the postgresql_client v0 resolved view) types the response", () => {
    const port = new FakePort();
    const spec = validateRequestOptions({ relationName: "database", database: "myappdb" });
    port.addRelation(0);
    answer(port);
    const engine = new RequirerEngine(spec, port.hook(), (view, relation) => PostgreSQLResolvedProviderView.decodeOrThrow(view, relation));
    const [ev] = engine.relationChanged(port.handle(0));
    if (ev?.name !== "databaseCreated") throw new Error("unexpected");
    expect(ev.payload.response.password).toBe(USER.password);
    expect(ev.payload.response.tls).toBe(true);
    expect(JSON.stringify(ev.payload.response.endpoints)).toContain("pg-primary");
  });
});

describe("protocol choice (V-07, V-08)", () => {
  test("V-07 auto writes the v0 request and still understands a v1-layout answer", () => {
    const { port, engine } = setup({ protocol: "auto" });
    const rel = port.addRelation(0);
    engine().relationCreated(port.handle(0));
    expect(rel.localApp["database"]).toBe("myappdb");
    expect(rel.localApp["version"]).toBeUndefined();
    const user = port.providerSecret({ ...USER });
    rel.remoteAppBag["version"] = "v1";
    rel.remoteAppBag["requests"] = JSON.stringify([{ resource: "myappdb", "request-id": "0123456789abcdef", salt: "x", "secret-user": user }]);
    const events = engine().relationChanged(port.handle(0));
    expect(events.map((e) => e.name)).toEqual(["databaseCreated"]);
    expect(events[0]?.name === "databaseCreated" && events[0].payload.requestId).toBe("0123456789abcdef");
  });

  test("V-06 areAllCreated semantics: no responses yet → not created", () => {
    const { port, engine } = setup({ protocol: "v1" });
    port.addRelation(0, "pg", { version: "v1", requests: "[]" });
    expect(engine().isResourceCreated()).toBe(false);
  });
});

describe("cross-model relations (P-05)", () => {
  test("P-05 the leader leaves provided-secrets out on a cross-model relation, and reconciliation agrees", () => {
    const { port, engine } = setup();
    const rel = port.addRelation(0);
    port.crossModelIds.add(0);
    engine().relationCreated(port.handle(0));
    expect(rel.localApp["provided-secrets"]).toBeUndefined();
    expect(rel.localUnit["provided-secrets"]).toBeUndefined();
    expect(rel.localApp["requested-secrets"]).toBe(DEFAULT_SECRETS);
    expect(engine().reconcileAll()).toEqual([{ relationId: 0, conflicts: [] }]);
    expect(rel.localApp["provided-secrets"]).toBeUndefined();
  });
});
