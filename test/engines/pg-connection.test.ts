import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ClientConfig, PoolConfig } from "pg";
import { EngineConnectionError } from "../../lib/engines/engine-errors.js";
import { parseLibpqUri } from "../../lib/engines/postgresql/libpq-uri.js";
import { pgConnection, pgConnectionUri, resolvePgSslMode } from "../../lib/engines/postgresql/pg-connection.js";
import { defaultPgSslMode, pgSslOption, type PgSslMode } from "../../lib/engines/postgresql/ssl-mode.js";
import { CA_PEM, pgFacts } from "./facts-fixtures.js";

describe("pgConnection", () => {
  test("read-write side: first endpoint, credentials, provider database", () => {
    const config = pgConnection({ ...pgFacts, database: "provider_named_db" });
    expect(config).toMatchObject({
      host: "postgresql-k8s-primary.prod.svc.cluster.local",
      port: 5432,
      user: "relation_id_7",
      password: "Xy7pQ2mN9vLk3RtA",
      database: "provider_named_db",
    });
  });

  test("the result is what pg's Client and Pool take", () => {
    const config = pgConnection(pgFacts);
    const client: ClientConfig = config;
    const pool: PoolConfig = config;
    expect(client.host).toBe(pool.host);
  });

  test("read-only side uses read-only-endpoints", () => {
    expect(pgConnection({ ...pgFacts, side: "read-only" }).host).toBe("postgresql-k8s-replicas.prod.svc.cluster.local");
  });

  test("several hosts: pg gets the first, the libpq URI keeps them all in order", () => {
    const facts = { ...pgFacts, endpoints: [{ host: "10.0.0.2", port: 5433 }, { host: "10.0.0.1" }] };
    expect(pgConnection(facts)).toMatchObject({ host: "10.0.0.2", port: 5433 });
    expect(parseLibpqUri(pgConnectionUri(facts)).hosts).toEqual([{ host: "10.0.0.2", port: 5433 }, { host: "10.0.0.1", port: 5432 }]);
  });

  test("port defaults to 5432 and a trailing root dot is dropped", () => {
    expect(pgConnection({ ...pgFacts, endpoints: [{ host: "db.example." }] })).toMatchObject({ host: "db.example", port: 5432 });
  });

  test("without endpoints the hosts come from the provider URI", () => {
    const config = pgConnection({ ...pgFacts, endpoints: [], uris: "postgresql://u:p@from-uri.example:6432/db" });
    expect(config).toMatchObject({ host: "from-uri.example", port: 6432 });
  });

  test("read-only side without read-only endpoints is a typed, actionable error", () => {
    const facts = { ...pgFacts, side: "read-only" as const, readOnlyEndpoints: [], readOnlyUris: undefined };
    expect(() => pgConnection(facts)).toThrow(EngineConnectionError);
    expect(() => pgConnection(facts)).toThrow(/"readOnlyEndpoints": the provider published no read-only endpoints/);
  });

  test("a provider URI that is not libpq fails without echoing it", () => {
    const facts = { ...pgFacts, endpoints: [], uris: "mysql://u:TopSecret@h/db" };
    expect(() => pgConnection(facts)).toThrow(/"uris": provider URI is not a libpq URI/);
    expect(() => pgConnection(facts)).not.toThrow(/TopSecret/);
  });

  test("an unknown sslmode is rejected by name", () => {
    expect(() => pgConnection(pgFacts, { sslmode: "verify" as PgSslMode })).toThrow(/"sslmode": unknown SSL mode/);
  });

  test("application name and timeout pass through", () => {
    expect(pgConnection(pgFacts, { applicationName: "myapp", connectionTimeoutMillis: 3000 })).toMatchObject({ application_name: "myapp", connectionTimeoutMillis: 3000 });
  });
});

describe("SSL modes", () => {
  test.each([
    [true, "verify-full", CA_PEM],
    [true, "prefer", undefined],
    [true, "prefer", "  "],
    [false, "disable", undefined],
  ] as const)("default for tls=%s is %s (given the CA of case %#)", (tls, mode, ca) => {
    expect(defaultPgSslMode(tls, ca)).toBe(mode);
    expect(resolvePgSslMode({ ...pgFacts, tls, tlsCa: ca }, {})).toBe(mode);
  });

  test("issue 14 defect 3: tls=false with a CA defaults to disable (the flag wins over a left-over CA)", () => {
    expect(defaultPgSslMode(false, CA_PEM)).toBe("disable");
    expect(resolvePgSslMode({ ...pgFacts, tls: false, tlsCa: CA_PEM }, {})).toBe("disable");
    // The CA stays usable when the charm asks for verification itself.
    expect(pgSslOption(resolvePgSslMode({ ...pgFacts, tls: false, tlsCa: CA_PEM }, { sslmode: "verify-full" }), CA_PEM)).toEqual({ ca: CA_PEM, rejectUnauthorized: true });
  });

  test("an explicit sslmode wins over the default", () => {
    expect(resolvePgSslMode(pgFacts, { sslmode: "disable" })).toBe("disable");
  });

  test.each(["disable", "allow"] as const)("%s: no TLS", (mode) => {
    expect(pgSslOption(mode, CA_PEM)).toBe(false);
  });

  test.each(["prefer", "require"] as const)("%s without a CA: encrypted, nothing verified", (mode) => {
    expect(pgSslOption(mode, undefined)).toEqual({ rejectUnauthorized: false });
  });

  test.each(["prefer", "require"] as const)("%s with a CA: chain verified as verify-ca (libpq's root-cert rule)", (mode) => {
    const ssl = pgSslOption(mode, CA_PEM);
    expect(ssl).toMatchObject({ ca: CA_PEM, rejectUnauthorized: true });
    expect(ssl && ssl.checkServerIdentity?.("any.host", {} as never)).toBeUndefined();
  });

  test("verify-ca: chain verified, host name not checked", () => {
    const ssl = pgSslOption("verify-ca", CA_PEM);
    expect(ssl).toMatchObject({ ca: CA_PEM, rejectUnauthorized: true });
    expect(typeof (ssl && ssl.checkServerIdentity)).toBe("function");
    expect(ssl && ssl.checkServerIdentity?.("other.host", { subject: { CN: "db" } } as never)).toBeUndefined();
  });

  test("verify-full: chain and host name verified (node's own identity check)", () => {
    const ssl = pgSslOption("verify-full", CA_PEM);
    expect(ssl).toEqual({ ca: CA_PEM, rejectUnauthorized: true });
  });

  test("verify-full without a provider CA uses node's trust store (no ca key)", () => {
    expect(pgSslOption("verify-full", undefined)).toEqual({ rejectUnauthorized: true });
  });

  test("pgConnection carries the mode's TLS options", () => {
    expect(pgConnection(pgFacts).ssl).toEqual({ ca: CA_PEM, rejectUnauthorized: true });
    expect(pgConnection({ ...pgFacts, tls: false, tlsCa: undefined }).ssl).toBe(false);
  });
});

describe("CA file", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "engines-ca-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("pgConnection writes the CA to the named file with mode 0600 and keeps it inline for pg", () => {
    const path = join(dir, "ca.pem");
    const config = pgConnection(pgFacts, { caFile: path });
    expect(readFileSync(path, "utf8")).toBe(`${CA_PEM}\n`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(config.ssl).toMatchObject({ ca: CA_PEM });
  });

  test("the libpq URI refers to the file as sslrootcert", () => {
    const path = join(dir, "ca.pem");
    const uri = parseLibpqUri(pgConnectionUri(pgFacts, { caFile: path }));
    expect(uri.params).toEqual({ sslmode: "verify-full", sslrootcert: path });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  test("no CA from the provider: no file is written", () => {
    const path = join(dir, "ca.pem");
    pgConnection({ ...pgFacts, tlsCa: undefined }, { caFile: path });
    expect(() => statSync(path)).toThrow();
  });
});

describe("pgConnectionUri", () => {
  test("percent-encodes credentials and database", () => {
    const uri = pgConnectionUri({ ...pgFacts, username: "us@r", password: "p:a/s s%", database: "my db", tls: false, tlsCa: undefined });
    expect(uri).toBe("postgresql://us%40r:p%3Aa%2Fs%20s%25@postgresql-k8s-primary.prod.svc.cluster.local:5432/my%20db?sslmode=disable");
    expect(parseLibpqUri(uri)).toMatchObject({ user: "us@r", password: "p:a/s s%", database: "my db" });
  });
});
