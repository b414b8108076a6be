/**
 * Issue 14, defects 1, 3 and 4: answers real database charms give, run through the engine
 * requirers on the Context/State harness (lib/ops dispatch over the fake Juju), and the MongoDB
 * connection-string parser held against the official `mongodb` driver's own parser.
 */
import fc from "fast-check";
import { MongoClient } from "mongodb";
import { EngineConnectionError, MongoDBRequires, MySQLRequires, PostgreSQLRequires, type EngineResponse, type MongoDBResponse, type MySQLResponse, type PostgreSQLResponse } from "../../lib/engines/index.js";
import { parseMongoUri, parsePemCertificates } from "../../lib/interfaces/index.js";
import { CharmBase } from "../../lib/ops/index.js";
import { ProviderDataError } from "../../lib/requires/index.js";
import { Context, relation, secret, state, type Secret } from "../../lib/testing/index.js";
import { TEST_CA_A, TEST_CA_B, TEST_CA_CHAIN } from "../interfaces/fixtures/test-ca.js";

const PASSWORD = "q8ZrT3vK0bLw5YhN2cJx7DmA";
let created: EngineResponse[] = [];
let problems: readonly ProviderDataError[] = [];
let database = "myappdb";

class MySqlClient extends CharmBase {
  readonly db = new MySQLRequires(this, { relationName: "database", database });
  protected override setup(): void {
    this.db.on("databaseCreated", (e) => void created.push(e.response));
    this.on("database-relation-changed", () => void (problems = this.db.problems()));
  }
}
class PgClient extends CharmBase {
  readonly db = new PostgreSQLRequires(this, { relationName: "database", database });
  protected override setup(): void {
    this.db.on("databaseCreated", (e) => void created.push(e.response));
    this.on("database-relation-changed", () => void (problems = this.db.problems()));
  }
}
class MongoClientCharm extends CharmBase {
  readonly db = new MongoDBRequires(this, { relationName: "database", database });
  protected override setup(): void {
    this.db.on("databaseCreated", (e) => void created.push(e.response));
    this.on("database-relation-changed", () => void (problems = this.db.problems()));
  }
}

type Client = typeof MySqlClient | typeof PgClient | typeof MongoClientCharm;
const INTERFACE = new Map<Client, string>([
  [MySqlClient, "mysql_client"],
  [PgClient, "postgresql_client"],
  [MongoClientCharm, "mongodb_client"],
]);

/** Runs relation-changed with the provider's app databag and its user (and tls) secrets; returns the log text. */
async function deliver(charm: Client, bag: Record<string, string>, user: Record<string, string>, tls?: Record<string, string>): Promise<string> {
  const c = new Context(charm, { metadata: { name: "myapp", requires: { database: { interface: INTERFACE.get(charm) ?? "", limit: 1 } } }, jujuVersion: "3.6.4" });
  const secrets: Secret[] = [secret({ trackedContent: user })];
  if (tls !== undefined) secrets.push(secret({ trackedContent: tls }));
  const rel = relation({ id: 7, endpoint: "database", remoteApp: "db", remoteAppData: { ...bag, "secret-user": secrets[0]?.id ?? "", ...(secrets[1] ? { "secret-tls": secrets[1].id } : {}) } });
  created = [];
  problems = [];
  await c.run(c.on.relationChanged(rel), state({ relations: [rel], secrets }));
  expect(c.error).toBeUndefined();
  const log = JSON.stringify(c.logs);
  expect(log).not.toContain(PASSWORD);
  return log;
}

function only<T>(list: readonly T[]): T {
  expect(list).toHaveLength(1);
  return list[0] as T;
}

beforeEach(() => {
  database = "myappdb";
});

describe("issue 14 defect 1: connection() falls back to the requested database when the provider sends none", () => {
  const user = { username: "relation-7_0a1b2c3d4e5f6a7b8c9d0e1f", password: PASSWORD };

  test("issue 14 defect 1: mysql_client without database (older mysql-k8s): databaseCreated, then connection() uses the requested name", async () => {
    await deliver(MySqlClient, { endpoints: "mysql-k8s-primary.prod.svc.cluster.local.:3306" }, user);
    const response = only(created) as MySQLResponse;
    expect(response.database).toBeUndefined(); // what the provider sent
    expect(response.connection()).toMatchObject({ host: "mysql-k8s-primary.prod.svc.cluster.local", port: 3306, database: "myappdb" });
    expect(response.uri()).toMatch(/\/myappdb$/);
    expect(problems).toEqual([]);
  });

  test("issue 14 defect 1: postgresql_client and mongodb_client without database fall back the same way", async () => {
    await deliver(PgClient, { endpoints: "pg-primary.prod.svc:5432" }, user);
    expect((only(created) as PostgreSQLResponse).connection().database).toBe("myappdb");
    await deliver(MongoClientCharm, { endpoints: "10.0.0.1,10.0.0.2", replset: "mongodb" }, user);
    const mongo = only(created) as MongoDBResponse;
    expect(mongo.connection().uri).toMatch(/@10\.0\.0\.1:27017,10\.0\.0\.2:27017\/myappdb\?replicaSet=mongodb&authSource=admin$/);
  });

  test("issue 14 defect 1: the provider's own database name still wins over the requested one", async () => {
    await deliver(MySqlClient, { database: "database-7", endpoints: "mysql:3306" }, user);
    expect((only(created) as MySQLResponse).connection().database).toBe("database-7");
  });

  test("issue 14 defect 1: a prefix request has no name to fall back to: connection() says the provider has not sent database", async () => {
    database = "myapp*";
    await deliver(MySqlClient, { endpoints: "mysql:3306" }, user);
    const response = only(created) as MySQLResponse;
    expect(() => response.connection()).toThrow(EngineConnectionError);
    expect(() => response.connection()).toThrow(/has not sent "database"/);
  });
});

describe("issue 14 defect 3: tls-ca must parse as one or more X.509 certificates, or the relation is held", () => {
  const user = { username: "relation_id_7", password: PASSWORD };
  const bag = { database: "myappdb", endpoints: "pg-primary.prod.svc:5432" };

  test.each([
    ["hello", "hello"],
    ["a PEM wrapper around garbage", "-----BEGIN CERTIFICATE-----\nMIIBgarbage\n-----END CERTIFICATE-----"],
    ["a certificate with its END line cut off", TEST_CA_A.replace("-----END CERTIFICATE-----", "")],
    ["a private key", "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----"],
    ["a good certificate followed by garbage", `${TEST_CA_A}\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----`],
  ])("issue 14 defect 3: tls-ca holding %s: no databaseCreated, a typed problem on tls-ca, the value never logged", async (_name, ca) => {
    const log = await deliver(PgClient, bag, user, { tls: "True", "tls-ca": ca });
    expect(created).toEqual([]);
    const problem = only(problems);
    expect(problem).toBeInstanceOf(ProviderDataError);
    expect(problem.field).toBe("tls-ca");
    expect(problem.message).toMatch(/certificate|CERTIFICATE|PEM/);
    expect(log).toMatch(/ERROR.*tls-ca.*held/);
    for (const line of ca.split("\n").filter((l) => l.length > 8 && !l.startsWith("-----"))) expect(log).not.toContain(line);
  });

  test.each([
    ["one certificate", TEST_CA_A],
    ["a chain of two", TEST_CA_CHAIN],
    ["a bundle with explanatory text between blocks", `subject=CN = a\n${TEST_CA_A}\n# Issuer: b\n${TEST_CA_B}`],
  ])("issue 14 defect 3: tls-ca holding %s is delivered", async (_name, ca) => {
    await deliver(PgClient, bag, user, { tls: "True", "tls-ca": ca });
    expect(problems).toEqual([]);
    expect(only(created).tlsCa).toBe(ca);
  });

  test("issue 14 defect 3: the parser counts every block and names the bad one", () => {
    const good = parsePemCertificates(TEST_CA_CHAIN);
    expect(good.ok && good.certificates.map((c) => c.subject)).toEqual(["CN=charm-data-interfaces test CA a", "CN=charm-data-interfaces test CA b"]);
    expect(parsePemCertificates(`${TEST_CA_A}\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----`)).toEqual({ ok: false, problem: "certificate 2 is not a valid X.509 certificate" });
  });

  test("issue 14 defect 3: tls=False with a CA connects without TLS by default (the flag wins); verify-full stays available", async () => {
    await deliver(PgClient, bag, user, { tls: "False", "tls-ca": TEST_CA_A });
    const response = only(created) as PostgreSQLResponse;
    expect(response.connection().ssl).toBe(false);
    expect(response.connection({ sslmode: "verify-full" }).ssl).toEqual({ ca: TEST_CA_A, rejectUnauthorized: true });
  });

  test("issue 14 defect 3: a CA without any tls flag (MySQL sends none) still means TLS, verified", async () => {
    await deliver(MySqlClient, { database: "myappdb", endpoints: "mysql:3306" }, user, { "tls-ca": TEST_CA_A });
    const response = only(created) as MySQLResponse;
    expect(response.connection().ssl).toEqual({ ca: TEST_CA_A, rejectUnauthorized: true, verifyIdentity: true });
  });
});

describe("issue 14 defect 4: MongoDB uris are validated and checked against endpoints", () => {
  const bag = { database: "myappdb", endpoints: "10.0.0.1,10.0.0.2", replset: "mongodb" };
  const uri = (hosts: string): string => `mongodb://relation-7:${PASSWORD}@${hosts}/myappdb?replicaSet=mongodb&authSource=admin`;

  test("issue 14 defect 4: uris naming other hosts than endpoints: uris win, a WARNING names both host lists, never the password", async () => {
    const log = await deliver(MongoClientCharm, bag, { username: "relation-7", password: PASSWORD, uris: uri("10.9.9.9:27017") });
    const response = only(created) as MongoDBResponse;
    expect(response.connection().uri).toBe(uri("10.9.9.9:27017"));
    expect(response.connection({ ignoreProviderUri: true }).uri).toContain("@10.0.0.1:27017,10.0.0.2:27017/");
    expect(response.uriMismatches).toEqual([
      '"uris" names hosts 10.9.9.9:27017 but "endpoints" lists 10.0.0.1:27017,10.0.0.2:27017; the connection uses "uris" (pass ignoreProviderUri: true to build it from the endpoints)',
    ]);
    expect(log).toMatch(/WARNING.*relation database:7: \\"uris\\" names hosts 10\.9\.9\.9:27017 but \\"endpoints\\" lists 10\.0\.0\.1:27017,10\.0\.0\.2:27017/);
  });

  test("issue 14 defect 4: uris naming the endpoints (ports omitted on either side, other order) raise no warning", async () => {
    const log = await deliver(MongoClientCharm, bag, { username: "relation-7", password: PASSWORD, uris: uri("10.0.0.2:27017,10.0.0.1") });
    expect(only(created).uris).toBe(uri("10.0.0.2:27017,10.0.0.1"));
    expect(log).not.toMatch(/WARNING/);
  });

  test.each([
    ["an unencoded reserved character in the password", `mongodb://relation-7:${PASSWORD}:x@10.0.0.1/myappdb`],
    ["another scheme", `postgresql://relation-7:${PASSWORD}@10.0.0.1/myappdb`],
    ["an empty host", `mongodb://relation-7:${PASSWORD}@10.0.0.1,/myappdb`],
    ["a bad port", `mongodb://relation-7:${PASSWORD}@10.0.0.1:99999/myappdb`],
  ])("issue 14 defect 4: uris with %s: the relation is held with a typed problem on uris", async (_name, bad) => {
    await deliver(MongoClientCharm, bag, { username: "relation-7", password: PASSWORD, uris: bad });
    expect(created).toEqual([]);
    const problem = only(problems);
    expect(problem.field).toBe("uris");
    expect(problem.message).toMatch(/not a MongoDB connection string/);
  });
});

describe("issue 14 defect 4: property: our MongoDB URI parser agrees with the official driver's", () => {
  const word = fc.string({ minLength: 1, maxLength: 8, unit: fc.constantFrom("a", "Z", "0", "-", "_", ".", "~", "@", ":", "/", "?", "#", "[", "]", "%", " ", "é", "+", "=") });
  const hostName = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}(\.[a-z][a-z0-9-]{0,8}){0,2}$/);
  const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join("."));
  const host = fc.record({ host: fc.oneof(hostName, ipv4, fc.constant("[::1]")), port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }) });
  const db = fc.option(fc.stringMatching(/^[A-Za-z0-9_-]{1,10}$/), { nil: undefined });
  const options = fc.subarray(["replicaSet=rs0", "authSource=admin", "tls=true", "retryWrites=false", "w=majority"]);

  test("issue 14 defect 4: every well-formed URI parses the same in both (hosts, credentials, database)", () => {
    fc.assert(
      fc.property(word, word, fc.array(host, { minLength: 1, maxLength: 3 }), db, options, (user, password, hosts, database, opts) => {
        const text = `mongodb://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${hosts.map((h) => h.host + (h.port === undefined ? "" : `:${h.port}`)).join(",")}/${database ?? ""}${opts.length > 0 ? `?${opts.join("&")}` : ""}`;
        const ours = parseMongoUri(text);
        if (!ours.ok) throw new Error(`refused: ${ours.problem}`);
        const driver = new MongoClient(text).options;
        expect(ours.value.hosts.map((h) => `${h.host.includes(":") ? `[${h.host}]` : h.host}:${h.port ?? 27017}`)).toEqual(driver.hosts.map((h) => String(h)));
        expect([ours.value.username, ours.value.password]).toEqual([driver.credentials?.username, driver.credentials?.password]);
        expect(ours.value.database ?? "test").toBe(driver.dbName);
      }),
      { numRuns: 200 },
    );
  });

  test("issue 14 defect 4: whatever we accept, the driver accepts (mutated strings)", () => {
    const base = `mongodb://relation-7:${PASSWORD}@10.0.0.1:27017,mongo-1.svc/myappdb?replicaSet=rs0&authSource=admin`;
    const mutation = fc.tuple(fc.nat(base.length), fc.nat(3), fc.constantFrom("@", ":", "/", "?", ",", "[", "]", "%", "%2", "#", "=", "&", "", " ", "a", "0"));
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        let text = base;
        for (const [at, drop, insert] of mutations) text = text.slice(0, at) + insert + text.slice(at + drop);
        if (!parseMongoUri(text).ok) return;
        try {
          new MongoClient(text);
        } catch (error) {
          // Option names are checked by the driver, not by the connection-string grammar.
          if (/options? .* (is|are) not supported|cannot be specified/i.test((error as Error).message)) return;
          throw new Error(`we accepted what the driver refuses: ${(error as Error).message}`);
        }
      }),
      { numRuns: 500 },
    );
  });
});
