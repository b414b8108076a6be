/** Builds a TypeScript fixture charm into a runnable charm directory (esbuild JS API). */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { build } from "esbuild";

/**
 * Bundles `<fixture>/src/charm.ts` into `<tmp>/charm.cjs`, copies the YAML files next to it and
 * writes a `dispatch` that execs node on the bundle. Returns the new charm directory.
 */
export async function bundleTsCharm(fixtureDir: string): Promise<string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `${path.basename(fixtureDir)}-`));
  await build({
    entryPoints: [path.join(fixtureDir, "src", "charm.ts")],
    bundle: true,
    platform: "node",
    target: "node20",
    // CommonJS: the yaml package's CommonJS build uses require(), which an ESM bundle cannot.
    format: "cjs",
    outfile: path.join(out, "charm.cjs"),
    logLevel: "error",
  });
  for (const file of ["metadata.yaml", "config.yaml", "actions.yaml"]) {
    const source = path.join(fixtureDir, file);
    if (fs.existsSync(source)) fs.copyFileSync(source, path.join(out, file));
  }
  fs.writeFileSync(path.join(out, "dispatch"), '#!/bin/sh\nexec node "$(dirname "$0")/charm.cjs"\n', { mode: 0o755 });
  return out;
}
