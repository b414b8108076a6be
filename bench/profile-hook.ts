/**
 * Profiles one hook of the standard sequence as a unit runs it: the library charm built the
 * documented way, the sequence recorded under the simulator, then the chosen hook replayed
 * `--runs` times with canned hook tools and Node's `--cpu-prof` (added to the dispatch's line
 * that starts from the start-up snapshot; Node refuses it in NODE_OPTIONS). Prints where the CPU time went, summed per
 * function over the runs and divided by their number. Not part of `npm run bench`:
 *   node bench/run.mjs --profile "database-relation-changed (credentials in a secret)" [--runs 10]
 * `compareBundles` is the other half of an experiment: the same hook, run with other bundles of
 * the same charm (each in its own copy of the unit's charm directory, with its own start-up
 * snapshot), interleaved with the floor in an order rotated every round; medians of wall time
 * as ratios:
 *   node bench/run.mjs --compare HOOK --bundle a.js --bundle b.js [--flags "--v8-flag ..."] [--runs 30]
 * `--flags` adds a variant of the charm as built whose dispatch passes those Node flags both when
 * it makes the snapshot and when it starts from it; `--dispatch FILE` a variant whose dispatch is
 * that file, `--dispatch FILE:BUNDLE` one whose bundle is that file too (a dispatch and a bundle
 * that speak a protocol of their own). `--kubernetes` records and replays the hook of a unit in a
 * pod, whose state has a copy in the controller (hook-sequence.ts, `kubernetesCopy`); a `--dispatch`
 * variant then runs as a machine unit unless its file exports `KUBERNETES_SERVICE_HOST` too.
 * Peak RSS comes from 3 probe runs each.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { floorCharmDir } from "./charm-dirs.js";
import { openCannedTransport, runReplay } from "./hook-replay.js";
import { installRssProbe } from "./peak-rss.js";
import { movedTo, recordOneHook } from "./hook-sequence.js";
import { spreadOf } from "./statistics.js";
import { rotatedBy } from "./round-order.js";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The source module of each line of an unminified esbuild bundle (its "// path" comments). */
function moduleOfLines(bundle: string): (line: number) => string {
  const starts: [number, string][] = [];
  bundle.split("\n").forEach((text, i) => {
    const m = /^\/\/ ((?:lib|bench|node_modules|examples)\/\S+)$/.exec(text);
    if (m?.[1] !== undefined) starts.push([i, m[1].replace(/^node_modules\/([^/]+)\/.*$/, "$1")]);
  });
  return (line) => {
    let found = "(bundle)";
    for (const [at, name] of starts) {
      if (at > line) break;
      found = name;
    }
    return found;
  };
}

/** The hook's start from its snapshot in the generated dispatch (the line making it names "$SNAPSHOT.$$"). */
const START_FROM_SNAPSHOT = '--snapshot-blob "$SNAPSHOT" build/charm.js';

/**
 * `dispatch` (the generated text) with Node's CPU profiler on its hook's start from the
 * snapshot, writing into `dir`, whatever Node flags precede it (hook-node-flags.ts).
 * @throws Error when the text has no such start, or more than one.
 */
export function withCpuProfile(dispatch: string, dir: string): string {
  const parts = dispatch.split(START_FROM_SNAPSHOT);
  if (parts.length !== 2) throw new Error("the dispatch has no single start from a snapshot to profile");
  return parts.join(`--cpu-prof --cpu-prof-interval 50 --cpu-prof-dir ${dir} ${START_FROM_SNAPSHOT}`);
}

/**
 * Milliseconds per function name and place, per source module, and (`zodCallers`) zod's own time
 * charged to the nearest caller outside zod, averaged over the profiles in `dir`.
 */
export function summarizeProfiles(dir: string, bundle?: string): { totalMs: number; rows: [string, number][]; modules: [string, number][]; zodCallers: [string, number][] } {
  const moduleOf = bundle === undefined ? undefined : moduleOfLines(fs.readFileSync(bundle, "utf8"));
  const perModule = new Map<string, number>();
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  const perPlace = new Map<string, number>();
  const perZodCaller = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parentOf = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
    const moduleOfNode = (id: number): string => {
      const frame = byId.get(id)?.callFrame;
      return frame === undefined ? "?" : moduleOf !== undefined && frame.url.endsWith("charm.js") ? moduleOf(frame.lineNumber) : frame.url === "" ? frame.functionName : "node internals";
    };
    profile.samples.forEach((id, i) => {
      const frame = byId.get(id)?.callFrame;
      const us = profile.timeDeltas[i] ?? 0;
      const place = frame === undefined ? "?" : `${frame.functionName === "" ? "(anonymous)" : frame.functionName} ${path.basename(frame.url)}:${String(frame.lineNumber + 1)}`;
      perPlace.set(place, (perPlace.get(place) ?? 0) + us);
      const where = moduleOfNode(id);
      perModule.set(where, (perModule.get(where) ?? 0) + us);
      if (where === "zod") {
        let caller: number | undefined = id;
        while (caller !== undefined && moduleOfNode(caller) === "zod") caller = parentOf.get(caller);
        const callerName = caller === undefined ? "?" : `${moduleOfNode(caller)} ${byId.get(caller)?.callFrame.functionName || "(anonymous)"}`;
        perZodCaller.set(callerName, (perZodCaller.get(callerName) ?? 0) + us);
      }
      total += us;
    });
  }
  const n = Math.max(files.length, 1);
  const table = (m: Map<string, number>): [string, number][] => [...m].map(([k, us]): [string, number] => [k, us / 1000 / n]).sort((a, b) => b[1] - a[1]);
  return { totalMs: total / 1000 / n, rows: table(perPlace), modules: table(perModule), zodCallers: table(perZodCaller) };
}

/** Records the sequence, replays `hookLabel` `runs` times under the profiler, prints the top rows. */
export async function profileHook(repoRoot: string, hookLabel: string, runs: number, top = 40): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "hook-profile-"));
  try {
    // Not minified, so that the profile names functions and the bundle's "// <file>" comments
    // tell which source module each line comes from.
    const hook = await recordOneHook(repoRoot, work, hookLabel, { minify: false });
    const profiles = path.join(work, "profiles");
    const charmDir = hook.recording.env["JUJU_CHARM_DIR"] ?? "";
    const replayable = movedTo(hook, charmDir);
    const dispatch = path.join(charmDir, "dispatch");
    const profiled = withCpuProfile(fs.readFileSync(dispatch, "utf8"), profiles);
    // Opened only now: an open transport would keep this process alive after an error above.
    const transport = openCannedTransport(hook.recording.calls, work);
    try {
      await runReplay(transport, replayable); // warm the file cache
      fs.writeFileSync(dispatch, profiled);
      for (let i = 0; i < runs; i++) await runReplay(transport, replayable);
    } finally {
      transport.close();
    }
    const { totalMs, rows, modules, zodCallers } = summarizeProfiles(profiles, path.join(charmDir, "build", "charm.js"));
    console.log(`${hookLabel}: ${String(runs)} runs, ${totalMs.toFixed(2)} ms sampled per run`);
    console.log("\nper source module (self time):");
    for (const [where, ms] of modules.slice(0, top)) console.log(`${ms.toFixed(2).padStart(8)}  ${where}`);
    console.log("\nzod's self time by the nearest caller outside zod:");
    for (const [caller, ms] of zodCallers.slice(0, top)) console.log(`${ms.toFixed(2).padStart(8)}  ${caller}`);
    console.log("\nper function (self time):");
    for (const [place, ms] of rows.slice(0, top)) console.log(`${ms.toFixed(2).padStart(8)}  ${place}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** A `--dispatch` variant of {@link compareBundles}: its dispatch file, and its own bundle if it needs one. */
export interface DispatchVariant {
  readonly dispatch: string;
  readonly bundle?: string;
}

/** What {@link compareBundles} runs beside the charm as built (the `--compare` options). */
export interface CompareVariants {
  readonly bundles?: readonly string[];
  readonly flagSets?: readonly string[];
  readonly dispatches?: readonly DispatchVariant[];
  /** The hook of a unit in a pod, its state file copied to the controller. */
  readonly kubernetes?: boolean;
}

/**
 * Times `hookLabel` as built here and with each variant in its place (each from a start-up
 * snapshot made by the dispatch, as on a unit), interleaved with the floor, `runs` rounds.
 */
export async function compareBundles(repoRoot: string, hookLabel: string, runs: number, variants: CompareVariants = {}): Promise<void> {
  const { bundles = [], flagSets = [], dispatches = [], kubernetes = false } = variants;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "hook-compare-"));
  try {
    const hook = await recordOneHook(repoRoot, work, hookLabel, {}, kubernetes);
    const unitDir = hook.recording.env["JUJU_CHARM_DIR"] ?? "";
    const subjects = [
      { label: "floor: node -e 0 through dispatch", hook: { charmDir: floorCharmDir(work), env: movedTo(hook, floorCharmDir(work)).env, calls: [] }, wall: [] as number[], rssKiB: Number.NaN },
      { label: "as built", hook: movedTo(hook, unitDir), wall: [] as number[], rssKiB: Number.NaN },
    ];
    // Each variant: a copy of the unit's charm directory without its snapshot, changed by `change`.
    const variant = (name: string, label: string, change: (dir: string) => void): void => {
      const dir = path.join(work, name);
      fs.cpSync(unitDir, dir, { recursive: true });
      fs.rmSync(path.join(dir, "build", "charm.js.snapshot"), { force: true });
      change(dir);
      subjects.push({ label, hook: movedTo(hook, dir), wall: [], rssKiB: Number.NaN });
    };
    bundles.forEach((bundle, i) => variant(`variant-${String(i)}`, bundle, (dir) => fs.copyFileSync(bundle, path.join(dir, "build", "charm.js"))));
    flagSets.forEach((flags, i) =>
      variant(`flags-${String(i)}`, `as built, with ${flags}`, (dir) => {
        const dispatch = path.join(dir, "dispatch");
        fs.writeFileSync(dispatch, fs.readFileSync(dispatch, "utf8").split(' --snapshot-blob "$SNAPSHOT').join(` ${flags} --snapshot-blob "$SNAPSHOT`));
      }),
    );
    dispatches.forEach(({ dispatch: file, bundle }, i) => {
      variant(`dispatch-${String(i)}`, bundle === undefined ? `as built, dispatch ${file}` : `dispatch ${file}, bundle ${bundle}`, (dir) => {
        fs.copyFileSync(file, path.join(dir, "dispatch"));
        fs.chmodSync(path.join(dir, "dispatch"), 0o755);
        if (bundle !== undefined) fs.copyFileSync(bundle, path.join(dir, "build", "charm.js"));
      });
    });
    const transport = openCannedTransport(hook.recording.calls, work);
    try {
      for (const s of subjects) await runReplay(transport, s.hook); // makes the snapshots, warms the file cache
      for (let round = 0; round < runs; round++) {
        // Rotated, the floor included: in a fixed order the last subject ran 1-3 ms faster than
        // the same bundle in another place (bench/NOTES.md, seventeenth stop).
        for (const s of rotatedBy(subjects, round)) s.wall.push((await runReplay(transport, s.hook)).durationMs);
      }
      const probe = installRssProbe(path.join(work, "probe"));
      for (let round = 0; round < 3; round++) {
        for (const [i, s] of subjects.entries()) await runReplay(transport, s.hook, probe.env(path.join(work, "probe", `rss-${String(i)}.txt`)));
      }
      subjects.forEach((s, i) => {
        s.rssKiB = Math.max(...probe.read(path.join(work, "probe", `rss-${String(i)}.txt`)).map((r) => r.peakRssKiB));
      });
    } finally {
      transport.close();
    }
    const floor = spreadOf(subjects[0]?.wall ?? []).median;
    const floorRss = subjects[0]?.rssKiB ?? Number.NaN;
    console.log(`${hookLabel}${kubernetes ? " on Kubernetes" : ""}: ${String(runs)} rounds, load ${os.loadavg()[0]?.toFixed(2) ?? "?"}`);
    for (const s of subjects) {
      const snapshot = fs.existsSync(path.join(s.hook.charmDir, "build", "charm.js.snapshot")) ? "" : " (no start-up snapshot)";
      const wall = spreadOf(s.wall).median;
      const rss = `${(s.rssKiB / 1024).toFixed(1)} MiB ${(s.rssKiB / floorRss).toFixed(3)}x`;
      console.log(`${wall.toFixed(1).padStart(7)} ms ${(wall / floor).toFixed(2)}x  ${rss}  ${s.label}${snapshot}`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
