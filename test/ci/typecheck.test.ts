/**
 * `npm test` type-checks as one jest suite beside the others (issue 15, "Why" 8: within 5 minutes
 * on 2 cores). Run before jest, tsc's 25 s on one core left the other idle; here a worker runs it
 * while the second runs tests. `npm run typecheck` stays for the check alone.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { scaled } from "../support/time-scale.js";

const REPO = path.join(__dirname, "..", "..");

test(
  "tsc --noEmit -p tsconfig.json reports no error",
  async () => {
    const tsc = require.resolve("typescript/bin/tsc");
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      execFile(process.execPath, [tsc, "--noEmit", "-p", "tsconfig.json"], { cwd: REPO, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : null, output: `${stdout}${stderr}` });
      });
    });
    // The diagnostics first: a failure shows them.
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  },
  scaled(120_000),
);
