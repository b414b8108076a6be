// Checklist items of docs/protocol.md#requirements that close the list (S-03, K-01, K-02),
// each on the Context/State harness: the charm runs through lib/ops's dispatch over the fake Juju.
import { CharmBase } from "../../lib/ops/index.js";
import { DatabaseRequires } from "../../lib/requires/database-requires.js";
import type { DatabaseResponse } from "../../lib/requires/response.js";
import { PostgreSQLRequires, type PostgreSQLResponse } from "../../lib/engines/postgresql/postgresql-requires.js";
import { PgCheckError } from "../../lib/engines/postgresql/extension-check.js";
import { EngineConnectionError } from "../../lib/engines/engine-errors.js";
import { Context, relation, secret, state, type Relation, type Secret } from "../../lib/testing/index.js";
import { failOnAbsentToolCalls, guarded, JUJU_CASES_WITH_SECRETS, onJujuMatrix, providerAnswer } from "../support/juju-matrix.js";
import { scaled } from "../support/time-scale.js";

const metadata = { name: "myapp", requires: { database: { interface: "postgresql_client", limit: 1 } } };
const USER = {
  username: "relation_id_1",
  password: "Xy7pQ2mN9vLk3RtA",
  uris: "postgresql://relation_id_1:Xy7pQ2mN9vLk3RtA@pg-primary:5432/myappdb",
};
const ROTATED = { ...USER, password: "Qw3rTy8uIo2pAs5d", uris: "postgresql://relation_id_1:Qw3rTy8uIo2pAs5d@pg-primary:5432/myappdb" };

/** The answered relation with the provider's credentials as `providerAnswer` lays them out. */
function answeredIn(credentials: Readonly<Record<string, string>>, extra: Readonly<Record<string, string>> = {}): Relation {
  return relation({
    id: 1,
    endpoint: "database",
    remoteApp: "postgresql-k8s",
    remoteAppData: { ...credentials, endpoints: "pg-primary:5432", database: "myappdb", version: "16.4", ...extra },
  });
}
function answeredRelation(user: Secret, extra: Readonly<Record<string, string>> = {}): Relation {
  return relation({
    id: 1,
    endpoint: "database",
    remoteApp: "postgresql-k8s",
    remoteAppData: { "secret-user": user.id, endpoints: "pg-primary:5432", database: "myappdb", version: "16.4", ...extra },
  });
}

let created: DatabaseResponse[] = [];
class S03Charm extends CharmBase {
  readonly db = new DatabaseRequires(this, { relationName: "database", database: "myappdb" });
  protected override setup(): void {
    this.db.on("databaseCreated", (e) => void created.push(e.response));
  }
}
beforeEach(() => {
  created = [];
});

// --refresh is a flag of secret-get: every version of the matrix that has secrets.
onJujuMatrix("S-03 secret content is read with --refresh", (juju) => {
  test("S-03 two revisions: the newest is returned and becomes the tracked one", async () => {
    const c = juju.context(S03Charm, { metadata });
    const user = secret({ trackedContent: USER, latestContent: ROTATED });
    expect(user).toMatchObject({ trackedRevision: 1, latestRevision: 2 });
    const out = await c.run(c.on.relationChanged(answeredRelation(user)), state({ relations: [answeredRelation(user)], secrets: [user] }));
    expect(c.error).toBeUndefined();
    expect(created.map((r) => r.password)).toEqual([ROTATED.password]);
    const reads = c.toolCalls.filter((t) => t.cmd === "secret-get");
    expect(reads).toHaveLength(1);
    expect(reads[0]?.argv).toContain("--refresh");
    expect(out.secrets.find((s) => s.id === user.id)).toMatchObject({ trackedRevision: 2, trackedContent: ROTATED });
  });
}, JUJU_CASES_WITH_SECRETS);

// Pinned to 3.1.6: before 3.1.7 (and on 3.2.x-3.3.0) Juju refuses an owner's --refresh
// (LP#2042596; lib/testing/juju/secret-rules.ts ownersTrack). No version of the matrix has that
// rule (3.1.10 already has the fix), so these tests keep their version; the absent-tool check
// still applies.
describe("S-03 an owner refused --refresh reads without it (Juju 3.1.6)", () => {
  failOnAbsentToolCalls();

  test("S-03 owner on Juju 3.1.6: Juju refuses the owner's --refresh, the content is read without it and the hook succeeds", async () => {
    const c = guarded(new Context(S03Charm, { metadata, jujuVersion: "3.1.6" }));
    // The secret behind secret-user belongs to this application (e.g. a charm related to itself).
    const owned = secret({ owner: "application", trackedContent: USER, latestContent: ROTATED });
    const rel = answeredRelation(owned);
    await c.run(c.on.relationChanged(rel), state({ leader: true, relations: [rel], secrets: [owned] }));
    expect(c.error).toBeUndefined();
    // Owners on that Juju always see the newest revision.
    expect(created.map((r) => r.password)).toEqual([ROTATED.password]);
    const reads = c.toolCalls.filter((t) => t.cmd === "secret-get");
    expect(reads.map((t) => ({ refresh: t.argv.includes("--refresh"), code: t.code }))).toEqual([
      { refresh: true, code: 1 },
      { refresh: false, code: 0 },
    ]);
    expect(reads[0]?.stderr).toContain("secret owner cannot use --refresh");
  });

  test("S-03 a non-owner's failed read is not retried: a secret not granted yet means no event, no error", async () => {
    const c = guarded(new Context(S03Charm, { metadata, jujuVersion: "3.1.6" }));
    const rel = answeredRelation(secret({ trackedContent: USER }));
    await c.run(c.on.relationChanged(rel), state({ relations: [rel] }));
    expect(c.error).toBeUndefined();
    expect(created).toEqual([]);
    expect(c.toolCalls.filter((t) => t.cmd === "secret-get")).toHaveLength(1);
  });
});

onJujuMatrix("K-01/K-02 PostgreSQL specifics", (juju) => {
  let created: PostgreSQLResponse[] = [];
  let checkError: unknown;
  let checkExtension = false;
  class PgCharm extends CharmBase {
    readonly db = new PostgreSQLRequires(this, { relationName: "database", database: "myappdb" });
    protected override setup(): void {
      this.db.on("databaseCreated", async (e) => {
        created.push(e.response);
        if (!checkExtension) return;
        try {
          await this.db.isExtensionEnabled("pg_trgm", { connectionTimeoutMillis: scaled(2000) });
        } catch (error) {
          checkError = error;
        }
      });
    }
  }
  beforeEach(() => {
    created = [];
    checkError = undefined;
    checkExtension = false;
  });

  test("K-01 the request asks for read-only-uris as a secret field (by default)", async () => {
    const c = juju.context(PgCharm, { metadata });
    const rel = relation({ id: 1, endpoint: "database", remoteApp: "postgresql-k8s" });
    const out = await c.run(c.on.relationCreated(rel), state({ leader: true, relations: [rel] }));
    expect(c.error).toBeUndefined();
    const requested: unknown = JSON.parse(out.relations.find((r) => r.id === 1)?.localAppData["requested-secrets"] ?? "null");
    // Without secrets (2.9) no secret field is requested at all (P-06): the provider answers in plaintext.
    if (juju.secrets) expect(requested).toEqual(expect.arrayContaining(["uris", "read-only-uris"]));
    else expect(requested).toBeNull();
  });

  test("K-01 uris is a libpq URI; an answer without read-only-uris gives no readOnlyUris, and the read-only side falls back to the read-only endpoints", async () => {
    const c = juju.context(PgCharm, { metadata });
    const answer = providerAnswer(juju, { user: USER });
    const rel = answeredIn(answer.bag, { "read-only-endpoints": "pg-replicas:5432" });
    await c.run(c.on.relationChanged(rel), state({ relations: [rel], secrets: answer.secrets }));
    expect(c.error).toBeUndefined();
    const response = created[0];
    if (response === undefined) throw new Error("no databaseCreated");
    expect(response.uris).toBe(USER.uris);
    expect(response.uri()).toMatch(/^postgresql:\/\/relation_id_1:[^@]+@pg-primary:5432\/myappdb\?sslmode=disable$/);
    expect(response.readOnlyUris).toBeUndefined();
    expect(response.connection({ side: "read-only" })).toMatchObject({ host: "pg-replicas", port: 5432, database: "myappdb" });
  });

  test("K-01 without read-only-uris nor read-only endpoints, a read-only connection is a typed error pointing to the read-write side", async () => {
    const c = juju.context(PgCharm, { metadata });
    const answer = providerAnswer(juju, { user: USER });
    const rel = answeredIn(answer.bag);
    await c.run(c.on.relationChanged(rel), state({ relations: [rel], secrets: answer.secrets }));
    const response = created[0];
    if (response === undefined) throw new Error("no databaseCreated");
    expect(response.readOnlyUris).toBeUndefined();
    expect(() => response.connection({ side: "read-only" })).toThrow(EngineConnectionError);
    expect(() => response.connection({ side: "read-only" })).toThrow(/readOnlyEndpoints.*connect to the read-write side/);
    expect(response.connection()).toMatchObject({ host: "pg-primary", port: 5432 });
  });

  test("K-02 the extension check uses the provided database, the endpoint's port and TLS", async () => {
    const c = juju.context(PgCharm, { metadata });
    const answer = providerAnswer(juju, { user: { ...USER, uris: "postgresql://relation_id_1:Xy7pQ2mN9vLk3RtA@127.0.0.1:1/provided_db" }, tls: { tls: "True" } });
    // The provider answers another database name than requested, on a port nothing listens on.
    const rel = relation({
      id: 1,
      endpoint: "database",
      remoteApp: "postgresql-k8s",
      remoteAppData: { ...answer.bag, endpoints: "127.0.0.1:1", database: "provided_db" },
    });
    checkExtension = true;
    await c.run(c.on.relationChanged(rel), state({ relations: [rel], secrets: answer.secrets }));
    expect(c.error).toBeUndefined();
    const response = created[0];
    if (response === undefined) throw new Error("no databaseCreated");
    // The config the check connects with: isExtensionEnabled passes response.connection() to pg.
    expect(response.connection()).toMatchObject({ host: "127.0.0.1", port: 1, database: "provided_db", ssl: { rejectUnauthorized: false } });
    expect(checkError).toBeInstanceOf(PgCheckError);
    const failure = checkError as PgCheckError;
    expect({ failure: failure.failure, host: failure.host, port: failure.port, database: failure.database }).toEqual({
      failure: "unreachable",
      host: "127.0.0.1",
      port: 1,
      database: "provided_db",
    });
    expect(failure.message).toContain('127.0.0.1:1 database "provided_db"');
    expect(failure.message).not.toContain(USER.password);
  });
});
