/**
 * jest `setupFilesAfterEnv`: registers this suite's secret-hygiene observer (run-recorder.ts)
 * with `observeRuns`, so every harness run and simulator hook of every test file is recorded
 * into the run's spool (created by test/reliability/hygiene/global-setup.cjs, scanned by its
 * global-teardown.cjs). Records nothing when `CHARM_TEST_SPOOL` is unset.
 */
// The observer module itself, not the testing entry: it has no runtime imports, so test files
// that never touch the harness do not pay for loading it.
import { observeRuns } from "../../../lib/testing/run-observer.js";
import { recordRun } from "./run-recorder.js";

observeRuns(recordRun);
