/** The wire encodings, each written once in lib/interfaces/database, checked field by field. */
import fc from "fast-check";
import { TEST_CA_A } from "./fixtures/test-ca.js";
import {
  DatabagError,
  PostgreSQLProviderAppDatabag,
  PostgreSQLRequirerAppDatabag,
  PostgreSQLResolvedProviderView,
  camelToKebab,
  formatEndpoints,
  kebabToCamel,
  parseEndpoints,
  requestProblems,
  sameEndpoints,
  UserSecretContent,
  TlsSecretContent,
  EntitySecretContent,
  ExtraSecretContent,
  secretGroupOf,
  statusClass,
  toPythonJson,
} from "../../lib/interfaces/index.js";

describe("endpoints (P-11, K-03..K-05)", () => {
  test.each([
    ["10.1.2.3:5432", undefined, [{ host: "10.1.2.3", port: 5432 }]],
    ["a:1,b:2", undefined, [{ host: "a", port: 1 }, { host: "b", port: 2 }]],
    ["mysql-k8s-primary.prod.svc.cluster.local.:3306", undefined, [{ host: "mysql-k8s-primary.prod.svc.cluster.local.", port: 3306 }]],
    ["postgresql-k8s-primary:5432", undefined, [{ host: "postgresql-k8s-primary", port: 5432 }]],
    ["[::1]:5432", undefined, [{ host: "::1", port: 5432 }]],
    ["[2001:db8::7]:27017, [fe80::1]", 27017, [{ host: "2001:db8::7", port: 27017 }, { host: "fe80::1", port: 27017 }]],
    ["10.41.0.11,10.41.0.12:27019", 27017, [{ host: "10.41.0.11", port: 27017 }, { host: "10.41.0.12", port: 27019 }]],
    [
      "%2Ftmp%2Fmongodb-27018.sock:27018",
      undefined,
      [{ host: "%2Ftmp%2Fmongodb-27018.sock", port: 27018, socketPath: "/tmp/mongodb-27018.sock" }],
    ],
  ])("%s parses", (raw, defaultPort, expected) => {
    expect(parseEndpoints(raw, defaultPort)).toEqual({ ok: true, value: expected });
  });

  test.each([
    ["a:1,,b:2", undefined, "expected host:port[,host:port...], got an empty entry at position 2"],
    ["", undefined, "empty entry at position 1"],
    ["db.example", undefined, 'entry 1 ("db.example"): expected host:port, the port is missing'],
    ["::1:5432", undefined, "IPv6 addresses must be written in brackets"],
    ["[::1:5432", undefined, "malformed bracketed IPv6 address"],
    ["h:0", undefined, "port must be an integer between 1 and 65535"],
    ["h:65536", undefined, "port must be an integer between 1 and 65535"],
    ["h:54x", undefined, "port must be an integer between 1 and 65535"],
    ["bad host:1", undefined, "is not a host name"],
    ["a:1,b", undefined, 'entry 2 ("b")'],
  ])("%j is rejected: %s", (raw, defaultPort, problem) => {
    const result = parseEndpoints(raw, defaultPort);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toContain(problem);
  });

  test("format ∘ parse is the identity on well-formed lists", () => {
    const host = fc.oneof(
      fc.domain(),
      fc.ipV4(),
      fc.ipV6().map((h) => `[${h}]`),
    );
    const item = fc.tuple(host, fc.integer({ min: 1, max: 65535 })).map(([h, p]) => `${h}:${p}`);
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 4 }), (items) => {
        const raw = items.join(",");
        const parsed = parseEndpoints(raw);
        return parsed.ok && formatEndpoints(parsed.value) === raw;
      }),
    );
  });
});

describe("JSON inside databag strings (P-08)", () => {
  test.each([
    '["username", "password"]',
    '["username","password"]',
    '[\n  "username",\n  "password"\n]',
  ])("any valid JSON formatting is accepted: %j", (text) => {
    const app = PostgreSQLRequirerAppDatabag.decodeOrThrow({ database: "d", "requested-secrets": text });
    expect(app.requestedSecrets).toEqual(["username", "password"]);
    expect(PostgreSQLRequirerAppDatabag.encode(app)["requested-secrets"]).toBe('["username", "password"]');
  });

  test("writing matches Python json.dumps defaults", () => {
    expect(toPythonJson({ a: [1, 2.5, true, null], b: { c: "x\"y" }, "é": "ü" })).toBe(
      '{"a": [1, 2.5, true, null], "b": {"c": "x\\"y"}, "\\u00e9": "\\u00fc"}',
    );
    expect(toPythonJson([])).toBe("[]");
    expect(toPythonJson({})).toBe("{}");
  });

  test("Python-style output is valid JSON that parses back to the same value", () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const back: unknown = JSON.parse(toPythonJson(v));
      expect(back).toEqual(JSON.parse(JSON.stringify(v)));
    }));
  });
});

describe("flags and keys", () => {
  test.each([["True", true], ["true", true], ["TRUE", true], ["False", false], ["false", false]])("tls %s → %s (P-12)", (raw, value) => {
    expect(PostgreSQLResolvedProviderView.decodeOrThrow({ tls: raw }).tls).toBe(value);
  });

  test("external-node-connectivity: true ⇄ \"true\", false ⇄ absent (P-03)", () => {
    expect(PostgreSQLRequirerAppDatabag.encode({ database: "d", externalNodeConnectivity: true })).toEqual({
      database: "d",
      "external-node-connectivity": "true",
    });
    expect(PostgreSQLRequirerAppDatabag.encode({ database: "d", externalNodeConnectivity: false })).toEqual({ database: "d" });
  });

  test("optional request keys are never written as empty strings (P-02)", () => {
    expect(PostgreSQLRequirerAppDatabag.encode({ database: "d", extraUserRoles: [], prefixMatching: "" })).toEqual({ database: "d" });
  });

  test("an empty string is read as an absent key (Juju semantics)", () => {
    expect(PostgreSQLProviderAppDatabag.decodeOrThrow({ endpoints: "", database: "d" })).toEqual({ database: "d" });
  });

  test("kebab ⇄ camel", () => {
    expect(kebabToCamel("read-only-endpoints")).toBe("readOnlyEndpoints");
    expect(camelToKebab("readOnlyEndpoints")).toBe("read-only-endpoints");
    expect(PostgreSQLProviderAppDatabag.wireKeyOf("tlsCa")).toBe("tls-ca");
  });

  test("unknown keys are preserved and written back (P-09)", () => {
    const bag = { database: "d", "encryption-secret": "secret:abc", resource: "d", "future-key": "x" };
    const decoded = PostgreSQLProviderAppDatabag.decodeOrThrow(bag);
    expect(decoded.otherKeys).toEqual({ resource: "d", "future-key": "x" });
    expect(PostgreSQLProviderAppDatabag.encode(decoded)).toEqual(bag);
  });

  test("comma lists (roles, prefix-databases)", () => {
    const decoded = PostgreSQLProviderAppDatabag.decodeOrThrow({ "prefix-databases": "testdb1,testdb2" });
    expect(decoded.prefixDatabases).toEqual(["testdb1", "testdb2"]);
    const req = PostgreSQLRequirerAppDatabag.decode({ database: "d", "extra-user-roles": "a,,b" });
    expect(req).toEqual({ ok: false, problems: [{ field: "extra-user-roles", problem: "expected a comma-separated list, got an empty entry at position 2" }] });
  });

  test("secret groups (S-01)", () => {
    expect(["username", "password", "uris", "read-only-uris", "tls", "tls-ca", "entity-name", "entity-password", "mtls-cert", "api-key"].map(secretGroupOf)).toEqual([
      "user", "user", "user", "user", "tls", "tls", "entity", "entity", "mtls", "extra",
    ]);
  });

  test("status classes (T-01)", () => {
    expect([1000, 1999, 4001, 5003, 2000].map(statusClass)).toEqual(["informational", "informational", "transitory", "fatal", "unclassified"]);
  });
});

describe("errors name the field and never print secrets", () => {
  test("DatabagError message: relation, side, field, problem", () => {
    const err = new DatabagError({ relation: "database:3", side: "provider", field: "endpoints", problem: "expected host:port" });
    expect(err.message).toBe('relation database:3, provider field "endpoints": expected host:port');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe("DatabagError");
  });

  test("decodeOrThrow lists every problem", () => {
    let caught: unknown;
    try {
      PostgreSQLProviderAppDatabag.decodeOrThrow({ endpoints: "h", subordinated: "yes" }, "database:3");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DatabagError);
    const err = caught as DatabagError;
    expect(err.relation).toBe("database:3");
    expect(err.side).toBe("provider");
    expect(err.problems.map((p) => p.field)).toEqual(["endpoints", "subordinated"]);
    expect(err.message).toContain('relation database:3, provider field "endpoints": entry 1 ("h"): expected host:port');
    expect(err.message).toContain('"subordinated": expected "true" or "false", got "yes"');
  });

  test("a secret-bearing value prints as <redacted>", () => {
    const result = PostgreSQLResolvedProviderView.decode({ tls: "Xy7pQ2mN9vLk3RtA" });
    expect(result).toEqual({ ok: false, problems: [{ field: "tls", problem: "expected true or false (any case), got <redacted>" }] });
  });

  test("a malformed data snapshot (may hold plaintext credentials) is not echoed", () => {
    const result = PostgreSQLProviderAppDatabag.decode({ data: '{"password": "Xy7pQ2mN9vLk3RtA"' });
    expect(JSON.stringify(result)).not.toContain("Xy7pQ2mN9vLk3RtA");
    expect(result.ok).toBe(false);
  });

  test("encoding a bad local value throws without echoing it", () => {
    const bad = { password: 42 as unknown as string, endpoints: [{ host: "h", port: 70000 }] };
    expect(() => PostgreSQLResolvedProviderView.encode(bad, "database:1")).toThrow(DatabagError);
    try {
      PostgreSQLResolvedProviderView.encode(bad, "database:1");
    } catch (e) {
      const err = e as DatabagError;
      expect(err.problems.map((p) => p.field).sort()).toEqual(["endpoints[0].port", "password"]);
      expect(err.message).not.toContain("42");
    }
  });

  test("a non-string databag value is reported", () => {
    expect(PostgreSQLProviderAppDatabag.decode({ database: 5 })).toEqual({
      ok: false,
      problems: [{ field: "database", problem: "databag values must be strings" }],
    });
  });
});

describe("request consistency rules (N-01, X-02)", () => {
  test.each([
    [{ database: "d", entityType: "USER" as const, extraUserRoles: ["r"] }, []],
    [{ database: "d", entityType: "USER" as const, extraGroupRoles: ["r"] }, ["extra-group-roles"]],
    [{ database: "d", entityType: "GROUP" as const, extraUserRoles: ["r"] }, ["extra-user-roles"]],
    [{ database: "d", entityType: "GROUP" as const, extraGroupRoles: ["r"] }, []],
    [{ database: "testdb*" }, []],
    [{ database: "ab*" }, ["database"]],
    [{ database: "a*b" }, ["database"]],
  ])("%j → %j", (request, fields) => {
    expect(requestProblems(request).map((p) => p.field)).toEqual(fields);
  });
});

describe("secret contents and URIs", () => {
  test("each group's content decodes; secret-only keys of the extra group are kept", () => {
    expect(UserSecretContent.decodeOrThrow({ username: "u", password: "p", uris: "postgresql://u:p@h/d" })).toEqual({
      username: "u",
      password: "p",
      uris: "postgresql://u:p@h/d",
    });
    expect(TlsSecretContent.decodeOrThrow({ tls: "True", "tls-ca": TEST_CA_A })).toEqual({ tls: true, tlsCa: TEST_CA_A });
    expect(EntitySecretContent.decodeOrThrow({ "entity-name": "reporting" })).toEqual({ entityName: "reporting" });
    expect(ExtraSecretContent.decodeOrThrow({ "api-key": "k" })).toEqual({ otherKeys: { "api-key": "k" } });
  });

  test.each(["secret:d0mvo2fmp25c77a4r6s0", "secret://4bd0ad53-6e41-4a8e-8a2f-3d4d5a6b7c8d/d0mvo2fmp25c77a4r6s0"])("%s is a secret URI", (uri) => {
    expect(PostgreSQLProviderAppDatabag.decodeOrThrow({ "secret-user": uri }).secretUser).toBe(uri);
  });

  test("endpoint lists compare as sets (K-04)", () => {
    const a = [{ host: "a", port: 1 }, { host: "b", port: 1 }];
    expect(sameEndpoints(a, [...a].reverse())).toBe(true);
    expect(sameEndpoints(a, [{ host: "a", port: 1 }])).toBe(false);
    expect(sameEndpoints(a, [{ host: "a", port: 1 }, { host: "b", port: 2 }])).toBe(false);
  });
});
