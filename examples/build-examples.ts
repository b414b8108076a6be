/**
 * Builds every example charm (or those named on the command line) into `<charm>/build/charm.js`,
 * ready for `charmcraft pack`. Run it with `npm run build:examples`, which bundles this file
 * with esbuild first (Node 20 does not run TypeScript).
 */
import * as path from "node:path";
import { bundleCharm, describeBundle, exampleCharmDirs } from "./build.js";

async function buildExamples(names: readonly string[]): Promise<void> {
  const examplesDir = path.resolve("examples");
  const all = exampleCharmDirs(examplesDir);
  const chosen = names.length === 0 ? all : all.filter((dir) => names.includes(path.basename(dir)));
  const unknown = names.filter((n) => !all.some((dir) => path.basename(dir) === n));
  if (unknown.length > 0) throw new Error(`no example charm named ${unknown.join(", ")} (have: ${all.map((d) => path.basename(d)).join(", ")})`);
  for (const dir of chosen) process.stdout.write(`${describeBundle(await bundleCharm(dir), process.cwd())}\n`);
}

buildExamples(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
