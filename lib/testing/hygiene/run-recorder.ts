/**
 * What the harness and the simulator hand to the secret-hygiene spool after each run: the
 * texts of the run and the secret values of the model it ran against. Both are no-ops unless
 * `CHARM_TEST_SPOOL` is set (see `output-spool.ts`).
 */
import type { ModelState } from "../juju/model.js";
import type { LogRecord, StatusRecord } from "../juju/tool-context.js";
import type { State } from "../harness/state.js";
import { SECRET_ACTION_PATTERN, spoolDatabagCredentials, spoolDir, spoolSecretContent, spoolTexts } from "./output-spool.js";

/** Unit databag keys where a requirer keeps its memory of provider data (must be digests, never values). */
const SNAPSHOT_KEYS = ["data", "data-digests"] as const;

/** The texts one hook or action produced. */
export interface RunTexts {
  /** `harness myapp/0 relation-changed`, `simulator myapp/1 install`, ... */
  readonly label: string;
  readonly logs: readonly LogRecord[];
  readonly statuses: readonly Pick<StatusRecord, "message">[];
  readonly error?: string | undefined;
  readonly stdout?: string | undefined;
  readonly stderr?: string | undefined;
  readonly action?: { readonly name: string; readonly results: Readonly<Record<string, string>>; readonly log: readonly string[]; readonly failure?: string | undefined } | undefined;
}

function spoolRunTexts(run: RunTexts): void {
  spoolTexts(`${run.label}: log`, run.logs.map((l) => l.message));
  spoolTexts(`${run.label}: status`, run.statuses.map((s) => s.message));
  spoolTexts(`${run.label}: error`, [run.error]);
  spoolTexts(`${run.label}: stdout/stderr`, [run.stdout, run.stderr]);
  if (run.action !== undefined) {
    spoolTexts(`${run.label}: action log`, [...run.action.log, run.action.failure]);
    // An action that hands out credentials was asked for them: its results are not a leak.
    if (!SECRET_ACTION_PATTERN.test(run.action.name)) spoolTexts(`${run.label}: action results`, Object.values(run.action.results));
  }
}

function spoolActionParams(label: string, params: Readonly<Record<string, unknown>>): void {
  const strings = Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === "string"));
  spoolDatabagCredentials(`${label}: action parameters`, strings);
}

/** Records a harness run: its texts, the output state's stored state and snapshots, every secret value of both states. */
export function spoolHarnessRun(run: RunTexts, input: State, output: State | undefined, actionParams?: Readonly<Record<string, unknown>>): void {
  if (spoolDir() === undefined) return;
  spoolRunTexts(run);
  for (const st of output === undefined ? [input] : [input, output]) {
    for (const s of st.secrets) {
      spoolSecretContent(`${run.label}: secret ${s.id}`, s.trackedContent);
      spoolSecretContent(`${run.label}: secret ${s.id}`, s.latestContent);
    }
    for (const r of st.relations) {
      spoolDatabagCredentials(`${run.label}: relation ${r.id}`, r.localAppData);
      spoolDatabagCredentials(`${run.label}: relation ${r.id}`, r.localUnitData);
      if (r.kind !== "peer") spoolDatabagCredentials(`${run.label}: relation ${r.id}`, r.remoteAppData);
    }
  }
  if (actionParams !== undefined) spoolActionParams(run.label, actionParams);
  if (output !== undefined) {
    spoolTexts(`${run.label}: stored state`, Object.values(output.storedState));
    for (const r of output.relations) spoolTexts(`${run.label}: relation ${r.id} unit snapshot`, SNAPSHOT_KEYS.map((k) => r.localUnitData[k]));
  }
}

/** Records a simulator hook: its texts, the unit's controller state and snapshots, every secret value of the model. */
export function spoolSimulatorHook(run: RunTexts, model: Readonly<ModelState>, unit: string, actionParams?: Readonly<Record<string, unknown>>): void {
  if (spoolDir() === undefined) return;
  spoolRunTexts(run);
  if (actionParams !== undefined) spoolActionParams(run.label, actionParams);
  for (const s of model.secrets) for (const rev of s.revisions) spoolSecretContent(`${run.label}: secret ${s.id}`, rev.content);
  for (const r of model.relations) {
    for (const bag of [...Object.values(r.appData), ...Object.values(r.unitData)]) spoolDatabagCredentials(`${run.label}: relation ${r.id}`, bag);
    spoolTexts(`${run.label}: relation ${r.id} unit snapshot`, SNAPSHOT_KEYS.map((k) => r.unitData[unit]?.[k]));
  }
  spoolTexts(`${run.label}: controller state`, Object.values(model.units[unit]?.state ?? {}));
}
