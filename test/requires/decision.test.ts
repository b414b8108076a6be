// The decision takes the provider's view with secret fields already resolved (issue 13: events
// follow values, not which databag key changed), so these inputs carry username/password/tls
// values where they used to carry `secret-*` URIs.
import { createHmac } from "node:crypto";
import { decideV0, decideV1, type Decision, type DecisionInput } from "../../lib/requires/decision.js";
import { EngineMemory, VolatileMemoryStore } from "../../lib/requires/memory.js";
import { readSnapshot, readV1Snapshot, encodeV1Snapshot, DIGESTS_KEY, readDigests } from "../../lib/requires/memory.js";
import { DEFAULT_REQUESTED_SECRETS } from "../../lib/interfaces/database/secret-groups.js";

const secretKeys = new Set(DEFAULT_REQUESTED_SECRETS);
const memory = new EngineMemory(new VolatileMemoryStore(), () => undefined);
const digest = (k: string, v: string) => memory.digest(k, v);
const USER = { username: "relation_id_0", password: "Xy7pQ2mN9vLk3RtA", uris: "postgresql://relation_id_0:Xy7pQ2mN9vLk3RtA@pg-primary:5432/myappdb" };
const TLS = { tls: "True", "tls-ca": "-----BEGIN CERTIFICATE-----" };
const PROVIDER = {
  ...USER,
  ...TLS,
  endpoints: "pg-primary:5432",
  "read-only-endpoints": "pg-replicas:5432",
  version: "14.15",
  database: "myappdb",
};

/** Decides against a previous decision (its snapshot and creation state) or a bare snapshot. */
function run(previous: Decision | Record<string, string> | undefined, remoteApp: Record<string, string>, extra: Partial<DecisionInput> = {}) {
  const prev = previous === undefined ? undefined : "nextSnapshot" in previous && typeof previous.nextSnapshot === "object" ? (previous as Decision) : undefined;
  return decideV0({
    relation: "database:0",
    previous: prev !== undefined ? prev.nextSnapshot : (previous as Record<string, string> | undefined),
    remoteApp,
    remoteAppName: "postgresql-k8s",
    remoteUnits: {},
    entityRequested: false,
    mode: "compatible",
    secretKeys,
    digest,
    created: prev?.created ?? false,
    ...extra,
  });
}
const kinds = (d: { events: readonly { kind: string }[] }) => d.events.map((e) => e.kind);

describe("v0 event decision", () => {
  test("E-05 databaseCreated fires once when the credentials are known, and never again", () => {
    const d = run(undefined, PROVIDER);
    expect(kinds(d)).toEqual(["databaseCreated"]);
    expect(d.created).toBe(true);
    expect(kinds(run(d, PROVIDER))).toEqual([]);
    // A secret URI alone is no credential (defect 5 of issue 13).
    expect(kinds(run(undefined, { "secret-user": "secret:u", database: "db" }))).toEqual([]);
  });

  test("E-05 username and password both needed", () => {
    expect(kinds(run(undefined, { username: "u", password: "p", database: "db" }))).toEqual(["databaseCreated"]);
    expect(kinds(run(undefined, { username: "u", database: "db" }))).toEqual([]);
  });

  test("E-06 databaseEntityCreated for USER and GROUP (name only) entities", () => {
    expect(kinds(run(undefined, { "entity-name": "usr", "entity-password": "pw" }, { entityRequested: true }))).toEqual(["databaseEntityCreated"]);
    expect(kinds(run(undefined, { "entity-name": "grp" }, { entityRequested: true }))).toEqual(["databaseEntityCreated"]);
    expect(kinds(run(undefined, { ...USER }, { entityRequested: true }))).toEqual([]);
  });

  test("N-02 entity decided from the local request even when the provider has no data snapshot", () => {
    expect(kinds(run(undefined, { "entity-name": "e" }, { entityRequested: true }))).toEqual(["databaseEntityCreated"]);
    // Reference fallback when the local request is unknown: the provider's copy decides.
    expect(kinds(run(undefined, { "entity-name": "e", data: '{"entity-type": "USER"}' }, { entityRequested: undefined }))).toEqual(["databaseEntityCreated"]);
    expect(kinds(run(undefined, { "entity-name": "e" }, { entityRequested: undefined }))).toEqual([]);
  });

  test("E-07/E-10 endpoints and read-only endpoints changing together → only endpointsChanged", () => {
    const snap = run(undefined, PROVIDER);
    const d = run(snap, { ...PROVIDER, endpoints: "new:5432", "read-only-endpoints": "new-ro:5432" });
    expect(kinds(d)).toEqual(["endpointsChanged"]);
  });

  test("E-08/E-09 read-only endpoints and prefix databases", () => {
    const snap = run(undefined, PROVIDER);
    expect(kinds(run(snap, { ...PROVIDER, "read-only-endpoints": "x:1" }))).toEqual(["readOnlyEndpointsChanged"]);
    expect(kinds(run(snap, { ...PROVIDER, "prefix-databases": "testdb1,testdb2" }))).toEqual(["prefixDatabasesChanged"]);
  });

  test("E-10 credentials with endpoints in one hook → only databaseCreated", () => {
    expect(kinds(run(undefined, PROVIDER))).toEqual(["databaseCreated"]);
  });

  test("E-11 every mode emits every applicable event, deletions included", () => {
    const d = run(undefined, { ...PROVIDER, "prefix-databases": "a1,a2" }, { mode: "every" });
    expect(kinds(d)).toEqual(["databaseCreated", "endpointsChanged", "readOnlyEndpointsChanged", "prefixDatabasesChanged", "tlsChanged"]);
    const { "read-only-endpoints": _gone, ...withoutRo } = PROVIDER;
    expect(kinds(run(run(undefined, PROVIDER), withoutRo, { mode: "every" }))).toEqual(["readOnlyEndpointsChanged"]);
    expect(kinds(run(run(undefined, PROVIDER), withoutRo))).toEqual([]);
  });

  test("E-12 endpointsChanged may precede databaseCreated", () => {
    const first = run(undefined, { endpoints: "pg:5432" });
    expect(kinds(first)).toEqual(["endpointsChanged"]);
    expect(kinds(run(first, { endpoints: "pg:5432", ...USER }))).toEqual(["databaseCreated"]);
  });

  test("E-13 a unit without snapshot gets its own databaseCreated", () => {
    expect(kinds(run(undefined, PROVIDER))).toContain("databaseCreated");
  });

  test("E-04 repeated identical data emits nothing; version/database changes emit nothing", () => {
    const snap = run(undefined, PROVIDER);
    expect(kinds(run(snap, PROVIDER))).toEqual([]);
    expect(kinds(run(snap, { ...PROVIDER, version: "14.16", database: "x" }))).toEqual([]);
  });

  test("K-04/G-14 shuffled endpoints are not a change", () => {
    const a = { ...USER, endpoints: "10.0.0.1,10.0.0.2,10.0.0.3" };
    const snap = run(undefined, a);
    expect(kinds(run(snap, { ...a, endpoints: "10.0.0.3,10.0.0.1,10.0.0.2" }))).toEqual([]);
  });

  test("E-02 statuses first: raised then resolved, comparing codes only", () => {
    const s1 = '[{"code": 4001, "message": "m", "resolution": "r"}]';
    const snap = run(undefined, { ...PROVIDER, status: s1 });
    expect(kinds(snap)).toEqual(["statusRaised", "databaseCreated"]);
    expect(kinds(run(snap, { ...PROVIDER, status: '[{"code": 4001, "message": "other", "resolution": ""}]' }))).toEqual([]);
    const d = run(snap, { ...PROVIDER, status: '[{"code":5002,"message":"x","resolution":"y"}]', endpoints: "n:1" });
    expect(d.events).toEqual([
      { kind: "statusRaised", status: { code: 5002, message: "x", resolution: "y" } },
      { kind: "statusResolved", status: { code: 4001, message: "m", resolution: "r" } },
      { kind: "endpointsChanged" },
    ]);
  });

  test("E-03 subordinate gate: no data events and the data snapshot is untouched until a unit is ready", () => {
    const bag = { ...PROVIDER, subordinated: "true" };
    const gated = run(undefined, bag, { remoteUnits: { "router/0": {} }, remoteAppName: "router" });
    expect(gated.gated).toBe(true);
    expect(kinds(gated)).toEqual([]);
    expect(gated.nextSnapshot).toEqual({});
    const open = run(gated, bag, { remoteUnits: { "router/0": { state: "ready" } }, remoteAppName: "router" });
    expect(kinds(open)).toEqual(["databaseCreated"]);
  });

  test("U-01 remote units are matched by exact application name", () => {
    const bag = { ...PROVIDER, subordinated: "true" };
    // A unit of "myapp" (the requirer's own name prefix) is not the provider.
    const d = run(undefined, bag, { remoteAppName: "myapp-router", remoteUnits: { "myapp/0": { state: "ready" }, "myapp-router/0": {} } });
    expect(d.gated).toBe(true);
    const ok = run(undefined, bag, { remoteAppName: "myapp-router", remoteUnits: { "myapp-router/0": { state: "ready" } } });
    expect(ok.gated).toBe(false);
  });

  test("U-02 no repeated status events while gated", () => {
    const bag = { ...PROVIDER, subordinated: "true", status: '[{"code":4001,"message":"m","resolution":"r"}]' };
    const opts = { remoteAppName: "router", remoteUnits: { "router/0": {} } };
    const first = run(undefined, bag, opts);
    expect(kinds(first)).toEqual(["statusRaised"]);
    expect(kinds(run(first, bag, opts))).toEqual([]);
  });

  // Was "replaced secret-user URI → credentialsRotated": the URI is not news, the values are.
  test("E-15 TLS enabled later → tlsChanged; S-06 a new password → credentialsRotated, a new secret URI alone → nothing", () => {
    const { tls: _t, "tls-ca": _c, ...noTls } = PROVIDER;
    const snap = run(undefined, noTls);
    expect(kinds(run(snap, PROVIDER))).toEqual(["tlsChanged"]);
    expect(kinds(run(snap, { ...noTls, password: "n3w" }))).toEqual(["credentialsRotated"]);
    expect(kinds(run(snap, { ...noTls, "secret-user": "secret:u2" }))).toEqual([]);
  });

  test("defect 3: a new host in uris is not a rotation", () => {
    const snap = run(undefined, PROVIDER);
    expect(kinds(run(snap, { ...PROVIDER, uris: USER.uris.replace("pg-primary", "pg-other") }))).toEqual([]);
    expect(kinds(run(snap, { ...PROVIDER, uris: USER.uris.replace("pg-primary", "pg-other"), endpoints: "pg-other:5432" }))).toEqual(["endpointsChanged"]);
  });

  test("defect 7: secrets → plaintext with the same credentials is no second databaseCreated", () => {
    const snap = run(undefined, PROVIDER);
    expect(kinds(run(snap, { ...PROVIDER, "secret-user": "secret:gone" }))).toEqual([]);
    expect(kinds(run(snap, { ...PROVIDER, password: "plain-new" }))).toEqual(["credentialsRotated"]);
  });

  test("E-15 databag mode: tls and tls-ca changes → tlsChanged", () => {
    const bag = { username: "u", password: "p", tls: "False" };
    const snap = run(undefined, bag);
    expect(kinds(run(snap, { ...bag, tls: "True", "tls-ca": "---CA---" }))).toEqual(["tlsChanged"]);
  });

  test("G-09 credentials are kept as keyed digests, and a rotated password is reported", () => {
    const bag = { username: "relation_7", password: "Xy7pQ2mN9vLk3RtA", uris: "postgresql://relation_7:Xy7pQ2mN9vLk3RtA@h/db", database: "db" };
    const d = run(undefined, bag);
    const stored = JSON.stringify(d.nextSnapshot);
    expect(stored).not.toContain("Xy7pQ2mN9vLk3RtA");
    expect(d.nextSnapshot["password"]).toBe(digest("password", "Xy7pQ2mN9vLk3RtA"));
    expect(d.nextSnapshot["password"]).toMatch(/^hmac:[0-9a-f]{64}$/);
    expect(kinds(run(d, bag))).toEqual([]);
    expect(kinds(run(d, { ...bag, password: "new" }))).toEqual(["credentialsRotated"]);
  });

  test("G-09 the digest key is per unit: another unit's digest of the same password differs", () => {
    const other = new EngineMemory(new VolatileMemoryStore(), () => undefined);
    expect(other.digest("password", "p")).not.toBe(digest("password", "p"));
    expect(digest("password", "p")).toBe(digest("password", "p"));
  });

  test("G-09 the key is 32 random bytes kept in the unit's memory, and a digest is HMAC-SHA256 of \"field\\nvalue\" under it, as OpenSSL computes it (what earlier versions stored)", () => {
    const store = new VolatileMemoryStore();
    const mine = new EngineMemory(store, () => undefined);
    const made = mine.digest("password", "Xy7pQ2mN9vLk3RtA ünïcødé");
    // The key is written with the first thing remembered.
    mine.setRelation(7, { created: [] });
    const key = (store.value as { key?: unknown } | undefined)?.key;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const openSsl = createHmac("sha256", Buffer.from(key as string, "hex")).update("password\nXy7pQ2mN9vLk3RtA ünïcødé", "utf8").digest("hex");
    expect(made).toBe(`hmac:${openSsl}`);
    // A unit restarted on the same memory keeps its key, so what it remembered still compares equal.
    expect(new EngineMemory(store, () => undefined).digest("password", "Xy7pQ2mN9vLk3RtA ünïcødé")).toBe(made);
  });

  test("V-08 a v1 provider's flat answer to a v0 request is accepted", () => {
    const bag = {
      data: '{"resource": "legacydb", "salt": "uPXtdk9uqxA7LyRm", "requested-secrets": ["username"], "provided-secrets": ["mtls-cert"]}',
      resource: "legacydb",
      salt: "uPXtdk9uqxA7LyRm",
      endpoints: "10.1.2.3:5432",
      "secret-user": "secret:0133",
      "secret-tls": "secret:976c",
      version: "16.6",
      database: "legacydb",
    };
    expect(kinds(run(undefined, { ...bag, ...USER }))).toEqual(["databaseCreated"]);
  });

  test("P-08 invalid status JSON is a typed error naming relation and field", () => {
    expect(() => run(undefined, { status: "not json" })).toThrow(/relation database:0, provider field "status"/);
  });
});

describe("v1 event decision (V-05, V-06)", () => {
  const id = "fdfba30a8ab86fb9";
  const response = (extra: Record<string, unknown>) =>
    JSON.stringify([{ resource: "myappdb", "request-id": id, salt: "kkkkkkkk", "read-only-endpoints": null, "secret-extra": null, ...extra }]);
  // The secrets a response names resolve to these values (what the engine read).
  const resolve = (_id: string, r: Readonly<Record<string, string>>) => ({ ...r, ...(r["secret-user"] !== undefined ? USER : {}), ...(r["secret-tls"] !== undefined ? TLS : {}) });
  const base = { relation: "database:0", remoteAppName: "pg", remoteUnits: {}, entityRequested: false, mode: "compatible" as const, secretKeys, requestIds: [id], digest, resolve, created: [] as string[] };

  test("V-05 resourceCreated per response once, then endpoints", () => {
    const bag = { version: "v1", requests: response({ endpoints: "10.1.2.3:5432", "secret-user": "secret:u", "secret-tls": "secret:t" }) };
    const d = decideV1({ ...base, previous: undefined, remoteApp: bag });
    expect(d.events).toEqual([{ kind: "databaseCreated", requestId: id }]);
    expect(d.created).toEqual([id]);
    const again = decideV1({ ...base, created: d.created, previous: d.nextSnapshot, remoteApp: bag });
    expect(again.events).toEqual([]);
    const moved = decideV1({ ...base, created: d.created, previous: d.nextSnapshot, remoteApp: { ...bag, requests: response({ endpoints: "10.9.9.9:5432", "secret-user": "secret:u", "secret-tls": "secret:t" }) } });
    expect(moved.events).toEqual([{ kind: "endpointsChanged", requestId: id }]);
  });

  test("V-06 no crash without the provider's data; no repeated statuses; snapshot round-trips", () => {
    const bag = { version: "v1", requests: response({ "secret-user": "secret:u" }), status: '[{"code":4001,"message":"m","resolution":"r"}]' };
    const d = decideV1({ ...base, previous: undefined, remoteApp: bag });
    expect(d.events.map((e) => e.kind)).toEqual(["statusRaised", "databaseCreated"]);
    const stored = readV1Snapshot({ data: encodeV1Snapshot(d.nextSnapshot) });
    expect(decideV1({ ...base, created: d.created, previous: stored, remoteApp: bag }).events).toEqual([]);
  });

  test("V-05 responses to other request ids are ignored", () => {
    const bag = { version: "v1", requests: response({ "secret-user": "secret:u" }) };
    expect(decideV1({ ...base, requestIds: ["0000000000000000"], previous: undefined, remoteApp: bag }).events).toEqual([]);
  });
});

describe("legacy bookkeeping", () => {
  test("the data-digests of older versions are still readable (once, on upgrade)", () => {
    expect(readDigests({ [DIGESTS_KEY]: '{"user": "sha256:ab"}' })).toEqual({ user: "sha256:ab" });
    expect(readSnapshot({ data: '{"username": "u", "endpoints": "h:1"}' })).toEqual({ username: "u", endpoints: "h:1" });
  });
});
