/**
 * MongoDB (issue 5): what MongoDBRequires (replica set, mongodb_client) and MongosRequires (a
 * mongos router of a sharded cluster, mongos_client) hand a charm, from provider databags and
 * secrets as the providers publish them, run through lib/ops on the Context/State harness. Each
 * row's `connection()` output is given to the official `mongodb` driver's own parser
 * (`new MongoClient(uri, options)`, no connection made) and every parsed field is checked.
 */
import { MongoClient, type MongoClientOptions } from "mongodb";
import { MongoDBRequires, MongosRequires, type MongoDBResponse, type MongoRequirerConnectionOptions } from "../../lib/engines/index.js";
import { CharmBase } from "../../lib/ops/index.js";
import { Context, relation, secret, state, subordinateRelation, type Secret } from "../../lib/testing/index.js";
import { TEST_CA_A } from "../interfaces/fixtures/test-ca.js";

const CA = TEST_CA_A; // tls-ca must parse as X.509 (issue 14)
const SOCKET = "/var/snap/charmed-mongodb/common/var/mongodb-27018.sock";
const PASSWORD = "Rk4wQ9pLz2Vb7NcT5hXm1JsD8fGa3YeU";

let created: { response: MongoDBResponse }[] = [];

class ReplicaSetClient extends CharmBase {
  readonly db = new MongoDBRequires(this, { relationName: "database", database: "myappdb" });
  protected override setup(): void {
    this.db.on("databaseCreated", (e) => void created.push({ response: e.response }));
  }
}

class RouterPrincipal extends CharmBase {
  readonly db = new MongosRequires(this, { relationName: "mongos", database: "myappdb" });
  protected override setup(): void {
    this.db.on("databaseCreated", (e) => void created.push({ response: e.response }));
  }
}

const REPLICA_META = { name: "myapp", requires: { database: { interface: "mongodb_client", limit: 1 } } };
// The principal of the subordinate mongos router declares the endpoint under provides: (docs/protocol.md#mongodb-and-mongos).
const ROUTER_META = { name: "myapp", subordinate: false, provides: { mongos: { interface: "mongos_client", limit: 1, scope: "container" } } };

/** What the driver's parser made of a connection. */
function parsedByDriver(uri: string, options: MongoClientOptions) {
  const o = new MongoClient(uri, options).options;
  return {
    hosts: o.hosts.map((h) => (h.socketPath !== undefined ? `socket:${h.socketPath}` : `${h.host ?? ""}:${h.port ?? ""}`)),
    replicaSet: o.replicaSet,
    dbName: o.dbName,
    username: o.credentials?.username,
    passwordMatches: o.credentials?.password === PASSWORD,
    authSource: o.credentials?.source,
    tls: o.tls,
    caGiven: (o as { ca?: unknown }).ca !== undefined,
    readPreference: o.readPreference.mode,
  };
}

async function responseOf(topology: "replica-set" | "mongos", bag: Record<string, string>, secrets: readonly Secret[]): Promise<MongoDBResponse> {
  created = [];
  if (topology === "replica-set") {
    const ctx = new Context(ReplicaSetClient, { metadata: REPLICA_META, jujuVersion: "3.6.4" });
    const rel = relation({ id: 7, endpoint: "database", remoteApp: "mongodb", remoteAppData: bag });
    await ctx.run(ctx.on.relationChanged(rel), state({ relations: [rel], secrets: [...secrets] }));
    expect(ctx.error).toBeUndefined();
  } else {
    const ctx = new Context(RouterPrincipal, { metadata: ROUTER_META, jujuVersion: "3.6.4" });
    const rel = subordinateRelation({ id: 7, endpoint: "mongos", remoteApp: "mongos", remoteAppData: { subordinated: "true", ...bag }, remoteUnitData: { state: "ready" } });
    await ctx.run(ctx.on.relationChanged(rel), state({ relations: [rel], secrets: [...secrets] }));
    expect(ctx.error).toBeUndefined();
  }
  expect(created).toHaveLength(1);
  return (created[0] as { response: MongoDBResponse }).response;
}

const RS_URI = `mongodb://relation-7:${PASSWORD}@10.41.0.11:27017,10.41.0.12:27017,10.41.0.13:27017/myappdb?replicaSet=mongodb&authSource=admin`;
const RS_HOSTS = ["10.41.0.11:27017", "10.41.0.12:27017", "10.41.0.13:27017"];
const user = (extra: Record<string, string> = {}): Record<string, string> => ({ username: "relation-7", password: PASSWORD, ...extra });
const TLS_ON = { tls: "True", "tls-ca": CA };

interface Row {
  readonly name: string;
  readonly topology: "replica-set" | "mongos";
  readonly bag: Record<string, string>;
  readonly userSecret: Record<string, string>;
  readonly tlsSecret?: Record<string, string>;
  readonly options?: MongoRequirerConnectionOptions;
  readonly expected: Partial<ReturnType<typeof parsedByDriver>>;
}

const ROWS: readonly Row[] = [
  {
    name: "replica set, provider uris: every member, replicaSet, authSource=admin, no TLS",
    topology: "replica-set",
    bag: { database: "myappdb", endpoints: "10.41.0.11,10.41.0.12,10.41.0.13", replset: "mongodb" },
    userSecret: user({ uris: RS_URI }),
    expected: { hosts: RS_HOSTS, replicaSet: "mongodb", dbName: "myappdb", username: "relation-7", passwordMatches: true, authSource: "admin", tls: false, caGiven: false, readPreference: "primary" },
  },
  {
    name: "replica set, no uris (older provider): built from port-less endpoints, replset and credentials",
    topology: "replica-set",
    bag: { database: "myappdb", endpoints: "10.41.0.11,10.41.0.12,10.41.0.13", replset: "mongodb" },
    userSecret: user(),
    expected: { hosts: RS_HOSTS, replicaSet: "mongodb", dbName: "myappdb", username: "relation-7", passwordMatches: true, authSource: "admin", tls: false },
  },
  {
    name: "replica set with TLS: tls on and the CA passed inline, URI unchanged",
    topology: "replica-set",
    bag: { database: "myappdb", endpoints: "10.41.0.11:27017", replset: "mongodb" },
    userSecret: user({ uris: RS_URI }),
    tlsSecret: TLS_ON,
    expected: { hosts: RS_HOSTS, replicaSet: "mongodb", tls: true, caGiven: true },
  },
  {
    name: "replica set, read-only side: secondaryPreferred over the same members",
    topology: "replica-set",
    bag: { database: "myappdb", endpoints: "10.41.0.11,10.41.0.12,10.41.0.13", replset: "mongodb" },
    userSecret: user({ uris: RS_URI }),
    options: { side: "read-only" },
    expected: { hosts: RS_HOSTS, replicaSet: "mongodb", readPreference: "secondaryPreferred" },
  },
  {
    name: "replica set, database admin: no authSource parameter (the driver defaults it to admin)",
    topology: "replica-set",
    bag: { database: "admin", endpoints: "db-0.example:27017", replset: "rs0" },
    userSecret: user(),
    expected: { hosts: ["db-0.example:27017"], replicaSet: "rs0", dbName: "admin", authSource: "admin" },
  },
  {
    name: "mongos on a VM socket: socket host, no replicaSet",
    topology: "mongos",
    bag: { database: "myappdb", endpoints: encodeURIComponent(SOCKET) },
    userSecret: user({ uris: `mongodb://relation-7:${PASSWORD}@${encodeURIComponent(SOCKET)}/myappdb?authSource=admin` }),
    expected: { hosts: [`socket:${SOCKET}`], replicaSet: undefined, dbName: "myappdb", username: "relation-7", passwordMatches: true, authSource: "admin", tls: false },
  },
  {
    name: "mongos with external connectivity, no uris: port 27018 by default, never replicaSet (even if replset is sent)",
    topology: "mongos",
    bag: { database: "myappdb", endpoints: "10.0.0.5", replset: "should-be-ignored" },
    userSecret: user(),
    expected: { hosts: ["10.0.0.5:27018"], replicaSet: undefined, dbName: "myappdb", authSource: "admin", tls: false },
  },
  {
    name: "mongos with TLS: tls on and CA inline",
    topology: "mongos",
    bag: { database: "myappdb", endpoints: "10.0.0.5:31000" },
    userSecret: user(),
    tlsSecret: TLS_ON,
    expected: { hosts: ["10.0.0.5:31000"], replicaSet: undefined, tls: true, caGiven: true },
  },
];

describe("MongoDB requirers: connection() accepted by the official driver's parser", () => {
  test.each(ROWS.map((r) => [r.name, r] as const))("%s", async (_name, row) => {
    const userSecret = secret({ trackedContent: row.userSecret });
    const tlsSecret = row.tlsSecret === undefined ? undefined : secret({ trackedContent: row.tlsSecret });
    const bag = { ...row.bag, "secret-user": userSecret.id, ...(tlsSecret === undefined ? {} : { "secret-tls": tlsSecret.id }) };
    const response = await responseOf(row.topology, bag, tlsSecret === undefined ? [userSecret] : [userSecret, tlsSecret]);
    expect(response.topology).toBe(row.topology);
    const { uri, options } = response.connection(row.options);
    expect(response.uri(row.options)).toBe(uri);
    expect(parsedByDriver(uri, options)).toMatchObject(row.expected);
    if (row.topology === "mongos") expect(uri).not.toContain("replicaSet");
  });
});

describe("MongosRequires waits for the router unit (subordinate gate, docs/protocol.md#subordinated-providers)", () => {
  test("E-03 no databaseCreated while the mongos unit is not ready; one once it reports state=ready", async () => {
    created = [];
    const ctx = new Context(RouterPrincipal, { metadata: ROUTER_META, jujuVersion: "3.6.4" });
    const userSecret = secret({ trackedContent: user() });
    const bag = { subordinated: "true", database: "myappdb", endpoints: "10.0.0.5:27018", "secret-user": userSecret.id };
    const waiting = subordinateRelation({ id: 3, endpoint: "mongos", remoteApp: "mongos", remoteAppData: bag });
    const out = await ctx.run(ctx.on.relationChanged(waiting), state({ relations: [waiting], secrets: [userSecret] }));
    expect(ctx.error).toBeUndefined();
    expect(created).toEqual([]);
    const ready = { ...waiting, remoteUnitData: { ...waiting.remoteUnitData, state: "ready" } };
    await ctx.run(ctx.on.relationChanged(ready, { remoteUnit: 0 }), { ...out, relations: [ready] });
    expect(ctx.error).toBeUndefined();
    expect(created).toHaveLength(1);
    expect(parsedByDriver(created[0]?.response.connection().uri ?? "", {}).hosts).toEqual(["10.0.0.5:27018"]);
  });

  test("invalid provider data is refused with relation and field named, the password never quoted", async () => {
    created = [];
    // Either outcome is fine here (see below), so the charm's error is recorded, not thrown.
    const ctx = new Context(ReplicaSetClient, { metadata: REPLICA_META, jujuVersion: "3.6.4", catchCharmErrors: true });
    const userSecret = secret({ trackedContent: user() });
    const rel = relation({ id: 4, endpoint: "database", remoteApp: "mongodb", remoteAppData: { database: "myappdb", endpoints: "10.41.0.11:notaport", "secret-user": userSecret.id } });
    await ctx.run(ctx.on.relationChanged(rel), state({ relations: [rel], secrets: [userSecret] }));
    // The engine either fails the hook or holds the relation's events and logs why.
    const said = [ctx.error?.message ?? "", ...ctx.logLines()].join("\n");
    expect(created).toEqual([]);
    expect(said).toMatch(/database:4.*"endpoints"/);
    expect(said).not.toContain(PASSWORD);
  });
});
