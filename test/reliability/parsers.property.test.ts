// Issue 9 point 2: property tests of the codecs and parsers that the existing property tests
// (test/interfaces/round_trip, codec; test/engines/libpq-formats; test/requires/decision.property;
// test/legacy/pgsql-connection) leave out. For hostile input each parser either answers or
// throws one of OUR typed errors (never TypeError/RangeError/SyntaxError/zod errors); writers
// and readers round-trip.
import fc from "fast-check";
import { MongoClient } from "mongodb";

import { ConnectionFactsError, ConnectionStringError, EngineConnectionError } from "../../lib/engines/engine-errors.js";
import { buildMongoUri } from "../../lib/engines/mongodb/mongo-connection.js";
import { formatMysqlshUri, parseMysqlshUri } from "../../lib/engines/mysql/mysqlsh-uri.js";
import { connectionFromLibpqKeywords } from "../../lib/engines/postgresql/libpq-keyword-facts.js";
import { parseLibpqKeywordValue } from "../../lib/engines/postgresql/libpq-keyword-value.js";
import { parseLibpqUri } from "../../lib/engines/postgresql/libpq-uri.js";
import type { BagCodec } from "../../lib/interfaces/database/bag-codec.js";
import { DatabagError } from "../../lib/interfaces/database/databag-error.js";
import { formatEndpoints, parseEndpoints, type TcpEndpoint } from "../../lib/interfaces/database/endpoints.js";
import { parseJsonText } from "../../lib/interfaces/database/json-text.js";
import { MongoDBProviderAppDatabag, MongoDBResolvedProviderView } from "../../lib/interfaces/mongodb_client/v0/provider.js";
import { MongosResolvedProviderView } from "../../lib/interfaces/mongos_client/v0/provider.js";
import { MysqlProviderUnitDatabag } from "../../lib/interfaces/mysql/provider.js";
import { MySQLProviderAppDatabag, MySQLResolvedProviderView } from "../../lib/interfaces/mysql_client/v0/provider.js";
import { MySQLRequirerAppDatabag } from "../../lib/interfaces/mysql_client/v0/requirer.js";
import { PgsqlProviderDatabag } from "../../lib/interfaces/pgsql/provider.js";
import { PgsqlRequirerAppDatabag, PgsqlRequirerUnitDatabag } from "../../lib/interfaces/pgsql/requirer.js";
import { PostgreSQLProviderAppDatabag, PostgreSQLProviderUnitDatabag, PostgreSQLResolvedProviderView } from "../../lib/interfaces/postgresql_client/v0/provider.js";
import { PostgreSQLRequirerAppDatabag, PostgreSQLRequirerUnitDatabag } from "../../lib/interfaces/postgresql_client/v0/requirer.js";
import { ProviderV1AppDatabag, RequirerV1AppDatabag } from "../../lib/interfaces/v1/databags.js";
import { HookToolBackend, OpsError, parseHookContext, type ToolResult } from "../../lib/ops/index.js";
import { parseV1Responses } from "../../lib/interfaces/v1/response.js";
import { ProviderDataError } from "../../lib/requires/errors.js";
import { layoutProblems, MAX_PROBLEM_TEXT, problemText, valueProblems } from "../../lib/requires/provider-answer.js";
import { parseStatuses } from "../../lib/requires/provider-answer.js";
import { decodeResponse } from "../../lib/requires/response.js";
import { parseSecretLabel, secretLabel } from "../../lib/interfaces/database/secret-groups.js";
import { readDigests, readSnapshot, readV1Snapshot } from "../../lib/requires/memory.js";
import { recordReliabilityNumbers } from "./reliability-numbers.js";

const RUNS = 300;
let propertiesRun = 0;
let casesRun = 0;
function check<T extends unknown[]>(prop: fc.IProperty<T> | fc.IPropertyWithHooks<T>, numRuns = RUNS): void {
  fc.assert(prop, { numRuns });
  propertiesRun += 1;
  casesRun += numRuns;
}

/** Pieces of URIs, key/value strings, JSON and endpoint lists, joined at random: reaches deep into every grammar. */
const PIECES = [
  ":", "@", "/", "//", "[", "]", "?", "=", "&", "%", "%zz", "%2F", "%00", ",", " ", "'", "\\", "\u0000", "\n", "\t", '"', "{", "}", "#",
  "postgresql://", "postgres://", "mysql://", "mysqlx://", "mongodb://", "host", "h1", "5432", "0", "65536", "99999999999999999999", "-1",
  "[::1]", "[fd00::1]", "user", "pw", "db", "sslmode", "'quoted value'", "true", "null", "[]", "{}", "é", "😀", "\ud800", "code", "4001",
];
const hostile = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }).map((a) => a.join("")),
);

/** Runs `fn`; an exception must be one of `types`. */
function onlyTyped(fn: () => unknown, ...types: (abstract new (...args: never[]) => Error)[]): void {
  try {
    fn();
  } catch (e) {
    if (!types.some((t) => e instanceof t)) throw new Error(`untyped error ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}

// ---- lib/interfaces ---------------------------------------------------------------------------

const CODECS: readonly BagCodec<unknown>[] = [
  PostgreSQLProviderAppDatabag,
  PostgreSQLProviderUnitDatabag,
  PostgreSQLResolvedProviderView,
  PostgreSQLRequirerAppDatabag,
  PostgreSQLRequirerUnitDatabag,
  MySQLProviderAppDatabag,
  MySQLResolvedProviderView,
  MySQLRequirerAppDatabag,
  MongoDBProviderAppDatabag,
  MongoDBResolvedProviderView,
  MongosResolvedProviderView,
  MysqlProviderUnitDatabag,
  PgsqlProviderDatabag,
  PgsqlRequirerAppDatabag,
  PgsqlRequirerUnitDatabag,
  RequirerV1AppDatabag,
  ProviderV1AppDatabag,
] as readonly BagCodec<unknown>[];

describe.each(CODECS.map((c) => [c.name, c] as const))("codec %s", (_name, codec) => {
  const keys = Object.keys(codec.fields).map((p) => codec.wireKeyOf(p));
  const bag = fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 12 })), hostile, { maxKeys: 8 });

  test("decode never throws; decodeOrThrow throws only DatabagError; what decodes re-encodes to a wire form that round-trips", () => {
    check(
      fc.property(bag, (raw) => {
        const result = codec.decode(raw);
        onlyTyped(() => codec.decodeOrThrow(raw, "database:1"), DatabagError);
        if (result.ok) {
          // Wire form is canonical (sorted lists are written sorted): encode∘decode is the identity on it.
          const wire = codec.encode(result.value, "database:1");
          const again = codec.decode(wire);
          if (!again.ok) throw new Error(`re-encoded value does not decode: ${JSON.stringify(again.problems)}`);
          expect(codec.encode(again.value, "database:1")).toEqual(wire);
        } else {
          expect(result.problems.length).toBeGreaterThan(0);
        }
      }),
    );
  });

  test("decode of anything that is not a databag reports problems instead of throwing", () => {
    check(fc.property(fc.anything(), (raw) => void codec.decode(raw)), 100);
  });
});

test("parseEndpoints never throws; what it accepts formats and parses to the same endpoints", () => {
  check(
    fc.property(hostile, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), (raw, port) => {
      const parsed = parseEndpoints(raw, port);
      if (parsed.ok && parsed.value.every((e) => "host" in e && e.socketPath === undefined)) {
        const again = parseEndpoints(formatEndpoints(parsed.value), port);
        expect(again).toEqual(parsed);
      }
    }),
  );
});

const host = fc.oneof(fc.domain(), fc.ipV4(), fc.ipV6());
const endpoint: fc.Arbitrary<TcpEndpoint> = fc.record({ host, port: fc.integer({ min: 1, max: 65535 }) });

test("endpoints round-trip: parse(format(list)) returns the list", () => {
  check(
    fc.property(fc.array(endpoint, { minLength: 1, maxLength: 5 }), (list) => {
      const parsed = parseEndpoints(formatEndpoints(list));
      expect(parsed).toEqual({ ok: true, value: list });
    }),
  );
});

test("parseJsonText never throws", () => {
  check(fc.property(hostile, (t) => void parseJsonText(t)));
});

// ---- lib/requires -----------------------------------------------------------------------------

const status = fc.record({ code: fc.integer({ min: 1000, max: 5999 }), message: fc.string(), resolution: fc.string() });

test("provider status: hostile text throws only ProviderDataError; JSON of statuses round-trips", () => {
  check(fc.property(hostile, (raw) => onlyTyped(() => parseStatuses(raw, "database:1"), ProviderDataError)));
  check(fc.property(fc.array(status, { maxLength: 4 }), (list) => expect(parseStatuses(JSON.stringify(list), "database:1")).toEqual(list)));
});

test("the response decoder throws only ProviderDataError; the problem checks never throw and print safe text", () => {
  const view = fc.dictionary(fc.constantFrom("tls", "endpoints", "database", "username", "password", "status", "requests", "version", "tls-ca", "x"), hostile, { maxKeys: 6 });
  check(
    fc.property(view, (v) => {
      onlyTyped(() => decodeResponse(v, "database:1"), ProviderDataError);
      for (const p of [...layoutProblems("database:1", v), ...valueProblems("database:1", v)]) {
        const text = problemText(p);
        expect(text.length).toBeLessThanOrEqual(MAX_PROBLEM_TEXT);
        expect(text).not.toMatch(/[\u0000-\u001f\u007f]/);
      }
    }),
  );
});

test("snapshot, digest and v1 readers never throw on what the unit databag holds", () => {
  const bag = fc.dictionary(fc.constantFrom("data", "data-digests", "requests"), hostile, { maxKeys: 3 });
  check(
    fc.property(bag, (b) => {
      readSnapshot(b);
      readV1Snapshot(b);
      readDigests(b);
      parseV1Responses(b["requests"]);
    }),
  );
});

test("secret labels: parse(label(...)) gives the parts back; hostile labels never throw", () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
  check(
    fc.property(name, fc.nat(), fc.constantFrom("user", "tls", "entity", "extra", "mtls"), fc.option(fc.stringMatching(/^[a-f0-9]{16}$/), { nil: undefined }), (endpoint, id, group, requestId) => {
      const parsed = parseSecretLabel(secretLabel(endpoint, id, group, requestId));
      expect(parsed).toMatchObject({ endpoint, relationId: id, group });
      expect(parsed?.requestId).toBe(requestId);
    }),
  );
  check(fc.property(hostile, (l) => void parseSecretLabel(l)));
});

// ---- lib/engines --------------------------------------------------------------------------------

test("libpq URI, libpq key/value, mysqlsh URI and legacy pgsql strings: hostile text throws only typed errors", () => {
  check(
    fc.property(hostile, (t) => {
      onlyTyped(() => parseLibpqUri(t), ConnectionStringError);
      onlyTyped(() => parseLibpqUri(`postgresql://${t}`), ConnectionStringError);
      onlyTyped(() => parseLibpqKeywordValue(t), ConnectionStringError);
      onlyTyped(() => parseMysqlshUri(t), ConnectionStringError);
      onlyTyped(() => parseMysqlshUri(`mysql://${t}`), ConnectionStringError);
      onlyTyped(() => connectionFromLibpqKeywords(t), ConnectionStringError, ConnectionFactsError, EngineConnectionError);
    }),
    500,
  );
});

test("mysqlsh URI round-trips: parse(format(x)) returns x", () => {
  const text = fc.string({ minLength: 1, maxLength: 12 });
  check(
    fc.property(fc.option(text, { nil: undefined }), fc.option(text, { nil: undefined }), endpoint, fc.option(text, { nil: undefined }), (user, password, h, database) => {
      const uri = { user, password: user === undefined ? undefined : password, host: h, database };
      const parsed = parseMysqlshUri(formatMysqlshUri(uri));
      expect(parsed).toMatchObject({ scheme: "mysql", host: h, params: {} });
      expect(parsed.user).toBe(uri.user);
      expect(parsed.password).toBe(uri.password);
      expect(parsed.database).toBe(uri.database);
    }),
  );
});

test("buildMongoUri: the MongoDB driver's own parser reads back every credential, host and database", () => {
  const text = fc.string({ minLength: 1, maxLength: 12 });
  check(
    fc.property(text, text, fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/), fc.array(fc.record({ host: fc.domain(), port: fc.integer({ min: 1, max: 65535 }) }), { minLength: 1, maxLength: 3 }), (username, password, database, endpoints) => {
      const uri = buildMongoUri({ username, password, database, endpoints, readOnlyEndpoints: [], tls: false });
      const client = new MongoClient(uri);
      expect(client.options.credentials?.username).toBe(username);
      expect(client.options.credentials?.password).toBe(password);
      expect(client.options.dbName).toBe(database);
      expect(client.options.hosts.map((a) => a.toString().toLowerCase())).toEqual(endpoints.map((e) => `${e.host}:${e.port}`.toLowerCase()));
    }),
    200,
  );
});

// ---- lib/ops --------------------------------------------------------------------------------------

const ENV_KEYS = [
  "JUJU_DISPATCH_PATH", "JUJU_HOOK_NAME", "JUJU_UNIT_NAME", "JUJU_MODEL_NAME", "JUJU_MODEL_UUID", "JUJU_VERSION", "JUJU_CHARM_DIR", "CHARM_DIR",
  "JUJU_RELATION", "JUJU_RELATION_ID", "JUJU_REMOTE_UNIT", "JUJU_REMOTE_APP", "JUJU_DEPARTING_UNIT", "JUJU_SECRET_ID", "JUJU_SECRET_LABEL",
  "JUJU_SECRET_REVISION", "JUJU_ACTION_NAME", "JUJU_ACTION_UUID", "JUJU_WORKLOAD_NAME", "JUJU_STORAGE_ID",
];

test("parseHookContext: any environment gives a context or a typed OpsError", () => {
  const value = fc.oneof(hostile, fc.constantFrom("hooks/database-relation-changed", "database-relation-changed", "myapp/0", "3.6.4", "database:1", "secret:abc", "actions/x", "secret-changed", "1", "-1"));
  check(fc.property(fc.dictionary(fc.constantFrom(...ENV_KEYS), value, { maxKeys: 12 }), (env) => onlyTyped(() => parseHookContext(env), OpsError)), 500);
});

test("hook-tool output parsers: any stdout (exit 0) or stderr (exit 1/2) gives an answer or a typed OpsError", () => {
  const output = fc.oneof(hostile, fc.jsonValue().map((v) => JSON.stringify(v)));
  check(
    fc.property(output, fc.constantFrom(0, 1, 2), (text, code) => {
      const answer: ToolResult = code === 0 ? { code, stdout: text, stderr: "" } : { code, stdout: "", stderr: text };
      const backend = new HookToolBackend({ run: () => answer });
      const rel = { endpoint: "database", id: 1 };
      const calls: (() => unknown)[] = [
        () => backend.relationIds("database"),
        () => backend.relationList(rel),
        () => backend.relationRemoteApp(rel),
        () => backend.relationGet(rel, "postgresql", true),
        () => backend.relationModelGet(rel),
        () => backend.isLeader(),
        () => backend.configGet(),
        () => backend.statusGet(false),
        () => backend.actionGet(),
        () => backend.secretGet({ id: "secret:cs1reliab1l1ty0usr00" }),
        () => backend.secretInfoGet({ label: "x" }),
        () => backend.secretIds(),
        () => backend.secretAdd({ password: "p" }, { owner: "application" }),
        () => backend.stateGet(),
        () => backend.networkGet("database"),
      ];
      for (const call of calls) onlyTyped(call, OpsError);
    }),
    400,
  );
});

afterAll(() => {
  recordReliabilityNumbers("property tests (test/reliability/parsers.property.test.ts)", {
    properties: propertiesRun,
    "generated cases": casesRun,
    "codecs fuzzed": CODECS.length,
  });
});
