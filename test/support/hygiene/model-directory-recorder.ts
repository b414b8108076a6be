/**
 * Secret hygiene for simulators that ran in another process (the packed `sim` bin in
 * test/package): the suite's observer lives in the jest worker and never saw those hooks, but
 * their model directory keeps them. Reads the hook log (logs, stdout, stderr) and the model as
 * it is now (its secrets and databags), and hands each hook to the recorder.
 */
import { Simulator } from "../../../lib/simulator.js";
import { recordRun } from "./run-recorder.js";

/** Records every hook of the model in `modelDir`; returns how many. */
export function recordModelDirectory(modelDir: string): number {
  const sim = Simulator.open(modelDir);
  try {
    const hooks = sim.log();
    for (const hook of hooks) {
      recordRun({
        kind: "simulator",
        label: `simulator (another process) ${hook.unit} ${hook.hook}`,
        unit: hook.unit,
        hook: hook.hook,
        ok: hook.ok,
        logs: hook.logs ?? [],
        statuses: [],
        stdout: hook.stdout,
        stderr: hook.stderr,
        modelDir: sim.modelDir,
        charmDir: sim.unitCharmDir(hook.unit),
        model: sim.model,
      });
    }
    return hooks.length;
  } finally {
    sim.close();
  }
}
