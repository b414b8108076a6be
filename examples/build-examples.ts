/**
 * Builds every example charm (or those named on the command line) into `<charm>/build/charm.js`,
 * ready for `charmcraft pack`. Run it with `npm run build:examples`, which bundles this file
 * with esbuild first (Node 20 does not run TypeScript).
 *
 * `--ship DIR` instead stages the charms the package ships prebuilt (the test provider,
 * examples/database-provider) as deployable directories under DIR: dispatch, the YAML files and
 * build/charm.js. `npm run build` ships them in dist/providers.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { bundleCharm, describeBundle, exampleCharmDirs } from "./build.js";

/** The example charms the package ships prebuilt, by the name they ship under. */
const SHIPPED = { "database-provider": "database-provider" } as const;

async function buildExamples(names: readonly string[]): Promise<void> {
  const examplesDir = path.resolve("examples");
  const all = exampleCharmDirs(examplesDir);
  const chosen = names.length === 0 ? all : all.filter((dir) => names.includes(path.basename(dir)));
  const unknown = names.filter((n) => !all.some((dir) => path.basename(dir) === n));
  if (unknown.length > 0) throw new Error(`no example charm named ${unknown.join(", ")} (have: ${all.map((d) => path.basename(d)).join(", ")})`);
  for (const dir of chosen) process.stdout.write(`${describeBundle(await bundleCharm(dir), process.cwd())}\n`);
}

/** Stages each shipped charm under `target`: its dispatch and YAML files, and a fresh bundle. */
async function shipCharms(target: string): Promise<void> {
  for (const [example, shippedAs] of Object.entries(SHIPPED)) {
    const source = path.resolve("examples", example);
    const dest = path.resolve(target, shippedAs);
    fs.rmSync(dest, { recursive: true, force: true });
    fs.mkdirSync(dest, { recursive: true });
    for (const file of fs.readdirSync(source)) {
      if (file === "dispatch" || file.endsWith(".yaml")) fs.copyFileSync(path.join(source, file), path.join(dest, file));
    }
    fs.chmodSync(path.join(dest, "dispatch"), 0o755);
    // The bundle is built from the example's sources; the metadata it embeds is the copy's (same bytes).
    const result = await bundleCharm(source, path.join(dest, "build"));
    process.stdout.write(`${describeBundle(result, process.cwd())}\n`);
  }
}

const argv = process.argv.slice(2);
const ship = argv.indexOf("--ship");
const job = ship >= 0 ? shipCharms(argv[ship + 1] ?? "dist/providers") : buildExamples(argv);
job.catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
