/**
 * End-to-end: the connection builders' output used by the real drivers against real servers —
 * an embedded PostgreSQL started for this file, and the machine's MariaDB on 127.0.0.1:3306.
 * Every test creates its own randomly named users and databases and removes them afterwards.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mysql from "mysql2/promise";
import pg from "pg";
import type { ConnectionFacts } from "../../lib/engines/connection-facts.js";
import { isExtensionEnabled, PgCheckError } from "../../lib/engines/postgresql/extension-check.js";
import { pgConnection, pgConnectionUri } from "../../lib/engines/postgresql/pg-connection.js";
import { mysqlConnection } from "../../lib/engines/mysql/mysql-connection.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../support/databases/embedded-postgres.js";
import { changePgPassword, createPgDatabase, createPgUser, dropPgDatabaseAndUser, pgUserExists } from "../support/databases/postgres-admin.js";
import { makeTestCertificates, type TestCertificates } from "../support/databases/test-certificates.js";
import { localMariaDb, mariaDbGate, MARIADB_HOST, MARIADB_PORT, type LocalMariaDb } from "../support/databases/local-mariadb.js";
import { scaled } from "../support/time-scale.js";

const suffix = (): string => randomBytes(4).toString("hex");
const password = (): string => `${randomBytes(9).toString("base64url")}:@/ %`;

async function pgSelectOne(config: pg.ClientConfig): Promise<number> {
  const client = new pg.Client({ ...config, connectionTimeoutMillis: scaled(5000) });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return (await client.query<{ one: number }>("SELECT 1 AS one")).rows[0]?.one ?? 0;
  } finally {
    await client.end();
  }
}

/** Whether the session pg opened with `config` is encrypted, as the server sees it. */
async function pgSessionUsesTls(config: pg.ClientConfig): Promise<boolean> {
  const client = new pg.Client({ ...config, connectionTimeoutMillis: scaled(5000) });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return (await client.query<{ ssl: boolean }>("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).rows[0]?.ssl === true;
  } finally {
    await client.end();
  }
}

async function pgFailureCode(config: pg.ClientConfig): Promise<string | undefined> {
  try {
    await pgSelectOne(config);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? (error as Error).message;
  }
}

describe("PostgreSQL (embedded) through pgConnection", () => {
  let server: EmbeddedPostgres;
  let facts: ConnectionFacts;
  let certs: TestCertificates;
  const certDir = mkdtempSync(join(tmpdir(), "engines-certs-"));
  const user = `relation_id_${suffix()}`;
  const database = `myappdb_${suffix()}`;

  beforeAll(async () => {
    // The server certificate names "localhost" only: connecting to 127.0.0.1 tells verify-ca
    // (chain only) from verify-full (chain and host name).
    certs = makeTestCertificates(certDir, "localhost");
    server = await startEmbeddedPostgres({ tls: { certFile: certs.certFile, keyFile: certs.keyFile } });
    const firstPassword = password();
    await createPgUser(server, user, firstPassword);
    await createPgDatabase(server, database, user);
    facts = {
      username: user,
      password: firstPassword,
      database,
      endpoints: [{ host: "127.0.0.1", port: server.port }],
      readOnlyEndpoints: [{ host: "127.0.0.1", port: server.port }],
      tls: false,
    };
  });

  afterAll(async () => {
    rmSync(certDir, { recursive: true, force: true });
    if (server === undefined) return;
    await dropPgDatabaseAndUser(server, database, user).catch(() => undefined);
    await server.stop();
  });

  test("a created user connects with the builder's config and runs SELECT 1, on both sides", async () => {
    expect(await pgUserExists(server, user)).toBe(true);
    expect(await pgSelectOne(pgConnection(facts))).toBe(1);
    expect(await pgSelectOne(pgConnection({ ...facts, side: "read-only" }))).toBe(1);
  });

  test("the libpq URI built for the same facts is accepted by pg as a connection string", async () => {
    expect(await pgSelectOne({ connectionString: pgConnectionUri(facts) })).toBe(1);
  });

  describe("SSL modes against a TLS server whose certificate names only localhost", () => {
    const tlsFacts = (): ConnectionFacts => ({ ...facts, tls: true, tlsCa: certs.caPem });
    const atLocalhost = (f: ConnectionFacts): ConnectionFacts => ({ ...f, endpoints: [{ host: "localhost", port: server.port }] });

    test("default with the provider CA is verify-full: host name checked", async () => {
      expect(await pgSessionUsesTls(pgConnection(atLocalhost(tlsFacts())))).toBe(true);
      expect(await pgFailureCode(pgConnection(tlsFacts()))).toBe("ERR_TLS_CERT_ALTNAME_INVALID");
    });

    test("verify-ca checks the chain but not the host name", async () => {
      expect(await pgSessionUsesTls(pgConnection(tlsFacts(), { sslmode: "verify-ca" }))).toBe(true);
      const wrongCa = { ...tlsFacts(), tlsCa: certs.otherCaPem };
      expect(await pgFailureCode(pgConnection(wrongCa, { sslmode: "verify-ca" }))).toMatch(/CERT|SIGNATURE|ISSUER/);
    });

    test("require verifies the chain when a CA is given (libpq rule) and nothing without one", async () => {
      const wrongCa = { ...tlsFacts(), tlsCa: certs.otherCaPem };
      expect(await pgFailureCode(pgConnection(wrongCa, { sslmode: "require" }))).toMatch(/CERT|SIGNATURE|ISSUER/);
      expect(await pgSessionUsesTls(pgConnection({ ...facts, tls: true }, { sslmode: "require" }))).toBe(true);
    });

    test("tls flag without CA defaults to prefer: encrypted, unverified", async () => {
      expect(await pgSessionUsesTls(pgConnection({ ...facts, tls: true }))).toBe(true);
    });

    test("allow and disable open plain sessions", async () => {
      expect(await pgSessionUsesTls(pgConnection(tlsFacts(), { sslmode: "allow" }))).toBe(false);
      expect(await pgSessionUsesTls(pgConnection(tlsFacts(), { sslmode: "disable" }))).toBe(false);
    });
  });

  test("isExtensionEnabled: plpgsql is installed, citext is not", async () => {
    const conn = pgConnection(facts);
    expect(await isExtensionEnabled(conn, "plpgsql")).toBe(true);
    expect(await isExtensionEnabled(conn, "citext")).toBe(false);
  });

  test("isExtensionEnabled on an unreachable database: typed, secret-free error without a stack trace", async () => {
    const conn = pgConnection({ ...facts, endpoints: [{ host: "127.0.0.1", port: 1 }] });
    const error = await isExtensionEnabled(conn, "plpgsql").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PgCheckError);
    const check = error as PgCheckError;
    expect(check.failure).toBe("unreachable");
    expect(check.code).toBe("ECONNREFUSED");
    expect(check.message).toBe(
      `postgresql extension check: cannot reach 127.0.0.1:1 database "${database}" (ECONNREFUSED); make sure this unit can reach the endpoint (network, DNS, TLS settings), and defer the event to retry`,
    );
    expect(check.message).not.toContain(facts.password);
    expect(check.stack).not.toMatch(/\n\s+at /);
  });

  test("a changed password makes the old one fail and the new one work", async () => {
    const newPassword = password();
    await changePgPassword(server, user, newPassword);
    expect(await pgFailureCode(pgConnection(facts))).toBe("28P01");
    const rejected = await isExtensionEnabled(pgConnection(facts), "plpgsql").catch((e: unknown) => e);
    expect(rejected).toMatchObject({ failure: "rejected", code: "28P01" });
    expect((rejected as Error).message).not.toContain(facts.password);
    facts = { ...facts, password: newPassword };
    expect(await pgSelectOne(pgConnection(facts))).toBe(1);
  });
});

const mariaDb = mariaDbGate();

if (!mariaDb.run && mariaDb.required) {
  describe("MariaDB through mysqlConnection", () => {
    test("MariaDB must be reachable because REQUIRE_MARIADB=1", () => {
      throw new Error(mariaDb.reason);
    });
  });
} else if (!mariaDb.run) {
  console.warn(`Skipping the MariaDB end-to-end tests: ${mariaDb.reason}.`);
  describe.skip(`MariaDB through mysqlConnection (skipped: ${mariaDb.reason})`, () => {
    test("not run", () => undefined);
  });
} else {
  describe("MariaDB through mysqlConnection", () => {
    let admin: LocalMariaDb;
    let facts: ConnectionFacts;
    const user = `relation-${suffix()}_${suffix()}`.slice(0, 26);
    const database = `myappdb_${suffix()}`;
    const other = `otherdb_${suffix()}`;

    async function mysqlSelectOne(config: mysql.ConnectionOptions, sql = "SELECT 1 AS one"): Promise<unknown> {
      const conn = await mysql.createConnection({ ...config, connectTimeout: scaled(5000) });
      try {
        const [rows] = await conn.query(sql);
        return (rows as Record<string, unknown>[])[0]?.["one"];
      } finally {
        await conn.end();
      }
    }

    async function mysqlFailureCode(config: mysql.ConnectionOptions, sql?: string): Promise<string | undefined> {
      try {
        await mysqlSelectOne(config, sql);
        return undefined;
      } catch (error) {
        return (error as { code?: string }).code ?? (error as Error).message;
      }
    }

    beforeAll(async () => {
      admin = await localMariaDb();
      const firstPassword = password();
      await admin.createDatabase(database);
      await admin.createDatabase(other);
      await admin.createUser(user, firstPassword);
      await admin.grantOnDatabase(user, database);
      facts = {
        username: user,
        password: firstPassword,
        database,
        // mysql-k8s publishes FQDNs with the root dot (K-03); the builder must cope.
        endpoints: [{ host: "localhost.", port: MARIADB_PORT }],
        readOnlyEndpoints: [{ host: MARIADB_HOST, port: MARIADB_PORT }],
        tls: false,
      };
    });

    afterAll(async () => {
      if (admin === undefined) return;
      await admin.dropUser(user).catch(() => undefined);
      await admin.dropDatabase(database).catch(() => undefined);
      await admin.dropDatabase(other).catch(() => undefined);
      await admin.close();
    });

    test("a created user connects with the builder's options (trailing-dot host) and runs SELECT 1", async () => {
      expect(await admin.userExists(user)).toBe(true);
      expect(mysqlConnection(facts).host).toBe("localhost");
      expect(Number(await mysqlSelectOne(mysqlConnection(facts)))).toBe(1);
      expect(Number(await mysqlSelectOne(mysqlConnection({ ...facts, side: "read-only" })))).toBe(1);
    });

    test("database-level grant reaches only that database; a global grant reaches the others", async () => {
      const config = mysqlConnection(facts);
      expect(await admin.grantsOf(user)).toEqual(expect.arrayContaining([expect.stringContaining(`ON \`${database}\`.*`)]));
      expect(await mysqlFailureCode(config, `CREATE TABLE \`${other}\`.t (id INT)`)).toBe("ER_TABLEACCESS_DENIED_ERROR");
      await admin.grantGlobal(user, ["CREATE", "DROP"]);
      expect(await admin.grantsOf(user)).toEqual(expect.arrayContaining([expect.stringMatching(/GRANT CREATE, DROP ON \*\.\*/)]));
      expect(await mysqlFailureCode(config, `CREATE TABLE \`${other}\`.t (id INT)`)).toBeUndefined();
    });

    test("a changed password makes the old one fail and the new one work", async () => {
      const newPassword = password();
      await admin.changePassword(user, newPassword);
      expect(await mysqlFailureCode(mysqlConnection(facts))).toBe("ER_ACCESS_DENIED_ERROR");
      facts = { ...facts, password: newPassword };
      expect(Number(await mysqlSelectOne(mysqlConnection(facts)))).toBe(1);
    });

    test("dropping the user removes it", async () => {
      const temporary = `tmp-${suffix()}`;
      await admin.createUser(temporary, password());
      expect(await admin.userExists(temporary)).toBe(true);
      await admin.dropUser(temporary);
      expect(await admin.userExists(temporary)).toBe(false);
    });
  });
}
