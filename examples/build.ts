/**
 * The example charms' build: the same code as `npx charm-data-interfaces build`
 * (lib/cli/build-bundle.ts), plus the list of example charms. Each example's `src/main.ts` and
 * what it imports become `<charm>/build/charm.js`, with the metadata embedded.
 *
 * ```ts
 * import { bundleCharm } from "../examples/build.js";
 * const { outFile, bytes } = await bundleCharm("examples/webapp");
 * ```
 */
import * as fs from "node:fs";
import * as path from "node:path";

export { bundleCharm, CharmBuildError, describeBundle, type BundleOptions, type BundleResult } from "../lib/cli/build-bundle.js";

/** The example charms in `examplesDir`: subdirectories with a `dispatch` and a `src/` entry point. */
export function exampleCharmDirs(examplesDir: string): string[] {
  return fs
    .readdirSync(examplesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(examplesDir, d.name))
    .filter((dir) => fs.existsSync(path.join(dir, "dispatch")) && ["main.ts", "charm.ts"].some((f) => fs.existsSync(path.join(dir, "src", f))));
}
