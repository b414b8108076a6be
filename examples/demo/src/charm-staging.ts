/**
 * The example charms as `charmcraft pack` would ship them (dispatch, the YAML files and
 * build/charm.js from `bundleCharm`), each in a directory of its own outside the repository,
 * so the demo never writes into examples/.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { bundleCharm } from "../../build.js";

/** Files of a charm directory that a packed charm carries besides the bundle. */
const SHIPPED_FILES = ["dispatch", "metadata.yaml", "config.yaml", "actions.yaml"] as const;

/** A staged charm: where it is and how big its bundle is. */
export interface StagedCharm {
  readonly name: string;
  /** The charm directory to deploy. */
  readonly dir: string;
  readonly bundleBytes: number;
}

/** Bundles `<examplesDir>/<name>` and lays it out in `<into>/<name>`. */
export async function stageExampleCharm(examplesDir: string, name: string, into: string): Promise<StagedCharm> {
  const source = path.join(examplesDir, name);
  const dir = path.join(into, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const file of SHIPPED_FILES) {
    const from = path.join(source, file);
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(dir, file));
  }
  const { bytes } = await bundleCharm(source, path.join(dir, "build"));
  return { name, dir, bundleBytes: bytes };
}
