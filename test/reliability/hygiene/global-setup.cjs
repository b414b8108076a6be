// jest globalSetup (issue 9 point 4): a fresh secret-hygiene spool directory for this run; the
// run observer of test/support/hygiene records every harness run and simulator hook into it, in every worker.
// Plain CommonJS: jest's moduleNameMapper does not apply to global setup files.
const { mkdtempSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

/** Must equal SPOOL_ENV of test/support/hygiene/output-spool.ts (test/reliability/hygiene/leak-scan.test.ts checks it). */
const SPOOL_ENV = "CHARM_TEST_SPOOL";

module.exports = function globalSetup() {
  if (!process.env[SPOOL_ENV]) process.env[SPOOL_ENV] = mkdtempSync(join(tmpdir(), "charm-hygiene-"));
};
module.exports.SPOOL_ENV = SPOOL_ENV;
