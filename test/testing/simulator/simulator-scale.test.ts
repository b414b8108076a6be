import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Simulator } from "../../../lib/testing/simulator/index.js";

/** Pids of live processes whose environment mentions `marker`. */
function processesMentioning(marker: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/environ`, "latin1").includes(marker)) found.push(Number(entry));
    } catch {
      // exited meanwhile, or not ours
    }
  }
  return found;
}

test("50 units' worth of hooks leave no processes and no temporary files behind", async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "sim-scale-"));
  const charm = path.join(work, "charm");
  const modelDir = path.join(work, "model");
  const tmpRoot = path.join(work, "tmp");
  fs.mkdirSync(charm);
  fs.mkdirSync(tmpRoot);
  fs.writeFileSync(path.join(charm, "metadata.yaml"), "name: tiny\n");
  // start leaves a background process behind, as sloppy charms do: the simulator must reap it.
  fs.writeFileSync(
    path.join(charm, "dispatch"),
    '#!/bin/sh\nstatus-set active -- "$JUJU_HOOK_NAME"\n[ "$JUJU_HOOK_NAME" = start ] && (sleep 300 &)\nexit 0\n',
    { mode: 0o755 },
  );
  const sim = Simulator.open(modelDir, { tmpRoot });
  try {
    const deployed = await sim.deploy("tiny", charm, { units: 50 });
    expect(deployed.failed).toBeUndefined();
    expect(deployed.hooks).toHaveLength(50 * 3 + 1); // install, config-changed, start each; leader-elected once
    const removed = await sim.removeUnit("tiny/0");
    expect(removed.hooks.map((h) => h.hook)).toEqual(["stop", "remove", "leader-elected"]);
    expect(Object.keys(sim.model.units)).toHaveLength(49);
    expect(fs.readdirSync(tmpRoot)).toHaveLength(1); // the live transport's directory
  } finally {
    sim.close();
  }
  expect(processesMentioning(modelDir)).toEqual([]);
  expect(fs.readdirSync(tmpRoot)).toEqual([]);
  fs.rmSync(work, { recursive: true, force: true });
});
