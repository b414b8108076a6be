/**
 * E2E on the model simulator (issue 6): the legacy-client fixture (MySQLLegacyRequires on `mysql`
 * and `mysql-root`, one modern-style handler for both) against legacy-mysql-provider, a stand-in
 * for mysql-k8s's legacy endpoints that creates real users in the machine's MariaDB. The
 * requirer connects with mysql2 using the response's `connection()`; the `mysql-root` user has
 * global privileges (CREATE DATABASE of another database succeeds) and the `mysql` user does not
 * (refused with ER_DBACCESS_DENIED_ERROR). Gated like every MariaDB test: never skipped under
 * REQUIRE_MARIADB=1.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Simulator } from "../../lib/testing/simulator/index.js";
import { localMariaDb, mariaDbGate, MARIADB_HOST, MARIADB_PORT, type LocalMariaDb } from "../support/databases/local-mariadb.js";
import { buildCharmDir } from "./charm-builds.js";
import { scaled } from "../support/time-scale.js";

const FIXTURES = path.join(__dirname, "..", "fixtures", "charms");
const CLIENTS = ["client/0", "client/1"];
const PUBLISHED_ROOT_PASSWORD = "not-the-real-root-password-7Qx";
const mariaDb = mariaDbGate();
/** Keeps this run's users and databases apart from other runs on the same server. */
const SUFFIX = `-${randomBytes(3).toString("hex")}`;
const userOf = (id: number): string => `relation-${id}${SUFFIX}`;
const databaseOf = (id: number): string => `database-${id}${SUFFIX}`;

if (!mariaDb.run && mariaDb.required) {
  describe("legacy mysql end to end", () => {
    test("MariaDB must be reachable because REQUIRE_MARIADB=1", () => {
      throw new Error(mariaDb.reason);
    });
  });
} else if (!mariaDb.run) {
  console.warn(`Skipping the legacy mysql end-to-end tests: ${mariaDb.reason}.`);
  describe.skip(`legacy mysql end to end (skipped: ${mariaDb.reason})`, () => {
    test("not run", () => undefined);
  });
} else {
  describe("mysql: MySQLLegacyRequires against a mysql-k8s-like provider on MariaDB", () => {
    let sim: Simulator;
    let admin: LocalMariaDb;
    const scratch: string[] = [];
    let mysqlRelation = 0;
    let rootRelation = 0;

    const unitBag = (unit: string, endpoint: string): Record<string, string> | undefined =>
      sim.showUnit(unit)[unit]?.["relation-info"]?.find((r) => r.endpoint === endpoint)?.["local-unit"].data;

    beforeAll(async () => {
      const [provider, client] = await Promise.all([buildCharmDir(path.join(FIXTURES, "legacy-mysql-provider")), buildCharmDir(path.join(FIXTURES, "legacy-client"))]);
      scratch.push(provider, client);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-legacy-mysql-"));
      scratch.push(dir);
      admin = await localMariaDb();
      sim = Simulator.open(dir);
      // Two provider units: every unit publishes the credentials in its own unit databag (mysql).
      const deployed = await sim.deploy("mysql", provider, {
        units: 2,
        config: { "mysql-host": MARIADB_HOST, "mysql-port": MARIADB_PORT, "published-root-password": PUBLISHED_ROOT_PASSWORD, "name-suffix": SUFFIX },
      });
      expect(deployed.failed).toBeUndefined();
      expect((await sim.deploy("client", client, { units: 2 })).failed).toBeUndefined();
    }, scaled(120_000));

    afterAll(async () => {
      for (const id of [mysqlRelation, rootRelation]) {
        if (id === 0) continue;
        await admin?.dropUser(userOf(id));
        await admin?.dropDatabase(databaseOf(id));
      }
      await admin?.close();
      sim?.close();
      for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
    });

    test("mysql: every provider unit publishes the credentials; both requirer units get them through the one handler", async () => {
      const run = await sim.integrate("client:mysql", "mysql:mysql");
      expect(run.failed).toBeUndefined();
      mysqlRelation = run.relationId;
      for (const provider of ["mysql/0", "mysql/1"]) expect(unitBag(provider, "mysql")).toMatchObject({ user: userOf(mysqlRelation), host: MARIADB_HOST });
      for (const unit of CLIENTS) {
        expect(unitBag(unit, "mysql")).toMatchObject({ "seen-user": userOf(mysqlRelation), "seen-database": databaseOf(mysqlRelation), "seen-endpoints": `${MARIADB_HOST}:${MARIADB_PORT}` });
      }
      // M-01: the requirer wrote nothing but Juju's keys and what the fixture itself records.
      const clientApp = sim.model.relations.find((r) => r.id === mysqlRelation)?.appData["client"];
      expect(clientApp).toEqual({});
    }, scaled(120_000));

    test("mysql: the user logs in with mysql2 but cannot create another database", async () => {
      for (const unit of CLIENTS) {
        const probe = await sim.runAction(unit, "probe", { endpoint: "mysql" });
        expect(probe).toMatchObject({ status: "completed", results: { user: `${userOf(mysqlRelation)}@%`, database: databaseOf(mysqlRelation), privileged: "denied ER_DBACCESS_DENIED_ERROR" } });
      }
      expect((await admin.grantsOf(userOf(mysqlRelation))).join("\n")).not.toMatch(/ON \*\.\*.*ALL PRIVILEGES|GRANT ALL PRIVILEGES ON \*\.\*/);
    }, scaled(60_000));

    test("mysql-root: only the leader's unit databag carries it; the user has global privileges, so the statement succeeds", async () => {
      const run = await sim.integrate("client:mysql-root", "mysql:mysql-root");
      expect(run.failed).toBeUndefined();
      rootRelation = run.relationId;
      expect(unitBag("mysql/0", "mysql-root")).toMatchObject({ user: userOf(rootRelation), root_password: PUBLISHED_ROOT_PASSWORD });
      expect(unitBag("mysql/1", "mysql-root")?.["user"]).toBeUndefined();
      const probe = await sim.runAction("client/1", "probe", { endpoint: "mysql-root" });
      expect(probe).toMatchObject({ status: "completed", results: { user: `${userOf(rootRelation)}@%`, database: databaseOf(rootRelation), privileged: "ok" } });
      expect((await admin.grantsOf(userOf(rootRelation))).join("\n")).toMatch(/GRANT ALL PRIVILEGES ON \*\.\*/);
    }, scaled(120_000));

    test("no password or root password appears in hook output or tool-call argv", () => {
      const text = sim
        .log()
        .map((h) => [h.stdout, h.stderr, ...h.calls.map((c) => JSON.stringify(c))].join("\n"))
        .join("\n");
      const secrets = sim.model.relations.flatMap((rel) => Object.values(rel.unitData).flatMap((bag) => [bag["password"] ?? "", bag["root_password"] ?? ""])).filter((s) => s !== "");
      expect(new Set(secrets).size).toBe(3);
      for (const secret of secrets) expect(text).not.toContain(secret);
    });

    test("remove-relation: databaseRemoved reaches the one handler and the provider drops the user", async () => {
      const run = await sim.removeRelation("client:mysql", "mysql:mysql");
      expect(run.failed).toBeUndefined();
      for (const unit of CLIENTS) expect(sim.model.units[unit]?.status).toEqual({ status: "waiting", message: "mysql: database removed" });
      expect(await admin.userExists(userOf(mysqlRelation))).toBe(false);
    }, scaled(120_000));
  });
}
