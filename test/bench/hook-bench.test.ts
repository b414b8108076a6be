// Smoke test of the hook benchmark (bench/): it runs end to end with tiny counts and reports
// sane figures. No timing assertions: only structure, call lists and positivity.
import * as path from "node:path";
import { runBenchmark, type BenchResult } from "../../bench/hook-bench.js";
import { CREDENTIALS_HOOK, STANDARD_HOOKS } from "../../bench/hook-sequence.js";
import { describeCalls, formatResultsFile, formatTables, targetLines } from "../../bench/report.js";

const REPO = path.join(__dirname, "..", "..");

describe("hook benchmark", () => {
  let result: BenchResult;
  beforeAll(async () => {
    result = await runBenchmark({ repoRoot: REPO, charms: ["pg-minimal"], runs: 2, rssRuns: 1, toolCalls: 5, startupRuns: 1 });
  }, 300_000);

  test("measures every hook of the standard sequence for the minimal charm, with the floor", () => {
    expect(result.charms.map((c) => c.name)).toEqual(["pg-minimal"]);
    const charm = result.charms[0];
    expect(charm?.hooks.map((h) => h.label)).toEqual([...STANDARD_HOOKS]);
    expect(result.floor.wallMs.runs).toBe(2);
    expect(result.floor.wallMs.median).toBeGreaterThan(0);
    expect(result.floor.peakRssKiB.max).toBeGreaterThan(1024);
    for (const hook of charm?.hooks ?? []) {
      expect(hook.wallMs.runs).toBe(2);
      expect(hook.peakRssKiB.runs).toBe(1);
      expect(hook.peakRssKiB.max).toBeGreaterThan(1024);
      expect(hook.calls.length).toBeGreaterThan(0);
    }
    expect(charm?.bundleBytes).toBeGreaterThan(10_000);
  });

  test("the credentials hook is the relation-changed that reads the secret and writes the snapshot", () => {
    const hook = result.charms[0]?.hooks.find((h) => h.label === CREDENTIALS_HOOK);
    expect(hook?.calls).toContain("secret-get");
    expect(hook?.calls).toContain("relation-set");
  });

  test("reports the tool-call cost, the startup rows and the tables", () => {
    expect(result.toolCall.calls).toBe(5);
    expect(result.toolCall.cannedFromNodeMs).toBeGreaterThan(0);
    expect(result.startup.map((r) => r.label)).toEqual([
      "node -e 0",
      "require('zod')",
      "require('yaml')",
      "require('zod/mini')",
      "zod: build 100 object schemas",
      "zod/mini: build 100 object schemas",
      "load pg-minimal bundle",
      "load pg-minimal bundle with V8 code cache (experiment)",
    ]);
    const tables = formatTables(result);
    expect(tables).toContain("| *node -e 0 (floor)* |");
    expect(tables).toContain(`| ${CREDENTIALS_HOOK} |`);
    expect(targetLines(result).some((l) => l.includes("pg-minimal bundle"))).toBe(true);
    const file = formatResultsFile(result, "npm run bench", "## Notes\n");
    expect(file).toContain("- Command: `npm run bench`");
    expect(file).toContain(`Node ${process.version}`);
    expect(file.trimEnd().endsWith("## Notes")).toBe(true);
  });
});

test("describeCalls counts repeated tools in order of first use", () => {
  expect(describeCalls(["state-get", "relation-get", "secret-get", "relation-get"])).toBe("state-get, relation-get ×2, secret-get");
  expect(describeCalls([])).toBe("none");
});
