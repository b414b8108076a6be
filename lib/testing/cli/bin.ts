#!/usr/bin/env node
/**
 * Executable entry of the simulator CLI (`sim`). Bundle it, e.g.
 * `npx esbuild lib/testing/cli/bin.ts --bundle --platform=node --format=cjs --outfile=build/sim.cjs`,
 * then `node build/sim.cjs --model-dir .sim status` (CommonJS, because the bundled yaml package uses require).
 */
import { runCli } from "./run-cli.js";

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
