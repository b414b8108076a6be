#!/usr/bin/env node
// `npm run bench`: bundles the TypeScript benchmark (bench/bench-cli.ts) with esbuild into
// .tmp/bench/ (packages stay external and resolve from this repository's node_modules), then
// runs it. Needs only Node and the npm dependencies. Arguments are passed on, e.g.
//   node bench/run.mjs --runs 30 --no-write
import { build } from "esbuild";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outfile = path.join(repoRoot, ".tmp", "bench", "bench-cli.mjs");
await build({
  entryPoints: [path.join(repoRoot, "bench", "bench-cli.ts")],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  logLevel: "warning",
});
const cli = await import(pathToFileURL(outfile).href);
process.exitCode = await cli.benchCli(repoRoot, process.argv.slice(2));
