/**
 * The hook benchmark: the bundled example charm (examples/webapp) and a minimal charm on
 * PostgreSQLRequires (bench/charms/pg-minimal) run as real processes for every hook of the
 * standard sequence, with fast hook tools, side by side with bare `node -e 0`.
 *
 * 1. Build both charms with examples/build.ts and record the sequence under the model
 *    simulator (hook-sequence.ts): every tool call with the model's answer.
 * 2. Check each recording replays faithfully (hook-replay.ts `verifyReplay`).
 * 3. Timed runs, round-robin (floor, then every hook of every charm, repeated `runs` times):
 *    the shims answer from the recording with sh builtins (the canned fast path).
 * 4. Peak-RSS runs with the VmHWM preload (peak-rss.ts), the cost of a no-op tool call
 *    (toolcall.ts), and the module-loading costs (startup.ts).
 *
 * Run with `node bench/run.mjs` (see there); `runBenchmark` is the API the smoke test uses.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildCharmDir, buildSnapshotCharmDir, copyCharmDir, type BuiltCharm } from "./charm-dirs.js";
import { recordStandardSequence, type StandardHook } from "./hook-sequence.js";
import { openCannedTransport, runReplay, verifyReplay, writeFloorCharm, type ReplayableHook } from "./hook-replay.js";
import { installRssProbe } from "./peak-rss.js";
import { measureStartup, type StartupRow } from "./startup.js";
import { spreadOf, type Spread } from "./statistics.js";
import { measureToolCallCost, type ToolCallCost } from "./toolcall.js";
import type { HookTransport } from "../lib/testing/simulator/index.js";

/** The charms the benchmark knows. */
export type BenchCharm = "webapp" | "pg-minimal" | "pg-minimal-snapshot";

/** How much to measure. */
export interface BenchOptions {
  /** Repository root (charm sources are found from here). */
  readonly repoRoot: string;
  /** Timed runs per hook and of the floor (default 25; the issue asks for at least 20). */
  readonly runs?: number;
  /** Peak-RSS runs per hook and of the floor (default 5). */
  readonly rssRuns?: number;
  /** Calls in the no-op tool-call measurement (default 200). */
  readonly toolCalls?: number;
  /** Runs of each startup command (default 15). */
  readonly startupRuns?: number;
  /**
   * Which charms to run (default all; the webapp only when examples/webapp/src exists).
   * `pg-minimal-snapshot` is the startup-snapshot experiment: pg-minimal started from a V8 blob.
   */
  readonly charms?: readonly BenchCharm[];
  /** Keep the work directory (built charms, model) instead of deleting it. */
  readonly keepWorkDir?: boolean;
}

/** One hook of one charm. */
export interface HookMeasurement {
  readonly label: StandardHook;
  /** The hook tools called, in order. */
  readonly calls: readonly string[];
  readonly wallMs: Spread;
  readonly peakRssKiB: Spread;
  /** CPU time (user + system) of the charm process, from the RSS runs. */
  readonly cpuMs: Spread;
}

/** One charm: its bundle and its hooks. */
export interface CharmMeasurement {
  readonly name: string;
  readonly bundleBytes: number;
  /** Size of the startup snapshot blob, for the snapshot experiment. */
  readonly snapshotBytes?: number;
  /** Largest bundled packages (bytes of input), biggest first. */
  readonly bundledPackages: readonly (readonly [string, number])[];
  readonly hooks: readonly HookMeasurement[];
}

/** Everything one benchmark run measured. */
export interface BenchResult {
  readonly date: string;
  readonly machine: { readonly cpu: string; readonly cores: number; readonly node: string; readonly os: string };
  /** 1-minute load average when the run started and when it ended (other work on the machine). */
  readonly loadAverage: readonly [number, number];
  readonly runs: number;
  readonly floor: { readonly wallMs: Spread; readonly peakRssKiB: Spread; readonly cpuMs: Spread };
  readonly toolCall: ToolCallCost;
  readonly charms: readonly CharmMeasurement[];
  readonly startup: readonly StartupRow[];
}

interface Subject {
  readonly charm: string;
  readonly label: StandardHook | "floor";
  readonly hook: ReplayableHook;
  readonly transport: HookTransport;
  readonly wall: number[];
  readonly rss: number[];
  readonly cpu: number[];
}

async function buildCharms(repoRoot: string, work: string, wanted: readonly string[]): Promise<(BuiltCharm & { readonly blobBytes?: number })[]> {
  const charms: (BuiltCharm & { readonly blobBytes?: number })[] = [];
  const minimal = path.join(repoRoot, "bench", "charms", "pg-minimal");
  const webapp = path.join(repoRoot, "examples", "webapp");
  if (wanted.includes("webapp") && fs.existsSync(path.join(webapp, "src"))) charms.push(await buildCharmDir("webapp", webapp, work));
  if (wanted.includes("pg-minimal")) charms.push(await buildCharmDir("pg-minimal", minimal, work));
  if (wanted.includes("pg-minimal-snapshot")) charms.push(await buildSnapshotCharmDir("pg-minimal-snapshot", minimal, path.join("src", "snapshot-entry.ts"), work));
  return charms;
}

/** Runs the whole benchmark; see the module comment. */
export async function runBenchmark(options: BenchOptions): Promise<BenchResult> {
  const runs = options.runs ?? 25;
  const rssRuns = options.rssRuns ?? 5;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "hook-bench-"));
  const subjects: Subject[] = [];
  const loadAtStart = os.loadavg()[0] ?? 0;
  try {
    const charms = await buildCharms(options.repoRoot, work, options.charms ?? ["webapp", "pg-minimal", "pg-minimal-snapshot"]);
    const provider = copyCharmDir("pg-provider", path.join(options.repoRoot, "bench", "charms", "pg-provider"), work);
    const floorHook = writeFloorCharm(path.join(work, "floor"));
    subjects.push({ charm: "", label: "floor", hook: floorHook, transport: openCannedTransport([], work), wall: [], rss: [], cpu: [] });
    for (const charm of charms) {
      const recorded = await recordStandardSequence(charm.dir, provider, path.join(work, `model-${charm.name}`));
      for (const { label, recording } of recorded) {
        const hook: ReplayableHook = { charmDir: recording.env["JUJU_CHARM_DIR"] ?? charm.dir, env: recording.env, calls: recording.calls };
        await verifyReplay(hook, work);
        subjects.push({ charm: charm.name, label, hook, transport: openCannedTransport(recording.calls, work), wall: [], rss: [], cpu: [] });
      }
    }
    // Warm-up (file cache, first spawn), then the timed rounds.
    for (const s of subjects) await runReplay(s.transport, s.hook);
    for (let run = 0; run < runs; run++) {
      for (const s of subjects) s.wall.push((await runReplay(s.transport, s.hook)).durationMs);
    }
    const probe = installRssProbe(path.join(work, "probe"));
    for (let run = 0; run < rssRuns; run++) {
      for (const [i, s] of subjects.entries()) {
        const file = path.join(work, "probe", `rss-${i}.txt`);
        await runReplay(s.transport, s.hook, probe.env(file));
        const probed = probe.read(file);
        s.rss.splice(0, s.rss.length, ...probed.map((p) => p.peakRssKiB));
        s.cpu.splice(0, s.cpu.length, ...probed.map((p) => p.cpuMs));
      }
    }
    for (const s of subjects) if (s.rss.length !== rssRuns) throw new Error(`peak RSS probe: ${s.charm} ${s.label} reported ${s.rss.length} of ${rssRuns} runs`);
    const toolCall = await measureToolCallCost(options.toolCalls ?? 200);
    const startup = measureStartup(
      {
        repoRoot: options.repoRoot,
        workDir: work,
        bundles: Object.fromEntries(charms.filter((c) => c.blobBytes === undefined).map((c) => [c.name, c.bundle.outFile])),
        snapshots: Object.fromEntries(charms.filter((c) => c.blobBytes !== undefined).map((c) => [c.name, path.join(c.dir, "build", "charm.blob")])),
      },
      options.startupRuns ?? 15,
    );
    const floor = subjects[0];
    if (floor === undefined) throw new Error("no floor measurement");
    const cpu = os.cpus()[0]?.model ?? "unknown";
    return {
      date: new Date().toISOString(),
      machine: { cpu, cores: os.cpus().length, node: process.version, os: `${os.type()} ${os.release()}` },
      loadAverage: [loadAtStart, os.loadavg()[0] ?? 0],
      runs,
      floor: { wallMs: spreadOf(floor.wall), peakRssKiB: spreadOf(floor.rss), cpuMs: spreadOf(floor.cpu) },
      toolCall,
      startup,
      charms: charms.map((charm) => ({
        name: charm.name,
        bundleBytes: charm.bundle.bytes,
        ...(charm.blobBytes === undefined ? {} : { snapshotBytes: charm.blobBytes }),
        bundledPackages: Object.entries(charm.bundle.packages).sort((a, b) => b[1] - a[1]),
        hooks: subjects
          .filter((s) => s.charm === charm.name)
          .map((s) => ({
            label: s.label as StandardHook,
            calls: s.hook.calls.map((c) => c.cmd),
            wallMs: spreadOf(s.wall),
            peakRssKiB: spreadOf(s.rss),
            cpuMs: spreadOf(s.cpu),
          })),
      })),
    };
  } finally {
    for (const s of subjects) s.transport.close();
    if (options.keepWorkDir !== true) fs.rmSync(work, { recursive: true, force: true });
  }
}
