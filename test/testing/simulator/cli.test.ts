import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runSim } from "../../../lib/cli/index.js";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "charms");

describe("runSim", () => {
  let modelDir: string;
  let out: string;
  let err: string;
  const io = {
    stdout: (t: string): void => {
      out += t;
    },
    stderr: (t: string): void => {
      err += t;
    },
  };
  const sim = async (...argv: string[]): Promise<number> => {
    out = "";
    err = "";
    return runSim(["--model-dir", modelDir, ...argv], io);
  };
  beforeAll(async () => {
    modelDir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-cli-"));
    expect(await sim("deploy", path.join(FIXTURES, "shell-db"), "db", "-n", "2", "--config", "greeting=hi")).toBe(0);
    expect(await sim("deploy", path.join(FIXTURES, "shell-app"))).toBe(0);
    expect(await sim("integrate", "shell-app:db", "db")).toBe(0);
  });
  afterAll(() => fs.rmSync(modelDir, { recursive: true, force: true }));

  test("successive calls continue one model kept in --model-dir", async () => {
    expect(await sim("status", "--format=json")).toBe(0);
    const status = JSON.parse(out) as { applications: Record<string, { units: Record<string, { "workload-status": { message?: string } }>; relations: Record<string, string[]> }> };
    expect(Object.keys(status.applications)).toEqual(["db", "shell-app"]);
    expect(status.applications["db"]?.units["db/1"]?.["workload-status"].message).toBe("greeting: hi");
    expect(status.applications["shell-app"]?.relations).toEqual({ db: ["db"] });
  });

  test("show-unit prints Juju's JSON shape with relation data", async () => {
    expect(await sim("show-unit", "db/0", "--format", "json")).toBe(0);
    const view = JSON.parse(out) as Record<string, { leader: boolean; "relation-info": Array<{ endpoint: string; "related-endpoint": string; "application-data": Record<string, string>; "related-units"?: Record<string, { data: Record<string, string> }> }> }>;
    const db = view["db/0"];
    expect(db?.leader).toBe(true);
    const rel = db?.["relation-info"].find((r) => r.endpoint === "db");
    expect(rel).toMatchObject({ "related-endpoint": "db", "application-data": { database: "appdb" } });
    expect(rel?.["related-units"]?.["shell-app/0"]?.data["password-sha256"]).toMatch(/^[0-9a-f]{64}$/);
  });

  test("run prints action results and fails with exit 1 for a failed action", async () => {
    expect(await sim("run", "db/0", "get-data", "verbose=true")).toBe(0);
    expect(out).toContain("greeting: hi");
    expect(await sim("run", "db/0", "fail", "--format=json")).toBe(1);
    expect(JSON.parse(out)).toMatchObject({ "db/0": { status: "failed", message: "asked to fail" } });
  });

  test("config reads and sets options, typed by the charm's config.yaml", async () => {
    expect(await sim("config", "db", "greeting")).toBe(0);
    expect(out).toBe("hi\n");
    expect(await sim("config", "db", "greeting=salut")).toBe(0);
    expect(err).toContain("db/0 config-changed -> ok");
    expect(await sim("config", "db", "nope=1")).toBe(2);
    expect(err).toContain('unknown config option "nope"');
  });

  test("add-unit, remove-unit and log", async () => {
    expect(await sim("add-unit", "shell-app")).toBe(0);
    expect(await sim("remove-unit", "shell-app/1")).toBe(0);
    expect(err).toContain("shell-app/1 remove -> ok");
    expect(await sim("log", "--unit", "shell-app/1")).toBe(0);
    expect(out.split("\n")[0]).toMatch(/^#\d+ shell-app\/1 install -> ok/);
  });

  test("a failing hook is reported with its output and exit 1; remove-relation runs the departure hooks", async () => {
    expect(await sim("config", "shell-app", "--reset", "nothing")).toBe(1);
    expect(err).toContain('config option "nothing" is not defined');
    expect(await sim("remove-relation", "shell-app", "db")).toBe(0);
    expect(err).toContain("shell-app/0 db-relation-broken -> ok");
    expect(await sim("config", "db", "fail-hook=config-changed")).toBe(1);
    expect(err).toContain("--- stderr\nfailing config-changed on purpose");
  });

  test("usage errors exit 2", async () => {
    expect(await sim("frobnicate")).toBe(2);
    expect(await sim("deploy")).toBe(2);
    expect(err).toContain("missing charm directory");
  });
});
