/**
 * An example charm laid out as `charmcraft pack` would ship it (see each charmcraft.yaml):
 * dispatch, the YAML files and build/ with the bundle, in a directory of its own. Nothing is
 * written into the repository. The bundle comes from the run-wide cache when the same content
 * was built before (test/support/charm-build-cache.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { BundleResult } from "../../examples/build.js";
import { cachedBundleCharm } from "../support/charm-build-cache.js";

/** The repository's examples/ directory. */
export const EXAMPLES_DIR = path.join(__dirname, "..", "..", "examples");

/** Packs `examples/<name>` into `<into>/<name>`; the charm directory is two levels above `outFile`. */
export async function packLike(name: string, into: string): Promise<BundleResult> {
  const source = path.join(EXAMPLES_DIR, name);
  const charm = path.join(into, name);
  fs.mkdirSync(charm, { recursive: true });
  for (const file of ["dispatch", "metadata.yaml", "config.yaml", "actions.yaml"]) {
    if (fs.existsSync(path.join(source, file))) fs.copyFileSync(path.join(source, file), path.join(charm, file));
  }
  return cachedBundleCharm(source, path.join(charm, "build"));
}
