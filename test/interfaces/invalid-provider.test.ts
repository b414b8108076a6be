/** Invalid provider data is rejected with a precise, actionable, secret-free error. */
import { MongoDBProviderAppDatabag, PostgreSQLProviderAppDatabag, resolvePostgreSQLProvider, DatabagError } from "../../lib/interfaces/index.js";
import { s21ProviderApp, s21Secrets } from "./fixtures/protocol-examples.js";

const PASSWORD = "Xy7pQ2mN9vLk3RtA";

// [case, changed keys, expected field, expected problem]
const BAD_APP_BAGS: [string, Record<string, string>, string, string][] = [
  ["empty endpoint entry", { endpoints: "a:5432,,b:5432" }, "endpoints", "got an empty entry at position 2"],
  ["endpoint without port", { endpoints: "primary.svc" }, "endpoints", "the port is missing"],
  ["endpoint port out of range", { "read-only-endpoints": "replica:99999" }, "read-only-endpoints", "port must be an integer between 1 and 65535"],
  ["bare IPv6", { endpoints: "fe80::1:5432" }, "endpoints", "IPv6 addresses must be written in brackets"],
  ["secret URI without scheme", { "secret-user": "d0mvo2fmp25c77a4r6s0" }, "secret-user", "expected a Juju secret URI"],
  ["subordinated not a boolean", { subordinated: "yes" }, "subordinated", 'expected "true" or "false", got "yes"'],
  ["status not JSON", { status: "[{code: 4001}]" }, "status", "does not parse as JSON"],
  ["status code not a number", { status: '[{"code": "4001", "message": "m", "resolution": "r"}]' }, "status[0].code", "expected number"],
  ["status entry missing resolution", { status: '[{"code": 4001, "message": "m"}]' }, "status[0].resolution", "expected string"],
  ["data not an object", { data: '["a"]' }, "data", "expected record"],
  ["prefix-databases with empty entry", { "prefix-databases": "db1,," }, "prefix-databases", "empty entry at position 2"],
  ["tls not a boolean", { tls: "enabled" }, "tls", "got <redacted>"],
  ["encryption-secret not a URI", { "encryption-secret": "key" }, "encryption-secret", "expected a Juju secret URI"],
];

test.each(BAD_APP_BAGS)("%s → field %s", (_name, change, field, problem) => {
  const result = PostgreSQLProviderAppDatabag.decode({ ...s21ProviderApp, ...change });
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.problems).toHaveLength(1);
  expect(result.problems[0]?.field).toBe(field);
  expect(result.problems[0]?.problem).toContain(problem);
  expect(() => PostgreSQLProviderAppDatabag.decodeOrThrow({ ...s21ProviderApp, ...change }, "database:7")).toThrow(
    `relation database:7, provider field "${field}": `,
  );
});

test("MongoDB endpoints without a port are valid there but not for PostgreSQL", () => {
  expect(MongoDBProviderAppDatabag.decode({ endpoints: "10.0.0.1" }).ok).toBe(true);
  expect(PostgreSQLProviderAppDatabag.decode({ endpoints: "10.0.0.1" }).ok).toBe(false);
});

test("a bad secret content is reported under its wire key without the value", () => {
  const result = resolvePostgreSQLProvider(s21ProviderApp, { ...s21Secrets, tls: { tls: PASSWORD } });
  expect(result).toEqual({ ok: false, problems: [{ field: "tls", problem: "expected true or false (any case), got <redacted>" }] });
});

test("errors for a bag with credentials in clear text never contain them", () => {
  const bag = { ...s21ProviderApp, password: PASSWORD, uris: `postgresql://u:${PASSWORD}@h:5432/d`, endpoints: "h:x", tls: PASSWORD };
  try {
    PostgreSQLProviderAppDatabag.decodeOrThrow(bag, "database:7");
    throw new Error("expected a DatabagError");
  } catch (e) {
    expect(e).toBeInstanceOf(DatabagError);
    expect((e as DatabagError).message).not.toContain(PASSWORD);
    expect((e as DatabagError).problems.map((p) => p.field)).toEqual(["endpoints", "tls"]);
  }
});
