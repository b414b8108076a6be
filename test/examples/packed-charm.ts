/**
 * An example charm laid out as `charmcraft pack` would ship it (see each charmcraft.yaml):
 * dispatch, the YAML files and build/ with the bundle, in a directory of its own. Nothing is
 * written into the repository.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { bundleCharm, type BundleResult } from "../../examples/build.js";

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
  return bundleCharm(source, path.join(charm, "build"));
}
