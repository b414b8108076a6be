/**
 * The run observer of this test suite's secret-hygiene check: turns each harness run and
 * simulator hook (lib/testing/run-observer.ts) into spool records, the texts of the run and
 * the secret values of the state or model it ran against. A no-op unless `CHARM_TEST_SPOOL`
 * is set (see `output-spool.ts`). What counts as a credential, and where a requirer keeps its
 * memory of provider data, is this repository's knowledge: it lives here, not in the harness.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LOCAL_STATE_FILE } from "../../../lib/ops/index.js";
import type { ModelState, ObservedOutput, ObservedRun, State } from "../../../lib/testing/index.js";
import { SECRET_ACTION_PATTERN, spoolBatch, spoolDatabagCredentials, spoolDir, spoolSecretContent, spoolTexts } from "./output-spool.js";

/** Unit databag keys where a requirer keeps its memory of provider data (must be digests, never values). */
const SNAPSHOT_KEYS = ["data", "data-digests"] as const;

function spoolOutput(run: ObservedOutput): void {
  spoolTexts(`${run.label}: log`, run.logs.map((l) => l.message));
  spoolTexts(`${run.label}: status`, run.statuses.map((s) => s.message));
  spoolTexts(`${run.label}: error`, [run.error]);
  spoolTexts(`${run.label}: stdout/stderr`, [run.stdout, run.stderr]);
  const action = run.action;
  if (action === undefined) return;
  const params = Object.fromEntries(Object.entries(action.params).filter((e): e is [string, string] => typeof e[1] === "string"));
  spoolDatabagCredentials(`${run.label}: action parameters`, params);
  spoolTexts(`${run.label}: action log`, [...action.log, action.failure]);
  // An action that hands out credentials was asked for them: its results are not a leak.
  if (!SECRET_ACTION_PATTERN.test(action.name)) spoolTexts(`${run.label}: action results`, Object.values(action.results));
}

/** A harness run: its texts, the output state's stored state and snapshots, every secret value of both states. */
function spoolHarnessRun(label: string, input: State, output: State | undefined): void {
  for (const st of output === undefined ? [input] : [input, output]) {
    for (const s of st.secrets) {
      spoolSecretContent(`${label}: secret ${s.id}`, s.trackedContent);
      spoolSecretContent(`${label}: secret ${s.id}`, s.latestContent);
    }
    for (const r of st.relations) {
      spoolDatabagCredentials(`${label}: relation ${r.id}`, r.localAppData);
      spoolDatabagCredentials(`${label}: relation ${r.id}`, r.localUnitData);
      if (r.kind !== "peer") spoolDatabagCredentials(`${label}: relation ${r.id}`, r.remoteAppData);
    }
  }
  if (output === undefined) return;
  spoolTexts(`${label}: stored state`, Object.values(output.storedState));
  for (const r of output.relations) spoolTexts(`${label}: relation ${r.id} unit snapshot`, SNAPSHOT_KEYS.map((k) => r.localUnitData[k]));
}

/** A simulator hook: the unit's state (controller and file) and snapshots, every secret value of the model. */
function spoolSimulatorModel(label: string, model: Readonly<ModelState>, unit: string, charmDir: string): void {
  for (const s of model.secrets) for (const rev of s.revisions) spoolSecretContent(`${label}: secret ${s.id}`, rev.content);
  for (const r of model.relations) {
    for (const bag of [...Object.values(r.appData), ...Object.values(r.unitData)]) spoolDatabagCredentials(`${label}: relation ${r.id}`, bag);
    spoolTexts(`${label}: relation ${r.id} unit snapshot`, SNAPSHOT_KEYS.map((k) => r.unitData[unit]?.[k]));
  }
  spoolTexts(`${label}: controller state`, Object.values(model.units[unit]?.state ?? {}));
  // A machine unit keeps its state in its charm directory; the whole file is scanned, as written.
  const file = join(charmDir, LOCAL_STATE_FILE);
  if (existsSync(file)) spoolTexts(`${label}: state file`, [readFileSync(file, "utf8")]);
}

/** The observer: records one run into the spool (nothing without `CHARM_TEST_SPOOL`). */
export function recordRun(run: ObservedRun): void {
  if (spoolDir() === undefined) return;
  spoolBatch(() => {
    spoolOutput(run);
    if (run.kind === "harness") spoolHarnessRun(run.label, run.input, run.output);
    else spoolSimulatorModel(run.label, run.model, run.unit, run.charmDir);
  });
}
