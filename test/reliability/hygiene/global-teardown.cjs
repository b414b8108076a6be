// jest globalTeardown (issue 9 point 4): after every test file ran, scan the run's spool and fail
// the run when any secret value of any test appears in any recorded text. Prints the numbers.
// Plain CommonJS requiring the TypeScript scanner by file name (jest's transform compiles it;
// leak-scan.ts has no relative runtime imports, so no moduleNameMapper is needed).
const { rmSync } = require("node:fs");
const { join } = require("node:path");
const { SPOOL_ENV } = require("./global-setup.cjs");

module.exports = function globalTeardown() {
  const dir = process.env[SPOOL_ENV];
  if (!dir) return;
  const { describeScan, scanSpool } = require(join(__dirname, "../../support/hygiene/leak-scan.ts"));
  const report = scanSpool(dir);
  process.stdout.write(`\n[reliability] ${describeScan(report)}\n`);
  if (process.env.CHARM_TEST_SPOOL_KEEP === undefined) rmSync(dir, { recursive: true, force: true });
  if (report.leaks.length > 0) throw new Error(`secret hygiene: ${report.leaks.length} secret values appeared in test output (see the report above)`);
};
