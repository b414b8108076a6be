#!/usr/bin/env node
/**
 * What a charm without drivers carries: builds the package's ES modules (tsc, as
 * `npm run build` does) into a scratch project outside the repository (so no `pg` can be
 * found, as in a charm project that has none), bundles test/package's no-driver charm with
 * `charm-data-interfaces build`'s own code, and prints the bytes per source and the largest
 * input files. `node bench/bundle-breakdown.mjs [--top N] [--keep] [--json]`; docs/build.md has the
 * output. `--json` prints `{ bytes, groups }` instead (what `npm run bench` reports against the target).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const top = Number(args[args.indexOf("--top") + 1] ?? 25) || 25;
const work = mkdtempSync(join(tmpdir(), "cdi-bundle-breakdown-"));
const pkg = join(work, "node_modules", "charm-data-interfaces");
try {
  const tsc = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json"), "--outDir", join(pkg, "dist")], { stdio: "inherit" });
  if (tsc.status !== 0) throw new Error("tsc failed");
  copyFileSync(join(root, "package.json"), join(pkg, "package.json"));
  for (const dep of ["zod", "yaml", "esbuild"]) symlinkSync(join(root, "node_modules", dep), join(work, "node_modules", dep));
  writeFileSync(join(work, "package.json"), '{ "name": "scratch", "private": true, "type": "module" }\n');
  const charm = join(work, "nodriver");
  mkdirSync(join(charm, "src"), { recursive: true });
  copyFileSync(join(root, "test/package/scratch/nodriver/metadata.yaml"), join(charm, "metadata.yaml"));
  copyFileSync(join(root, "test/package/scratch/nodriver/main.ts.fixture"), join(charm, "src", "main.ts"));
  const { bundleCharm } = await import(pathToFileURL(join(pkg, "dist/lib/cli/build-bundle.js")).href);
  const result = await bundleCharm(charm, undefined, { modules: true });
  const short = (input) => input.replace(/^.*node_modules\/(charm-data-interfaces\/dist\/)?/, "").replace(/^.*\/nodriver\//, "charm: ");
  const groups = {};
  for (const [input, bytes] of Object.entries(result.modules)) {
    const name = short(input);
    const group = name.startsWith("lib/") ? name.split("/").slice(0, 2).join("/") : name.startsWith("zod/") || name.startsWith("zod-json-schema-left-out:") ? "zod" : name;
    groups[group] = (groups[group] ?? 0) + bytes;
  }
  if (args.includes("--json")) {
    process.stdout.write(`${JSON.stringify({ bytes: result.bytes, groups })}\n`);
  } else {
    printBreakdown(result, groups, short);
  }
} finally {
  if (!args.includes("--keep")) rmSync(work, { recursive: true, force: true });
}

function printBreakdown(result, groups, short) {
  const inputs = Object.values(groups).reduce((a, b) => a + b, 0);
  const lines = [`bundle ${result.bytes} bytes = ${(result.bytes / 1000).toFixed(1)} kB = ${(result.bytes / 1024).toFixed(1)} KiB (the snapshot-builder prelude and esbuild's runtime helpers: ${result.bytes - inputs})`];
  for (const [group, bytes] of Object.entries(groups).sort((a, b) => b[1] - a[1])) lines.push(`${String(bytes).padStart(8)}  ${((100 * bytes) / result.bytes).toFixed(1).padStart(5)} %  ${group}`);
  lines.push(`largest ${top} input files:`);
  for (const [input, bytes] of Object.entries(result.modules).sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${String(bytes).padStart(8)}  ${short(input)}`);
  process.stdout.write(`${lines.join("\n")}\n`);
}
