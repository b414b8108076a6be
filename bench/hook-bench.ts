/**
 * The hook benchmark of issue 17: the minimal requirer charm (ask for a database, write the
 * credentials when they arrive or the endpoints move) run as real processes for every hook of
 * the standard sequence, with the same fast fake hook tools, side by side in one interleaved run:
 *
 * - the floor: `node -e 0` through the documented `dispatch`, with the credentials hook's
 *   environment and hook tools (the same spawn path as a hook);
 * - `library`: bench/charms/pg-minimal built the documented way (lib/cli build);
 * - the directions of issue 17 on the same bundle: a V8 code cache the unit writes itself
 *   (code-cache-loader.ts), young-generation sizing in dispatch, and both;
 * - `python`: bench/charms/py-minimal on Python ops + data_interfaces v0, when they are found
 *   (python-deps.ts).
 *
 * 1. Build, then record the sequence under the model simulator (hook-sequence.ts); the
 *    variants of the library charm replay the library's recording from their own directories.
 * 2. Check each hook replays faithfully (hook-replay.ts `verifyReplay`).
 * 3. One warm-up round (it also writes the code cache), then `runs` timed rounds. A round runs
 *    each variant's hooks in sequence order, each variant after its own floor run; the order
 *    of the variants rotates from round to round, so none always runs first or last.
 * 4. Peak-RSS / CPU rounds with the probes (peak-rss.ts), the cost of a no-op tool call
 *    (toolcall.ts) and module loading alone (startup.ts).
 *
 * Run with `npm run bench` (bench/run.mjs); `runBenchmark` is the API the smoke test uses.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LOCAL_STATE_FILE } from "../lib/ops/index.js";
import type { HookTransport } from "../lib/testing/simulator/index.js";
import { buildLibraryCharm, buildPythonCharm, copyCharmDir, floorCharmDir, variantCharmDir } from "./charm-dirs.js";
import { CODE_CACHE_LOADER, codeCacheFile, writeCodeCacheLoader } from "./code-cache-loader.js";
import { CREDENTIALS_HOOK, kubernetesCopy, movedTo, recordStandardSequence, type RecordedHook } from "./hook-sequence.js";
import { openCannedTransport, runReplay, verifyReplay, type ReplayableHook } from "./hook-replay.js";
import { installPythonRssProbe, installRssProbe } from "./peak-rss.js";
import { findPythonDeps } from "./python-deps.js";
import { measureRelationReads, type RelationReads } from "./relation-reads.js";
import { measureStartup, type StartupRow } from "./startup.js";
import { spreadOf, type Spread } from "./statistics.js";
import { measureToolCallCost, type ToolCallCost } from "./toolcall.js";
import { rotatedBy } from "./round-order.js";

/** Young-generation sizing measured in dispatch: no scavenge while the bundle loads. */
export const YOUNG_GEN_FLAGS = "--min-semi-space-size=16";

/** How much to measure. */
export interface BenchOptions {
  /** Repository root (charm sources are found from here). */
  readonly repoRoot: string;
  /** Timed rounds (default 15). */
  readonly runs?: number;
  /** Peak-RSS / CPU rounds (default 3). */
  readonly rssRuns?: number;
  /** Calls in the no-op tool-call measurement (default 200). */
  readonly toolCalls?: number;
  /** Runs of each module-loading command (default 10). */
  readonly startupRuns?: number;
  /** Leave out the Python charm even when its dependencies are found. */
  readonly noPython?: boolean;
  /** Only the plain library charm (no direction variants): the smoke test. */
  readonly libraryOnly?: boolean;
  /** Keep the work directory (built charms, model) instead of deleting it. */
  readonly keepWorkDir?: boolean;
}

/** One hook of one variant. */
export interface HookMeasurement {
  readonly label: string;
  /** The hook tools called, in order. */
  readonly calls: readonly string[];
  readonly wallMs: Spread;
  readonly peakRssKiB: Spread;
  /** CPU time (user + system) of the charm process, from the probe rounds. */
  readonly cpuMs: Spread;
}

/** One variant: what it is and its hooks. */
export interface VariantMeasurement {
  readonly name: string;
  /** What differs, in a few words. */
  readonly description: string;
  /** True for the library's charm (issue 17's targets apply); false for the Python comparison. */
  readonly judged: boolean;
  /** True where hooks start from the charm's start-up snapshot (the charm as built, on a machine or in a pod). */
  readonly fromSnapshot?: boolean;
  /** Bundle size in bytes (library variants). */
  readonly bundleBytes?: number;
  /** Bundle bytes that are database drivers (pg and its packages), absent from a charm that installs none. */
  readonly driverBytes?: number;
  /** Largest bundled packages (bytes in the output), biggest first. */
  readonly bundledPackages?: readonly (readonly [string, number])[];
  readonly hooks: readonly HookMeasurement[];
}

/** Everything one benchmark run measured. */
export interface BenchResult {
  readonly date: string;
  readonly machine: { readonly cpu: string; readonly cores: number; readonly node: string; readonly os: string };
  /** 1-minute load average when the run started and when it ended (other work on the machine). */
  readonly loadAverage: readonly [number, number];
  readonly runs: number;
  readonly rssRuns: number;
  readonly floor: { readonly wallMs: Spread; readonly peakRssKiB: Spread; readonly cpuMs: Spread };
  readonly toolCall: ToolCallCost;
  readonly variants: readonly VariantMeasurement[];
  readonly startup: readonly StartupRow[];
  /** Python versions used, or why the Python charm was left out. */
  readonly python: string;
  /**
   * The charm without drivers as a charm project gets it (test/package's no-driver charm built by
   * `charm-data-interfaces build` in a scratch project without pg: bench/bundle-breakdown.mjs),
   * or why it could not be built; absent in the smoke run.
   */
  readonly noDriverBundle?: { readonly bytes: number } | { readonly error: string };
  /** Hook-tool calls of `responses()`, `suggestedStatus()` and `problems()` by relation count (bench/relation-reads.ts); absent in the smoke run. */
  readonly relationReads?: readonly RelationReads[] | { readonly error: string };
}

interface Subject {
  readonly label: string;
  readonly hook: ReplayableHook;
  readonly transport: HookTransport;
  /** Runs before each run of the hook, untimed (restores local state). */
  readonly prepare: () => void;
  readonly wall: number[];
  readonly rss: number[];
  readonly cpu: number[];
}

interface Variant {
  readonly name: string;
  readonly description: string;
  readonly judged: boolean;
  readonly fromSnapshot?: boolean;
  readonly subjects: Subject[];
  readonly bundleBytes?: number;
  readonly driverBytes?: number;
  readonly bundledPackages?: readonly (readonly [string, number])[];
}

/** The npm packages of the database drivers a charm may bundle (pg and what pg pulls in). */
const DRIVER_PACKAGE = /^(pg|pg-.*|postgres-.*|pgpass|split2|xtend|mysql2|mongodb|bson)$/;

const nothing = (): void => undefined;

function subject(label: string, hook: ReplayableHook, transport: HookTransport, prepare: () => void = nothing): Subject {
  return { label, hook, transport, prepare, wall: [], rss: [], cpu: [] };
}

/** Builds test/package's no-driver charm the way a charm project gets it (bench/bundle-breakdown.mjs --json). */
function measureNoDriverBundle(repoRoot: string): { readonly bytes: number } | { readonly error: string } {
  const run = spawnSync(process.execPath, [path.join(repoRoot, "bench", "bundle-breakdown.mjs"), "--json"], { cwd: repoRoot, encoding: "utf8" });
  if (run.status === 0) {
    try {
      const bytes: unknown = (JSON.parse(run.stdout) as { bytes?: unknown }).bytes;
      if (typeof bytes === "number") return { bytes };
    } catch {
      // reported below, like a failed build: the estimate stands in
    }
  }
  return { error: `bench/bundle-breakdown.mjs failed (exit ${String(run.status ?? run.signal)}): ${run.stderr.trim().split("\n").slice(-1)[0] || "printed no bundle size"}` };
}

/** Runs the whole benchmark; see the module comment. */
export async function runBenchmark(options: BenchOptions): Promise<BenchResult> {
  const runs = options.runs ?? 15;
  const rssRuns = options.rssRuns ?? 3;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "hook-bench-"));
  const transports: HookTransport[] = [];
  const canned = (r: RecordedHook): HookTransport => {
    const t = openCannedTransport(r.recording.calls, work);
    transports.push(t);
    return t;
  };
  const loadAtStart = os.loadavg()[0] ?? 0;
  // Built before anything is timed (a tsc run and a bundle: seconds of CPU).
  const noDriverBundle = options.libraryOnly === true ? undefined : measureNoDriverBundle(options.repoRoot);
  const relationReads = options.libraryOnly === true ? undefined : await measureRelationReads().catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }));
  try {
    const provider = copyCharmDir("pg-provider", path.join(options.repoRoot, "bench", "charms", "pg-provider"), work);
    const library = await buildLibraryCharm("pg-minimal", path.join(options.repoRoot, "bench", "charms", "pg-minimal"), work);
    const recorded = await recordStandardSequence(library.dir, provider, path.join(work, "model-library"), LOCAL_STATE_FILE);
    const credentials = recorded.find((r) => r.label === CREDENTIALS_HOOK);
    if (credentials === undefined) throw new Error("no credentials hook recorded");
    const unitCharmDir = credentials.recording.env["JUJU_CHARM_DIR"] ?? "";
    const packages = Object.entries(library.bundle?.packages ?? {}).sort((a, b) => b[1] - a[1]);
    const bundleFacts = {
      bundleBytes: library.bundle?.bytes ?? 0,
      driverBytes: packages.filter(([name]) => DRIVER_PACKAGE.test(name)).reduce((sum, [, bytes]) => sum + bytes, 0),
      bundledPackages: packages,
    };
    const libraryVariant = (name: string, description: string, dir: string, extra: Subject[] = []): Variant => ({
      name,
      description,
      judged: true,
      ...bundleFacts,
      subjects: [...extra, ...recorded.map((r) => subject(r.label, movedTo(r, dir), canned(r)))],
    });

    const install = recorded[0];
    if (install === undefined) throw new Error("no install hook recorded");
    const snapshotFile = path.join(unitCharmDir, "build", "charm.js.snapshot");
    const firstHook = subject("install, snapshot not made yet (makes it, then starts from it)", movedTo(install, unitCharmDir), canned(install), () => fs.rmSync(snapshotFile, { force: true }));
    const variants: Variant[] = [{ ...libraryVariant("library", "built with `charm-data-interfaces build` (lib/cli), its dispatch: hooks start from the start-up snapshot the unit's Node made", unitCharmDir, [firstHook]), fromSnapshot: true }];
    if (options.libraryOnly !== true) {
      variants.push(libraryVariant("library, plain start", "the same bundle, dispatch without the start-up snapshot (`exec node build/charm.js`)", variantCharmDir("plain", unitCharmDir, work, "build/charm.js")));
      const withCache = (dir: string): void => void writeCodeCacheLoader(path.join(dir, "build"));
      const cacheDir = variantCharmDir("code-cache", unitCharmDir, work, `build/${CODE_CACHE_LOADER}`, withCache);
      const coldInstall = subject("install, cache not written yet (compiles, then writes it)", movedTo(install, cacheDir), canned(install), () => fs.rmSync(codeCacheFile(path.join(cacheDir, "build")), { force: true }));
      variants.push(libraryVariant("library + code cache", `plain start through build/${CODE_CACHE_LOADER}: V8 code cache written by the unit's Node`, cacheDir, [coldInstall]));
      // The same charm on a Kubernetes unit keeps its file with a copy in the controller (a
      // state-get where the pod has no file yet, a state-set where the state changes,
      // docs/state-storage.md): other calls, so its own recording, replayed from its file.
      const k8sRecorded = await recordStandardSequence(kubernetesCopy(library.dir, work), provider, path.join(work, "model-kubernetes"), LOCAL_STATE_FILE);
      const k8sDir = k8sRecorded[0]?.recording.env["JUJU_CHARM_DIR"] ?? "";
      variants.push({
        name: "library on Kubernetes",
        description: "the charm as built, its unit in a pod (`KUBERNETES_SERVICE_HOST` set): state in the charm directory with a copy in the controller (state-get without the file, state-set on changes)",
        judged: true,
        fromSnapshot: true,
        ...bundleFacts,
        subjects: k8sRecorded.map((r) => subject(r.label, movedTo(r, k8sDir), canned(r))),
      });
    }

    let python = "not run (--no-python)";
    if (options.noPython !== true) {
      const deps = findPythonDeps();
      if ("missing" in deps) python = `not run: ${deps.missing}`;
      else {
        python = deps.versions;
        const source = path.join(options.repoRoot, "bench", "charms", "py-minimal");
        const charm = buildPythonCharm("py-minimal", source, work, deps);
        installPythonRssProbe(path.join(charm.dir, "lib"));
        const pyRecorded = await recordStandardSequence(charm.dir, provider, path.join(work, "model-python"), ".unit-state.db");
        variants.push({
          name: "python",
          description: `Python ops + data_interfaces v0 (${deps.versions}), charmcraft's dispatch`,
          judged: false,
          subjects: pyRecorded.map((r) => subject(r.label, movedTo(r, r.recording.env["JUJU_CHARM_DIR"] ?? ""), canned(r))),
        });
      }
    }

    const floorDir = floorCharmDir(work);
    const floor = subject("floor", { charmDir: floorDir, env: movedTo(credentials, floorDir).env, calls: [] }, canned(credentials));
    for (const v of variants) {
      for (const s of v.subjects) {
        s.prepare();
        await verifyReplay(s.hook, work);
      }
    }

    const once = async (s: Subject, extraEnv: Readonly<Record<string, string>> = {}): Promise<number> => {
      s.prepare();
      return (await runReplay(s.transport, s.hook, extraEnv)).durationMs;
    };
    // Warm-up (file cache, first spawn, and the code cache written by its first hook).
    await once(floor);
    for (const v of variants) for (const s of v.subjects) await once(s);
    for (let round = 0; round < runs; round++) {
      for (const v of rotatedBy(variants, round)) {
        floor.wall.push(await once(floor));
        for (const s of v.subjects) s.wall.push(await once(s));
      }
    }
    const probe = installRssProbe(path.join(work, "probe"));
    const probed = (s: Subject, i: number): Promise<number> => once(s, probe.env(path.join(work, "probe", `rss-${i}.txt`)));
    const all = [floor, ...variants.flatMap((v) => v.subjects)];
    for (let round = 0; round < rssRuns; round++) for (const [i, s] of all.entries()) await probed(s, i);
    for (const [i, s] of all.entries()) {
      const read = probe.read(path.join(work, "probe", `rss-${i}.txt`));
      if (read.length !== rssRuns) throw new Error(`peak RSS probe: ${s.label} (${s.hook.charmDir}) reported ${read.length} of ${rssRuns} runs`);
      s.rss.push(...read.map((p) => p.peakRssKiB));
      s.cpu.push(...read.map((p) => p.cpuMs));
    }

    const toolCall = await measureToolCallCost(options.toolCalls ?? 200);
    const startup = measureStartup({ workDir: work, bundle: library.bundle?.outFile ?? "", youngGenFlags: YOUNG_GEN_FLAGS, python: variants.some((v) => !v.judged) ? findPythonDeps() : undefined }, options.startupRuns ?? 30);
    return {
      date: new Date().toISOString(),
      machine: { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, node: process.version, os: `${os.type()} ${os.release()}` },
      loadAverage: [loadAtStart, os.loadavg()[0] ?? 0],
      runs,
      rssRuns,
      floor: { wallMs: spreadOf(floor.wall), peakRssKiB: spreadOf(floor.rss), cpuMs: spreadOf(floor.cpu) },
      toolCall,
      startup,
      python,
      ...(noDriverBundle === undefined ? {} : { noDriverBundle }),
      ...(relationReads === undefined ? {} : { relationReads }),
      variants: variants.map((v) => ({
        name: v.name,
        description: v.description,
        judged: v.judged,
        ...(v.fromSnapshot === true ? { fromSnapshot: true } : {}),
        ...(v.bundleBytes === undefined ? {} : { bundleBytes: v.bundleBytes, driverBytes: v.driverBytes ?? 0, bundledPackages: v.bundledPackages ?? [] }),
        hooks: v.subjects.map((s) => ({ label: s.label, calls: s.hook.calls.map((c) => c.cmd), wallMs: spreadOf(s.wall), peakRssKiB: spreadOf(s.rss), cpuMs: spreadOf(s.cpu) })),
      })),
    };
  } finally {
    for (const t of transports) t.close();
    if (options.keepWorkDir !== true) fs.rmSync(work, { recursive: true, force: true });
    else console.error(`benchmark directory kept: ${work}`);
  }
}
