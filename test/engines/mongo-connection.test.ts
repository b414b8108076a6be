import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient, type MongoClientOptions } from "mongodb";
import type { ConnectionFacts } from "../../lib/engines/connection-facts.js";
import { EngineConnectionError } from "../../lib/engines/engine-errors.js";
import { buildMongoUri, mongoConnection, type MongoConnection, type MongoConnectionOptions } from "../../lib/engines/mongodb/mongo-connection.js";
import { CA_PEM, mongoFacts } from "./facts-fixtures.js";

/** Hands the connection to the official driver's own parser (no connection is made). */
function parsedByDriver(connection: MongoConnection) {
  const options: MongoClientOptions = connection.options;
  const client = new MongoClient(connection.uri, options);
  const o = client.options;
  return {
    hosts: o.hosts.map((h) => (h.socketPath !== undefined ? { socketPath: h.socketPath } : { host: h.host, port: h.port })),
    replicaSet: o.replicaSet,
    dbName: o.dbName,
    username: o.credentials?.username,
    password: o.credentials?.password,
    authSource: o.credentials?.source,
    tls: o.tls,
    readPreference: o.readPreference.mode,
  };
}

const SOCKET = "/var/snap/charmed-mongodb/common/var/mongodb-27018.sock";
const mongosFacts: ConnectionFacts = {
  username: "mongos-app",
  password: "r0uter/Pa ss",
  database: "myappdb",
  endpoints: [{ host: encodeURIComponent(SOCKET) }],
  readOnlyEndpoints: [],
  tls: false,
};

describe("mongoConnection URI, field by field", () => {
  test.each<[string, ConnectionFacts, MongoConnectionOptions, string]>([
    ["replica set: all hosts with the default port, replicaSet, authSource=admin", mongoFacts, {},
      "mongodb://relation-7:Rk4wQ9pLz2Vb7NcT5hXm1JsD8fGa3YeU@10.41.0.11:27017,10.41.0.12:27017,10.41.0.13:27017/myappdb?replicaSet=mongodb&authSource=admin"],
    ["explicit ports kept", { ...mongoFacts, endpoints: [{ host: "db-0.example", port: 27020 }] }, {},
      "mongodb://relation-7:Rk4wQ9pLz2Vb7NcT5hXm1JsD8fGa3YeU@db-0.example:27020/myappdb?replicaSet=mongodb&authSource=admin"],
    ["no replset: no replicaSet", { ...mongoFacts, replset: undefined }, {},
      "mongodb://relation-7:Rk4wQ9pLz2Vb7NcT5hXm1JsD8fGa3YeU@10.41.0.11:27017,10.41.0.12:27017,10.41.0.13:27017/myappdb?authSource=admin"],
    ["database admin: no authSource", { ...mongoFacts, database: "admin", endpoints: [{ host: "h" }] }, {},
      "mongodb://relation-7:Rk4wQ9pLz2Vb7NcT5hXm1JsD8fGa3YeU@h:27017/admin?replicaSet=mongodb"],
    ["user, password and database URL-encoded", { ...mongoFacts, username: "us@r", password: "p:w/d?%", database: "my db", endpoints: [{ host: "h" }] }, {},
      "mongodb://us%40r:p%3Aw%2Fd%3F%25@h:27017/my%20db?replicaSet=mongodb&authSource=admin"],
    ["mongos: port 27018 and never replicaSet", { ...mongoFacts, endpoints: [{ host: "10.0.0.5" }] }, { mongos: true },
      "mongodb://relation-7:Rk4wQ9pLz2Vb7NcT5hXm1JsD8fGa3YeU@10.0.0.5:27018/myappdb?authSource=admin"],
    ["mongos on a socket path: encoded path, no port", mongosFacts, { mongos: true },
      "mongodb://mongos-app:r0uter%2FPa%20ss@%2Fvar%2Fsnap%2Fcharmed-mongodb%2Fcommon%2Fvar%2Fmongodb-27018.sock/myappdb?authSource=admin"],
    ["trailing dot dropped, IPv6 bracketed", { ...mongoFacts, endpoints: [{ host: "db.example." }, { host: "fd00::1", port: 27017 }] }, {},
      "mongodb://relation-7:Rk4wQ9pLz2Vb7NcT5hXm1JsD8fGa3YeU@db.example:27017,[fd00::1]:27017/myappdb?replicaSet=mongodb&authSource=admin"],
    ["provider uris used verbatim", { ...mongoFacts, uris: "mongodb://relation-7:x@10.41.0.11/myappdb?replicaSet=mongodb&authSource=admin" }, {},
      "mongodb://relation-7:x@10.41.0.11/myappdb?replicaSet=mongodb&authSource=admin"],
    ["ignoreProviderUri builds instead", { ...mongoFacts, endpoints: [{ host: "h" }], uris: "mongodb://x:y@z/w" }, { ignoreProviderUri: true },
      "mongodb://relation-7:Rk4wQ9pLz2Vb7NcT5hXm1JsD8fGa3YeU@h:27017/myappdb?replicaSet=mongodb&authSource=admin"],
    ["read-only side prefers read-only-uris", { ...mongoFacts, side: "read-only", uris: "mongodb://a:b@rw/db", readOnlyUris: "mongodb://a:b@ro/db" }, {},
      "mongodb://a:b@ro/db"],
    ["read-only side without read-only-uris uses uris", { ...mongoFacts, side: "read-only", uris: "mongodb://a:b@rw/db" }, {},
      "mongodb://a:b@rw/db"],
  ])("%s", (_name, facts, options, uri) => {
    const connection = mongoConnection(facts, options);
    expect(connection.uri).toBe(uri);
    expect(parsedByDriver(connection).hosts.length).toBeGreaterThan(0);
  });
});

describe("mongoConnection options, field by field", () => {
  test.each<[string, ConnectionFacts, MongoConnectionOptions, Record<string, unknown>]>([
    ["no TLS", mongoFacts, {}, { tls: false }],
    ["TLS flag without CA", { ...mongoFacts, tls: true }, {}, { tls: true }],
    ["TLS with inline CA", { ...mongoFacts, tls: true, tlsCa: CA_PEM }, {}, { tls: true, ca: CA_PEM }],
    ["read-only side: secondaryPreferred", { ...mongoFacts, side: "read-only" }, {}, { tls: false, readPreference: "secondaryPreferred" }],
    ["explicit read preference", mongoFacts, { readPreference: "nearest" }, { tls: false, readPreference: "nearest" }],
  ])("%s", (_name, facts, options, expected) => {
    const connection = mongoConnection(facts, options);
    expect(connection.options).toEqual(expected);
    expect(parsedByDriver(connection).tls).toBe(expected["tls"]);
  });

  test("caFile: CA written 0600 and referenced as tlsCAFile", () => {
    const dir = mkdtempSync(join(tmpdir(), "engines-ca-"));
    try {
      const path = join(dir, "ca.pem");
      const { options } = mongoConnection({ ...mongoFacts, tls: true, tlsCa: CA_PEM }, { caFile: path });
      expect(options).toEqual({ tls: true, tlsCAFile: path });
      expect(statSync(path).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("no endpoints and no uris: typed error", () => {
    expect(() => mongoConnection({ ...mongoFacts, endpoints: [] })).toThrow(EngineConnectionError);
    expect(() => buildMongoUri({ ...mongoFacts, endpoints: [] })).toThrow(/mongodb connection, "endpoints"/);
  });
});

describe("every produced connection is accepted by the mongodb driver's own parser", () => {
  test("replica set with TLS and CA", () => {
    expect(parsedByDriver(mongoConnection({ ...mongoFacts, tls: true, tlsCa: CA_PEM }))).toEqual({
      hosts: [{ host: "10.41.0.11", port: 27017 }, { host: "10.41.0.12", port: 27017 }, { host: "10.41.0.13", port: 27017 }],
      replicaSet: "mongodb",
      dbName: "myappdb",
      username: "relation-7",
      password: "Rk4wQ9pLz2Vb7NcT5hXm1JsD8fGa3YeU",
      authSource: "admin",
      tls: true,
      readPreference: "primary",
    });
  });

  test("encoded credentials and database decode back to the originals", () => {
    const parsed = parsedByDriver(mongoConnection({ ...mongoFacts, username: "us@r", password: "p:w/d?%&=", database: "my-db" }));
    expect(parsed).toMatchObject({ username: "us@r", password: "p:w/d?%&=", dbName: "my-db", authSource: "admin" });
  });

  test("admin database: authSource is admin by default, not written", () => {
    const connection = mongoConnection({ ...mongoFacts, database: "admin" });
    expect(connection.uri).not.toContain("authSource");
    expect(parsedByDriver(connection)).toMatchObject({ dbName: "admin", authSource: "admin" });
  });

  test("mongos over a Unix socket", () => {
    expect(parsedByDriver(mongoConnection(mongosFacts, { mongos: true }))).toEqual({
      hosts: [{ socketPath: SOCKET }],
      replicaSet: undefined,
      dbName: "myappdb",
      username: "mongos-app",
      password: "r0uter/Pa ss",
      authSource: "admin",
      tls: false,
      readPreference: "primary",
    });
  });

  test("mongos over TCP with the router port", () => {
    expect(parsedByDriver(mongoConnection({ ...mongosFacts, endpoints: [{ host: "10.0.0.9" }] }, { mongos: true }))).toMatchObject({
      hosts: [{ host: "10.0.0.9", port: 27018 }],
      replicaSet: undefined,
    });
  });

  test("read-only side", () => {
    expect(parsedByDriver(mongoConnection({ ...mongoFacts, side: "read-only" })).readPreference).toBe("secondaryPreferred");
  });

  test("provider uri from an older provider (no ports) with TLS from the facts", () => {
    const uri = "mongodb://relation-141:s3cr%40t@10.91.92.227/test-database?replicaSet=mongodb&authSource=admin";
    expect(parsedByDriver(mongoConnection({ ...mongoFacts, uris: uri, tls: true }))).toMatchObject({
      hosts: [{ host: "10.91.92.227", port: 27017 }],
      replicaSet: "mongodb",
      dbName: "test-database",
      username: "relation-141",
      password: "s3cr@t",
      tls: true,
    });
  });

  test("tlsCAFile is accepted", () => {
    const dir = mkdtempSync(join(tmpdir(), "engines-ca-"));
    try {
      const connection = mongoConnection({ ...mongoFacts, tls: true, tlsCa: CA_PEM }, { caFile: join(dir, "ca.pem") });
      const client = new MongoClient(connection.uri, connection.options);
      expect(client.options.tlsCAFile).toBe(join(dir, "ca.pem"));
      expect(client.options.tls).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
