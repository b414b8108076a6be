// jest testSequencer (issue 15, "Why" 8): the costliest suites start first, also on a clean
// checkout. jest orders by each file's duration from its previous run in the same checkout (its
// cache); without one (a fresh CI clone) it orders by file size, which starts the hook-order
// exploration and the typecheck (short files, long runs) last, where they stretch the end of a
// two-worker run. This sequencer keeps jest's order whenever jest knows a duration, and
// otherwise takes the suite's cost from test/support/suite-costs.json (CPU seconds measured in
// band by suite-cost-reporter.cjs, docs/testing.md). Files in neither (new suites) keep jest's
// rule for unknown files: they run first.
const path = require("node:path");
const Sequencer = require("@jest/test-sequencer").default;
const costs = require("./suite-costs.json");

class SlowFirstSequencer extends Sequencer {
  time(test) {
    const known = super.time(test);
    if (known !== undefined) return known;
    const cpuSeconds = costs.suites[path.relative(test.context.config.rootDir, test.path).split(path.sep).join("/")];
    return cpuSeconds === undefined ? undefined : cpuSeconds * 1000;
  }
}

module.exports = SlowFirstSequencer;
