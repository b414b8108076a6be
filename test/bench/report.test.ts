/**
 * The benchmark's report on a hand-made result: tables, targets and the results file, with no
 * measurement (the benchmark itself runs under `npm run bench`).
 */
import type { BenchResult, HookMeasurement } from "../../bench/hook-bench.js";
import { CREDENTIALS_HOOK, STANDARD_HOOKS } from "../../bench/hook-sequence.js";
import { describeCalls, formatResultsFile, formatTables, targetLines } from "../../bench/report.js";
import { spreadOf } from "../../bench/statistics.js";

const hook = (label: (typeof STANDARD_HOOKS)[number], calls: string[], wall: number, rssKiB: number): HookMeasurement => ({
  label,
  calls,
  wallMs: spreadOf([wall, wall + 2]),
  peakRssKiB: spreadOf([rssKiB]),
  cpuMs: spreadOf([wall / 2]),
});

const result: BenchResult = {
  date: "2026-01-01T00:00:00.000Z",
  machine: { cpu: "Test CPU", cores: 2, node: "v20.0.0", os: "Linux 6" },
  loadAverage: [0.5, 0.7],
  runs: 2,
  floor: { wallMs: spreadOf([40, 42]), peakRssKiB: spreadOf([40_000]), cpuMs: spreadOf([30]) },
  toolCall: { calls: 5, roundTripMs: 3, cannedMs: 1, cannedFromNodeMs: 2, nodeProcessMs: 40, servedCalls: 5 },
  startup: [{ label: "node -e 0", wallMs: spreadOf([40]), cpuMs: spreadOf([30]), peakRssKiB: spreadOf([40_000]) }],
  charms: [
    {
      name: "pg-minimal",
      bundleBytes: 200 * 1024,
      bundledPackages: [["zod", 100_000]],
      hooks: [
        hook("install", ["state-get", "relation-ids", "relation-ids", "relation-ids", "relation-ids", "juju-log"], 60, 45_000),
        hook(CREDENTIALS_HOOK, ["relation-get", "secret-get", "relation-set"], 70, 60_000),
      ],
    },
  ],
};

test("describeCalls counts repeated tools in order of first use", () => {
  expect(describeCalls(["state-get", "relation-get", "secret-get", "relation-get"])).toBe("state-get, relation-get ×2, secret-get");
  expect(describeCalls([])).toBe("none");
});

test("the tables carry the floor row, one row per hook and the startup rows", () => {
  const tables = formatTables(result);
  expect(tables).toContain("| *node -e 0 (floor)* |");
  expect(tables).toContain(`| ${CREDENTIALS_HOOK} | 3 | relation-get, secret-get, relation-set |`);
  expect(tables).toContain("| node -e 0 |");
  expect(tables).toContain("- pg-minimal: zod 98 KiB");
});

test("targets: call counts, credentials-hook ratio, RSS ratio and bundle size are judged", () => {
  expect(targetLines(result)).toEqual([
    "- pg-minimal install: 6 hook-tool calls, target ≤ 4: **missed by 2**",
    "- pg-minimal database-relation-changed (credentials in a secret): 3 calls (target ≤ 6), wall 1.73× node (target ≤ 1.25×): **missed by 39 %** (19.8 ms over); CPU time 1.17× node",
    "- pg-minimal peak RSS: worst hook 58.6 MiB = 1.50× node (target ≤ 1.3×): **missed by 15 %**",
    "- pg-minimal bundle: 200.0 KiB (target ≤ 300 KiB): met",
  ]);
});

test("the results file has the header, the command and the notes at the end", () => {
  const file = formatResultsFile(result, "npm run bench", "## Notes\n");
  expect(file).toContain("- Command: `npm run bench`");
  expect(file).toContain("Node v20.0.0");
  expect(file.trimEnd().endsWith("## Notes")).toBe(true);
});
