// Run observers (lib/testing/run-observer.ts): the `observer` option of a Context and of a
// Simulator, and `observeRuns` for every one in the process; what an observer receives.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { CharmBase, MaintenanceStatus } from "../../../lib/ops/index.js";
import { Context, observeRuns, state, type ObservedRun } from "../../../lib/testing/index.js";
import { Simulator } from "../../../lib/testing/simulator/index.js";

class TalkingCharm extends CharmBase {
  protected override setup(): void {
    this.on("install", () => {
      this.log.info("installing");
      this.unit.setStatus(new MaintenanceStatus("getting ready"));
    });
    this.on("action:greet", (e) => {
      e.setResults({ greeting: `hello ${String(e.params["name"])}` });
      e.log("greeted");
    });
    this.on("start", () => {
      throw new Error("no start today");
    });
  }
}

const METADATA = { name: "talker" };
const ACTIONS = { greet: { params: { name: { type: "string" } } } };

describe("the harness hands each run to its observers", () => {
  test("the Context option sees logs, statuses, input and output state; an action's params and results", async () => {
    const seen: ObservedRun[] = [];
    const ctx = new Context(TalkingCharm, { metadata: METADATA, actions: ACTIONS, observer: (run) => seen.push(run) });
    const input = state();
    const out = await ctx.run(ctx.on.install(), input);
    await ctx.run(ctx.on.action("greet", { name: "ann" }), out);
    expect(seen).toHaveLength(2);
    const [install, greet] = seen;
    expect(install).toMatchObject({ kind: "harness", label: "harness talker/0 install", unit: "talker/0", hook: "install", ok: true, input, output: out });
    expect(install?.logs.map((l) => l.message)).toContain("installing");
    expect(install?.statuses.map((s) => s.message)).toEqual(["getting ready"]);
    expect(install?.action).toBeUndefined();
    expect(greet?.action).toEqual({ name: "greet", params: { name: "ann" }, results: { greeting: "hello ann" }, log: ["greeted"], failure: undefined });
  });

  test("a failing run is observed too, without an output state and with the error", async () => {
    const seen: ObservedRun[] = [];
    const ctx = new Context(TalkingCharm, { metadata: METADATA, catchCharmErrors: true, observer: (run) => seen.push(run) });
    await ctx.run(ctx.on.start(), state());
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ kind: "harness", ok: false, output: undefined, error: "Error: no start today" });
  });

  test("observeRuns sees every Context until it is stopped; an observer that throws fails the run", async () => {
    const seen: string[] = [];
    const stop = observeRuns((run) => seen.push(run.label));
    const a = new Context(TalkingCharm, { metadata: METADATA });
    const b = new Context(TalkingCharm, { metadata: { name: "other" } });
    await a.run(a.on.install(), state());
    await b.run(b.on.install(), state());
    stop();
    await a.run(a.on.install(), state());
    expect(seen).toEqual(["harness talker/0 install", "harness other/0 install"]);

    const broken = new Context(TalkingCharm, {
      metadata: METADATA,
      observer: () => {
        throw new Error("observer says no");
      },
    });
    await expect(broken.run(broken.on.install(), state())).rejects.toThrow("observer says no");
  });
});

describe("the simulator hands each hook to its observers", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "run-observer-"));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  test("what the charm process printed and logged, and the model after the hook", async () => {
    const charm = join(root, "charm");
    mkdirSync(charm);
    writeFileSync(join(charm, "metadata.yaml"), "name: echo-sh\nsummary: says what it does\n");
    writeFileSync(join(charm, "dispatch"), '#!/bin/sh\nset -e\necho "stdout of $JUJU_HOOK_NAME"\njuju-log -- "log of $JUJU_HOOK_NAME"\nstatus-set active -- "ran $JUJU_HOOK_NAME"\n');
    chmodSync(join(charm, "dispatch"), 0o755);
    const seen: ObservedRun[] = [];
    const sim = Simulator.open(join(root, "model"), { observer: (run) => seen.push(run) });
    try {
      const run = await sim.deploy("echo-sh", charm);
      expect(run.failed).toBeUndefined();
      expect(seen.map((r) => r.hook)).toEqual(run.hooks.map((h) => h.hook));
      const install = seen[0];
      if (install?.kind !== "simulator") throw new Error(`expected a simulator hook, got ${install?.kind}`);
      expect(install).toMatchObject({ label: "simulator echo-sh/0 install", unit: "echo-sh/0", ok: true, modelDir: sim.modelDir });
      expect(install.stdout).toBe("stdout of install\n");
      expect(install.logs.map((l) => l.message)).toEqual(["log of install"]);
      expect(install.statuses.map((s) => s.message)).toEqual(["ran install"]);
      expect(Object.keys(install.model.units)).toEqual(["echo-sh/0"]);
    } finally {
      sim.close();
    }
  });
});
