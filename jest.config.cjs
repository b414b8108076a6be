// The library ships as ESM; jest runs the TypeScript sources transpiled to CommonJS
// (no --experimental-vm-modules needed). Types are checked separately by `tsc --noEmit`.
const os = require("node:os");

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // Issue 15, "Why" 8 (npm test within 5 minutes on 2 idle cores): at least two workers. jest's
  // default (cores - 1) runs in band on 2 cores, leaving a core idle while a suite is CPU-bound
  // in-process. Suites share nothing fixed: temp dirs are mkdtemp, each embedded PostgreSQL has
  // its own data dir and free port, MariaDB users and databases carry a random tag, charm builds
  // go through a content-keyed cache (docs/testing.md).
  maxWorkers: Math.max(2, os.availableParallelism() - 1),
  // The costliest suites first, also on a clean checkout where jest has no timings yet
  // (test/support/slow-first-sequencer.cjs; docs/testing.md).
  testSequencer: "<rootDir>/test/support/slow-first-sequencer.cjs",
  roots: ["<rootDir>/test", "<rootDir>/examples"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/build/"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.jest.json" }],
  },
  moduleNameMapper: {
    "^(\\.{1,2}/.*)\\.js$": "$1",
    // Examples and docs import the package by its published name; in the repo that is lib/.
    "^charm-data-interfaces$": "<rootDir>/lib/index.ts",
    "^charm-data-interfaces/(ops|testing|legacy|interfaces)$": "<rootDir>/lib/$1/index.ts",
    "^charm-data-interfaces/simulator$": "<rootDir>/lib/simulator.ts",
  },
  // Time limits catch hangs only: 60 s on an idle machine, scaled by the load when each test
  // file starts (test/support/time-scale.ts; CDI_TEST_TIME_SCALE overrides). testTimeout is the
  // fallback for anything the setup file does not reach.
  testTimeout: 600000,
  setupFilesAfterEnv: ["<rootDir>/test/support/jest-timeouts.ts", "<rootDir>/test/support/hygiene/register-observer.ts"],
  // Secret hygiene: every test run records its logs, statuses, errors and snapshots into a spool
  // (through the run observer test/support/hygiene/register-observer.ts registers) and the
  // teardown fails the run if any secret value seen by any test appears in them.
  globalSetup: "<rootDir>/test/reliability/hygiene/global-setup.cjs",
  globalTeardown: "<rootDir>/test/reliability/hygiene/global-teardown.cjs",
};
