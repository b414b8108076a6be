/**
 * Time limits in tests are hang detectors, never speed assertions (issue 15, "Why" 8): each is
 * written for an idle machine and multiplied by a factor that grows with the machine's load, so a
 * busy CI runner (or eight agents on two cores) slows tests down without failing them.
 *
 * The factor is `CDI_TEST_TIME_SCALE` when set, else 1 + the 1-minute load average per core,
 * rounded up, between 2 (jest's own workers load the machine) and 10. It is sampled when a test
 * file loads, so files that start later on a busier machine get more time.
 */
import * as os from "node:os";

/** The current factor; see the module comment. */
export function timeScale(): number {
  const forced = Number(process.env["CDI_TEST_TIME_SCALE"]);
  if (Number.isFinite(forced) && forced > 0) return forced;
  const cores = Math.max(1, os.availableParallelism());
  const perCore = (os.loadavg()[0] ?? 0) / cores;
  return Math.min(10, Math.max(2, Math.ceil(1 + perCore)));
}

/** The factor for this test file. */
export const TIME_SCALE = timeScale();

/** `idleMs` (the limit on an idle machine) scaled for the current load. */
export function scaled(idleMs: number): number {
  return Math.round(idleMs * TIME_SCALE);
}
