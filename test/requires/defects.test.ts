// Issue 13, "Why": one test per defect of the requirer engine, on the Context/State harness (the
// charm runs through lib/ops over the fake Juju). Each test picks the hooks that run, so it can
// model what Juju does not send (a secret-changed dropped because the unit already refreshed).
// Every one of them failed on main before the engine kept its memory in local state and decided
// events from resolved values.
import { CharmBase, HookToolError, dispatch as opsDispatch, type Backend } from "../../lib/ops/index.js";
import { DatabaseRequires } from "../../lib/requires/database-requires.js";
import { RelationLimitExceededError, SecretsUnsupportedError } from "../../lib/requires/errors.js";
import { valueDigest } from "../../lib/requires/memory.js";
import { Context, hasHookTool, JUJU_VERSION_MATRIX, relation, secret, state, type Relation, type Secret, type State } from "../../lib/testing/index.js";
import { TEST_CA_A } from "../interfaces/fixtures/test-ca.js";
import { failOnAbsentToolCalls, guarded, JUJU_CASES, JUJU_CASES_WITH_SECRETS, onJujuMatrix } from "../support/juju-matrix.js";

interface Seen {
  name: string;
  relationId: number;
  username?: string | undefined;
  password?: string | undefined;
  tlsCa?: string | undefined;
  endpoints?: readonly string[];
}
let seen: Seen[] = [];
let problems: readonly Error[] = [];
let suggested = "";

class AppCharm extends CharmBase {
  readonly db = new DatabaseRequires(this, { relationName: "database", database: "myappdb" });
  protected override setup(): void {
    for (const name of ["databaseCreated", "endpointsChanged", "credentialsRotated", "tlsChanged"] as const) {
      this.db.on(name, (e) =>
        void seen.push({ name, relationId: e.relationId, username: e.response.username, password: e.response.password, tlsCa: e.response.tlsCa, endpoints: e.response.endpoints }),
      );
    }
    this.db.on("databaseRemoved", (e) => void seen.push({ name: "databaseRemoved", relationId: e.relationId }));
    this.on("update-status", () => {
      problems = this.db.problems();
      const s = this.db.suggestedStatus();
      suggested = `${s.name}: ${s.message}`;
    });
  }
}

const metadata = { name: "myapp", requires: { database: { interface: "postgresql_client", limit: 1 } } };
const USER = { username: "relation_id_1", password: "Xy7pQ2mN9vLk3RtA", uris: "postgresql://relation_id_1:Xy7pQ2mN9vLk3RtA@pg-primary:5432/myappdb" };
const ROTATED = { ...USER, password: "R0tated-Pw-8812", uris: "postgresql://relation_id_1:R0tated-Pw-8812@pg-primary:5432/myappdb" };
const CA = TEST_CA_A;
const USER_LABEL = "database.1.user.secret";
const TLS_LABEL = "database.1.tls.secret";

let failSecretGets = 0;
/** `backend` whose next `failSecretGets` secret-get calls fail like a restarting agent (also once lib/ops re-gates it). */
function flaky(backend: Backend): Backend {
  return new Proxy(backend, {
    get(target, prop, receiver) {
      if (prop === "secretGet" && failSecretGets > 0) {
        return () => {
          failSecretGets -= 1;
          throw new HookToolError("secret-get", [], 1, "ERROR connection is shut down");
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      const fn = (value as (...a: unknown[]) => unknown).bind(target);
      // lib/ops gates the backend by Juju version with a copy of it: keep that copy flaky too.
      return prop === "withJujuVersion" ? (...a: unknown[]) => flaky(fn(...a) as Backend) : fn;
    },
  });
}
/** lib/ops's dispatch over a flaky backend. */
const flakyDispatch: typeof opsDispatch = (charm, options) => opsDispatch(charm, { ...options, backend: flaky(options.backend) });

/** A Context on `jujuVersion` whose runs are checked for calls to absent tools (test/support/juju-matrix.ts). */
function ctx(jujuVersion: string): Context<typeof AppCharm> {
  return guarded(new Context(AppCharm, { metadata, jujuVersion, dispatch: flakyDispatch }));
}
function dbRelation(extra: Partial<Relation> = {}): Relation {
  return relation({ id: 1, endpoint: "database", remoteApp: "postgresql-k8s", ...extra });
}
function relIn(st: State, id = 1): Relation {
  const rel = st.relations.find((r) => r.id === id);
  if (rel === undefined || rel.kind !== "regular") throw new Error(`relation ${id} missing`);
  return rel;
}
function secretIn(st: State, id: string): Secret {
  const s = st.secrets.find((x) => x.id === id);
  if (s === undefined) throw new Error(`secret ${id} missing`);
  return s;
}
/** A new revision of `s` with `content` (what the provider's secret-set does). */
function newRevision(s: Secret, content: Record<string, string>): Secret {
  return secret({ ...s, trackedContent: s.trackedContent, latestContent: content, latestRevision: s.latestRevision + 1 });
}
function replaceSecret(st: State, s: Secret): State {
  return { ...st, secrets: st.secrets.map((x) => (x.id === s.id ? s : x)) };
}
function withRemote(st: State, data: Record<string, string>, id = 1): State {
  return { ...st, relations: st.relations.map((r) => (r.id === id && r.kind === "regular" ? { ...r, remoteAppData: data } : r)) };
}
const names = () => seen.map((s) => s.name);

/** A unit that got databaseCreated from a user secret (and a TLS secret when `tls`). */
async function createdWithSecrets(c: Context<typeof AppCharm>, tls = false): Promise<{ st: State; user: Secret; tlsSecret: Secret }> {
  const user = secret({ trackedContent: USER });
  const tlsSecret = secret({ trackedContent: { tls: "False" } });
  const remote: Record<string, string> = { "secret-user": user.id, endpoints: "pg-primary:5432", database: "myappdb" };
  if (tls) remote["secret-tls"] = tlsSecret.id;
  const rel = dbRelation({ remoteAppData: remote });
  const st = await c.run(c.on.relationChanged(rel), state({ relations: [rel], secrets: tls ? [user, tlsSecret] : [user] }));
  expect(c.error).toBeUndefined();
  expect(names()).toEqual(["databaseCreated"]);
  seen = [];
  return { st, user: secretIn(st, user.id), tlsSecret: tls ? secretIn(st, tlsSecret.id) : tlsSecret };
}

beforeEach(() => {
  seen = [];
  problems = [];
  suggested = "";
  failSecretGets = 0;
});

// Defect 1 is about which Juju agents have relation-model-get: the versions come from the fake
// Juju's tool registry, so the tests follow the matrix.
const BEFORE_RELATION_MODEL_GET = JUJU_CASES_WITH_SECRETS.filter((c) => !hasHookTool(c.version, "relation-model-get")).map((c) => c.version);
const WITH_RELATION_MODEL_GET = JUJU_CASES.filter((c) => hasHookTool(c.version, "relation-model-get")).map((c) => c.version);

describe("issue 13 defect 1 (relation-model-get)", () => {
  failOnAbsentToolCalls();

  test.each(BEFORE_RELATION_MODEL_GET)("defect 1: the leader's relation-created on Juju %s writes the request without relation-model-get", async (version) => {
    const c = ctx(version);
    const rel = dbRelation();
    const out = await c.run(c.on.relationCreated(rel), state({ leader: true, relations: [rel] }));
    expect(c.error).toBeUndefined();
    expect(c.toolCalls.map((t) => t.cmd)).not.toContain("relation-model-get");
    // Juju cannot say whether the relation crosses models before 3.6.2: it counts as same-model.
    expect(relIn(out).localAppData).toMatchObject({ database: "myappdb", "provided-secrets": '["mtls-cert"]' });
  });


  test.each(WITH_RELATION_MODEL_GET)("defect 1: on Juju %s (3.6.2 and later) the leader asks relation-model-get and leaves provided-secrets out across models", async (version) => {
    const c = ctx(version);
    const rel = dbRelation();
    await c.run(c.on.relationCreated(rel), state({ leader: true, relations: [rel] }));
    expect(c.toolCalls.map((t) => t.cmd)).toContain("relation-model-get");
  });

});

// The defects of secret handling, on every version of the matrix that has secrets.
onJujuMatrix("issue 13 defects with secrets", (juju) => {
  test("defect 2: credentialsRotated fires from relation-changed when the secret was refreshed first (endpoints moved in the same hook)", async () => {
    const c = ctx(juju.version);
    const { st, user } = await createdWithSecrets(c);
    const next = withRemote(replaceSecret(st, newRevision(user, ROTATED)), { ...relIn(st).remoteAppData, endpoints: "pg-new:5432" });
    const out = await c.run(c.on.relationChanged(relIn(next)), next);
    expect(c.error).toBeUndefined();
    expect(names()).toEqual(["endpointsChanged", "credentialsRotated"]);
    expect(seen[1]?.password).toBe(ROTATED.password);
    // The unit now tracks the newest revision: Juju sends it no secret-changed for it.
    const tracked = secretIn(out, user.id);
    expect(tracked.trackedRevision).toBe(tracked.latestRevision);
    seen = [];
    await c.run(c.on.updateStatus(), out);
    expect(names()).toEqual([]);
  });


  test("defect 2: TLS enabled and endpoints moved in one provider hook → endpointsChanged and tlsChanged", async () => {
    const c = ctx(juju.version);
    const { st, tlsSecret } = await createdWithSecrets(c, true);
    const next = withRemote(replaceSecret(st, newRevision(tlsSecret, { tls: "True", "tls-ca": CA })), { ...relIn(st).remoteAppData, endpoints: "pg-new:5432" });
    await c.run(c.on.relationChanged(relIn(next)), next);
    expect(c.error).toBeUndefined();
    expect(names()).toEqual(["endpointsChanged", "tlsChanged"]);
    expect(seen[1]?.tlsCa).toBe(CA);
  });


  test("defect 2: a rotation and a TLS change pending together → both events from the first secret-changed, nothing from the second", async () => {
    const c = ctx(juju.version);
    const { st, user, tlsSecret } = await createdWithSecrets(c, true);
    const next = replaceSecret(replaceSecret(st, newRevision(user, ROTATED)), newRevision(tlsSecret, { tls: "True", "tls-ca": CA }));
    const out = await c.run(c.on.secretChanged(secretIn(next, user.id)), next);
    expect(c.error).toBeUndefined();
    expect(names().sort()).toEqual(["credentialsRotated", "tlsChanged"]);
    // Both were refreshed, so Juju drops the TLS secret's secret-changed; had it come anyway: nothing.
    expect(secretIn(out, tlsSecret.id).trackedRevision).toBe(secretIn(out, tlsSecret.id).latestRevision);
    seen = [];
    await c.run(c.on.secretChanged(secretIn(out, tlsSecret.id)), out);
    expect(names()).toEqual([]);
  });


  test("defect 4: secret-get failing once in secret-changed holds the rotation, logs it without values, and a later hook announces it", async () => {
    const c = ctx(juju.version);
    const { st, user } = await createdWithSecrets(c);
    const next = replaceSecret(st, newRevision(user, ROTATED));
    failSecretGets = 1;
    const held = await c.run(c.on.secretChanged(secretIn(next, user.id)), next);
    expect(c.error).toBeUndefined();
    expect(names()).toEqual([]);
    const log = JSON.stringify(c.logs);
    expect(log).toMatch(/relation database:1, provider field \\"secret-user\\": could not be read in this hook \(secret-get exited with 1\)/);
    expect(log).toMatch(/re-checked on the next hooks/);
    expect(log).not.toContain(ROTATED.password);
    await c.run(c.on.updateStatus(), held);
    expect(c.error).toBeUndefined();
    expect(names()).toEqual(["credentialsRotated"]);
    expect(seen[0]?.password).toBe(ROTATED.password);
  });


  test("defect 6: the provider points secret-user at a new secret while the old one holds the label → the new password is announced, the clash logged", async () => {
    const c = ctx(juju.version);
    const { st, user } = await createdWithSecrets(c);
    expect(secretIn(st, user.id).label).toBe(USER_LABEL);
    const replacement = secret({ trackedContent: ROTATED });
    const next = withRemote({ ...st, secrets: [...st.secrets, replacement] }, { ...relIn(st).remoteAppData, "secret-user": replacement.id });
    const out = await c.run(c.on.relationChanged(relIn(next)), next);
    expect(c.error).toBeUndefined();
    expect(names()).toEqual(["credentialsRotated"]);
    expect(seen[0]?.password).toBe(ROTATED.password);
    const log = JSON.stringify(c.logs);
    expect(log).toContain(`label \\"${USER_LABEL}\\" is still held by the provider's previous secret-user secret; the new one was read by its URI`);
    expect(log).not.toMatch(/not granted/);
    await c.run(c.on.updateStatus(), out);
    expect(problems).toEqual([]);
    expect(suggested).toBe("active: ");
  });


  test("defect 7: a live relation switching from secrets to plaintext gets no second databaseCreated", async () => {
    const c = ctx(juju.version);
    const { st } = await createdWithSecrets(c);
    const plain = withRemote(st, { ...USER, endpoints: "pg-primary:5432", database: "myappdb" });
    const out = await c.run(c.on.relationChanged(relIn(plain)), plain);
    expect(c.error).toBeUndefined();
    expect(names()).toEqual([]);
    const rotated = withRemote(out, { ...ROTATED, endpoints: "pg-primary:5432", database: "myappdb" });
    await c.run(c.on.relationChanged(relIn(rotated)), rotated);
    expect(names()).toEqual(["credentialsRotated"]);
  });


  test("defect 8: relation-changed and secret-changed write no relation databag; the memory lives in local state", async () => {
    const c = ctx(juju.version);
    const { st, user } = await createdWithSecrets(c);
    const next = replaceSecret(st, newRevision(user, ROTATED));
    const out = await c.run(c.on.secretChanged(secretIn(next, user.id)), next);
    expect(names()).toEqual(["credentialsRotated"]);
    expect(c.toolCalls.map((t) => t.cmd)).not.toContain("relation-set");
    expect(relIn(out).localUnitData).toEqual(relIn(next).localUnitData);
    expect(Object.keys(relIn(out).localUnitData)).not.toContain("data-digests");
    expect(Object.keys(out.storedState).some((k) => k.includes("data-interfaces.requires"))).toBe(true);
  });


  test("defect 10: a second relation on a limit: 1 endpoint is held and reported as a conflict", async () => {
    const c = ctx(juju.version);
    const { st } = await createdWithSecrets(c);
    const other = secret({ trackedContent: { ...USER, username: "relation_id_2" } });
    const second = relation({ id: 2, endpoint: "database", remoteApp: "other-pg", remoteAppData: { "secret-user": other.id, endpoints: "other:5432", database: "myappdb" } });
    const both = { ...st, relations: [...st.relations, second], secrets: [...st.secrets, other] };
    const out = await c.run(c.on.relationChanged(second), both);
    expect(c.error).toBeUndefined();
    expect(seen).toEqual([]);
    await c.run(c.on.updateStatus(), out);
    expect(problems.map((p) => p.constructor.name)).toEqual([RelationLimitExceededError.name]);
    expect(suggested).toBe('blocked: relation database:2 (to other-pg) exceeds the limit of endpoint "database" (1 relation); its events are held: remove it with juju remove-relation, or raise the endpoint\'s limit');
    // Once the first relation goes, the held one is served.
    seen = [];
    const withoutFirst = { ...out, relations: out.relations.filter((r) => r.id !== 1) };
    const broken = await c.run(c.on.relationBroken(relIn(out, 1)), { ...withoutFirst, relations: [relIn(out, 1), ...withoutFirst.relations] });
    expect(c.error).toBeUndefined();
    expect(seen.map((s) => [s.name, s.relationId])).toEqual([
      ["databaseRemoved", 1],
      ["databaseCreated", 2],
    ]);
    expect(broken).toBeDefined();
  });


  test("a unit upgrading from an older version of this library: `data` and `data-digests` are honoured once, then dropped", async () => {
    const c = ctx(juju.version);
    const user = secret({ trackedContent: USER, label: USER_LABEL });
    const remote = { "secret-user": user.id, endpoints: "pg-primary:5432", database: "myappdb" };
    const { createHash } = await import("node:crypto");
    const h = createHash("sha256");
    for (const k of Object.keys(USER).sort()) h.update(`${k}\u0000${USER[k as keyof typeof USER]}\u0000`, "utf8");
    const oldDigests = JSON.stringify({ user: "sha256:" + h.digest("hex") });
    const rel = dbRelation({ remoteAppData: remote, localUnitData: { data: JSON.stringify(remote), "data-digests": oldDigests } });
    const out = await c.run(c.on.relationChanged(rel), state({ relations: [rel], secrets: [user] }));
    expect(c.error).toBeUndefined();
    expect(names()).toEqual([]);
    expect(relIn(out).localUnitData["data"]).toBeUndefined();
    expect(relIn(out).localUnitData["data-digests"]).toBeUndefined();
    // A content change the old digest did not know is announced.
    const rotated = replaceSecret(out, newRevision(secretIn(out, user.id), ROTATED));
    await c.run(c.on.secretChanged(secretIn(rotated, user.id)), rotated);
    expect(names()).toEqual(["credentialsRotated"]);
  });

}, JUJU_CASES_WITH_SECRETS);

// Credentials in the databag (as on 2.9, or from a provider on 2.9): every version of the matrix.
onJujuMatrix("issue 13 defects with plaintext answers", (juju) => {
  test("defect 3: a new host in uris (Juju 2.9, credentials in the databag) is endpointsChanged, not credentialsRotated", async () => {
    const c = ctx(juju.version);
    const rel = dbRelation({ remoteAppData: { ...USER, endpoints: "pg-primary:5432", database: "myappdb" } });
    const created = await c.run(c.on.relationChanged(rel), state({ relations: [rel] }));
    expect(names()).toEqual(["databaseCreated"]);
    seen = [];
    const moved = withRemote(created, { ...USER, uris: USER.uris.replace("pg-primary", "pg-new"), endpoints: "pg-new:5432", database: "myappdb" });
    await c.run(c.on.relationChanged(relIn(moved)), moved);
    expect(c.error).toBeUndefined();
    expect(names()).toEqual(["endpointsChanged"]);
  });


  test("defect 9: what is remembered of a password is a keyed digest, not sha256 of key and value, and differs per unit", async () => {
    const runAs = async (unitId: number): Promise<string> => {
      const c = juju.context(AppCharm, { metadata, unitId });
      const rel = dbRelation({ remoteAppData: { ...USER, endpoints: "pg-primary:5432", database: "myappdb" } });
      const out = await c.run(c.on.relationChanged(rel), state({ relations: [rel] }));
      expect(c.error).toBeUndefined();
      return JSON.stringify([out.storedState, out.relations.map((r) => (r.kind === "regular" ? [r.localUnitData, r.localAppData] : []))]);
    };
    const unit0 = await runAs(0);
    const unit1 = await runAs(1);
    for (const text of [unit0, unit1]) {
      expect(text).not.toContain(USER.password);
      expect(text).not.toContain(valueDigest("password", USER.password).slice("sha256:".length));
      expect(text).toMatch(/hmac:[0-9a-f]{64}/);
    }
    const digestsOf = (t: string): string[] => [...(t.match(/hmac:[0-9a-f]{64}/g) ?? [])];
    expect(digestsOf(unit0).some((d) => digestsOf(unit1).includes(d))).toBe(false);
  });


  test("defect 10: databaseRemoved never fires for a relation that had no databaseCreated", async () => {
    const c = ctx(juju.version);
    const rel = dbRelation({ remoteAppData: { endpoints: "pg-primary:5432" } });
    const out = await c.run(c.on.relationChanged(rel), state({ relations: [rel] }));
    expect(names()).toEqual(["endpointsChanged"]);
    seen = [];
    await c.run(c.on.relationBroken(relIn(out)), out);
    expect(c.error).toBeUndefined();
    expect(names()).toEqual([]);
  });

  test("a unit upgrading from the Python library: its plaintext `data` snapshot means nothing is announced again, and the key is dropped", async () => {
    const c = ctx(juju.version);
    const remote = { ...USER, endpoints: "pg-primary:5432", database: "myappdb" };
    const rel = dbRelation({ remoteAppData: remote, localUnitData: { data: JSON.stringify(remote) } });
    const out = await c.run(c.on.relationChanged(rel), state({ relations: [rel] }));
    expect(c.error).toBeUndefined();
    expect(names()).toEqual([]);
    expect(relIn(out).localUnitData["data"]).toBeUndefined();
    const rotated = withRemote(out, { ...remote, password: ROTATED.password });
    await c.run(c.on.relationChanged(relIn(rotated)), rotated);
    expect(names()).toEqual(["credentialsRotated"]);
  });


  test("an upgrade seen first while a subordinate provider is not ready still adopts the old snapshot (no second databaseCreated once it is)", async () => {
    const c = ctx(juju.version);
    const remote = { ...USER, endpoints: "localhost:5432", database: "myappdb", subordinated: "true" };
    const gated = dbRelation({ remoteApp: "pgbouncer", remoteAppData: remote, localUnitData: { data: JSON.stringify(remote) }, remoteUnitsData: { 0: {} } });
    const out = await c.run(c.on.relationChanged(gated), state({ relations: [gated] }));
    expect(c.error).toBeUndefined();
    expect(names()).toEqual([]);
    const ready = { ...relIn(out), remoteUnitsData: { 0: { state: "ready" } } };
    await c.run(c.on.relationChanged(ready, { remoteUnit: 0 }), { ...out, relations: [ready] });
    expect(c.error).toBeUndefined();
    expect(names()).toEqual([]);
  });
});

// Defect 5 is a provider naming a secret on a model without secrets: only 2.9 has no secrets.
describe("issue 13 defect 5 (Juju 2.9 only)", () => {
  failOnAbsentToolCalls();

  test("defect 5: Juju 2.9 and a provider publishing secret-user: no databaseCreated without credentials, a lasting problem instead", async () => {
    const c = ctx(JUJU_VERSION_MATRIX["2.9"]);
    const rel = dbRelation({ remoteAppData: { "secret-user": "secret:d0mvo2fmp25c77a4r6s0", endpoints: "pg-primary:5432", database: "myappdb" } });
    const out = await c.run(c.on.relationChanged(rel), state({ relations: [rel] }));
    expect(c.error).toBeUndefined();
    expect(names()).not.toContain("databaseCreated");
    await c.run(c.on.updateStatus(), out);
    expect(problems.map((p) => p.constructor.name)).toEqual([SecretsUnsupportedError.name]);
    expect(suggested).toMatch(/^blocked: relation database:1, provider field "secret-user": names a Juju secret, but this model's Juju has no secrets/);
  });

});
