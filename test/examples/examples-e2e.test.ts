// The example charms, built as packed, as real processes under the Simulator against
// examples/database-provider administering an embedded PostgreSQL: webapp integrates, renders
// webapp.json and its check-db action queries the database; data-integrator hands out working
// credentials; a rotated password reaches webapp.json (the old one is refused by the server);
// remove-relation leaves webapp waiting. No password shows in hook output, logs or statuses.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Simulator } from "../../lib/testing/simulator/index.js";
import { pgLoginCode } from "../support/databases/postgres-admin.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../support/databases/embedded-postgres.js";
import { packLike } from "./packed-charm.js";

interface WebappJson {
  readonly database: { readonly url: string; readonly host: string; readonly port: number; readonly name: string; readonly user: string; readonly password: string };
}

const loginCode = pgLoginCode;

describe("examples end to end: webapp and data-integrator against database-provider on PostgreSQL", () => {
  let work: string;
  let server: EmbeddedPostgres;
  let sim: Simulator;
  const charms: Record<string, string> = {};

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "examples-e2e-"));
    const names = ["database-provider", "webapp", "data-integrator"];
    const [pgServer, ...built] = await Promise.all([startEmbeddedPostgres(), ...names.map((n) => packLike(n, path.join(work, "charms")))]);
    server = pgServer;
    names.forEach((n, i) => (charms[n] = path.dirname(path.dirname(built[i]?.outFile ?? ""))));
    sim = Simulator.open(path.join(work, "model"));
  });
  afterAll(async () => {
    sim?.close();
    await server?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const webappJson = (): string => path.join(sim.modelDir, "units", "webapp-0", "charm", "webapp.json");
  const readWebappJson = (): WebappJson => JSON.parse(fs.readFileSync(webappJson(), "utf8")) as WebappJson;

  test("integrate, query, get-credentials, rotate, remove", async () => {
    const providerConfig = { "postgresql-host": server.host, "postgresql-port": server.port, "postgresql-admin-user": server.user, "postgresql-admin-password": server.password };
    expect((await sim.deploy("postgresql", charms["database-provider"] ?? "", { config: providerConfig })).failed).toBeUndefined();
    expect((await sim.deploy("webapp", charms["webapp"] ?? "")).failed).toBeUndefined();
    expect((await sim.deploy("data-integrator", charms["data-integrator"] ?? "", { config: { "database-name": "reports" } })).failed).toBeUndefined();
    expect(sim.model.units["webapp/0"]?.status).toEqual({ status: "waiting", message: "waiting for database relation" });
    expect(sim.model.units["data-integrator/0"]?.status).toEqual({ status: "blocked", message: "Please relate the data-integrator with the desired product" });

    // webapp: credentials arrive, webapp.json is rendered, check-db runs a query as the relation user.
    const webappRelation = await sim.integrate("webapp:database", "postgresql:database");
    expect(webappRelation.failed).toBeUndefined();
    const user = `relation_id_${webappRelation.relationId}`;
    expect(sim.model.units["webapp/0"]?.status).toEqual({ status: "active", message: "" });
    const first = readWebappJson().database;
    expect(first).toMatchObject({ host: server.host, port: server.port, name: "webapp", user });
    expect(await loginCode(server, user, first.password, "webapp")).toBe("ok");
    const check = await sim.runAction("webapp/0", "check-db");
    expect(check).toMatchObject({ status: "completed", results: { "current-user": user, database: "webapp", host: `${server.host}:${server.port}` } });

    // data-integrator: get-credentials answers in the Python charm's shape, and the credentials work.
    const diRelation = await sim.integrate("data-integrator:postgresql", "postgresql:database");
    expect(diRelation.failed).toBeUndefined();
    expect(sim.model.units["data-integrator/0"]?.status).toEqual({ status: "active", message: "ready: postgresql (run get-credentials)" });
    const credentials = await sim.runAction("data-integrator/0", "get-credentials");
    expect(credentials.status).toBe("completed");
    expect(credentials.results).toMatchObject({
      ok: "True",
      "postgresql.username": `relation_id_${diRelation.relationId}`,
      "postgresql.database": "reports",
      "postgresql.endpoints": `${server.host}:${server.port}`,
    });
    expect(credentials.results["postgresql.data"]).toBeUndefined();
    expect(await loginCode(server, credentials.results["postgresql.username"] ?? "", credentials.results["postgresql.password"] ?? "", "reports")).toBe("ok");

    // Rotation through a new secret revision: webapp.json follows, the old password is refused.
    const rotation = await sim.runAction("postgresql/0", "rotate-password", { "relation-id": webappRelation.relationId });
    expect(rotation).toMatchObject({ status: "completed", results: { rotated: `database:${webappRelation.relationId}` } });
    const rotated = readWebappJson().database;
    expect(rotated.password).not.toBe(first.password);
    expect(await loginCode(server, user, rotated.password, "webapp")).toBe("ok");
    expect(await loginCode(server, user, first.password, "webapp")).toBe("28P01");
    expect((await sim.runAction("webapp/0", "check-db")).results["current-user"]).toBe(user);

    // remove-relation: webapp forgets the database and waits again.
    expect((await sim.removeRelation("webapp:database", "postgresql:database")).failed).toBeUndefined();
    expect(fs.existsSync(webappJson())).toBe(false);
    expect(sim.model.units["webapp/0"]?.status).toEqual({ status: "waiting", message: "waiting for database relation" });

    // No password in any hook's output, tool-call argv (redacted by the simulator) or status.
    const history = JSON.stringify({ log: sim.log(), units: sim.model.units });
    for (const secret of [first.password, rotated.password, credentials.results["postgresql.password"] ?? "", server.password]) {
      expect(secret.length).toBeGreaterThan(8);
      expect(history.includes(secret)).toBe(false);
    }
  });
});
