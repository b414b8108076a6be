/**
 * The engine requirers on the Context/State harness (lib/ops dispatch over the fake Juju): the
 * typed response each event carries, and what its `connection()` / `uri()` give the drivers.
 * Real logins are in test/e2e; MongoDB's driver-parser table is in test/e2e/mongodb-requirers.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { decodeMySQLResponse, decodePostgreSQLResponse, EngineConnectionError, MySQLRequires, PostgreSQLRequires, type MySQLResponse, type PostgreSQLResponse } from "../../lib/engines/index.js";
import { CharmBase } from "../../lib/ops/index.js";
import { TEST_CA_A } from "../interfaces/fixtures/test-ca.js";
import { relation, state, UncaughtCharmError } from "../../lib/testing/index.js";
import { onJujuMatrix, providerAnswer, type JujuCase } from "../support/juju-matrix.js";

const CA = TEST_CA_A;
const PG_USER = {
  username: "relation_id_7",
  password: "Xy7pQ2mN9vLk3RtA",
  uris: "postgresql://relation_id_7:Xy7pQ2mN9vLk3RtA@pg-primary.prod.svc:5432/myappdb",
};
const PG_BAG = { database: "myappdb", endpoints: "pg-primary.prod.svc:5432", "read-only-endpoints": "pg-replicas.prod.svc:5433", version: "14.15" };

let pgSeen: { name: string; response: PostgreSQLResponse }[] = [];
let mySeen: { name: string; response: MySQLResponse }[] = [];
let extension: boolean | string | undefined;

class PgCharm extends CharmBase {
  readonly db = new PostgreSQLRequires(this, { relationName: "database", database: "myappdb" });
  protected override setup(): void {
    for (const name of ["endpointsChanged", "databaseCreated", "tlsChanged", "credentialsRotated"] as const) {
      this.db.on(name, (e) => void pgSeen.push({ name, response: e.response }));
    }
    this.on("update-status", async () => {
      extension = await this.db.isExtensionEnabled("vector");
    });
  }
}

class MySqlCharm extends CharmBase {
  readonly db = new MySQLRequires(this, { relationName: "database", database: "myappdb" });
  protected override setup(): void {
    this.db.on("databaseCreated", (e) => void mySeen.push({ name: "databaseCreated", response: e.response }));
  }
}

const pgMeta = { name: "myapp", requires: { database: { interface: "postgresql_client", limit: 1 } } };
const myMeta = { name: "myapp", requires: { database: { interface: "mysql_client", limit: 1 } } };

beforeEach(() => {
  pgSeen = [];
  mySeen = [];
  extension = undefined;
});

async function pgCreated(juju: JujuCase, bag: Record<string, string>, tls?: Record<string, string>): Promise<PostgreSQLResponse> {
  const c = juju.context(PgCharm, { metadata: pgMeta });
  const answer = providerAnswer(juju, { user: PG_USER, tls });
  const rel = relation({ id: 7, endpoint: "database", remoteApp: "postgresql-k8s", remoteAppData: { ...bag, ...answer.bag } });
  await c.run(c.on.relationChanged(rel), state({ relations: [rel], secrets: answer.secrets }));
  expect(c.error).toBeUndefined();
  const created = pgSeen.find((s) => s.name === "databaseCreated");
  if (created === undefined) throw new Error(`no databaseCreated; saw ${pgSeen.map((s) => s.name).join(", ")}`);
  return created.response;
}

// The charm-facing suites run on each Juju version of the matrix (test/support/juju-matrix.ts); on
// 2.9 the provider answers in plaintext.
onJujuMatrix("PostgreSQLRequires", (juju) => {
  test("databaseCreated carries a typed response whose connection() is a pg config for the read-write side", async () => {
    const r = await pgCreated(juju, PG_BAG);
    expect(r).toMatchObject({ relation: "database:7", database: "myappdb", username: "relation_id_7", version: "14.15" });
    expect(r.addresses).toEqual([{ host: "pg-primary.prod.svc", port: 5432 }]);
    expect(r.readOnlyAddresses).toEqual([{ host: "pg-replicas.prod.svc", port: 5433 }]);
    expect(r.connection()).toEqual({ host: "pg-primary.prod.svc", port: 5432, user: "relation_id_7", password: PG_USER.password, database: "myappdb", ssl: false });
    expect(Object.isFrozen(r)).toBe(true);
  });

  test("printing a response (JSON, console.log) shows <redacted> for credentials and the CA", async () => {
    const r = await pgCreated(juju, PG_BAG, { tls: "True", "tls-ca": CA });
    for (const text of [JSON.stringify(r), inspect(r, { depth: 5 })]) {
      expect(text).not.toContain(PG_USER.password);
      expect(text).not.toContain(CA.split("\n")[1]);
      expect(text).toContain("relation_id_7");
      expect(text).toContain("<redacted>");
    }
    expect(r.password).toBe(PG_USER.password);
  });

  test("read-only side, options passed through, libpq URI form", async () => {
    const r = await pgCreated(juju, PG_BAG);
    expect(r.connection({ side: "read-only", applicationName: "webapp" })).toMatchObject({ host: "pg-replicas.prod.svc", port: 5433, application_name: "webapp" });
    expect(r.uri({ side: "read-only" })).toBe("postgresql://relation_id_7:Xy7pQ2mN9vLk3RtA@pg-replicas.prod.svc:5433/myappdb?sslmode=disable");
  });

  test("TLS from the tls secret: verify-full with the CA by default; verify-ca and disable on request", async () => {
    const r = await pgCreated(juju, PG_BAG, { tls: "True", "tls-ca": CA });
    expect(r).toMatchObject({ tls: true, tlsCa: CA });
    expect(r.connection().ssl).toEqual({ ca: CA, rejectUnauthorized: true });
    const verifyCa = r.connection({ sslmode: "verify-ca" }).ssl;
    expect(verifyCa).toMatchObject({ ca: CA, rejectUnauthorized: true });
    expect(verifyCa === false ? undefined : verifyCa.checkServerIdentity).toBeInstanceOf(Function);
    expect(r.connection({ sslmode: "disable" }).ssl).toBe(false);
    expect(r.uri()).toMatch(/\?sslmode=verify-full$/);
  });

  test("caFile: the CA is also written to the file the caller names (0600) and the URI refers to it", async () => {
    const r = await pgCreated(juju, PG_BAG, { tls: "True", "tls-ca": CA });
    const dir = mkdtempSync(join(tmpdir(), "engine-requires-ca-"));
    try {
      const caFile = join(dir, "provider-ca.pem");
      expect(r.connection({ caFile }).ssl).toMatchObject({ ca: CA });
      expect(readFileSync(caFile, "utf8")).toBe(`${CA}\n`);
      expect(statSync(caFile).mode & 0o777).toBe(0o600);
      expect(r.uri({ caFile })).toContain(`sslrootcert=${encodeURIComponent(caFile)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("tls=True without a CA: prefer (encrypt, no verification)", async () => {
    const r = await pgCreated(juju, PG_BAG, { tls: "True" });
    expect(r.connection().ssl).toEqual({ rejectUnauthorized: false });
  });

  test("endpoints before credentials: the response says which field is missing instead of building a broken config", async () => {
    const c = juju.context(PgCharm, { metadata: pgMeta });
    const rel = relation({ id: 7, endpoint: "database", remoteApp: "postgresql-k8s", remoteAppData: { endpoints: "pg-primary.prod.svc:5432" } });
    await c.run(c.on.relationChanged(rel), state({ relations: [rel] }));
    expect(c.error).toBeUndefined();
    expect(pgSeen.map((s) => s.name)).toEqual(["endpointsChanged"]);
    const r = pgSeen[0]?.response;
    expect(() => r?.connection()).toThrow(EngineConnectionError);
    expect(() => r?.connection()).toThrow(/relation database:7.*"username"/);
  });

  test("isExtensionEnabled is false without a relation (no connection attempted)", async () => {
    const c = juju.context(PgCharm, { metadata: pgMeta });
    await c.run(c.on.updateStatus(), state());
    expect(c.error).toBeUndefined();
    expect(extension).toBe(false);
  });

  test("isExtensionEnabled on an unreachable provided endpoint fails with PgCheckError naming host and port, no password", async () => {
    const c = juju.context(PgCharm, { metadata: pgMeta });
    const answer = providerAnswer(juju, { user: PG_USER });
    const rel = relation({ id: 7, endpoint: "database", remoteApp: "postgresql-k8s", remoteAppData: { database: "myappdb", endpoints: "127.0.0.1:1", ...answer.bag } });
    await expect(c.run(c.on.updateStatus(), state({ relations: [rel], secrets: answer.secrets }))).rejects.toThrow(UncaughtCharmError);
    expect(c.error?.name).toBe("PgCheckError");
    expect(c.error?.message).toMatch(/cannot reach 127\.0\.0\.1:1 database "myappdb"/);
    expect(c.error?.message).not.toContain(PG_USER.password);
  });
});

onJujuMatrix("MySQLRequires", (juju) => {
  test("databaseCreated: mysql2 options (trailing root dot dropped), mysqlsh URI, TLS verify-identity with a CA", async () => {
    const c = juju.context(MySqlCharm, { metadata: myMeta });
    const answer = providerAnswer(juju, { user: { username: "relation-7_3f2a9c4e8b1d4c7", password: "q8ZrT3vK0bLw5YhN2cJx7DmA" }, tls: { tls: "True", "tls-ca": CA } });
    const bag = { database: "myappdb", endpoints: "mysql-k8s-primary.prod.svc.cluster.local.:3306", ...answer.bag };
    const rel = relation({ id: 7, endpoint: "database", remoteApp: "mysql-k8s", remoteAppData: bag });
    await c.run(c.on.relationChanged(rel), state({ relations: [rel], secrets: answer.secrets }));
    expect(c.error).toBeUndefined();
    const r = mySeen[0]?.response;
    expect(r?.connection()).toEqual({
      host: "mysql-k8s-primary.prod.svc.cluster.local",
      port: 3306,
      user: "relation-7_3f2a9c4e8b1d4c7",
      password: "q8ZrT3vK0bLw5YhN2cJx7DmA",
      database: "myappdb",
      ssl: { ca: CA, rejectUnauthorized: true, verifyIdentity: true },
    });
    expect(r?.uri()).toBe("mysql://relation-7_3f2a9c4e8b1d4c7:q8ZrT3vK0bLw5YhN2cJx7DmA@mysql-k8s-primary.prod.svc.cluster.local:3306/myappdb");
  });
});

describe("engine decoders at the trust boundary", () => {
  test("a bad endpoint list is a DatabagError naming relation and field", () => {
    expect(() => decodePostgreSQLResponse({ endpoints: "pg:99999", password: "s3cr3t-value" }, "database:3")).toThrow(/database:3.*endpoints/);
    expect(() => decodeMySQLResponse({ endpoints: "[::1", password: "s3cr3t-value" }, "db:2")).toThrow(/db:2.*endpoints/);
  });

  test("a bad tls flag never quotes the secret values", () => {
    let message = "";
    try {
      decodePostgreSQLResponse({ tls: "s3cr3t-value", password: "s3cr3t-value" }, "database:3");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/"tls"/);
    expect(message).not.toContain("s3cr3t-value");
  });
});
