// check-db against a real PostgreSQL (embedded, started for this file): the charm connects with
// the connection() the typed response builds and runs a query; a refused password is reported
// without the password.
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { Context, relation, secret, state, type State } from "../../../lib/testing/index.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../../test/support/databases/embedded-postgres.js";
import { changePgPassword, createPgDatabase, createPgUser, dropPgDatabaseAndUser } from "../../../test/support/databases/postgres-admin.js";
import { WebAppCharm } from "../src/charm.js";

const CHARM_DIR = path.join(__dirname, "..");
const read = (file: string): string => fs.readFileSync(path.join(CHARM_DIR, file), "utf8");

describe("check-db on a real PostgreSQL", () => {
  let server: EmbeddedPostgres;
  const user = `relation_id_${randomBytes(3).toString("hex")}`;
  const password = randomBytes(12).toString("base64url");
  beforeAll(async () => {
    server = await startEmbeddedPostgres();
    await createPgUser(server, user, password);
    await createPgDatabase(server, "webapp", user);
  });
  afterAll(async () => {
    await dropPgDatabaseAndUser(server, "webapp", user).catch(() => undefined);
    await server.stop();
  });

  function answeredState(): State {
    const userSecret = secret({ trackedContent: { username: user, password } });
    const rel = relation({
      endpoint: "database",
      remoteApp: "postgresql",
      localAppData: { database: "webapp" },
      remoteAppData: { "secret-user": userSecret.id, database: "webapp", endpoints: `${server.host}:${server.port}` },
    });
    return state({ relations: [rel], secrets: [userSecret] });
  }

  function ctx(): Context<typeof WebAppCharm> {
    return new Context(WebAppCharm, { metadata: read("metadata.yaml"), config: read("config.yaml"), actions: read("actions.yaml") });
  }

  test("connects with the relation user and returns the query result", async () => {
    const c = ctx();
    await c.run(c.on.action("check-db"), answeredState());
    expect(c.error).toBeUndefined();
    expect(c.actionOutput?.failure).toBeUndefined();
    expect(c.actionOutput?.results).toEqual({ "current-user": user, database: "webapp", host: `${server.host}:${server.port}` });
  });

  test("a password the server no longer accepts fails the action, without the password", async () => {
    await changePgPassword(server, user, randomBytes(12).toString("base64url"));
    const c = ctx();
    await c.run(c.on.action("check-db"), answeredState());
    expect(c.actionOutput?.failure).toMatch(/^cannot query the database at 127\.0\.0\.1:\d+: password authentication failed/);
    expect(JSON.stringify(c.actionOutput)).not.toContain(password);
  });
});
