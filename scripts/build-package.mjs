#!/usr/bin/env node
/**
 * Builds what the npm package ships (`npm run build`, run by `prepack`), into `dist/` or the
 * directory given with `--out DIR` (test/package builds a staging copy that way):
 *
 *   lib/       the library as ES modules with declarations (the `import` condition)
 *   cjs/       the same as CommonJS with declarations (the `require` condition: jest)
 *   providers/ the test provider charm, prebuilt (`sim deploy --builtin`)
 *   docs/      the API reference (typedoc; undocumented exports fail the build)
 *
 * `--json FILE` also writes typedoc's JSON model; `--no-docs` skips the API reference.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args[at + 1];
};
const out = resolve(option("--out") ?? join(root, "dist"));
const json = option("--json");
const bin = (pkg, file) => join(root, "node_modules", pkg, file);

function step(title, command, commandArgs) {
  const started = Date.now();
  const run = spawnSync(command, commandArgs, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  if (run.status !== 0) {
    process.stderr.write(`build-package: ${title} failed (exit ${run.status ?? run.signal})\n`);
    process.exit(1);
  }
  process.stdout.write(`build-package: ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

/**
 * The CommonJS build, from the ES modules just compiled: each file converted by esbuild (no
 * bundling, so module identity is the same as in the ES build), `import()` turned into
 * `require()` (jest cannot run `import()` without ES module flags), declarations copied.
 * (`tsc -p tsconfig.cjs.json` makes the same from the sources, at the cost of a second compile.)
 */
async function commonJs(esmDir, cjsDir) {
  const started = Date.now();
  const files = readdirSync(esmDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath ?? d.path, d.name));
  const { build } = await import("esbuild");
  await build({
    entryPoints: files.filter((f) => f.endsWith(".js")),
    outbase: esmDir,
    outdir: cjsDir,
    format: "cjs",
    platform: "node",
    target: "node20",
    supported: { "dynamic-import": false },
    logLevel: "warning",
  });
  for (const file of files.filter((f) => f.endsWith(".d.ts"))) {
    const target = join(cjsDir, file.slice(esmDir.length + 1));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
  process.stdout.write(`build-package: CommonJS (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

rmSync(out, { recursive: true, force: true });
const tsc = bin("typescript", "bin/tsc");
step("ES modules", process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", out]);
await commonJs(join(out, "lib"), join(out, "cjs", "lib"));
writeFileSync(join(out, "cjs", "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);

const tmp = join(root, ".tmp");
mkdirSync(tmp, { recursive: true });
const builder = join(tmp, `build-examples-${process.pid}.cjs`);
step("example builder", bin("esbuild", "bin/esbuild"), [
  "examples/build-examples.ts",
  "--bundle",
  "--platform=node",
  "--format=cjs",
  "--packages=external",
  "--log-level=warning",
  `--outfile=${builder}`,
]);
step("shipped providers", process.execPath, [builder, "--ship", join(out, "providers")]);
rmSync(builder, { force: true });

if (!args.includes("--no-docs")) {
  const typedoc = [bin("typedoc", "bin/typedoc"), "--options", "typedoc.json", "--validation.notDocumented", "--treatWarningsAsErrors", "--out", join(out, "docs")];
  step("API reference", process.execPath, json === undefined ? typedoc : [...typedoc, "--json", resolve(json)]);
}
