// Properties of the pgsql connection strings as the adapter reads them. The parser/formatter
// round-trip itself is covered in test/engines/libpq-formats.test.ts; these properties check
// what the adapter adds on top: typed fields, the pg config, and the order-insensitive
// canonical text that change detection digests.
import fc from "fast-check";
import { canonicalText, parsePgsqlConnection } from "../../lib/legacy/index.js";
import { formatLibpqKeywordValue, parseLibpqKeywordValue } from "../../lib/engines/index.js";

const value = fc.oneof(fc.string({ minLength: 1 }), fc.constantFrom("it's", "a b", "\\", "x=y", "'", "ünï côdé"));
const extraKey = fc.stringMatching(/^x_[a-z0-9_]{1,10}$/);
const host = fc.oneof(fc.domain(), fc.ipV4());

const connection = fc.record({
  host,
  port: fc.integer({ min: 1, max: 65535 }),
  user: value,
  password: fc.string(),
  dbname: value,
  extra: fc.dictionary(extraKey, fc.string(), { maxKeys: 3 }),
});

test("property: a formatted master string reads back as the same typed connection and pg config", () => {
  fc.assert(
    fc.property(connection, (c) => {
      const text = formatLibpqKeywordValue({ ...c.extra, host: c.host, port: String(c.port), user: c.user, password: c.password, dbname: c.dbname });
      const parsed = parsePgsqlConnection(text, "master");
      expect({ host: parsed.host, port: parsed.port, user: parsed.user, password: parsed.password, database: parsed.database }).toEqual({
        host: c.host,
        port: c.port,
        user: c.user,
        password: c.password,
        database: c.dbname,
      });
      expect(parsed.connection({ sslmode: "disable" })).toMatchObject({ host: c.host, port: c.port, user: c.user, password: c.password, database: c.dbname, ssl: false });
      for (const [k, v] of Object.entries(c.extra)) expect(parsed.keywords[k]).toBe(v);
      expect(JSON.stringify(parsed)).not.toContain(`"password":${JSON.stringify(c.password)}`);
    }),
    { numRuns: 200 },
  );
});

test("property: canonical text ignores key order and quoting style, and parses back to the same keywords", () => {
  fc.assert(
    fc.property(connection, fc.integer({ min: 0, max: 1000 }), (c, seed) => {
      const pairs: Record<string, string> = { ...c.extra, host: c.host, port: String(c.port), user: c.user, password: c.password, dbname: c.dbname };
      const keys = Object.keys(pairs);
      const shuffled: Record<string, string> = {};
      for (let i = 0; i < keys.length; i++) {
        const k = keys[(i + seed) % keys.length] as string;
        shuffled[k] = pairs[k] as string;
      }
      const a = canonicalText(parseLibpqKeywordValue(formatLibpqKeywordValue(pairs)));
      const b = canonicalText(parseLibpqKeywordValue(formatLibpqKeywordValue(shuffled)));
      expect(a).toBe(b);
      expect(parseLibpqKeywordValue(a)).toEqual(pairs);
    }),
    { numRuns: 200 },
  );
});

test("quoted numbers and spaces around = are the same connection", () => {
  const a = parsePgsqlConnection("host=h port=5432 user=u dbname=d password=p", "master");
  const b = parsePgsqlConnection("dbname = d  password='p' user='u' port='5432' host=h", "master");
  expect(a.text()).toBe(b.text());
});

test.each([
  ["no user", "host=h dbname=d", /master\.user/],
  ["no host", "user=u dbname=d", /master\.host/],
  ["bad port", "host=h user=u port=99999", /master\.port/],
  ["unterminated quote", "host=h user=u password='Secret", /not a libpq keyword\/value string/],
])("%s is a typed error naming the field, without values", (_t, text, message) => {
  expect(() => parsePgsqlConnection(text, "master")).toThrow(message);
  expect(() => parsePgsqlConnection(text, "master")).not.toThrow(/Secret/);
});
