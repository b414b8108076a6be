/**
 * Where the Python side of the benchmark (bench/charms/py-minimal) finds Python `ops` and the
 * data_interfaces v0 charm library. Neither is in this repository (they are not ours to copy);
 * the benchmark looks for one directory that holds both:
 *
 *   $BENCH_PYTHON_PATH, else ~/.cache/charm-data-interfaces-bench/python
 *     ops/                                          `pip install --target DIR ops`
 *     charms/data_platform_libs/v0/data_interfaces.py   `charmcraft fetch-lib charms.data_platform_libs.v0.data_interfaces`
 *
 * When that directory lacks ops, `pip install --target` is tried once. The interpreter is
 * $BENCH_PYTHON or `python3`, resolved to its real executable. When any of it is missing the
 * Python rows are left out and the report says why.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A usable Python stack. */
export interface PythonDeps {
  /** Absolute path of the interpreter. */
  readonly python: string;
  /** Directory with `ops` and `charms/data_platform_libs/v0/data_interfaces.py`. */
  readonly path: string;
  /** `Python 3.x.y, ops 3.x.y, data_interfaces v0.N` */
  readonly versions: string;
}

/** The default dependency directory. */
export const DEFAULT_PYTHON_DEPS = path.join(os.homedir(), ".cache", "charm-data-interfaces-bench", "python");

const PROBE = [
  "import sys, platform, ops",
  "from charms.data_platform_libs.v0 import data_interfaces as d",
  'print(sys.executable); print(f"Python {platform.python_version()}, ops {ops.__version__}, data_interfaces v{d.LIBAPI}.{d.LIBPATCH}")',
].join("\n");

function probe(python: string, depsPath: string): { ok: true; executable: string; versions: string } | { ok: false; error: string } {
  const run = spawnSync(python, ["-c", PROBE], { encoding: "utf8", env: { ...process.env, PYTHONPATH: depsPath } });
  if (run.error !== undefined) return { ok: false, error: `${python}: ${run.error.message}` };
  if (run.status !== 0) return { ok: false, error: run.stderr.trim().split("\n").slice(-1)[0] ?? `exit ${String(run.status)}` };
  const [executable = python, versions = ""] = run.stdout.trim().split("\n");
  return { ok: true, executable, versions };
}

/** Finds the Python stack, or says what is missing. */
export function findPythonDeps(): PythonDeps | { readonly missing: string } {
  const python = process.env["BENCH_PYTHON"] ?? "python3";
  const depsPath = process.env["BENCH_PYTHON_PATH"] ?? DEFAULT_PYTHON_DEPS;
  let found = probe(python, depsPath);
  if (!found.ok && !fs.existsSync(path.join(depsPath, "ops"))) {
    spawnSync(python, ["-m", "pip", "install", "--quiet", "--target", depsPath, "ops"], { stdio: "ignore", timeout: 120_000 });
    found = probe(python, depsPath);
  }
  if (!found.ok) return { missing: `${found.error} (with PYTHONPATH=${depsPath}; see bench/python-deps.ts)` };
  return { python: found.executable, path: depsPath, versions: found.versions };
}
