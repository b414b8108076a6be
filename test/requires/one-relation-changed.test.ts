// One `database-relation-changed` of a PostgreSQL requirer, credentials in a secret, through the
// Context/State harness. Kept small on purpose: it is also what the coverage measurement of
// issue 16 runs (which library files run code for one relation-changed).
import { CharmBase } from "../../lib/ops/index.js";
import { DatabaseRequires, type DatabaseResponse } from "../../lib/requires/index.js";
import { PostgreSQLRequires, type PostgreSQLResponse } from "../../lib/engines/postgresql/postgresql-requires.js";
import { Context, relation, secret, state } from "../../lib/testing/index.js";
import * as engineResponse from "../../lib/engines/engine-response.js";
import * as response from "../../lib/requires/response.js";
import * as pem from "../../lib/interfaces/database/pem-certificates.js";
import { PostgreSQLResolvedProviderView } from "../../lib/interfaces/index.js";
import { TEST_CA_A } from "../interfaces/fixtures/test-ca.js";

const metadata = { name: "myapp", requires: { database: { interface: "postgresql_client", limit: 1 } } };
const USER = { username: "relation_id_1", password: "Xy7pQ2mN9vLk3RtA", uris: "postgresql://relation_id_1:Xy7pQ2mN9vLk3RtA@pg-primary:5432/myappdb" };

let created: PostgreSQLResponse[] = [];
class AppCharm extends CharmBase {
  readonly db = new PostgreSQLRequires(this, { relationName: "database", database: "myappdb" });
  protected override setup(): void {
    this.db.on("databaseCreated", (e) => void created.push(e.response));
  }
}

test("one database-relation-changed announces databaseCreated with the secret's credentials", async () => {
  created = [];
  const user = secret({ trackedContent: USER });
  const rel = relation({ id: 1, endpoint: "database", remoteApp: "postgresql-k8s", remoteAppData: { "secret-user": user.id, endpoints: "pg-primary:5432", database: "myappdb", version: "16.4" } });
  const c = new Context(AppCharm, { metadata });
  await c.run(c.on.relationChanged(rel), state({ relations: [rel], secrets: [user] }));
  expect(c.error).toBeUndefined();
  expect(created.map((r) => [r.username, r.password, r.addresses])).toEqual([[USER.username, USER.password, [{ host: "pg-primary", port: 5432 }]]]);
});

// Issue 16: the response is resolved and decoded once per relation per hook. The checks that
// run before an event and the event's payload used to decode the same view twice.
test("one database-relation-changed decodes the provider's answer once", async () => {
  created = [];
  const decodes = jest.spyOn(engineResponse, "decodeEngineResponse");
  try {
    const user = secret({ trackedContent: USER });
    const rel = relation({ id: 1, endpoint: "database", remoteApp: "postgresql-k8s", remoteAppData: { "secret-user": user.id, endpoints: "pg-primary:5432", database: "myappdb", version: "16.4" } });
    const c = new Context(AppCharm, { metadata });
    await c.run(c.on.relationChanged(rel), state({ relations: [rel], secrets: [user] }));
    expect(c.error).toBeUndefined();
    expect(created).toHaveLength(1);
    expect(decodes).toHaveBeenCalledTimes(1);
  } finally {
    decodes.mockRestore();
  }
});

// The engine response is built on the interface model's decode: the view goes through the
// PostgreSQL model once and never through lib/requires' generic decoder, and `tls-ca` is checked
// as X.509 once (by the model's field codec), not again by the response.
test("in PostgreSQLRequires, one relation-changed runs the interface model once and checks tls-ca once", async () => {
  created = [];
  const spies = [
    jest.spyOn(PostgreSQLResolvedProviderView, "decodeOrThrow"),
    jest.spyOn(response, "decodeResponse"),
    jest.spyOn(pem, "parsePemCertificates"),
  ] as const;
  try {
    const user = secret({ trackedContent: USER });
    const tls = secret({ trackedContent: { tls: "True", "tls-ca": TEST_CA_A } });
    const rel = relation({ id: 1, endpoint: "database", remoteApp: "postgresql-k8s", remoteAppData: { "secret-user": user.id, "secret-tls": tls.id, endpoints: "pg-primary:5432", database: "myappdb", version: "16.4" } });
    const c = new Context(AppCharm, { metadata });
    await c.run(c.on.relationChanged(rel), state({ relations: [rel], secrets: [user, tls] }));
    expect(c.error).toBeUndefined();
    expect(created.map((r) => [r.tls, r.tlsCa])).toEqual([[true, TEST_CA_A]]);
    const [model, generic, x509] = spies;
    expect(model).toHaveBeenCalledTimes(1);
    expect(generic).not.toHaveBeenCalled();
    expect(x509).toHaveBeenCalledTimes(1);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
});

// Without an engine model, the generic decoder is the one decode, and it checks tls-ca through
// the same interface field codec.
let generic: DatabaseResponse[] = [];
class GenericCharm extends CharmBase {
  readonly db = new DatabaseRequires(this, { relationName: "database", database: "myappdb" });
  protected override setup(): void {
    this.db.on("databaseCreated", (e) => void generic.push(e.response));
  }
}

test("in DatabaseRequires, one relation-changed decodes once and checks tls-ca once", async () => {
  generic = [];
  const spies = [jest.spyOn(response, "decodeResponse"), jest.spyOn(pem, "parsePemCertificates")] as const;
  try {
    const user = secret({ trackedContent: USER });
    const tls = secret({ trackedContent: { tls: "True", "tls-ca": TEST_CA_A } });
    const rel = relation({ id: 1, endpoint: "database", remoteApp: "postgresql-k8s", remoteAppData: { "secret-user": user.id, "secret-tls": tls.id, endpoints: "pg-primary:5432", database: "myappdb" } });
    const c = new Context(GenericCharm, { metadata });
    await c.run(c.on.relationChanged(rel), state({ relations: [rel], secrets: [user, tls] }));
    expect(c.error).toBeUndefined();
    expect(generic.map((r) => [r.username, r.tls, r.tlsCa])).toEqual([[USER.username, true, TEST_CA_A]]);
    const [decodes, x509] = spies;
    expect(decodes).toHaveBeenCalledTimes(1);
    expect(x509).toHaveBeenCalledTimes(1);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
});
