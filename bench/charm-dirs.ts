/**
 * Runnable charm directories for the benchmark: the charm's YAML files and `dispatch` copied
 * next to `build/charm.js`, bundled with examples/build.ts (the same build the examples ship).
 */
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
