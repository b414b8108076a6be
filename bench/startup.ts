/**
 * What module loading alone costs, with no hook to run (OPS_TS_DISPATCH=1 makes `main()` return
 * at once, so the process only loads and evaluates the bundle): `node -e 0` against the library
 * charm's bundle loaded plainly, from a start-up snapshot (lib/ops/charm/startup-snapshot.ts),
 * an empty script from its own start-up snapshot (what any process started from a user snapshot
 * pays before a charm's heap is restored),
 * through the V8 code cache (code-cache-loader.ts), and with young-generation flags; and, when the Python stack is there, `python -c 0` against importing
 * ops and data_interfaces. One warm-up run each (it writes the code cache), then interleaved
 * runs; wall medians, then separate probe runs for CPU time and peak RSS.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { NO_REHASH_FLAG, relabelForNoRehash, startsWithNoRehash } from "../lib/ops/charm/no-rehash-snapshot.js";
import { GLIBC_TUNABLES_VARIABLE, SNAPSHOT_START_TUNABLE } from "../lib/ops/charm/snapshot-huge-pages.js";
import { writeCodeCacheLoader } from "./code-cache-loader.js";
import { installPythonRssProbe, installRssProbe } from "./peak-rss.js";
import type { PythonDeps } from "./python-deps.js";
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
  /** The library charm's bundle (`build/charm.js`). */
  readonly workDir: string;
  readonly bundle: string;
  /** The young-generation flags of the hook benchmark. */
  readonly youngGenFlags: string;
  /** The Python stack, when found. */
  readonly python?: PythonDeps | { readonly missing: string } | undefined;
}

/** The module-loading row of an empty script started from its own start-up snapshot. */
export const EMPTY_SNAPSHOT_ROW = "an empty script from its start-up snapshot";
/** The module-loading row of the library charm restored from its start-up snapshot. */
export const CHARM_SNAPSHOT_ROW = "… from the start-up snapshot";

interface Command {
  readonly label: string;
  readonly program: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

function timeOnce(command: Command, env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(command.program, [...command.args], { env: { ...env, ...command.env }, stdio: ["ignore", "ignore", "pipe"] });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`startup benchmark: ${command.label} failed: ${result.stderr.toString().slice(-500)}`);
  return ms;
}

/**
 * The flags a hook starts from `snapshot` with, as the generated dispatch decides them: the
 * snapshot relabelled for `--no-rehash-snapshot` when this Node allows it
 * (lib/ops/charm/no-rehash-snapshot.ts), else none.
 */
function hookFlags(snapshot: string, script: string): string[] {
  return startsWithNoRehash(relabelForNoRehash(snapshot, script)) ? [NO_REHASH_FLAG] : [];
}

/** The environment the generated dispatch adds for a start from a snapshot: huge pages asked of malloc (docs/startup-snapshot.md#huge-pages). */
const SNAPSHOT_START_ENV = { [GLIBC_TUNABLES_VARIABLE]: SNAPSHOT_START_TUNABLE };

/** Runs every command `runs` times, round-robin; the floor (`node -e 0`) is the first row. */
export function measureStartup(subjects: StartupSubjects, runs: number): StartupRow[] {
  // The environment of a hook, not of this shell: Juju gives a hook its own variables, and a
  // setting such as NODE_EXTRA_CA_CERTS (Node reads that file at every start) would weigh on
  // every row here but on no hook.
  const env: NodeJS.ProcessEnv = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", OPS_TS_DISPATCH: "1" };
  const cacheBuild = path.join(subjects.workDir, "startup-code-cache");
  fs.mkdirSync(cacheBuild, { recursive: true });
  fs.copyFileSync(subjects.bundle, path.join(cacheBuild, "charm.js"));
  fs.writeFileSync(path.join(cacheBuild, "package.json"), '{ "type": "commonjs" }\n');
  const loader = writeCodeCacheLoader(cacheBuild);
  const node = process.execPath;
  const flags = subjects.youngGenFlags.split(" ");
  const commands: Command[] = [
    { label: "node -e 0", program: node, args: ["-e", "0"] },
    { label: "load the library charm's bundle", program: node, args: [subjects.bundle] },
    { label: "… through the V8 code cache", program: node, args: [loader] },
    { label: `… with ${subjects.youngGenFlags}`, program: node, args: [...flags, subjects.bundle] },
  ];
  // The start-up snapshot the generated dispatch makes on a unit, made here the same way.
  const snapshot = path.join(subjects.workDir, "startup-snapshot.blob");
  const made = spawnSync(node, ["--snapshot-blob", snapshot, "--build-snapshot", subjects.bundle], { env, stdio: "ignore" });
  if (made.status === 0) commands.splice(2, 0, { label: CHARM_SNAPSHOT_ROW, program: node, args: [...hookFlags(snapshot, subjects.bundle), "--snapshot-blob", snapshot, subjects.bundle], env: SNAPSHOT_START_ENV });
  // The same for a script that does nothing: Node reads a user snapshot from a file and
  // deserializes all of it, where `node -e 0` maps its own from the binary, so this row is the
  // least any hook started from a snapshot can cost.
  const empty = path.join(subjects.workDir, "empty-script.js");
  fs.writeFileSync(empty, "// nothing: the start-up snapshot of an empty script\n");
  const emptySnapshot = path.join(subjects.workDir, "empty-script.blob");
  const madeEmpty = spawnSync(node, ["--snapshot-blob", emptySnapshot, "--build-snapshot", empty], { env, stdio: "ignore" });
  if (madeEmpty.status === 0) commands.splice(1, 0, { label: EMPTY_SNAPSHOT_ROW, program: node, args: [...hookFlags(emptySnapshot, empty), "--snapshot-blob", emptySnapshot, empty], env: SNAPSHOT_START_ENV });
  const py = subjects.python;
  if (py !== undefined && !("missing" in py)) {
    commands.push({ label: "python -c 0", program: py.python, args: ["-c", "0"] });
    commands.push({ label: "python: import ops and data_interfaces", program: py.python, args: ["-c", "import ops; from charms.data_platform_libs.v0 import data_interfaces"], env: { PYTHONPATH: py.path } });
  }
  for (const command of commands) timeOnce(command, env);
  const samples = commands.map(() => [] as number[]);
  for (let run = 0; run < runs; run++) commands.forEach((command, i) => samples[i]?.push(timeOnce(command, env)));
  // Separate probe runs, so the wall times above carry no preload. Python's probe is the
  // sitecustomize module in a directory put first on its path.
  const probe = installRssProbe(path.join(subjects.workDir, "startup-probe"));
  const pyProbe = path.join(subjects.workDir, "startup-probe", "python");
  installPythonRssProbe(pyProbe);
  const probeFile = (i: number): string => path.join(subjects.workDir, "startup-probe", `${i}.txt`);
  for (let run = 0; run < Math.min(runs, 5); run++) {
    commands.forEach((command, i) => {
      const isPython = command.program !== node;
      const pythonPath = [pyProbe, ...(command.env?.["PYTHONPATH"] === undefined ? [] : [command.env["PYTHONPATH"]])].join(":");
      timeOnce({ ...command, env: { ...command.env, ...(isPython ? { PYTHONPATH: pythonPath } : {}) } }, { ...env, ...probe.env(probeFile(i)) });
    });
  }
  return commands.map((command, i) => {
    const probed = probe.read(probeFile(i));
    return { label: command.label, wallMs: spreadOf(samples[i] ?? []), cpuMs: spreadOf(probed.map((p) => p.cpuMs)), peakRssKiB: spreadOf(probed.map((p) => p.peakRssKiB)) };
  });
}
