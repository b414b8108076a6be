/**
 * What module loading costs: `node -e 0` against loading each charm bundle with no hook to run
 * (OPS_TS_DISPATCH=1 makes `main()` return at once, so the process only loads and evaluates the
 * bundle), against the same bundle loaded with V8 code cache (code-cache-loader.ts), against
 * requiring zod, zod/mini and yaml alone, and against building 100 object schemas with zod's
 * classic API and with zod/mini (what a lighter entry point would save per schema). One warm-up run each, then interleaved runs; medians.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { writeCodeCacheLoader } from "./code-cache-loader.js";
import { installRssProbe } from "./peak-rss.js";
import { spreadOf, type Spread } from "./statistics.js";

/** One measured command. */
export interface StartupRow {
  readonly label: string;
  readonly wallMs: Spread;
  /** CPU time (user + system) reported by the process itself (peak-rss.ts probe). */
  readonly cpuMs: Spread;
  /** Peak RSS (VmHWM) in KiB. */
  readonly peakRssKiB: Spread;
}

/** What to compare with the floor. */
export interface StartupSubjects {
  /** Bundles to load, by label. */
  readonly bundles: Readonly<Record<string, string>>;
  /** Startup snapshot blobs to start from, by label (experiment). */
  readonly snapshots?: Readonly<Record<string, string>>;
  /** Repository root (for zod and yaml in node_modules). */
  readonly repoRoot: string;
  /** Scratch directory for the code-cache experiment. */
  readonly workDir: string;
}

/** How many schemas the zod-versus-zod/mini rows build (about as many as a charm's models). */
const SCHEMA_COUNT = 100;
/** The same five-field object in zod's classic API and in zod/mini's functional API. */
const CLASSIC_SCHEMA = 'z.object({ a: z.string(), b: z.string().optional(), c: z.number().int(), d: z.array(z.string()), e: z.enum(["x", "y"]) })';
const MINI_SCHEMA = 'z.object({ a: z.string(), b: z.optional(z.string()), c: z.int(), d: z.array(z.string()), e: z.enum(["x", "y"]) })';

function schemaScript(entry: string, schema: string): string {
  return `const z = require(${JSON.stringify(entry)}); const all = []; for (let i = 0; i < ${SCHEMA_COUNT}; i++) all.push(${schema}); if (all.length !== ${SCHEMA_COUNT}) process.exit(1);`;
}

function timeOnce(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [...args], { env, stdio: ["ignore", "ignore", "pipe"] });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`startup benchmark: node ${args.join(" ")} failed: ${result.stderr.toString().slice(-500)}`);
  return ms;
}

/** Runs every subject `runs` times, round-robin, and returns the floor first. */
export function measureStartup(subjects: StartupSubjects, runs: number): StartupRow[] {
  const env: NodeJS.ProcessEnv = { ...process.env, OPS_TS_DISPATCH: "1" };
  delete env["NODE_OPTIONS"];
  const modules = path.join(subjects.repoRoot, "node_modules");
  const commands: { label: string; args: string[] }[] = [
    { label: "node -e 0", args: ["-e", "0"] },
    { label: "require('zod')", args: ["-e", `require(${JSON.stringify(path.join(modules, "zod"))})`] },
    { label: "require('yaml')", args: ["-e", `require(${JSON.stringify(path.join(modules, "yaml"))})`] },
    { label: "require('zod/mini')", args: ["-e", `require(${JSON.stringify(path.join(modules, "zod", "mini"))})`] },
    { label: `zod: build ${SCHEMA_COUNT} object schemas`, args: ["-e", schemaScript(path.join(modules, "zod"), CLASSIC_SCHEMA)] },
    { label: `zod/mini: build ${SCHEMA_COUNT} object schemas`, args: ["-e", schemaScript(path.join(modules, "zod", "mini"), MINI_SCHEMA)] },
    ...Object.entries(subjects.bundles).flatMap(([label, file]) => {
      const loader = writeCodeCacheLoader(file, path.join(subjects.workDir, `code-cache-${label}`));
      return [
        { label: `load ${label} bundle`, args: [file] },
        { label: `load ${label} bundle with V8 code cache (experiment)`, args: [loader] },
      ];
    }),
    ...Object.entries(subjects.snapshots ?? {}).map(([label, blob]) => ({ label: `start ${label} from its snapshot (experiment)`, args: ["--snapshot-blob", blob] })),
  ];
  // The first run of each loader writes its cache.
  for (const command of commands) timeOnce(command.args, env);
  const samples = commands.map(() => [] as number[]);
  for (let run = 0; run < runs; run++) {
    commands.forEach((command, i) => samples[i]?.push(timeOnce(command.args, env)));
  }
  // Separate probe runs, so the wall times above carry no preload.
  const probe = installRssProbe(path.join(subjects.workDir, "startup-probe"));
  const probeFile = (i: number): string => path.join(subjects.workDir, "startup-probe", `${i}.txt`);
  for (let run = 0; run < Math.min(runs, 5); run++) {
    commands.forEach((command, i) => timeOnce(command.args, { ...env, ...probe.env(probeFile(i)) }));
  }
  return commands.map((command, i) => {
    const probed = probe.read(probeFile(i));
    return {
      label: command.label,
      wallMs: spreadOf(samples[i] ?? []),
      cpuMs: spreadOf(probed.map((p) => p.cpuMs)),
      peakRssKiB: spreadOf(probed.map((p) => p.peakRssKiB)),
    };
  });
}
