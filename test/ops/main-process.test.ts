import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FakeTools } from "./fake-tools.js";
import { bundleCounterCharm, counterHookEnv } from "./fixtures/counter-bundle.js";

let fake: FakeTools;
let bundle: string;
let stateFile: string;

beforeAll(async () => {
  fake = new FakeTools();
  stateFile = join(fake.root, "controller-state.json");
  bundle = join(fake.root, "charm.cjs");
  await bundleCounterCharm(bundle);
});
afterAll(() => fake.dispose());
beforeEach(() => {
  fake.clearCalls();
  fake.resetAnswers();
  fake.persistentState(stateFile);
});

function runCharm(hook: string, extra: Record<string, string | undefined> = {}) {
  const env: Record<string, string> = {};
  const merged: Record<string, string | undefined> = { ...counterHookEnv(hook, fake.root, fake.path()), ...extra };
  for (const [k, v] of Object.entries(merged)) if (v !== undefined) env[k] = v;
  return spawnSync("node", [bundle], { env, encoding: "utf8", cwd: fake.root });
}

const statusCalls = () => fake.calls().filter((c) => c.tool === "status-set").map((c) => c.argv);

describe("a bundled charm run as a real node process", () => {
  test("stored state survives a new process (state-get/state-set persisted to a file)", () => {
    const first = runCharm("update-status");
    expect(first.status).toBe(0);
    expect(first.stdout).toBe("INFO run 1\n");
    const second = runCharm("update-status");
    expect(second.status).toBe(0);
    expect(statusCalls()).toEqual([
      ["--application=False", "active", "--", "runs=1"],
      ["--application=False", "active", "--", "runs=2"],
    ]);
    expect(JSON.parse(JSON.parse(readFileSync(stateFile, "utf8"))["ops-ts/stored/charm/counter"])).toEqual({ runs: 2 });
  });

  test("a throwing handler exits 1, logs Name: message (no stack) and writes nothing", () => {
    const before = existsSync(stateFile) ? readFileSync(stateFile, "utf8") : "";
    const result = runCharm("install");
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("Error: install is broken\n");
    expect(fake.calls().map((c) => c.tool)).toEqual(["state-get", "juju-log"]);
    expect(fake.calls()[1]!.argv).toEqual(["--log-level", "ERROR", "--", "install failed: Error: install is broken"]);
    expect(existsSync(stateFile) ? readFileSync(stateFile, "utf8") : "").toBe(before);
  });

  test("main() gates tools by JUJU_VERSION: on 2.7 (no controller state) state-get is never spawned", () => {
    const result = runCharm("update-status", { JUJU_VERSION: "2.7.6" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^ToolUnavailableError: hook tool state-get is not available on Juju 2\.7\.6: it needs Juju >= 2\.8\.0/);
    expect(fake.calls().map((c) => c.tool)).toEqual(["juju-log"]);
  });

  test("unhandled hooks exit 0; a nested dispatch exits 0 without touching Juju", () => {
    expect(runCharm("leader-elected").status).toBe(0);
    fake.clearCalls();
    const nested = runCharm("update-status", { OPS_TS_DISPATCH: "1" });
    expect(nested.status).toBe(0);
    expect(fake.calls()).toEqual([]);
  });

  test("a broken environment exits 1 with a ContextError naming the variable", () => {
    const result = runCharm("update-status", { JUJU_UNIT_NAME: undefined });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^ContextError: JUJU_UNIT_NAME: missing or empty/);
    expect(fake.calls()).toEqual([]);
  });
});
