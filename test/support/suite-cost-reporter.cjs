// A jest reporter for docs/testing.md's cost table: per test file, the CPU seconds of the jest
// process itself and of the child processes it waited for (charm hooks, hook tools, embedded
// PostgreSQL, npm, tsc), read from /proc/self/stat, and the wall seconds. Only meaningful in band
// (--maxWorkers=1), where the file runs inside this process; Linux only. Writes JSON rows to
// $SUITE_COST_REPORT (default suite-costs.json in the OS temp dir) after every file.
//
//   npx jest --maxWorkers=1 --reporters=default --reporters=./test/support/suite-cost-reporter.cjs
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime+stime and cutime+cstime of this process, in seconds. */
function cpuSeconds() {
  const stat = fs.readFileSync("/proc/self/stat", "utf8");
  // Fields after the command name (which may hold spaces): field 3 (state) is index 0.
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
  return { self: (f[11] + f[12]) / TICKS_PER_SECOND, children: (f[13] + f[14]) / TICKS_PER_SECOND };
}

class SuiteCostReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.out = process.env.SUITE_COST_REPORT || path.join(os.tmpdir(), "suite-costs.json");
    this.started = new Map();
    this.rows = [];
  }

  onTestFileStart(test) {
    this.started.set(test.path, { at: Date.now(), cpu: cpuSeconds() });
  }

  onTestFileResult(test, result) {
    const start = this.started.get(test.path);
    if (start === undefined) return;
    const cpu = cpuSeconds();
    this.rows.push({
      file: path.relative(this.rootDir, test.path),
      wall: (Date.now() - start.at) / 1000,
      self: cpu.self - start.cpu.self,
      children: cpu.children - start.cpu.children,
      failed: result.numFailingTests,
    });
    fs.writeFileSync(this.out, JSON.stringify(this.rows, null, 1));
  }

  onRunComplete() {
    const rows = [...this.rows].sort((a, b) => b.self + b.children - (a.self + a.children));
    const total = rows.reduce((sum, r) => sum + r.self + r.children, 0);
    process.stdout.write(`\n[suite costs] ${rows.length} files, ${total.toFixed(0)} CPU s in all; the costliest:\n`);
    for (const r of rows.slice(0, 10)) process.stdout.write(`  ${(r.self + r.children).toFixed(0).padStart(5)} CPU s ${r.wall.toFixed(0).padStart(5)} wall s  ${r.file}\n`);
    process.stdout.write(`  (all rows in ${this.out})\n`);
  }
}

module.exports = SuiteCostReporter;
