// DatabaseRequires on the Context/State harness (lib/testing): the charm runs through lib/ops's
// dispatch over the fake Juju, so these are the hook-tool calls a real unit would make.
import { CharmBase } from "../../lib/ops/index.js";
import { DatabaseRequires, type DatabaseRequiresOptions } from "../../lib/requires/database-requires.js";
import { relation, secret, state, UncaughtCharmError, type Context, type Relation, type State } from "../../lib/testing/index.js";
import { JUJU_CASES_WITH_SECRETS, onJujuMatrix, type JujuCase } from "../support/juju-matrix.js";
import { TEST_CA_A } from "../interfaces/fixtures/test-ca.js";

interface Seen {
  name: string;
  password?: string | undefined;
  tlsCa?: string | undefined;
  alias?: string | undefined;
  code?: number;
}
let seen: Seen[] = [];
let options: DatabaseRequiresOptions<"main"> = { relationName: "database", database: "myappdb", relationAliases: ["main"] };
let deferCreated = false;

class AppCharm extends CharmBase {
  readonly db = new DatabaseRequires(this, options);
  protected override setup(): void {
    for (const name of ["databaseCreated", "endpointsChanged", "credentialsRotated", "tlsChanged", "main.databaseCreated"] as const) {
      this.db.on(name, (e) => {
        seen.push({ name, password: e.response.password, tlsCa: e.response.tlsCa, alias: e.alias });
        if (name === "databaseCreated" && deferCreated) e.defer();
      });
    }
    this.db.on("statusRaised", (e) => void seen.push({ name: "statusRaised", code: e.status.code }));
    this.db.on("databaseRemoved", (e) => void seen.push({ name: "databaseRemoved", alias: e.alias }));
  }
}

const metadata = { name: "myapp", requires: { database: { interface: "postgresql_client", limit: 1 } } };
const USER = { username: "relation_id_1", password: "Xy7pQ2mN9vLk3RtA", uris: "postgresql://relation_id_1:Xy7pQ2mN9vLk3RtA@pg:5432/myappdb" };

function dbRelation(extra: Partial<Relation> = {}): Relation {
  return relation({ id: 1, endpoint: "database", remoteApp: "postgresql-k8s", ...extra });
}

// Every test runs on each Juju version of the matrix (test/support/juju-matrix.ts); on a model
// without secrets (2.9) the provider answers in plaintext, as it does there.
onJujuMatrix("DatabaseRequires on the harness", (juju) => {
  function ctx(): Context<typeof AppCharm> {
    return juju.context(AppCharm, { metadata });
  }

  beforeEach(() => {
    seen = [];
    deferCreated = false;
    options = { relationName: "database", database: "myappdb", relationAliases: ["main"] };
  });

  test("P-01/A-02 relation-created: the leader writes the request and the alias", async () => {
    const c = ctx();
    const rel = dbRelation();
    const out = await c.run(c.on.relationCreated(rel), state({ leader: true, relations: [rel] }));
    expect(c.error).toBeUndefined();
    const after = out.relations.find((r) => r.id === 1);
    expect(after?.localAppData).toMatchObject({ database: "myappdb", alias: "main" });
    expect(after?.localUnitData).toMatchObject({ alias: "main" });
  });

  function answered(user: ReturnType<typeof secret>): { rel: Relation; st: State } {
    const credentials = juju.secrets ? { "secret-user": user.id } : (user.trackedContent ?? {});
    const rel = dbRelation({
      localUnitData: { alias: "main" },
      remoteAppData: { ...credentials, endpoints: "pg-primary:5432", database: "myappdb", version: "14.15" },
    });
    return { rel, st: state({ relations: [rel], secrets: juju.secrets ? [user] : [] }) };
  }
  /** The provider's answer after it rotated the password: a new secret revision, or new plaintext. */
  function rotatedIn(st: State, rel: Relation, user: ReturnType<typeof secret>, rotated: Record<string, string>): { rel: Relation; st: State } {
    if (!juju.secrets) {
      const moved = { ...rel, remoteAppData: { ...rel.remoteAppData, ...rotated } };
      return { rel: moved, st: { ...st, relations: st.relations.map((r) => (r.id === rel.id ? moved : r)) } };
    }
    const tracked = st.secrets.find((s) => s.id === user.id) ?? user;
    return { rel, st: { ...st, secrets: [secret({ ...tracked, trackedContent: tracked.trackedContent, latestContent: rotated })] } };
  }
  /** `calls` without secret-get on a model without secrets. */
  function withSecretReads(calls: string[]): string[] {
    return juju.secrets ? calls : calls.filter((c) => c !== "secret-get");
  }

  test("E-05/A-03 databaseCreated fires once when secret-user appears, then its aliased twin", async () => {
    const c = ctx();
    const user = secret({ trackedContent: USER });
    const { rel, st } = answered(user);
    const out = await c.run(c.on.relationChanged(rel), st);
    expect(c.error).toBeUndefined();
    expect(seen).toEqual([
      { name: "databaseCreated", password: USER.password, tlsCa: undefined, alias: "main" },
      { name: "main.databaseCreated", password: USER.password, tlsCa: undefined, alias: "main" },
    ]);
    seen = [];
    const rel2 = out.relations.find((r) => r.id === 1);
    if (rel2 === undefined) throw new Error("relation lost");
    await c.run(c.on.relationChanged(rel2), out);
    expect(seen).toEqual([]);
  });

  test("issue 14 defect 3 (generic DatabaseRequires): a tls-ca that is no X.509 certificate holds the relation; a real CA releases it", async () => {
    const c = ctx();
    const user = secret({ trackedContent: USER });
    const { rel, st } = answered(user);
    const bogus = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----";
    const held = { ...rel, remoteAppData: { ...rel.remoteAppData, tls: "True", "tls-ca": bogus } };
    const out = await c.run(c.on.relationChanged(held), { ...st, relations: [held] });
    expect(seen.map((s) => s.name)).toEqual([]);
    const problem = c.logLines().find((m) => m.includes('provider field "tls-ca"'));
    expect(problem).toContain("not a valid X.509 certificate");
    expect(problem).not.toContain("bm90IGEgY2VydGlmaWNhdGU=");
    const fixed = { ...held, remoteAppData: { ...held.remoteAppData, "tls-ca": TEST_CA_A } };
    await c.run(c.on.relationChanged(fixed), { ...out, relations: [fixed] });
    expect(seen.map((s) => [s.name, s.tlsCa])).toEqual([
      ["databaseCreated", TEST_CA_A],
      ["main.databaseCreated", TEST_CA_A],
    ]);
  });

  test("hook-tool budget: relation-changed with credentials in a secret", async () => {
    const c = ctx();
    const user = secret({ trackedContent: USER });
    const { rel, st } = answered(user);
    const created = await c.run(c.on.relationChanged(rel), st);
    // The deferred-event queue and the engine's memory are in the machine unit's state file: no
    // state-get or state-set. The remote app's name comes from JUJU_REMOTE_APP. This unit has no
    // memory of the relation yet (no relation-created ran under this library), so it checks the
    // endpoint limit (relation-ids) and reads its own bag once for an old snapshot; what it
    // learns goes to the file, never to relation-set.
    expect(c.toolCalls.map((t) => t.cmd)).toEqual(withSecretReads(["relation-get", "relation-ids", "relation-get", "secret-get"]));
    // A later rotation seen by relation-changed: the bag and the refreshed secret.
    const rotated = { ...USER, password: "r0tatedPassw0rd" };
    const next = rotatedIn(created, rel, user, rotated);
    await c.run(c.on.relationChanged(next.rel), next.st);
    expect(c.toolCalls.map((t) => t.cmd)).toEqual(withSecretReads(["relation-get", "secret-get"]));
    expect(seen.map((s) => s.name).slice(-1)).toEqual(["credentialsRotated"]);
  });

  test("hook-tool budget on Kubernetes: the same hooks with the unit's state in the controller", async () => {
    const c = juju.context(AppCharm, { metadata, stateStorage: "controller" });
    const user = secret({ trackedContent: USER });
    const { rel, st } = answered(user);
    const created = await c.run(c.on.relationChanged(rel), st);
    // state-get holds the deferred-event queue and the engine's memory; state-set keeps what the
    // hook learnt.
    expect(c.toolCalls.map((t) => t.cmd)).toEqual(withSecretReads(["state-get", "relation-get", "relation-ids", "relation-get", "secret-get", "state-set"]));
    const next = rotatedIn(created, rel, user, { ...USER, password: "r0tatedPassw0rd" });
    await c.run(c.on.relationChanged(next.rel), next.st);
    expect(c.toolCalls.map((t) => t.cmd)).toEqual(withSecretReads(["state-get", "relation-get", "secret-get", "state-set"]));
    expect(seen.map((s) => s.name).slice(-1)).toEqual(["credentialsRotated"]);
  });

  test("hook-tool budget: relation-changed with credentials after relation-created ran under this library", async () => {
    const c = ctx();
    const user = secret({ trackedContent: USER });
    const { rel, st } = answered(user);
    const afterCreated = await c.run(c.on.relationCreated(rel), st);
    await c.run(c.on.relationChanged(rel), afterCreated);
    // The alias and the relation are remembered from relation-created: no read of the own bag. The
    // endpoint's relations are too (relation-created listed them to pick the alias), so the limit
    // check needs no relation-ids.
    expect(c.toolCalls.map((t) => t.cmd)).toEqual(withSecretReads(["relation-get", "secret-get"]));
    expect(seen.map((s) => s.name)).toEqual(["databaseCreated", "main.databaseCreated"]);
  });

  test("E-02 statusRaised before data events", async () => {
    const c = ctx();
    const user = secret({ trackedContent: USER });
    const { rel, st } = answered(user);
    const withStatus = { ...st, relations: [{ ...rel, remoteAppData: { ...rel.remoteAppData, status: '[{"code": 4001, "message": "m", "resolution": "r"}]' } }] };
    await c.run(c.on.relationChanged(withStatus.relations[0] as Relation), withStatus);
    expect(seen.map((s) => s.name)).toEqual(["statusRaised", "databaseCreated", "main.databaseCreated"]);
  });

  test("deferral: a deferred databaseCreated is re-delivered next hook from live data, no secret in stored state", async () => {
    deferCreated = true;
    const c = ctx();
    const user = secret({ trackedContent: USER });
    const { rel, st } = answered(user);
    const out = await c.run(c.on.relationChanged(rel), st);
    expect(c.error).toBeUndefined();
    expect(JSON.stringify(out.storedState)).not.toContain(USER.password);
    deferCreated = false;
    seen = [];
    await c.run(c.on.updateStatus(), out);
    expect(c.error).toBeUndefined();
    expect(seen.map((s) => s.name)).toContain("databaseCreated");
    expect(seen.find((s) => s.name === "databaseCreated")?.password).toBe(USER.password);
  });

  // Was "relation-broken → databaseRemoved once" on a relation that never had databaseCreated:
  // databaseRemoved now only follows databaseCreated (issue 13, defect 10).
  test("R-03 relation-broken → databaseRemoved once, after databaseCreated", async () => {
    const c = ctx();
    const user = secret({ trackedContent: USER });
    const { rel, st } = answered(user);
    const created = await c.run(c.on.relationChanged(rel), st);
    seen = [];
    const out = await c.run(c.on.relationBroken(rel), created);
    expect(c.error).toBeUndefined();
    expect(seen).toEqual([{ name: "databaseRemoved", alias: "main" }]);
    seen = [];
    await c.run(c.on.relationBroken(rel), out);
    expect(seen).toEqual([]);
  });

  test("A-01 alias count must match the endpoint limit", async () => {
    options = { relationName: "database", database: "myappdb", relationAliases: ["main", "other" as "main"] };
    const c = ctx();
    const rel = dbRelation();
    await expect(c.run(c.on.relationCreated(rel), state({ relations: [rel] }))).rejects.toThrow(UncaughtCharmError);
    expect(c.error?.message).toMatch(/allows 1 relation/);
  });

  test("R-02/R-03 in relation-broken the dying relation is excluded: isResourceCreated() is false", async () => {
    let created: boolean | undefined;
    class BrokenCharm extends CharmBase {
      readonly db = new DatabaseRequires(this, { relationName: "database", database: "myappdb" });
      protected override setup(): void {
        this.db.on("databaseRemoved", () => {
          created = this.db.isResourceCreated();
        });
      }
    }
    const c = juju.context(BrokenCharm, { metadata });
    const user = secret({ trackedContent: USER });
    const { rel, st } = answered(user);
    const afterCreated = await c.run(c.on.relationChanged(rel), st);
    await c.run(c.on.relationBroken(rel), afterCreated);
    expect(c.error).toBeUndefined();
    expect(created).toBe(false);
  });

  test("S-04 Juju 3 requirer, plaintext provider answer (provider on Juju 2): databaseCreated from username+password", async () => {
    const c = ctx();
    const rel = dbRelation({ localUnitData: { alias: "main" }, remoteAppData: { ...USER, endpoints: "pg:5432", database: "myappdb" } });
    const out = await c.run(c.on.relationChanged(rel), state({ relations: [rel] }));
    expect(seen.map((s) => s.name)).toEqual(["databaseCreated", "main.databaseCreated"]);
    expect(seen[0]?.password).toBe(USER.password);
    expect(c.toolCalls.some((t) => t.cmd === "secret-get")).toBe(false);
    // Remembered in local state as keyed digests (issue 13, defects 8 and 9): the databag is untouched.
    expect(c.toolCalls.some((t) => t.cmd === "relation-set")).toBe(false);
    expect(out.relations.find((r) => r.id === 1)?.localUnitData).toEqual(rel.localUnitData);
    expect(JSON.stringify(out.storedState)).toContain("hmac:");
    expect(JSON.stringify(out.storedState)).not.toContain(USER.password);
  });

  test("G-10/P-13 config-changed on the leader re-asserts the request and reports a changed role", async () => {
    let conflicts: unknown;
    class ReconcileCharm extends CharmBase {
      readonly db = new DatabaseRequires(this, { relationName: "database", database: "myappdb", extraUserRoles: "SUPERUSER" });
      protected override setup(): void {
        this.on("config-changed", () => {
          conflicts = this.db.conflicts();
        });
      }
    }
    const c = juju.context(ReconcileCharm, { metadata });
    const rel = dbRelation({ localAppData: { database: "myappdb", "extra-user-roles": "CREATEDB" } });
    const out = await c.run(c.on.configChanged(), state({ leader: true, relations: [rel] }));
    expect(c.error).toBeUndefined();
    expect(conflicts).toEqual([{ relationId: 1, conflicts: [{ key: "extra-user-roles", current: "CREATEDB", requested: "SUPERUSER" }] }]);
    const after = out.relations.find((r) => r.id === 1);
    expect(after?.localAppData["extra-user-roles"]).toBe("CREATEDB");
    // The request names its secret fields only where secrets exist (P-06: not on 2.9).
    expect(after?.localAppData["requested-secrets"] !== undefined).toBe(juju.secrets);
  });

  test("E-03/U-01 subordinate provider: no databaseCreated until its unit reports state=ready", async () => {
    const subMeta = { name: "myapp", requires: { database: { interface: "mysql_client", limit: 1 } } };
    const c = juju.context(AppCharm, { metadata: subMeta });
    const user = secret({ trackedContent: USER });
    const credentials = juju.secrets ? { "secret-user": user.id } : USER;
    const bag = { ...credentials, endpoints: "localhost:3306", database: "myappdb", subordinated: "true" };
    const gated = relation({ id: 1, endpoint: "database", remoteApp: "myapp-router", localUnitData: { alias: "main" }, remoteAppData: bag, remoteUnitsData: { 0: {} } });
    const out = await c.run(c.on.relationChanged(gated), state({ relations: [gated], secrets: juju.secrets ? [user] : [] }));
    expect(c.error).toBeUndefined();
    expect(seen).toEqual([]);
    const ready = { ...gated, remoteUnitsData: { 0: { state: "ready" } } };
    await c.run(c.on.relationChanged(ready, { remoteUnit: 0 }), { ...out, relations: [ready] });
    expect(c.error).toBeUndefined();
    expect(seen.map((s) => s.name)).toEqual(["databaseCreated", "main.databaseCreated"]);
  });
});

// secret-changed exists only where secrets do; on 2.9 a rotation arrives as relation-changed,
// which the hook-tool budget test above covers.
onJujuMatrix("DatabaseRequires secret-changed", (juju) => {
  function ctx(): Context<typeof AppCharm> {
    return juju.context(AppCharm, { metadata });
  }
  function answered(user: ReturnType<typeof secret>): { rel: Relation; st: State } {
    const rel = dbRelation({
      localUnitData: { alias: "main" },
      remoteAppData: { "secret-user": user.id, endpoints: "pg-primary:5432", database: "myappdb", version: "14.15" },
    });
    return { rel, st: state({ relations: [rel], secrets: [user] }) };
  }
  test("S-05 credentialsRotated once per new revision on secret-changed", async () => {
    const c = ctx();
    const user = secret({ trackedContent: USER, label: "database.1.user.secret" });
    const { rel, st } = answered(user);
    const afterCreated = await c.run(c.on.relationChanged(rel), st);
    seen = [];
    const rotated = { ...USER, password: "n3wPassw0rd" };
    const tracked = afterCreated.secrets.find((s) => s.id === user.id) ?? user;
    const withNew = { ...afterCreated, secrets: [secret({ ...tracked, trackedContent: tracked.trackedContent, latestContent: rotated })] };
    const out = await c.run(c.on.secretChanged(withNew.secrets[0] ?? user), withNew);
    expect(c.error).toBeUndefined();
    expect(seen).toEqual([{ name: "credentialsRotated", password: "n3wPassw0rd", tlsCa: undefined, alias: "main" }]);
    seen = [];
    await c.run(c.on.secretChanged(out.secrets[0] ?? user), out);
    expect(seen).toEqual([]);
  });
}, JUJU_CASES_WITH_SECRETS);
