import fc from "fast-check";
import { ConnectionStringError } from "../../lib/engines/engine-errors.js";
import { formatLibpqKeywordValue, parseLibpqKeywordValue } from "../../lib/engines/postgresql/libpq-keyword-value.js";
import { formatLibpqUri, parseLibpqUri } from "../../lib/engines/postgresql/libpq-uri.js";

describe("libpq URI", () => {
  test("builds a multi-host URI with encoded parts and bracketed IPv6", () => {
    const uri = formatLibpqUri({
      user: "relation_id_7",
      password: "p@ss word",
      hosts: [{ host: "h1.example", port: 5432 }, { host: "::1", port: 5433 }, { host: "h3" }],
      database: "myappdb",
      params: { sslmode: "verify-full", target_session_attrs: "read-write" },
    });
    expect(uri).toBe("postgresql://relation_id_7:p%40ss%20word@h1.example:5432,[::1]:5433,h3/myappdb?sslmode=verify-full&target_session_attrs=read-write");
  });

  test("parses the provider's URI (docs/protocol.md#postgresql)", () => {
    expect(parseLibpqUri("postgresql://relation_id_7:Xy7pQ2mN9vLk3RtA@postgresql-k8s-primary.prod.svc.cluster.local:5432/myappdb")).toEqual({
      user: "relation_id_7",
      password: "Xy7pQ2mN9vLk3RtA",
      hosts: [{ host: "postgresql-k8s-primary.prod.svc.cluster.local", port: 5432 }],
      database: "myappdb",
      params: {},
    });
  });

  test("accepts postgres:// and URIs without credentials, hosts or database", () => {
    expect(parseLibpqUri("postgres://db.example")).toEqual({ user: undefined, password: undefined, hosts: [{ host: "db.example" }], database: undefined, params: {} });
    expect(parseLibpqUri("postgresql:///mydb").hosts).toEqual([]);
    expect(parseLibpqUri("postgresql://u@h/d")).toMatchObject({ user: "u", password: undefined });
  });

  test.each([
    ["mysql://u:Secret1@h/db", /scheme/],
    ["postgresql://u:Secret1@h:99999/db", /port must be/],
    ["postgresql://u:Secret1@h:abc/db", /port must be/],
    ["postgresql://u:Secret%zz@h/db", /password: invalid percent-encoding/],
    ["postgresql://u:Secret1@[::1/db", /unterminated IPv6/],
    ["postgresql://u:Secret1@h/db?sslmode", /key=value form/],
  ])("rejects %s with a typed error that does not echo the input", (text, message) => {
    expect(() => parseLibpqUri(text)).toThrow(ConnectionStringError);
    expect(() => parseLibpqUri(text)).toThrow(message);
    expect(() => parseLibpqUri(text)).not.toThrow(/Secret/);
  });

  test("property: parse(format(x)) returns x", () => {
    const host = fc.oneof(fc.domain(), fc.ipV4(), fc.ipV6(), fc.string({ minLength: 1 }).filter((s) => !s.includes(",")));
    const endpoint = fc.record({ host, port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }) }, { requiredKeys: ["host"] });
    const uri = fc.record({
      user: fc.option(fc.string(), { nil: undefined }),
      password: fc.option(fc.string(), { nil: undefined }),
      hosts: fc.array(endpoint, { minLength: 1, maxLength: 3 }),
      database: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
      params: fc.dictionary(fc.string({ minLength: 1 }).filter((k) => k !== "__proto__"), fc.string(), { maxKeys: 3 }),
    });
    fc.assert(
      fc.property(uri, (x) => {
        const input = { ...x, password: x.user === undefined ? undefined : x.password };
        const parsed = parseLibpqUri(formatLibpqUri(input));
        expect(parsed).toEqual({ ...input, hosts: input.hosts.map((h) => (h.port === undefined ? { host: h.host } : h)) });
      }),
    );
  });
});

describe("libpq keyword/value strings", () => {
  test("parses the legacy pgsql master string (docs/protocol.md#pgsql-connection-strings)", () => {
    const master =
      "dbname=myappdb fallback_application_name=myapp host=postgresql-k8s-primary.prod.svc.cluster.local password=Xy7pQ2mN9vLk3RtA port=5432 user=relation_id_7";
    expect(parseLibpqKeywordValue(master)).toEqual({
      dbname: "myappdb",
      fallback_application_name: "myapp",
      host: "postgresql-k8s-primary.prod.svc.cluster.local",
      password: "Xy7pQ2mN9vLk3RtA",
      port: "5432",
      user: "relation_id_7",
    });
  });

  test.each([
    ["password='with space'", { password: "with space" }],
    ["password='it\\'s' user=u", { password: "it's", user: "u" }],
    ["password='back\\\\slash'", { password: "back\\slash" }],
    ["password=''", { password: "" }],
    ["  host = db   port =5432\tuser= u ", { host: "db", port: "5432", user: "u" }],
    ["password=a\\ b", { password: "a b" }],
    ["sslmode=verify-full x_unknown_key=kept", { sslmode: "verify-full", x_unknown_key: "kept" }],
    ["", {}],
  ])("parses %j", (text, expected) => {
    expect(parseLibpqKeywordValue(text)).toEqual(expected);
  });

  test.each([
    ["host", /missing "=" after keyword "host"/],
    ["=value", /expected a keyword/],
    ["password='Secret", /unterminated quoted value for keyword "password"/],
  ])("rejects %j without echoing values", (text, message) => {
    expect(() => parseLibpqKeywordValue(text)).toThrow(ConnectionStringError);
    expect(() => parseLibpqKeywordValue(text)).toThrow(message);
    expect(() => parseLibpqKeywordValue(text)).not.toThrow(/Secret/);
  });

  test("formats with quoting only where needed, keeping key order", () => {
    expect(formatLibpqKeywordValue({ host: "db", password: "it's a \\ test", dbname: "", port: "5432" })).toBe(
      "host=db password='it\\'s a \\\\ test' dbname='' port=5432",
    );
  });

  test("refuses keywords it cannot write", () => {
    expect(() => formatLibpqKeywordValue({ "bad key": "v" })).toThrow(/keyword "bad key" cannot be written/);
    expect(() => formatLibpqKeywordValue({ "": "v" })).toThrow(ConnectionStringError);
  });

  test("property: parse(format(x)) returns x for any values and writable keys", () => {
    const key = fc.stringMatching(/^[a-z_][a-z0-9_]{0,15}$/).filter((k) => k !== "__proto__");
    const value = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.constantFrom("", "'", "\\", " ", "a b", "\\'", "x=y"));
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 6 }), (pairs) => {
        expect(parseLibpqKeywordValue(formatLibpqKeywordValue(pairs))).toEqual(pairs);
      }),
      { numRuns: 300 },
    );
  });
});
