import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FakeTools } from "./fake-tools.js";
import { bundleCounterCharm, counterHookEnv } from "./fixtures/counter-bundle.js";

let fake: FakeTools;
let bundle: string;
let stateFile: string;
let localFile: string;
const ON_KUBERNETES = { KUBERNETES_SERVICE_HOST: "10.152.183.1" };

beforeAll(async () => {
  fake = new FakeTools();
  stateFile = join(fake.root, "controller-state.json");
  localFile = join(fake.root, ".ops-ts-state.json");
  bundle = join(fake.root, "charm.cjs");
  await bundleCounterCharm(bundle);
});
afterAll(() => fake.dispose());
beforeEach(() => {
  fake.clearCalls();
  fake.resetAnswers();
  fake.persistentState(stateFile);
  rmSync(stateFile, { force: true });
  rmSync(localFile, { force: true });
});

function runCharm(hook: string, extra: Record<string, string | undefined> = {}) {
  const env: Record<string, string> = {};
  const merged: Record<string, string | undefined> = { ...counterHookEnv(hook, fake.root, fake.path()), ...extra };
  for (const [k, v] of Object.entries(merged)) if (v !== undefined) env[k] = v;
  return spawnSync("node", [bundle], { env, encoding: "utf8", cwd: fake.root });
}

const statusCalls = () => fake.calls().filter((c) => c.tool === "status-set").map((c) => c.argv);

describe("a bundled charm run as a real node process", () => {
  const tools = () => fake.calls().map((c) => c.tool);
  const storedRuns = (values: Record<string, string>) => JSON.parse(values["ops-ts/stored/charm/counter"] ?? "null") as unknown;
  const localValues = () => (JSON.parse(readFileSync(localFile, "utf8")) as { values: Record<string, string> }).values;

  test("on a machine, stored state survives a new process in the charm directory's file: state-get only while there is none", () => {
    const first = runCharm("update-status");
    expect(first.status).toBe(0);
    expect(first.stdout).toBe("INFO run 1\n");
    expect(tools()).toEqual(["state-get", "status-set"]);
    fake.clearCalls();
    const second = runCharm("update-status");
    expect(second.status).toBe(0);
    expect(tools()).toEqual(["status-set"]);
    expect(statusCalls()).toEqual([["--application=False", "active", "--", "runs=2"]]);
    expect(storedRuns(localValues())).toEqual({ runs: 2 });
    expect(statSync(localFile).mode & 0o777).toBe(0o600);
    expect(existsSync(stateFile)).toBe(false);
  });

  test("on Kubernetes, stored state lives in the charm directory's file with a copy in the controller: the first hook reads the controller, later ones only send what changed", () => {
    expect(runCharm("update-status", ON_KUBERNETES).status).toBe(0);
    expect(runCharm("update-status", ON_KUBERNETES).status).toBe(0);
    expect(tools()).toEqual(["state-get", "state-set", "status-set", "state-set", "status-set"]);
    expect(statusCalls().at(-1)).toEqual(["--application=False", "active", "--", "runs=2"]);
    expect(storedRuns(JSON.parse(readFileSync(stateFile, "utf8")) as Record<string, string>)).toEqual({ runs: 2 });
    expect(storedRuns(localValues())).toEqual({ runs: 2 });
    expect(statSync(localFile).mode & 0o777).toBe(0o600);
  });

  test("on Kubernetes, a new pod (its charm directory without the file) starts from the controller's copy", () => {
    expect(runCharm("update-status", ON_KUBERNETES).status).toBe(0);
    rmSync(localFile);
    fake.clearCalls();
    const next = runCharm("update-status", ON_KUBERNETES);
    expect([next.status, next.stdout]).toEqual([0, "INFO run 2\n"]);
    expect(tools()).toEqual(["state-get", "state-set", "status-set"]);
    expect(storedRuns(localValues())).toEqual({ runs: 2 });
  });

  test("a unit that kept its state in the controller carries it over into the file once, and the controller's copy is deleted", () => {
    writeFileSync(stateFile, JSON.stringify({ "ops-ts/stored/charm/counter": JSON.stringify({ runs: 5 }) }));
    expect(runCharm("update-status").status).toBe(0);
    expect(tools()).toEqual(["state-get", "state-delete", "status-set"]);
    expect(storedRuns(localValues())).toEqual({ runs: 6 });
    expect(JSON.parse(readFileSync(stateFile, "utf8"))).toEqual({});
  });

  test("a throwing handler exits 1, logs Name: message (no stack) and writes nothing", () => {
    expect(runCharm("update-status").status).toBe(0);
    const before = readFileSync(localFile, "utf8");
    fake.clearCalls();
    const result = runCharm("install");
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("Error: install is broken\n");
    expect(tools()).toEqual(["juju-log"]);
    expect(fake.calls()[0]!.argv).toEqual(["--log-level", "ERROR", "--", "install failed: Error: install is broken"]);
    expect(readFileSync(localFile, "utf8")).toBe(before);
    expect(existsSync(stateFile)).toBe(false);
  });

  test("a throwing handler on Kubernetes writes no controller state either, and no file", () => {
    const result = runCharm("install", ON_KUBERNETES);
    expect(result.status).toBe(1);
    expect(tools()).toEqual(["state-get", "juju-log"]);
    expect(existsSync(stateFile)).toBe(false);
    expect(existsSync(localFile)).toBe(false);
  });

  test("main() gates tools by JUJU_VERSION: on 2.7 (no controller state) state-get is never spawned", () => {
    // On Kubernetes the state has nowhere to go: the hook fails naming the version it needs.
    const k8s = runCharm("update-status", { JUJU_VERSION: "2.7.6", ...ON_KUBERNETES });
    expect(k8s.status).toBe(1);
    expect(k8s.stderr).toMatch(/^ToolUnavailableError: hook tool state-get is not available on Juju 2\.7\.6: it needs Juju >= 2\.8\.0/);
    expect(tools()).toEqual(["juju-log"]);
    // On a machine the file starts empty: there is no controller state to carry over.
    fake.clearCalls();
    const machine = runCharm("update-status", { JUJU_VERSION: "2.7.6" });
    expect(machine.status).toBe(0);
    expect(tools()).toEqual(["status-set"]);
    expect(storedRuns(localValues())).toEqual({ runs: 1 });
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
