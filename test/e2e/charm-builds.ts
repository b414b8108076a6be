/**
 * Builds a charm source directory (metadata/config/actions YAML + src/charm.ts) into a runnable
 * charm directory under the OS temp dir with examples/build.ts's `bundleCharm`: `build/charm.js`
 * plus a `dispatch` that runs it (the source's own `dispatch` when it has one). The bundle comes
 * from the run-wide cache when the same content was built before (test/support/charm-build-cache.ts).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cachedBundleCharm } from "../support/charm-build-cache.js";

const DEFAULT_DISPATCH = '#!/bin/sh\nexec node "$(dirname "$0")/build/charm.js"\n';

/** Returns the new charm directory; the caller removes it. */
export async function buildCharmDir(sourceDir: string): Promise<string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `${path.basename(sourceDir)}-`));
  await cachedBundleCharm(sourceDir, path.join(out, "build"));
  for (const file of ["metadata.yaml", "config.yaml", "actions.yaml"]) {
    const source = path.join(sourceDir, file);
    if (fs.existsSync(source)) fs.copyFileSync(source, path.join(out, file));
  }
  const dispatch = path.join(sourceDir, "dispatch");
  fs.writeFileSync(path.join(out, "dispatch"), fs.existsSync(dispatch) ? fs.readFileSync(dispatch) : DEFAULT_DISPATCH, { mode: 0o755 });
  return out;
}
