/**
 * Runnable charm directories for the benchmark.
 *
 * - The library's charm is built the documented way: `bundleCharm` (what
 *   `charm-data-interfaces build` runs, lib/cli/build-bundle.ts) and the `dispatch` that command
 *   writes (lib/cli/build-charm-files.ts `dispatchScript`).
 * - Variants of that charm (code cache, Node flags) are copies of a unit's charm directory with
 *   another dispatch; the floor is the same dispatch running `node -e 0`.
 * - The Python charm gets charmcraft's usual dispatch (`PYTHONPATH=lib:venv ./src/charm.py`), with
 *   `venv` pointing at the directory that holds ops and data_interfaces (python-deps.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { bundleCharm, type BundleOptions, type BundleResult } from "../lib/cli/build-bundle.js";
import { dispatchScript } from "../lib/cli/build-charm-files.js";
import type { PythonDeps } from "./python-deps.js";

const CHARM_FILES = ["metadata.yaml", "config.yaml", "actions.yaml"];

/** A charm ready to deploy. */
export interface BuiltCharm {
  readonly name: string;
  readonly dir: string;
  /** The bundle, for charms on this library. */
  readonly bundle?: BundleResult;
}

function copyYaml(sourceDir: string, dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const file of CHARM_FILES) {
    const from = path.join(sourceDir, file);
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(dir, file));
  }
}

/** Bundles the charm in `sourceDir` into `<workDir>/<name>/build` and writes the documented dispatch. */
export async function buildLibraryCharm(name: string, sourceDir: string, workDir: string, options: BundleOptions = {}): Promise<BuiltCharm> {
  const dir = path.join(workDir, name);
  copyYaml(sourceDir, dir);
  const bundle = await bundleCharm(sourceDir, path.join(dir, "build"), options);
  fs.writeFileSync(path.join(dir, "dispatch"), dispatchScript("build/charm.js"), { mode: 0o755 });
  return { name, dir, bundle };
}

/**
 * The Python charm: its YAML and `src/` copied, `venv` a symlink to the dependencies and the
 * dispatch charmcraft generates (with the interpreter's absolute path: a version manager's
 * `python3` shim would add its own start-up to every hook).
 */
export function buildPythonCharm(name: string, sourceDir: string, workDir: string, deps: PythonDeps): BuiltCharm {
  const dir = path.join(workDir, name);
  copyYaml(sourceDir, dir);
  fs.cpSync(path.join(sourceDir, "src"), path.join(dir, "src"), { recursive: true });
  fs.mkdirSync(path.join(dir, "lib"), { recursive: true });
  fs.symlinkSync(path.resolve(deps.path), path.join(dir, "venv"));
  fs.writeFileSync(path.join(dir, "dispatch"), `#!/bin/sh\nJUJU_DISPATCH_PATH="\${JUJU_DISPATCH_PATH:-$0}" PYTHONPATH=lib:venv exec ${deps.python} ./src/charm.py\n`, { mode: 0o755 });
  return { name, dir };
}

/** Copies a charm that needs no build (a shell charm) to `<workDir>/<name>`. */
export function copyCharmDir(name: string, sourceDir: string, workDir: string): string {
  const dir = path.join(workDir, name);
  fs.cpSync(sourceDir, dir, { recursive: true });
  return dir;
}

/**
 * A copy of a unit's charm directory `unitCharmDir` at `<workDir>/<name>` whose dispatch runs
 * `nodeArgs` (the documented dispatch with other arguments to Node). Returns the copy's path.
 */
export function variantCharmDir(name: string, unitCharmDir: string, workDir: string, nodeArgs: string, setup: (dir: string) => void = () => undefined): string {
  const dir = path.join(workDir, name);
  fs.cpSync(unitCharmDir, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "dispatch"), dispatchScript(nodeArgs, { startupSnapshot: false }), { mode: 0o755 });
  setup(dir);
  return dir;
}

/** The floor: the documented dispatch, in its own directory, running `node -e 0` (no V8 flags). */
export function floorCharmDir(workDir: string): string {
  const dir = path.join(workDir, "floor");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "dispatch"), dispatchScript("-e 0", { startupSnapshot: false, nodeFlags: [] }), { mode: 0o755 });
  return dir;
}
