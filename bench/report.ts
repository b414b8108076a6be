/**
 * The benchmark's markdown: the per-hook tables (printed, and written to bench/RESULTS.md), the
 * startup table, and the targets of issue 8 checked as ratios to the floor of the same run.
 */
import type { BenchResult, CharmMeasurement, HookMeasurement } from "./hook-bench.js";
import { CREDENTIALS_HOOK } from "./hook-sequence.js";
import type { Spread } from "./statistics.js";

/** Issue 8's targets. */
export const TARGETS = {
  credentialsCalls: 6,
  otherCalls: 4,
  credentialsWallRatio: 1.25,
  rssRatio: 1.3,
  bundleBytes: 300 * 1024,
} as const;

const ms = (v: number): string => v.toFixed(1);
const mib = (kib: number): string => (kib / 1024).toFixed(1);
const ratio = (v: number): string => `${v.toFixed(2)}×`;

/** `state-get, relation-get ×2, secret-get`: tools in order of first use, with counts. */
export function describeCalls(calls: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].map(([cmd, n]) => (n === 1 ? cmd : `${cmd} ×${n}`)).join(", ") || "none";
}

function spreadText(s: Spread): string {
  return `${ms(s.p10)}–${ms(s.p90)}`;
}

function hookRow(h: HookMeasurement, floor: BenchResult["floor"]): string {
  return `| ${h.label} | ${h.calls.length} | ${describeCalls(h.calls)} | ${ms(h.wallMs.median)} | ${spreadText(h.wallMs)} | ${ratio(h.wallMs.median / floor.wallMs.median)} | ${ms(h.cpuMs.median)} | ${ratio(h.cpuMs.median / floor.cpuMs.median)} | ${mib(h.peakRssKiB.max)} | ${ratio(h.peakRssKiB.max / floor.peakRssKiB.max)} |`;
}

function charmTable(charm: CharmMeasurement, result: BenchResult): string[] {
  const f = result.floor;
  return [
    `### ${charm.name} (bundle ${(charm.bundleBytes / 1024).toFixed(1)} KiB${charm.snapshotBytes === undefined ? "" : `; experiment: started from a ${(charm.snapshotBytes / 1048576).toFixed(1)} MiB V8 startup snapshot`})`,
    "",
    "| hook | calls | which hook tools | wall median ms | p10–p90 ms | × node | CPU ms | × node | peak RSS MiB | × node |",
    "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    `| *node -e 0 (floor)* | 0 | | ${ms(f.wallMs.median)} | ${spreadText(f.wallMs)} | 1.00× | ${ms(f.cpuMs.median)} | 1.00× | ${mib(f.peakRssKiB.max)} | 1.00× |`,
    ...charm.hooks.map((h) => hookRow(h, f)),
    "",
  ];
}

/** One line per target: met, or missed and by how much. */
export function targetLines(result: BenchResult): string[] {
  const lines: string[] = [];
  const floorWall = result.floor.wallMs.median;
  const floorRss = result.floor.peakRssKiB.max;
  for (const charm of result.charms) {
    for (const h of charm.hooks) {
      const limit = h.label === CREDENTIALS_HOOK ? TARGETS.credentialsCalls : TARGETS.otherCalls;
      if (h.calls.length > limit) lines.push(`- ${charm.name} ${h.label}: ${h.calls.length} hook-tool calls, target ≤ ${limit}: **missed by ${h.calls.length - limit}**`);
      if (h.label === CREDENTIALS_HOOK) {
        const r = h.wallMs.median / floorWall;
        const verdict = r <= TARGETS.credentialsWallRatio ? "met" : `**missed by ${((r / TARGETS.credentialsWallRatio - 1) * 100).toFixed(0)} %** (${ms(h.wallMs.median - floorWall * TARGETS.credentialsWallRatio)} ms over)`;
        const cpu = h.cpuMs.median / result.floor.cpuMs.median;
        lines.push(
          `- ${charm.name} ${h.label}: ${h.calls.length} calls (target ≤ ${TARGETS.credentialsCalls}), wall ${ratio(r)} node (target ≤ ${TARGETS.credentialsWallRatio}×): ${verdict}; CPU time ${ratio(cpu)} node`,
        );
      }
    }
    const worstRss = Math.max(...charm.hooks.map((h) => h.peakRssKiB.max));
    const rssRatio = worstRss / floorRss;
    lines.push(
      `- ${charm.name} peak RSS: worst hook ${mib(worstRss)} MiB = ${ratio(rssRatio)} node (target ≤ ${TARGETS.rssRatio}×): ${rssRatio <= TARGETS.rssRatio ? "met" : `**missed by ${((rssRatio / TARGETS.rssRatio - 1) * 100).toFixed(0)} %**`}`,
    );
    if (charm.snapshotBytes === undefined) lines.push(
      `- ${charm.name} bundle: ${(charm.bundleBytes / 1024).toFixed(1)} KiB (target ≤ 300 KiB): ${charm.bundleBytes <= TARGETS.bundleBytes ? "met" : `**missed by ${((charm.bundleBytes - TARGETS.bundleBytes) / 1024).toFixed(1)} KiB**`}`,
    );
  }
  return lines;
}

/** The tables printed on stdout. */
export function formatTables(result: BenchResult): string {
  const startup = [
    "### Module loading (no hook: OPS_TS_DISPATCH=1 makes main() return at once)",
    "",
    "| command | wall median ms | p10–p90 ms | wall − node | CPU ms | CPU − node | peak RSS MiB |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...result.startup.map((row) => {
      const floor = result.startup[0];
      const wallOver = row.wallMs.median - (floor?.wallMs.median ?? Number.NaN);
      const cpuOver = row.cpuMs.median - (floor?.cpuMs.median ?? Number.NaN);
      return `| ${row.label} | ${ms(row.wallMs.median)} | ${spreadText(row.wallMs)} | ${ms(wallOver)} | ${ms(row.cpuMs.median)} | ${ms(cpuOver)} | ${mib(row.peakRssKiB.max)} |`;
    }),
    "",
  ];
  const packages = result.charms.map(
    (c) => `- ${c.name}: ${c.bundledPackages.slice(0, 6).map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(0)} KiB`).join(", ") || "no packages"} (input bytes, before minification)`,
  );
  return [
    `Hook wall time over ${result.runs} runs per hook (round-robin with the floor); CPU time (median) and peak RSS (max VmHWM) from the probe runs. Load average (1 min) ${result.loadAverage[0].toFixed(1)} at the start, ${result.loadAverage[1].toFixed(1)} at the end, on ${result.machine.cores} cores.`,
    `No-op hook-tool call (canned fast path, from sh): ${result.toolCall.cannedMs.toFixed(2)} ms/call; the same from Node's spawnSync, as a charm calls it: ${result.toolCall.cannedFromNodeMs.toFixed(2)} ms/call; full simulator round trip (from sh): ${result.toolCall.roundTripMs.toFixed(2)} ms/call; a node process per call would be ${result.toolCall.nodeProcessMs.toFixed(1)} ms.`,
    "",
    ...result.charms.flatMap((c) => charmTable(c, result)),
    ...startup,
    "### Bundled packages",
    "",
    ...packages,
    "",
    "### Targets (issue 8)",
    "",
    ...targetLines(result),
    "",
  ].join("\n");
}

/** The whole of bench/RESULTS.md: header, tables, then the hand-written notes. */
export function formatResultsFile(result: BenchResult, command: string, notes: string): string {
  const m = result.machine;
  return [
    "# Benchmark results",
    "",
    "Generated by the benchmark; edit bench/NOTES.md (appended below) instead of this file.",
    "",
    `- Date: ${result.date}`,
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.os}, Node ${m.node}`,
    `- Command: \`${command}\``,
    "",
    formatTables(result),
    notes.trim(),
    "",
  ].join("\n");
}
