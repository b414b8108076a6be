/**
 * Peak RSS of a Node process, measured from inside: a `--require` preload (passed through
 * NODE_OPTIONS) reads `VmHWM` from `/proc/self/status` in the process's `exit` event and appends
 * it, in KiB, to the file named by BENCH_RSS_FILE. VmHWM is the kernel's high-water mark of the
 * resident set, so it includes everything up to exit; the preload itself is a few lines and runs
 * in the floor (`node -e 0`) as well, so both sides carry the same cost. The same line carries
 * the process's CPU time (user + system, `process.cpuUsage()`), which a busy machine inflates
 * far less than wall time.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SNAPSHOT_RELABEL_VARIABLE } from "../lib/ops/charm/no-rehash-snapshot.js";

const PROBE_SOURCE = `"use strict";
// Written by bench/peak-rss.ts: reports this process's peak RSS at exit.
const fs = require("node:fs");
const out = process.env.BENCH_RSS_FILE;
if (out) delete process.env.NODE_OPTIONS;
// The step of dispatch that relabels a new start-up snapshot runs no hook; like the process
// that makes the snapshot (which never reaches "exit"), it is not the hook's process.
if (out && !process.env.${SNAPSHOT_RELABEL_VARIABLE}) {
  process.on("exit", () => {
    const m = /VmHWM:\\s+(\\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
    const cpu = process.cpuUsage();
    if (m) fs.appendFileSync(out, m[1] + " " + (cpu.user + cpu.system) / 1000 + "\\n");
  });
}
`;

/**
 * The same probe for a Python charm: a `sitecustomize` module in a directory first on its
 * PYTHONPATH (a charm's `lib/`), imported at interpreter start; without BENCH_RSS_FILE it does nothing.
 * `ru_maxrss` of the process itself is the same high-water mark as VmHWM (KiB on Linux).
 */
const PYTHON_PROBE_SOURCE = `# Written by bench/peak-rss.ts: reports this process's peak RSS and CPU time at exit.
import os
if os.environ.get("BENCH_RSS_FILE"):
    import atexit, resource
    def _report():
        usage = resource.getrusage(resource.RUSAGE_SELF)
        with open(os.environ["BENCH_RSS_FILE"], "a") as out:
            out.write(f"{usage.ru_maxrss} {(usage.ru_utime + usage.ru_stime) * 1000}\\n")
    atexit.register(_report)
`;

/** Writes the Python probe as `<dir>/sitecustomize.py` (`dir` must come first on PYTHONPATH). */
export function installPythonRssProbe(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "sitecustomize.py"), PYTHON_PROBE_SOURCE);
}

/** The probe's files in `dir`, and the environment that turns it on for a run. */
export interface RssProbe {
  /** Environment to add to one run; the run's result goes to `resultFile`. */
  env(resultFile: string): Record<string, string>;
  /** Peak RSS (KiB) and CPU time (ms) written to `resultFile`, one per process. */
  read(resultFile: string): { readonly peakRssKiB: number; readonly cpuMs: number }[];
}

/** Writes the preload into `dir`. */
export function installRssProbe(dir: string): RssProbe {
  fs.mkdirSync(dir, { recursive: true });
  const probe = path.join(dir, "rss-probe.cjs");
  fs.writeFileSync(probe, PROBE_SOURCE);
  return {
    env: (resultFile) => ({ NODE_OPTIONS: `--require ${probe}`, BENCH_RSS_FILE: resultFile }),
    read: (resultFile) =>
      fs.existsSync(resultFile)
        ? fs
            .readFileSync(resultFile, "utf8")
            .split("\n")
            .filter((l) => l !== "")
            .map((l) => {
              const [rss, cpu] = l.split(" ");
              return { peakRssKiB: Number(rss), cpuMs: Number(cpu) };
            })
        : [],
  };
}
