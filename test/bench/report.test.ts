/**
 * The benchmark's report on a hand-made result: tables, issue 17's targets and the results file,
 * with no measurement (the benchmark itself runs under `npm run bench`).
 */
import type { BenchResult, HookMeasurement } from "../../bench/hook-bench.js";
import { CREDENTIALS_HOOK } from "../../bench/hook-sequence.js";
import { callBoundLines, describeCalls, formatResultsFile, formatTables, relationReadLines, startupBoundLines, targetLines } from "../../bench/report.js";
import { CHARM_SNAPSHOT_ROW, EMPTY_SNAPSHOT_ROW } from "../../bench/startup.js";
import { spreadOf } from "../../bench/statistics.js";

const hook = (label: string, calls: string[], wall: number, rssKiB: number): HookMeasurement => ({
  label,
  calls,
  wallMs: spreadOf([wall, wall + 2]),
  peakRssKiB: spreadOf([rssKiB]),
  cpuMs: spreadOf([wall / 2]),
});

const CREDENTIAL_CALLS = ["state-get", "relation-get", "relation-ids", "secret-get", "state-set", "status-set"];

const result: BenchResult = {
  date: "2026-01-01T00:00:00.000Z",
  machine: { cpu: "Test CPU", cores: 2, node: "v20.0.0", os: "Linux 6" },
  loadAverage: [0.5, 0.7],
  runs: 2,
  rssRuns: 1,
  floor: { wallMs: spreadOf([39, 41]), peakRssKiB: spreadOf([40_000]), cpuMs: spreadOf([30]) },
  toolCall: { calls: 5, roundTripMs: 3, cannedMs: 1, cannedFromNodeMs: 2, nodeProcessMs: 40, servedCalls: 5 },
  startup: [{ label: "node -e 0", wallMs: spreadOf([40]), cpuMs: spreadOf([30]), peakRssKiB: spreadOf([40_000]) }],
  python: "Python 3.11.7, ops 3.8.0, data_interfaces v0.59",
  variants: [
    {
      name: "library",
      description: "built the documented way",
      judged: true,
      fromSnapshot: true,
      bundleBytes: 250 * 1024,
      driverBytes: 90 * 1024,
      bundledPackages: [["zod", 100 * 1024], ["pg", 50 * 1024]],
      hooks: [
        hook("install", ["state-get"], 51, 45_000),
        hook("start", ["state-get", "relation-ids"], 60, 45_000),
        hook(CREDENTIALS_HOOK, CREDENTIAL_CALLS, 70, 60_000),
      ],
    },
    { name: "python", description: "Python ops", judged: false, hooks: [hook(CREDENTIALS_HOOK, ["relation-ids", "juju-log", "juju-log"], 90, 30_000)] },
  ],
};

test("describeCalls counts repeated tools in order of first use", () => {
  expect(describeCalls(["state-get", "relation-get", "secret-get", "relation-get"])).toBe("state-get, relation-get ×2, secret-get");
  expect(describeCalls([])).toBe("none");
});

test("the tables carry the floor row, one row per hook of every variant, the side-by-side credentials table and the startup rows", () => {
  const tables = formatTables(result);
  expect(tables).toContain("| *floor: node -e 0 through dispatch* |");
  expect(tables).toContain(`| ${CREDENTIALS_HOOK} | 6 | state-get, relation-get, relation-ids, secret-get, state-set, status-set | 71.0 |`);
  expect(tables).toContain(`| ${CREDENTIALS_HOOK} | 3 | relation-ids, juju-log ×2 | 91.0 |`);
  expect(tables).toContain("| python | 91.0 | 2.27× | 3 | 29.3 | 0.75× |");
  expect(tables).toContain("| node -e 0 |");
  expect(tables).toContain("Python: Python 3.11.7, ops 3.8.0, data_interfaces v0.59.");
});

test("issue 17's targets are judged for the library's variants only, as ratios to the floor", () => {
  expect(targetLines(result)).toEqual([
    "- library, credentials hook wall: 1.77× floor (target ≤ 1.5×): **missed by 18 %** (11.0 ms over)",
    "- library, credentials hook calls: 6 (state-get, relation-get, relation-ids, secret-get, state-set, status-set; target ≤ 5): **missed by 1**",
    "- library, other hooks' wall (target ≤ 1.3× floor each): 1 of 2 met; worst start 1.52×: **missed by 17 %**; install 1.30×, start 1.52×",
    "- library, peak RSS: worst hook 58.6 MiB = 1.50× floor (target ≤ 1.2×): **missed by 25 %**",
    "- hooks that need no relation data make no relation call: **missed**: start (relation-ids)",
    "- bundle without drivers, estimated: 163.8 kB (the bench charm's bundle is 256.0 kB, of which 92.2 kB pg and its packages, which this repository has installed; target ≤ 150.0 kB = 150000 bytes): **missed by 13.8 kB**",
  ]);
});

test("the bundle target is judged on the no-driver charm as built when the run built it, else on the estimate with the reason", () => {
  const built = targetLines({ ...result, noDriverBundle: { bytes: 150_000 } });
  expect(built.at(-1)).toBe(
    "- bundle without drivers: 150.0 kB = 146.5 KiB (150000 bytes: test/package's no-driver charm built by `charm-data-interfaces build` in a scratch project without pg, bench/bundle-breakdown.mjs; target ≤ 150.0 kB = 150000 bytes): met",
  );
  // "150 KB" is read as 150,000 bytes: 150 KiB would pass here.
  const over = targetLines({ ...result, noDriverBundle: { bytes: 150 * 1024 } });
  expect(over.at(-1)).toContain("153.6 kB = 150.0 KiB (153600 bytes:");
  expect(over.at(-1)).toContain("**missed by 3.6 kB**");
  const failed = targetLines({ ...result, noDriverBundle: { error: "bench/bundle-breakdown.mjs failed (exit 2): tsc failed" } });
  expect(failed.at(-1)).toContain("estimated: 163.8 kB");
  expect(failed.at(-1)).toContain("the no-driver build failed: bench/bundle-breakdown.mjs failed (exit 2): tsc failed");
});

test("responses(), suggestedStatus() and problems(): met when each relation is read at most once and a second call is free", () => {
  const reads = (n: number, perRelation: string[], repeated = 0) => ({ relations: n, first: ["relation-ids", ...Array.from({ length: n }, () => perRelation).flat()], repeated });
  const shared = relationReadLines({ ...result, relationReads: [reads(1, ["relation-get", "secret-get"]), reads(10, ["relation-get", "secret-get"])] });
  expect(shared).toEqual([
    "- `responses()`, `suggestedStatus()` and `problems()` (target: O(1) calls per hook however many relations, each relation read once per hook and shared): " +
      "update-status with 1 / 10 relations its unit recorded: their first calls make 3 / 21 hook-tool calls (10 relations: relation-ids, relation-get ×10, secret-get ×10), calling them again 0 / 0: " +
      "met, as the issue defines it: each relation's bag and secret are read once, and no hook can know them without reading them",
  ]);
  expect(targetLines({ ...result, relationReads: [reads(1, ["relation-get", "secret-get"])] })).toContainEqual(expect.stringContaining("met, as the issue defines it"));
  // A second round that asks again, or a relation read twice, misses.
  expect(relationReadLines({ ...result, relationReads: [reads(10, ["relation-get", "secret-get"], 20)] })[0]).toMatch(/\*\*missed\*\*$/);
  expect(relationReadLines({ ...result, relationReads: [reads(10, ["relation-list", "relation-get", "secret-get", "relation-get"])] })[0]).toMatch(/\*\*missed\*\*$/);
  expect(relationReadLines({ ...result, relationReads: { error: "boom" } })[0]).toContain("not measured: boom");
  expect(relationReadLines(result)).toEqual([]);
});

test("the wall targets' bound comes from the module-loading table when both snapshot rows were measured", () => {
  const row = (label: string, wall: number): BenchResult["startup"][number] => ({ label, wallMs: spreadOf([wall]), cpuMs: spreadOf([wall]), peakRssKiB: spreadOf([40_000]) });
  const startup = [row("node -e 0", 40), row(EMPTY_SNAPSHOT_ROW, 45), row("load the library charm's bundle", 90), row(CHARM_SNAPSHOT_ROW, 58)];
  const lines = startupBoundLines({ ...result, startup });
  expect(lines).toEqual([
    "- what bounds the wall targets (module-loading table, no hook run): an empty script started from its own start-up snapshot takes 1.13× `node -e 0`, the library charm restored from its snapshot 1.45×, before a hook makes its first hook-tool call",
  ]);
  expect(targetLines({ ...result, startup })).toContain(lines[0]);
  // A run whose snapshots could not be made says nothing of a bound.
  expect(startupBoundLines(result)).toEqual([]);
  expect(startupBoundLines({ ...result, startup: startup.filter((r) => r.label !== EMPTY_SNAPSHOT_ROW) })).toEqual([]);
});

test("a hook that misses its wall target is shown against what its calls cost at the fake tools' price, on top of the restored charm", () => {
  const row = (label: string, wall: number): BenchResult["startup"][number] => ({ label, wallMs: spreadOf([wall]), cpuMs: spreadOf([wall]), peakRssKiB: spreadOf([40_000]) });
  const startup = [row("node -e 0", 40), row(EMPTY_SNAPSHOT_ROW, 41), row(CHARM_SNAPSHOT_ROW, 44)];
  // Floor 40 ms: install (52 ms, 1.30x) meets 1.3x; start (61 ms) misses it, the credentials hook (71 ms) misses its own 1.5x.
  // A pod's variant starts from the snapshot too; a plain start does not, so its bound would be another.
  const variants = [
    ...result.variants,
    { name: "library in a pod", description: "Kubernetes", judged: true, fromSnapshot: true, hooks: [hook("start", [], 61, 45_000), hook("install", ["state-get", "state-set", "state-set"], 56, 45_000)] },
    { name: "library, plain start", description: "no snapshot", judged: true, hooks: [hook("start", ["relation-ids"], 80, 45_000)] },
  ];
  const lines = callBoundLines({ ...result, variants, startup, toolCall: { ...result.toolCall, cannedMs: 2 } });
  expect(lines).toEqual([
    "- library, start at 1.52×: its 2 hook-tool calls cost 4.0 ms at the fake tools' own price (2.00 ms a call from sh), 0.10× of the floor; with the restored charm's 1.10× the hook cannot go below 1.20×, before any work of its own",
    "- library, database-relation-changed (credentials in a secret) at 1.77×: its 6 hook-tool calls cost 12.0 ms at the fake tools' own price (2.00 ms a call from sh), 0.30× of the floor; with the restored charm's 1.10× the hook cannot go below 1.40×, before any work of its own",
    "- library in a pod, install at 1.43×: its 3 hook-tool calls cost 6.0 ms at the fake tools' own price (2.00 ms a call from sh), 0.15× of the floor; with the restored charm's 1.10× the hook cannot go below 1.25×, before any work of its own",
  ]);
  expect(targetLines({ ...result, startup, toolCall: { ...result.toolCall, cannedMs: 2 } })).toContain(lines[0]);
  // Without the restored charm's row there is no bound to give.
  expect(callBoundLines(result)).toEqual([]);
});

test("the results file has the header with machine, load and command, and the notes at the end", () => {
  const file = formatResultsFile(result, "npm run bench", "## Notes\n");
  expect(file).toContain("- Command: `npm run bench` (2 timed rounds, 1 probe rounds;");
  expect(file).toContain("- Node: v20.0.0, for the build, every hook");
  expect(file).toContain("- Load average (1 min): 0.5 at the start, 0.7 at the end");
  expect(file.trimEnd().endsWith("## Notes")).toBe(true);
});
