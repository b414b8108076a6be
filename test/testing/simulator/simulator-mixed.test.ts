import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Simulator } from "../../../lib/testing/simulator/index.js";
import { bundleTsCharm } from "./ts-charm-bundle.js";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "charms");

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

describe("a shell charm and a TypeScript charm in one model", () => {
  let tsCharm: string;
  let dir: string;
  let sim: Simulator;
  beforeAll(async () => {
    tsCharm = await bundleTsCharm(path.join(FIXTURES, "ts-client"));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-mixed-"));
    sim = Simulator.open(dir);
  });
  afterAll(() => {
    sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(tsCharm, { recursive: true, force: true });
  });

  test("they integrate and see each other's relation data and the granted secret", async () => {
    expect((await sim.deploy("db", path.join(FIXTURES, "shell-db"))).failed).toBeUndefined();
    expect((await sim.deploy("client", tsCharm, { units: 2 })).failed).toBeUndefined();
    const run = await sim.integrate("client", "db");
    expect(run.failed).toBeUndefined();
    // The shell provider read the TypeScript charm's app bag.
    const dbSide = sim.showUnit("db/0")["db/0"]?.["relation-info"]?.find((r) => r.endpoint === "db");
    expect(dbSide?.["application-data"]).toEqual({ database: "tsdb" });
    expect(dbSide?.["local-unit"].data["seen-database"]).toBe("tsdb");
    // The TypeScript requirer read the shell provider's app bag and its granted secret.
    for (const unit of ["client/0", "client/1"]) {
      const bag = sim.showUnit(unit)[unit]?.["relation-info"]?.[0]?.["local-unit"].data;
      expect(bag).toMatchObject({ host: "10.0.0.1", "password-sha256": sha256(`s3cret-${run.relationId}`) });
      expect(sim.model.units[unit]?.status).toEqual({ status: "active", message: "database at 10.0.0.1" });
    }
  });

  test("the TypeScript charm follows a secret rotation through secret-changed", async () => {
    const outcome = await sim.runAction("db/0", "rotate-password");
    expect(outcome.failed).toBeUndefined();
    expect(outcome.hooks.map((h) => `${h.unit} ${h.hook}`)).toEqual(expect.arrayContaining(["client/0 secret-changed", "client/1 secret-changed", "db/0 secret-remove"]));
    const latest = sim.model.secrets[0]?.revisions.at(-1)?.content["password"] ?? "";
    const bag = sim.showUnit("client/1")["client/1"]?.["relation-info"]?.[0]?.["local-unit"].data;
    expect(bag?.["password-sha256"]).toBe(sha256(latest));
  });

  test("actions of the TypeScript charm return results", async () => {
    const outcome = await sim.runAction("client/0", "show");
    expect(outcome).toMatchObject({ status: "completed", results: { related: "yes", host: "10.0.0.1" } });
  });

  test("remove-relation reaches the TypeScript charm's broken handler", async () => {
    const run = await sim.removeRelation("client", "db");
    expect(run.failed).toBeUndefined();
    expect(sim.model.units["client/0"]?.status).toEqual({ status: "waiting", message: "no database" });
  });
});
