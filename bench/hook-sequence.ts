/**
 * Records the standard hook sequence of a database requirer under the model simulator: every
 * tool call the requirer's unit makes, with the answer the fake Juju model gave, per hook.
 *
 * Sequence (requirer unit `app/0`, provider `bench/charms/pg-provider`):
 * deploy (install, leader-elected, config-changed, start) → integrate (relation-created,
 * -joined, -changed; the changed hook that reads the credentials secret is the one kept) →
 * provider moves its endpoints (relation-changed) → provider rotates the password
 * (secret-changed) → remove-relation (relation-broken).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Simulator, type HookRecording, type RunResult } from "../lib/testing/simulator/index.js";
import type { BundleOptions } from "../lib/cli/build-bundle.js";
import { LOCAL_STATE_FILE } from "../lib/ops/index.js";
import { buildLibraryCharm, copyCharmDir } from "./charm-dirs.js";
import type { ReplayableHook } from "./hook-replay.js";

/** The hooks the benchmark measures, in sequence order. */
export const STANDARD_HOOKS = [
  "install",
  "leader-elected",
  "config-changed",
  "start",
  "database-relation-created",
  "database-relation-joined",
  "database-relation-changed (credentials in a secret)",
  "database-relation-changed (endpoints change)",
  "secret-changed (rotation)",
  "database-relation-broken",
] as const;

/** One of {@link STANDARD_HOOKS}. */
export type StandardHook = (typeof STANDARD_HOOKS)[number];

/** The hook whose targets are its own (issue 17: ≤ 5 calls, ≤ 1.5 × node; the others ≤ 1.3 ×). */
export const CREDENTIALS_HOOK: StandardHook = "database-relation-changed (credentials in a secret)";

/** A requirer hook as recorded, ready to replay. */
export interface RecordedHook {
  readonly label: StandardHook;
  readonly recording: HookRecording;
  /**
   * The charm's local state file (`stateFile` of {@link recordStandardSequence}): its name in
   * the charm directory, and its content when the hook started (`null`: there was none).
   */
  readonly state?: { readonly file: string; readonly before: Buffer | null };
}

const REQUIRER_UNIT = "app/0";
const PROVIDER_UNIT = "db/0";

function requireOk(step: string, run: RunResult): void {
  if (run.failed === undefined) return;
  const f = run.failed;
  throw new Error(`recording the hook sequence: ${step}: ${f.unit} ${f.hook} failed (code ${String(f.code)}):\n${f.stderr.slice(-2000)}`);
}

function pick(recordings: readonly HookRecording[], hook: string, step: string, where: (r: HookRecording) => boolean = () => true): HookRecording {
  const found = recordings.filter((r) => r.unit === REQUIRER_UNIT && r.hook === hook && where(r));
  const last = found[found.length - 1];
  if (last === undefined) {
    const seen = recordings.filter((r) => r.unit === REQUIRER_UNIT).map((r) => r.hook);
    throw new Error(`recording the hook sequence: ${step} ran no matching ${hook} on ${REQUIRER_UNIT} (it ran: ${seen.join(", ") || "nothing"})`);
  }
  return last;
}

const readsSecret = (r: HookRecording): boolean => r.calls.some((c) => c.cmd === "secret-get");

/**
 * Deploys `requirerDir` as `app` and `providerDir` as `db` in a new model under `modelDir`,
 * drives the sequence and returns the requirer's recorded hooks in {@link STANDARD_HOOKS} order.
 * The unit's charm directory (`JUJU_CHARM_DIR` of the recordings) stays under `modelDir`.
 */
export async function recordStandardSequence(requirerDir: string, providerDir: string, modelDir: string, stateFile?: string): Promise<RecordedHook[]> {
  fs.mkdirSync(modelDir, { recursive: true });
  let phase: HookRecording[] = [];
  // A charm that keeps state in a local file (Python ops: .unit-state.db; this library on a
  // machine: .ops-ts-state.json) must start each replay from the file as it was before that
  // hook: the state after the requirer's previous hook.
  const stateBefore = new Map<HookRecording, Buffer | null>();
  let lastState: Buffer | null = null;
  const onHookRecorded = (r: HookRecording): void => {
    phase.push(r);
    if (stateFile === undefined || r.unit !== REQUIRER_UNIT) return;
    stateBefore.set(r, lastState);
    const file = path.join(r.env["JUJU_CHARM_DIR"] ?? "", stateFile);
    lastState = fs.existsSync(file) ? fs.readFileSync(file) : null;
  };
  const sim = Simulator.open(modelDir, { onHookRecorded, tmpRoot: path.dirname(modelDir) });
  const take = async (step: string, operation: () => Promise<RunResult>): Promise<HookRecording[]> => {
    phase = [];
    requireOk(step, await operation());
    return phase;
  };
  try {
    const deployed = await take("deploy", () => sim.deploy("app", requirerDir));
    await take("deploy the provider", () => sim.deploy("db", providerDir));
    const integrated = await take("integrate", () => sim.integrate("app:database", "db:database"));
    const moved = await take("move endpoints", () => sim.runAction(PROVIDER_UNIT, "move-endpoints"));
    const rotated = await take("rotate the password", () => sim.runAction(PROVIDER_UNIT, "rotate-password"));
    const removed = await take("remove the relation", () => sim.removeRelation("app:database", "db:database"));
    const hooks: Record<StandardHook, HookRecording> = {
      install: pick(deployed, "install", "deploy"),
      "leader-elected": pick(deployed, "leader-elected", "deploy"),
      "config-changed": pick(deployed, "config-changed", "deploy"),
      start: pick(deployed, "start", "deploy"),
      "database-relation-created": pick(integrated, "database-relation-created", "integrate"),
      "database-relation-joined": pick(integrated, "database-relation-joined", "integrate"),
      "database-relation-changed (credentials in a secret)": pick(integrated, "database-relation-changed", "integrate", readsSecret),
      "database-relation-changed (endpoints change)": pick(moved, "database-relation-changed", "move endpoints"),
      "secret-changed (rotation)": pick(rotated, "secret-changed", "rotate the password"),
      "database-relation-broken": pick(removed, "database-relation-broken", "remove the relation"),
    };
    return STANDARD_HOOKS.map((label) => ({ label, recording: hooks[label], ...(stateFile === undefined ? {} : { state: { file: stateFile, before: stateBefore.get(hooks[label]) ?? null } }) }));
  } finally {
    sim.close();
  }
}

/** The recorded hook with every mention of the unit's charm directory moved to `dir`. */
export function movedTo(recorded: RecordedHook, dir: string): ReplayableHook {
  const from = recorded.recording.env["JUJU_CHARM_DIR"] ?? "";
  const env = Object.fromEntries(Object.entries(recorded.recording.env).map(([k, v]) => [k, from === "" ? v : v.split(from).join(dir)]));
  return { charmDir: dir, env, calls: recorded.recording.calls, ...(recorded.state === undefined ? {} : { state: recorded.state }) };
}

/**
 * A copy of the built charm whose dispatch runs as in a Kubernetes pod, where every container
 * has `KUBERNETES_SERVICE_HOST` (the simulator passes only Juju's variables to a hook).
 */
export function kubernetesCopy(charmDir: string, work: string): string {
  const dir = path.join(work, `${path.basename(charmDir)}-kubernetes`);
  fs.cpSync(charmDir, dir, { recursive: true });
  const dispatch = path.join(dir, "dispatch");
  const text = fs.readFileSync(dispatch, "utf8");
  const firstLine = text.indexOf("\n") + 1;
  fs.writeFileSync(dispatch, `${text.slice(0, firstLine)}export KUBERNETES_SERVICE_HOST=10.152.183.1\n${text.slice(firstLine)}`, { mode: 0o755 });
  return dir;
}

/**
 * Builds the library's bench charm (pg-minimal) in `work`, records the standard sequence against
 * the bench provider and returns the hook called `hookLabel`; with `kubernetes`, of the charm's
 * copy whose unit runs as in a pod (its file with a copy in the controller: {@link kubernetesCopy}).
 */
export async function recordOneHook(repoRoot: string, work: string, hookLabel: string, bundle: BundleOptions = {}, kubernetes = false): Promise<RecordedHook> {
  const provider = copyCharmDir("pg-provider", path.join(repoRoot, "bench", "charms", "pg-provider"), work);
  const library = await buildLibraryCharm("pg-minimal", path.join(repoRoot, "bench", "charms", "pg-minimal"), work, bundle);
  const recorded = await recordStandardSequence(kubernetes ? kubernetesCopy(library.dir, work) : library.dir, provider, path.join(work, "model"), LOCAL_STATE_FILE);
  const hook = recorded.find((r) => r.label === hookLabel);
  if (hook === undefined) throw new Error(`no hook "${hookLabel}"; one of: ${STANDARD_HOOKS.join(", ")}`);
  return hook;
}
