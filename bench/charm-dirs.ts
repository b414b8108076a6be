/**
 * Runnable charm directories for the benchmark: the charm's YAML files and `dispatch` copied
 * next to `build/charm.js`, bundled with examples/build.ts (the same build the examples ship).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { bundleCharm, type BundleResult } from "../examples/build.js";

const CHARM_FILES = ["metadata.yaml", "config.yaml", "actions.yaml", "dispatch"];

/** A charm ready to deploy, with its bundle's size. */
export interface BuiltCharm {
  readonly name: string;
  readonly dir: string;
  readonly bundle: BundleResult;
}

/** Copies the charm's metadata and dispatch from `sourceDir` to `<workDir>/<name>` and bundles it there. */
export async function buildCharmDir(name: string, sourceDir: string, workDir: string): Promise<BuiltCharm> {
  const dir = path.join(workDir, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const file of CHARM_FILES) {
    const from = path.join(sourceDir, file);
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(dir, file));
  }
  if (!fs.existsSync(path.join(dir, "dispatch"))) throw new Error(`charm ${name} (${sourceDir}) has no dispatch script`);
  fs.chmodSync(path.join(dir, "dispatch"), 0o755);
  const bundle = await bundleCharm(sourceDir, path.join(dir, "build"));
  return { name, dir, bundle };
}

/** Copies a charm that needs no build (a shell charm) to `<workDir>/<name>`. */
export function copyCharmDir(name: string, sourceDir: string, workDir: string): string {
  const dir = path.join(workDir, name);
  fs.cpSync(sourceDir, dir, { recursive: true });
  return dir;
}

const SNAPSHOT_DISPATCH = '#!/bin/sh\nexec node --snapshot-blob "$(dirname "$0")/build/charm.blob"\n';

/**
 * Experiment: the charm as a V8 startup snapshot. Bundles `snapshotEntry` (which must call
 * `v8.startupSnapshot.setDeserializeMainFunction`) and runs `node --build-snapshot` on it; the
 * dispatch starts Node from the blob. The blob only works with the Node binary that built it.
 */
export async function buildSnapshotCharmDir(name: string, sourceDir: string, snapshotEntry: string, workDir: string): Promise<BuiltCharm & { readonly blobBytes: number }> {
  const dir = path.join(workDir, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const file of CHARM_FILES.filter((f) => f !== "dispatch")) {
    const from = path.join(sourceDir, file);
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(dir, file));
  }
  fs.writeFileSync(path.join(dir, "dispatch"), SNAPSHOT_DISPATCH, { mode: 0o755 });
  const bundle = await bundleCharm(sourceDir, path.join(dir, "build"), { entry: snapshotEntry });
  const blob = path.join(dir, "build", "charm.blob");
  const built = spawnSync(process.execPath, ["--snapshot-blob", blob, "--build-snapshot", bundle.outFile], { cwd: dir, encoding: "utf8", env: { ...process.env, NODE_NO_WARNINGS: "1" } });
  if (built.status !== 0) throw new Error(`building the startup snapshot of ${name} failed: ${built.stderr.slice(-1500)}`);
  return { name, dir, bundle, blobBytes: fs.statSync(blob).size };
}
