/**
 * Contract tests: every example databag of the protocol document decodes into the models,
 * round-trips, and (J-01/J-02) validates against the published and the generated schemas: the
 * raw databags against our wire schemas (`<side>.json`), the decoded values against the decoded
 * ones (`<side>.decoded.json`).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import {
  type BagCodec,
  type DecodeResult,
  type SecretContents,
  MongoDBProviderAppDatabag,
  MongoDBRequirerAppDatabag,
  MongoDBResolvedProviderView,
  MongosProviderAppDatabag,
  MongosResolvedProviderView,
  MySQLProviderAppDatabag,
  MySQLRequirerAppDatabag,
  MySQLResolvedProviderView,
  PostgreSQLProviderAppDatabag,
  PostgreSQLRequirerAppDatabag,
  PostgreSQLRequirerUnitDatabag,
  PostgreSQLResolvedProviderView,
  SCHEMA_SOURCES,
  decodedInterfaceJsonSchema,
  interfaceJsonSchema,
  schemaPath,
  completeView,
  resolveMongoDBProvider,
  resolveMongosProvider,
  resolveMySQLProvider,
  resolvePostgreSQLProvider,
  statusClass,
} from "../../lib/interfaces/index.js";
import * as ex from "./fixtures/protocol-examples.js";
import { validateJsonSchema } from "./json-schema-validator.js";
import { describeWithPublishedSchemas, loadPublished, REPO_ROOT } from "./published-schemas.js";
import { publishedView, wireKeyedView } from "./schema-views.js";

function valueOf<T>(result: DecodeResult<T>): T {
  if (!result.ok) throw new Error(`expected a successful decode, got ${JSON.stringify(result.problems)}`);
  return result.value;
}

type RequirerCase = [string, string, BagCodec<unknown>, ex.Bag];
const requirerApps: RequirerCase[] = [
  ["docs/protocol.md#v0-request", "postgresql_client", PostgreSQLRequirerAppDatabag, ex.s133RequirerApp],
  ["docs/protocol.md#v0-request", "postgresql_client", PostgreSQLRequirerAppDatabag, ex.s134RequirerApp],
  ["docs/protocol.md#entity-requests", "postgresql_client", PostgreSQLRequirerAppDatabag, ex.s112EntityRequirerApp],
  ["docs/protocol.md#engines postgresql", "postgresql_client", PostgreSQLRequirerAppDatabag, ex.s2RequirerApp],
  ["docs/protocol.md#engines mysql", "mysql_client", MySQLRequirerAppDatabag, ex.s2RequirerApp],
  ["docs/protocol.md#engines mongodb", "mongodb_client", MongoDBRequirerAppDatabag, ex.s2RequirerApp],
];

type ProviderCase = [string, string, BagCodec<unknown>, BagCodec<unknown>, ex.Bag, SecretContents];
const providerApps: ProviderCase[] = [
  ["docs/protocol.md#v0-answer", "postgresql_client", PostgreSQLProviderAppDatabag, PostgreSQLResolvedProviderView, ex.s142ProviderApp, ex.s142Secrets],
  ["docs/protocol.md#v0-answer no secrets", "postgresql_client", PostgreSQLProviderAppDatabag, PostgreSQLResolvedProviderView, ex.s142ProviderAppNoSecrets, {}],
  ["docs/protocol.md#postgresql", "postgresql_client", PostgreSQLProviderAppDatabag, PostgreSQLResolvedProviderView, ex.s21ProviderApp, ex.s21Secrets],
  ["docs/protocol.md#mysql", "mysql_client", MySQLProviderAppDatabag, MySQLResolvedProviderView, ex.s22ProviderApp, { user: ex.s22UserSecret }],
  ["docs/protocol.md#mysql #+", "mysql_client", MySQLProviderAppDatabag, MySQLResolvedProviderView, ex.s22ProviderAppComplete, ex.s22SecretsComplete],
  ["docs/protocol.md#mongodb-and-mongos", "mongodb_client", MongoDBProviderAppDatabag, MongoDBResolvedProviderView, ex.s23ProviderApp, ex.s23Secrets],
  ["docs/protocol.md#mongodb-and-mongos mongos", "mongodb_client", MongosProviderAppDatabag, MongosResolvedProviderView, ex.s23MongosProviderApp, ex.s23Secrets],
  ["docs/protocol.md#v0-and-v1-together", "postgresql_client", PostgreSQLProviderAppDatabag, PostgreSQLResolvedProviderView, ex.s36ProviderApp, ex.s36Secrets],
];

describe("requirer app databags of the protocol document", () => {
  test.each(requirerApps)("%s (%s) decodes and re-encodes byte-identically", (_s, _i, codec, bag) => {
    const decoded = valueOf(codec.decode(bag));
    expect(codec.encode(decoded)).toEqual(bag);
  });

  test("docs/protocol.md#v0-request decodes to typed values", () => {
    const app = PostgreSQLRequirerAppDatabag.decodeOrThrow(ex.s133RequirerApp);
    expect(app).toEqual({
      database: "myappdb",
      extraUserRoles: ["CREATEDB"],
      externalNodeConnectivity: true,
      alias: "main",
      requestedSecrets: ["username", "password", "tls", "tls-ca", "uris", "read-only-uris", "entity-name", "entity-password"],
      providedSecrets: ["mtls-cert"],
    });
  });

  test("docs/protocol.md#entity-requests entity request decodes permissions to camelCase", () => {
    const app = PostgreSQLRequirerAppDatabag.decodeOrThrow(ex.s112EntityRequirerApp);
    expect(app.entityType).toBe("USER");
    expect(app.entityPermissions).toEqual([{ resourceName: "cars", resourceType: "TABLE", privileges: ["SELECT"] }]);
    expect(app.requestedEntitySecret).toBe("secret:660fb6f3-e956-4100-bd5e-4b4a41df3dc5");
  });

  test.each([
    ["docs/protocol.md#v0-request", ex.s133RequirerUnit],
    ["docs/protocol.md#v0-request", ex.s134RequirerUnit],
    ["docs/protocol.md#postgresql", ex.s21RequirerUnit],
  ])("%s requirer unit databag decodes and re-encodes byte-identically", (_s, bag) => {
    const unit = valueOf(PostgreSQLRequirerUnitDatabag.decode(bag));
    expect(PostgreSQLRequirerUnitDatabag.encode(unit)).toEqual(bag);
  });

  test("docs/protocol.md#snapshot-and-diff snapshot (ids shortened with …) round-trips; non-ASCII is written escaped like Python", () => {
    const unit = valueOf(PostgreSQLRequirerUnitDatabag.decode(ex.s16RequirerUnitSnapshot));
    const encoded = PostgreSQLRequirerUnitDatabag.encode(unit);
    expect(encoded["data"]).toContain('"secret:1da8\\u2026"');
    expect(PostgreSQLRequirerUnitDatabag.decodeOrThrow(encoded)).toEqual(unit);
  });

  test("docs/protocol.md#postgresql unit snapshot is decoded as a JSON object", () => {
    const unit = PostgreSQLRequirerUnitDatabag.decodeOrThrow(ex.s21RequirerUnit);
    expect(unit.data?.["secret-user"]).toBe("secret:d0mvo2fmp25c77a4r6s0");
  });
});

describe("provider app databags of the protocol document", () => {
  test.each(providerApps)("%s (%s) decodes and survives encode/decode", (_s, _i, app, _r, bag) => {
    const decoded = valueOf(app.decode(bag));
    expect(valueOf(app.decode(app.encode(decoded)))).toEqual(decoded);
  });

  test.each(providerApps)("%s (%s) resolves with its secrets", (_s, _i, _a, resolved, bag, secrets) => {
    const view = valueOf(resolved.decode(completeView(bag, secrets))) as Record<string, unknown>;
    expect(Object.keys(view).filter((k) => k.startsWith("secret"))).toEqual([]);
    expect(view["username"]).toEqual(expect.any(String));
  });

  test("docs/protocol.md#v0-answer resolved view: tls True → true, secrets override nothing in the bag", () => {
    const view = valueOf(resolvePostgreSQLProvider(ex.s142ProviderApp, ex.s142Secrets));
    expect(view.tls).toBe(true);
    expect(view.password).toBe("Xy7pQ2mN9vLk3RtA");
    expect(view.endpoints).toEqual([{ host: "postgresql-k8s-primary.dev.svc.cluster.local", port: 5432 }]);
    expect(view.readOnlyUris).toMatch(/^postgresql:\/\//);
    expect(view.version).toBe("14.15");
    expect(view.data?.["external-node-connectivity"]).toBe("true");
  });

  test("docs/protocol.md#v0-answer without secrets: plaintext fallback fields are read from the databag", () => {
    const bag = PostgreSQLProviderAppDatabag.decodeOrThrow(ex.s142ProviderAppNoSecrets);
    expect(bag.username).toBe("relation_id_0");
    expect(bag.tls).toBe(false);
  });

  test("a secret value wins over a stale plaintext field (docs/protocol.md#resolving-a-field)", () => {
    const view = valueOf(resolvePostgreSQLProvider({ ...ex.s21ProviderApp, password: "old" }, ex.s21Secrets));
    expect(view.password).toBe("Xy7pQ2mN9vLk3RtA");
  });

  test("docs/protocol.md#mysql MySQL endpoints keep the trailing dot (P-11, K-03)", () => {
    const view = valueOf(resolveMySQLProvider(ex.s22ProviderAppComplete, ex.s22SecretsComplete));
    expect(view.endpoints).toEqual([{ host: "mysql-k8s-primary.prod.svc.cluster.local.", port: 3306 }]);
    expect(view.readOnlyEndpoints).toEqual([{ host: "mysql-k8s-replicas.prod.svc.cluster.local.", port: 3306 }]);
    expect(view.tlsCa).toContain("BEGIN CERTIFICATE");
  });

  test("docs/protocol.md#mongodb-and-mongos MongoDB hosts without a port get 27017 and replset is read (K-04)", () => {
    const view = valueOf(resolveMongoDBProvider(ex.s23ProviderApp, ex.s23Secrets));
    expect(view.endpoints?.map((e) => ("host" in e ? `${e.host}:${e.port}` : e.socket))).toEqual(["10.41.0.11:27017", "10.41.0.12:27017", "10.41.0.13:27017"]);
    expect(view.replset).toBe("mongodb");
  });

  test("docs/protocol.md#mongodb-and-mongos mongos socket path is decoded, port defaults to 27018 (K-05)", () => {
    const view = valueOf(resolveMongosProvider(ex.s23MongosProviderApp, ex.s23Secrets));
    expect(view.endpoints).toEqual([
      {
        host: "%2Fvar%2Fsnap%2Fcharmed-mongodb%2Fcommon%2Fvar%2Fmongodb-27018.sock",
        port: 27018,
        socketPath: "/var/snap/charmed-mongodb/common/var/mongodb-27018.sock",
      },
    ]);
    expect(view.replset).toBeUndefined();
  });

  test("docs/protocol.md#v0-and-v1-together v1 provider answer to a v0 requirer: resource/salt preserved, data arrays accepted (P-09, V-08)", () => {
    const bag = PostgreSQLProviderAppDatabag.decodeOrThrow(ex.s36ProviderApp);
    expect(bag.otherKeys).toEqual({ resource: "legacydb", salt: "uPXtdk9uqxA7LyRm" });
    expect(bag.data?.["provided-secrets"]).toEqual(["mtls-cert"]);
    expect(PostgreSQLProviderAppDatabag.encode(bag)).toMatchObject({ resource: "legacydb", salt: "uPXtdk9uqxA7LyRm" });
    const view = valueOf(resolvePostgreSQLProvider(ex.s36ProviderApp, ex.s36Secrets));
    expect(view.tls).toBe(false);
  });

  test("status entries carry their code class (T-01)", () => {
    const bag = PostgreSQLProviderAppDatabag.decodeOrThrow({
      ...ex.s21ProviderApp,
      status: '[{"code": 1001, "message": "m", "resolution": "r"}, {"code": 4001, "message": "m", "resolution": "r"}, {"code": 5002, "message": "m", "resolution": "r"}]',
    });
    expect(bag.status?.map((s) => statusClass(s.code))).toEqual(["informational", "transitory", "fatal"]);
  });
});

function sourceOf(iface: string, side: string) {
  const source = SCHEMA_SOURCES.find((s) => s.iface === iface && s.side === side);
  if (source === undefined) throw new Error(`no generated schema for ${iface} ${side}`);
  return source;
}

describe("raw example databags validate against the generated wire schemas, JSON contents included", () => {
  const wire = (iface: string, side: string) => interfaceJsonSchema(sourceOf(iface, side));
  const strict = { checkContent: true };

  test.each(requirerApps)("%s (%s) requirer app databag as written", (_s, iface, _c, bag) => {
    expect(validateJsonSchema(wire(iface, "requirer"), { app: bag }, strict)).toEqual([]);
  });

  test.each([ex.s133RequirerUnit, ex.s134RequirerUnit, ex.s21RequirerUnit, ex.s16RequirerUnitSnapshot])("requirer unit databag %#", (bag) => {
    expect(validateJsonSchema(wire("postgresql_client", "requirer"), { app: ex.s2RequirerApp, unit: bag }, strict)).toEqual([]);
  });

  test.each(providerApps)("%s (%s) provider app databag as written, and resolved with its secrets", (_s, iface, _a, _r, bag, secrets) => {
    expect(validateJsonSchema(wire(iface, "provider"), { app: bag, unit: { state: "ready" } }, strict)).toEqual([]);
    expect(validateJsonSchema(wire(iface, "provider"), { app: completeView(bag, secrets) }, strict)).toEqual([]);
  });

  test("the wire schema still refuses what the decoder refuses: a bad flag, an unknown entity type, camelCase permission keys", () => {
    const bag = {
      ...ex.s112EntityRequirerApp,
      "external-node-connectivity": "yes",
      "entity-type": "ROLE",
      "entity-permissions": '[{"resourceName": "cars", "resourceType": "TABLE", "privileges": ["SELECT"]}]',
    };
    expect(validateJsonSchema(wire("postgresql_client", "requirer"), { app: bag }, strict).map((v) => v.path)).toEqual([
      "/app/entity-type",
      "/app/entity-permissions(content)/0", // missing resource_name
      "/app/entity-permissions(content)/0", // missing resource_type
      "/app/entity-permissions(content)/0/resourceName", // not a wire key
      "/app/entity-permissions(content)/0/resourceType",
      "/app/external-node-connectivity",
    ]);
    expect(PostgreSQLRequirerAppDatabag.decode(bag).ok).toBe(false);
  });
});

// Issue 16, item 5: interfaces/postgresql_client/v0/requirer.json used to describe DECODED values
// (roles and permissions as arrays, external-node-connectivity as a boolean), so every real
// request, which holds strings only, failed it.
describe("issue 16 item 5: requirer.json accepts a real request databag, the old decoded-typed schema did not", () => {
  // A request as Python data_interfaces writes it: strings everywhere, JSON-in-string lists.
  const pythonRequest = {
    database: "myappdb",
    "extra-user-roles": "CREATEDB,pg_read_all_data",
    "extra-group-roles": "charmed_read",
    "entity-type": "USER",
    "entity-permissions": '[{"resource_name": "cars", "resource_type": "TABLE", "privileges": ["SELECT"]}]',
    "external-node-connectivity": "true",
    "requested-secrets": '["username", "password", "tls", "tls-ca", "uris", "read-only-uris", "entity-name", "entity-password"]',
    "provided-secrets": '["mtls-cert"]',
    alias: "main",
  };
  const onDisk = (form: "wire" | "decoded") =>
    JSON.parse(readFileSync(path.join(REPO_ROOT, schemaPath(sourceOf("postgresql_client", "requirer"), form)), "utf8")) as unknown;

  test("the checked-in requirer.json validates it, JSON contents included", () => {
    expect(PostgreSQLRequirerAppDatabag.decode(pythonRequest).ok).toBe(true);
    expect(validateJsonSchema(onDisk("wire"), { app: pythonRequest }, { checkContent: true })).toEqual([]);
  });

  test("the decoded-typed schema (now requirer.decoded.json, formerly requirer.json) rejects it field by field", () => {
    const violations = validateJsonSchema(onDisk("decoded"), { app: pythonRequest });
    expect(violations.map((v) => v.path).sort()).toEqual([
      "/app/entity-permissions",
      "/app/external-node-connectivity",
      "/app/extra-group-roles",
      "/app/extra-user-roles",
      "/app/provided-secrets",
      "/app/requested-secrets",
    ]);
    expect(decodedInterfaceJsonSchema(sourceOf("postgresql_client", "requirer"))).toEqual(onDisk("decoded"));
  });

  test("its decoded value validates against requirer.decoded.json", () => {
    const app = wireKeyedView(PostgreSQLRequirerAppDatabag, PostgreSQLRequirerAppDatabag.decodeOrThrow(pythonRequest));
    expect(validateJsonSchema(onDisk("decoded"), { app })).toEqual([]);
  });
});

describe("decoded examples validate against the generated decoded schemas", () => {
  const generated = (iface: string, side: string) => decodedInterfaceJsonSchema(sourceOf(iface, side));

  test.each(requirerApps)("%s (%s) requirer", (_s, iface, codec, bag) => {
    const app = wireKeyedView(codec, valueOf(codec.decode(bag)));
    expect(validateJsonSchema(generated(iface, "requirer"), { app })).toEqual([]);
  });

  test.each(providerApps)("%s (%s) resolved provider", (_s, iface, _a, resolved, bag, secrets) => {
    const app = wireKeyedView(resolved, valueOf(resolved.decode(completeView(bag, secrets))));
    expect(validateJsonSchema(generated(iface, "provider"), { app, unit: { state: "ready" } })).toEqual([]);
  });

  test("a wrongly typed decoded value is rejected by the generated schema", () => {
    expect(validateJsonSchema(generated("postgresql_client", "provider"), { app: { endpoints: "h:1", tls: "True" } })).toHaveLength(2);
  });
});

describeWithPublishedSchemas("decoded examples validate against the PUBLISHED schemas (J-01, J-02)", () => {
  test.each(requirerApps.filter(([s]) => s !== "docs/protocol.md#v0-request"))("%s (%s) requirer app", (_s, iface, codec, bag) => {
    const app = publishedView(codec, valueOf(codec.decode(bag)));
    expect(validateJsonSchema(loadPublished(iface, "requirer"), { app })).toEqual([]);
  });

  test("docs/protocol.md#v0-request (Juju 2.9, no requested-secrets) cannot satisfy the published requirer schema (docs/protocol.md#published-json-schemas)", () => {
    const codec = PostgreSQLRequirerAppDatabag;
    const app = publishedView(codec, valueOf(codec.decode(ex.s134RequirerApp)));
    expect(validateJsonSchema(loadPublished("postgresql_client", "requirer"), { app })).toEqual([
      { path: "/app", message: 'missing required property "requested-secrets"' },
    ]);
  });

  test("the raw requirer databag fails the published schema until requested-secrets is JSON-decoded (J-01)", () => {
    const violations = validateJsonSchema(loadPublished("postgresql_client", "requirer"), { app: ex.s133RequirerApp });
    expect(violations).toEqual([{ path: "/app/requested-secrets", message: "expected array, got string" }]);
  });

  test.each(providerApps)("%s (%s) resolved provider view", (_s, iface, _a, resolved, bag, secrets) => {
    const app = publishedView(resolved, valueOf(resolved.decode(completeView(bag, secrets))));
    expect(validateJsonSchema(loadPublished(iface, "provider"), { app })).toEqual([]);
  });

  test("the raw provider databag with secrets fails the published schema (why J-02 needs the resolved view)", () => {
    const violations = validateJsonSchema(loadPublished("postgresql_client", "provider"), { app: ex.s21ProviderApp });
    expect(violations.map((v) => v.message)).toEqual([
      'missing required property "username"',
      'missing required property "password"',
    ]);
  });
});
