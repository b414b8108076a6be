// Issue 9 point 3, real processes: a sample of hook orders on the model Simulator, where the
// reliability requirer charm (bundled, lib/ops main()) and a scripted sh provider run as real
// processes with hook-tool shims. Each requirer hook prints the events it delivered (password
// tags only); the same invariants as the in-process exploration are checked on them.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { Simulator, type RunResult } from "../../lib/testing/simulator/index.js";
import { bundleTsCharm } from "../testing/simulator/ts-charm-bundle.js";
import { recordReliabilityNumbers } from "./reliability-numbers.js";

const FIXTURES = path.join(__dirname, "fixtures");
type Delivered = [name: string, password: string, deferred: boolean];

let work: string;
let requirerDir: string;
let hooksRun = 0;
const ordersRun: string[] = [];

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "reliability-real-"));
  requirerDir = await bundleTsCharm(path.join(FIXTURES, "requirer"));
});
afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(requirerDir, { recursive: true, force: true });
  recordReliabilityNumbers("hook orders on the Simulator (real processes)", { "orders run": ordersRun.length, "hooks run": hooksRun, orders: ordersRun.join("; ") });
});

/** Events each requirer unit delivered in committed hooks of `runs`. */
function delivered(runs: readonly RunResult[]): Map<string, Delivered[]> {
  const out = new Map<string, Delivered[]>();
  for (const run of runs) {
    hooksRun += run.hooks.length;
    for (const h of run.hooks) {
      if (!h.unit.startsWith("myapp/") || !h.ok) continue;
      const line = h.stdout.split("\n").find((l) => l.startsWith("EVENTS "));
      const events = line === undefined ? [] : (JSON.parse(line.slice("EVENTS ".length)) as Delivered[]);
      out.set(h.unit, [...(out.get(h.unit) ?? []), ...events]);
    }
  }
  return out;
}

function names(events: readonly Delivered[] | undefined): string[] {
  return (events ?? []).filter((e) => !e[2]).map((e) => `${e[0]}:${e[1]}`);
}

async function scenario(name: string, steps: (sim: Simulator) => Promise<RunResult[]>): Promise<Map<string, Delivered[]>> {
  const sim = Simulator.open(path.join(work, name), { onHookFailure: "continue" });
  try {
    ordersRun.push(name);
    const runs = await steps(sim);
    for (const run of runs) for (const h of run.hooks) expect(`${h.unit} ${h.hook} ${h.ok ? "ok" : h.stderr}`).toBe(`${h.unit} ${h.hook} ok`);
    return delivered(runs);
  } finally {
    sim.close();
  }
}

test("grant with the data, rotation, leader change, removal: each unit gets created, rotated and removed exactly once", async () => {
  const seen = await scenario("grant-first", async (sim) => [
    await sim.deploy("postgresql", path.join(FIXTURES, "provider")),
    await sim.deploy("myapp", requirerDir, { units: 2 }),
    await sim.integrate("myapp", "postgresql"),
    await sim.runAction("postgresql/0", "rotate"),
    await sim.setLeader("myapp/1"),
    await sim.removeRelation("myapp", "postgresql"),
  ]);
  for (const unit of ["myapp/0", "myapp/1"]) {
    expect(names(seen.get(unit))).toEqual(["databaseCreated:rev1", "credentialsRotated:rev2", "databaseRemoved:none"]);
  }
});

test("secret granted after the data: units hold, the next hook after the grant delivers databaseCreated once", async () => {
  const seen = await scenario("grant-late", async (sim) => [
    await sim.deploy("postgresql", path.join(FIXTURES, "provider"), { config: { "grant-late": true } }),
    await sim.deploy("myapp", requirerDir, { units: 2 }),
    await sim.integrate("myapp", "postgresql"),
    await sim.runAction("postgresql/0", "grant"),
    await sim.fireHook("myapp/0", "update-status"),
    await sim.fireHook("myapp/1", "update-status"),
    await sim.fireHook("myapp/0", "update-status"),
    await sim.removeRelation("myapp", "postgresql"),
  ]);
  for (const unit of ["myapp/0", "myapp/1"]) {
    expect(names(seen.get(unit))).toEqual(["databaseCreated:rev1", "databaseRemoved:none"]);
  }
});

test("a unit added after a rotation starts from the latest revision and gets no credentialsRotated", async () => {
  const seen = await scenario("late-unit", async (sim) => [
    await sim.deploy("postgresql", path.join(FIXTURES, "provider")),
    await sim.deploy("myapp", requirerDir),
    await sim.integrate("myapp", "postgresql"),
    await sim.runAction("postgresql/0", "rotate"),
    await sim.addUnit("myapp"),
  ]);
  expect(names(seen.get("myapp/0"))).toEqual(["databaseCreated:rev1", "credentialsRotated:rev2"]);
  expect(names(seen.get("myapp/1"))).toEqual(["databaseCreated:rev2"]);
});
