import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConnectionOptions, PoolOptions, SslOptions } from "mysql2";
import { ConnectionStringError, EngineConnectionError } from "../../lib/engines/engine-errors.js";
import { mysqlConnection, mysqlConnectionUri } from "../../lib/engines/mysql/mysql-connection.js";
import { formatMysqlshUri, parseMysqlshUri } from "../../lib/engines/mysql/mysqlsh-uri.js";
import { defaultMySqlSslMode, mysqlSslOption, type MySqlSslMode } from "../../lib/engines/mysql/ssl-mode.js";
import { CA_PEM, mysqlFacts } from "./facts-fixtures.js";

describe("mysqlConnection", () => {
  test("mysql-k8s answer (K-03): trailing dot stripped, 26-character user, no TLS", () => {
    const config = mysqlConnection(mysqlFacts);
    expect(config).toEqual({
      host: "mysql-k8s-primary.prod.svc.cluster.local",
      port: 3306,
      user: "relation-7_3f2a9c4e8b1d4c7",
      password: "q8ZrT3vK0bLw5YhN2cJx7DmA",
      database: "myappdb",
    });
    expect(config.user).toHaveLength(26);
  });

  test("the result is what mysql2's createConnection and createPool take", () => {
    const config = mysqlConnection({ ...mysqlFacts, tls: true, tlsCa: CA_PEM });
    const connection: ConnectionOptions = config;
    const pool: PoolOptions = config;
    expect(connection.ssl).toEqual(pool.ssl);
  });

  test("the local ssl type (declarations need no mysql2) is what mysql2's ssl option takes", () => {
    const ssl: SslOptions | undefined = mysqlSslOption("verify-identity", CA_PEM);
    expect(ssl).toEqual({ ca: CA_PEM, rejectUnauthorized: true, verifyIdentity: true });
  });

  test("keepTrailingDot keeps the root dot", () => {
    expect(mysqlConnection(mysqlFacts, { keepTrailingDot: true }).host).toBe("mysql-k8s-primary.prod.svc.cluster.local.");
  });

  test("read-only side uses read-only-endpoints", () => {
    expect(mysqlConnection({ ...mysqlFacts, side: "read-only" }).host).toBe("mysql-k8s-replicas.prod.svc.cluster.local");
  });

  test("port defaults to 3306; hosts fall back to the provider's mysqlsh URI", () => {
    expect(mysqlConnection({ ...mysqlFacts, endpoints: [{ host: "db" }] }).port).toBe(3306);
    const fromUri = mysqlConnection({ ...mysqlFacts, endpoints: [], uris: "mysql://u:p@router.example:6446/myappdb" });
    expect(fromUri).toMatchObject({ host: "router.example", port: 6446 });
  });

  test("no endpoints at all is a typed error naming the field", () => {
    expect(() => mysqlConnection({ ...mysqlFacts, endpoints: [] })).toThrow(EngineConnectionError);
    expect(() => mysqlConnection({ ...mysqlFacts, side: "read-only", readOnlyEndpoints: [] })).toThrow(/mysql connection, "readOnlyEndpoints"/);
  });

  test("an unknown SSL mode is rejected", () => {
    expect(() => mysqlConnection(mysqlFacts, { sslMode: "on" as MySqlSslMode })).toThrow(/"sslMode": unknown SSL mode/);
  });

  test("caFile: CA written 0600, still inline for mysql2", () => {
    const dir = mkdtempSync(join(tmpdir(), "engines-ca-"));
    try {
      const path = join(dir, "ca.pem");
      const config = mysqlConnection({ ...mysqlFacts, tls: true, tlsCa: CA_PEM }, { caFile: path });
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(config.ssl).toMatchObject({ ca: CA_PEM });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("MySQL SSL modes", () => {
  test.each([
    [true, "verify-identity", CA_PEM],
    [true, "required", undefined],
    [false, "disabled", undefined],
  ] as const)("default for tls=%s is %s (given the CA of case %#)", (tls, mode, ca) => {
    expect(defaultMySqlSslMode(tls, ca)).toBe(mode);
  });

  test("issue 14 defect 3: tls=false with a CA defaults to disabled (the flag wins over a left-over CA)", () => {
    expect(defaultMySqlSslMode(false, CA_PEM)).toBe("disabled");
  });

  test.each([
    ["disabled", undefined],
    ["preferred", { rejectUnauthorized: false, verifyIdentity: false }],
    ["required", { rejectUnauthorized: false, verifyIdentity: false }],
    ["verify-ca", { ca: CA_PEM, rejectUnauthorized: true, verifyIdentity: false }],
    ["verify-identity", { ca: CA_PEM, rejectUnauthorized: true, verifyIdentity: true }],
  ] as const)("%s", (mode, ssl) => {
    expect(mysqlSslOption(mode, CA_PEM)).toEqual(ssl);
  });

  test("default TLS from the provider flag and CA reaches the config", () => {
    expect(mysqlConnection({ ...mysqlFacts, tls: true, tlsCa: CA_PEM }).ssl).toEqual({ ca: CA_PEM, rejectUnauthorized: true, verifyIdentity: true });
    expect(mysqlConnection({ ...mysqlFacts, tls: true }).ssl).toEqual({ rejectUnauthorized: false, verifyIdentity: false });
  });
});

describe("MySQL Shell URIs", () => {
  test("mysqlConnectionUri prefers the provider's URI for the side", () => {
    const uris = "mysql://relation-7_3f2a9c4e8b1d4c7:q8ZrT3vK0bLw5YhN2cJx7DmA@mysql-k8s-primary.prod.svc.cluster.local:3306/myappdb";
    const readOnlyUris = "mysql://relation-7_3f2a9c4e8b1d4c7:q8ZrT3vK0bLw5YhN2cJx7DmA@mysql-k8s-replicas.prod.svc.cluster.local:3306/myappdb";
    expect(mysqlConnectionUri({ ...mysqlFacts, uris, readOnlyUris })).toBe(uris);
    expect(mysqlConnectionUri({ ...mysqlFacts, uris, readOnlyUris, side: "read-only" })).toBe(readOnlyUris);
  });

  test("mysqlConnectionUri builds one from endpoints when the provider sent none", () => {
    expect(mysqlConnectionUri({ ...mysqlFacts, password: "p@ss:w/rd" })).toBe(
      "mysql://relation-7_3f2a9c4e8b1d4c7:p%40ss%3Aw%2Frd@mysql-k8s-primary.prod.svc.cluster.local:3306/myappdb",
    );
  });

  test("parse and format round-trip, IPv6 bracketed", () => {
    const parts = { scheme: "mysql" as const, user: "u ser", password: "pa:ss@", host: { host: "::1", port: 3306 }, database: "my db", params: { "ssl-mode": "REQUIRED" } };
    const text = formatMysqlshUri(parts);
    expect(text).toBe("mysql://u%20ser:pa%3Ass%40@[::1]:3306/my%20db?ssl-mode=REQUIRED");
    expect(parseMysqlshUri(text)).toEqual(parts);
  });

  test("parses mysqlx, bare flags and URIs without credentials or database", () => {
    expect(parseMysqlshUri("mysqlx://db.example:33060?ssl-mode")).toEqual({ scheme: "mysqlx", user: undefined, password: undefined, host: { host: "db.example", port: 33060 }, database: undefined, params: { "ssl-mode": "" } });
  });

  test.each([
    ["postgresql://u:Secret1@h/db", /scheme/],
    ["mysql://u:Secret1@/db", /missing host/],
    ["mysql://u:Secret1@h:0/db", /port must be/],
    ["mysql://u:Secret%G1@h/db", /password: invalid percent-encoding/],
  ])("rejects %s without echoing it", (text, message) => {
    expect(() => parseMysqlshUri(text)).toThrow(ConnectionStringError);
    expect(() => parseMysqlshUri(text)).toThrow(message);
    expect(() => parseMysqlshUri(text)).not.toThrow(/Secret/);
  });
});
