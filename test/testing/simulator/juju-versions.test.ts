/**
 * The simulator runs a model of one Juju version: which tools its units find on PATH (and a
 * record of every call of a missing one), and the version's secret-changed rule applied when a
 * queued hook's turn comes (docs/juju-behaviour.md).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { JUJU_VERSION_MATRIX } from "../../../lib/testing/index.js";
import { Simulator, SimulatorError, type HookRunRecord } from "../../../lib/simulator.js";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "charms");
const V = JUJU_VERSION_MATRIX;

const dirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A Node charm that runs relation-model-get on install, once through require() and once through an ESM import. */
function probeCharm(): string {
  const dir = tempDir("probe-charm-");
  fs.writeFileSync(path.join(dir, "metadata.yaml"), "name: probe\nsummary: calls relation-model-get\n");
  fs.writeFileSync(
    path.join(dir, "cjs.cjs"),
    'const r = require("node:child_process").spawnSync("relation-model-get", ["--format=json"], { encoding: "utf8" });\nprocess.stdout.write(`cjs ${r.error ? r.error.code : r.status}\\n`);\n',
  );
  fs.writeFileSync(
    path.join(dir, "esm.mjs"),
    'import { spawnSync } from "node:child_process";\nconst r = spawnSync("relation-model-get", ["--format=json"], { encoding: "utf8" });\nprocess.stdout.write(`esm ${r.error ? r.error.code : r.status}\\n`);\n',
  );
  fs.writeFileSync(
    path.join(dir, "dispatch"),
    '#!/bin/sh\nhook=${JUJU_DISPATCH_PATH#*/}\n[ "$hook" = install ] || exit 0\nnode "$(dirname "$0")/cjs.cjs" && node "$(dirname "$0")/esm.mjs"\n',
    { mode: 0o755 },
  );
  return dir;
}

function order(hooks: readonly HookRunRecord[]): string[] {
  return hooks.map((h) => `${h.unit} ${h.hook}`);
}

describe("a simulated model's Juju version", () => {
  test("is fixed at creation: Simulator.open takes it, and reopening with another version is refused", () => {
    const dir = tempDir("sim-version-");
    const sim = Simulator.open(dir, { jujuVersion: V["3.4"] });
    expect(sim.model.jujuVersion).toBe(V["3.4"]);
    sim.close();
    expect(() => Simulator.open(dir, { jujuVersion: V["4.0"] })).toThrow(SimulatorError);
    const again = Simulator.open(dir);
    expect(again.model.jujuVersion).toBe(V["3.4"]);
    again.close();
    expect(() => Simulator.open(tempDir("sim-version-"), { jujuVersion: "latest" })).toThrow(SimulatorError);
  });

  test.each([
    [V["3.4"], "ENOENT", [{ seq: 1, unit: "probe/0", hook: "install", cmd: "relation-model-get" }, { seq: 1, unit: "probe/0", hook: "install", cmd: "relation-model-get" }]],
    [V["3.6"], "2", []],
  ])("on %s relation-model-get is %s for a Node charm, and absentToolCalls() says so", async (version, outcome, absent) => {
    const sim = Simulator.open(tempDir("sim-probe-"), { jujuVersion: version });
    try {
      const run = await sim.deploy("probe", probeCharm());
      expect(run.failed).toBeUndefined();
      // Through the shim (3.6) the tool runs and fails its own way: no relation id in an install hook.
      expect(run.hooks[0]?.stdout).toBe(`cjs ${outcome}\nesm ${outcome}\n`);
      expect(sim.absentToolCalls()).toEqual(absent);
    } finally {
      sim.close();
    }
  });
});

describe.each([
  [V["3.6.1"], true],
  [V["3.6"], true],
  [V["4.0"], false],
])("secret-changed on Juju %s for a unit that refreshed in relation-changed first", (version, delivered) => {
  test(delivered ? "is still delivered (the uniter compares with the last secret-changed it ran)" : "is not delivered (only consumers behind the latest are notified)", async () => {
    const sim = Simulator.open(tempDir("sim-secret-"), { jujuVersion: version });
    try {
      await sim.deploy("vault", path.join(FIXTURES, "vault-rotator"));
      await sim.deploy("reader", path.join(FIXTURES, "vault-reader"));
      const integrated = await sim.integrate("reader", "vault");
      expect(integrated.failed).toBeUndefined();
      const run = await sim.fireHook("vault/0", "rotate");
      expect(run.failed).toBeUndefined();
      // Revision 1 is tracked by nobody once the reader refreshed: the owner gets secret-remove for it.
      const expected = ["vault/0 rotate", "reader/0 creds-relation-changed", ...(delivered ? ["reader/0 secret-changed"] : []), "vault/0 secret-remove"];
      expect(order(run.hooks)).toEqual(expected);
      if (delivered) expect(run.hooks[2]?.spec).toMatchObject({ kind: "secret", event: "changed", revision: 2 });
      expect(run.hooks.at(-1)?.spec).toMatchObject({ kind: "secret", event: "remove", revision: 1 });
      expect(sim.absentToolCalls()).toEqual([]);
    } finally {
      sim.close();
    }
  });
});
