/**
 * What one hook-tool call costs a charm running under the model simulator.
 *
 * Runs a shell `dispatch` that calls `juju-log` N times, once through the full round trip
 * (shim → spool FIFO → simulator → response FIFO) and once answered by canned responses inside
 * the shim (the fast path), and subtracts the cost of the same hook with no calls.
 *
 * Run: `npx esbuild bench/toolcall.ts --bundle --platform=node --format=esm --outfile=/tmp/toolcall.mjs && node /tmp/toolcall.mjs [N]`
 * (`npm run bench` measures it too; it is not part of `npm test`).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { HookTransport } from "../lib/testing/simulator/transport/hook-transport.js";

/** Per-call costs in milliseconds. */
export interface ToolCallCost {
  readonly calls: number;
  /** Full round trip through the simulator, per call. */
  readonly roundTripMs: number;
  /** Canned response served by the shim itself, per call. */
  readonly cannedMs: number;
  /**
   * The same canned call made the way a charm makes it: `spawnSync` from a Node process (fork of
   * the Node process, exec of sh), timed inside that process.
   */
  readonly cannedFromNodeMs: number;
  /** A fresh `node -e` process per call, the cost the shims avoid. */
  readonly nodeProcessMs: number;
  /** Tool calls the simulator actually served in the round-trip run (should equal `calls`). */
  readonly servedCalls: number;
}

const LOG_ARGV = ["--log-level", "DEBUG", "--", "tick"];

async function timeHook(transport: HookTransport, charmDir: string): Promise<{ ms: number; served: number }> {
  const result = await transport.runHook({ charmDir, env: {}, handler: () => ({ code: 0, stdout: "", stderr: "" }) });
  if (result.code !== 0) throw new Error(`bench hook failed (${result.code}): ${result.stderr}`);
  return { ms: result.durationMs, served: result.calls.length };
}

function writeDispatch(dir: string, body: string): void {
  fs.writeFileSync(path.join(dir, "dispatch"), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
}

/** Measures the costs with `calls` calls per run. */
export async function measureToolCallCost(calls = 200): Promise<ToolCallCost> {
  const charmDir = fs.mkdtempSync(path.join(os.tmpdir(), "toolcall-bench-"));
  const full = HookTransport.open();
  const canned = HookTransport.open({ canned: { "juju-log": [{ argv: LOG_ARGV, stdout: "" }] } });
  try {
    const loop = (command: string): string => `i=0\nwhile [ $i -lt ${calls} ]; do ${command}; i=$((i + 1)); done`;
    writeDispatch(charmDir, loop(":"));
    const baseline = await timeHook(full, charmDir);
    writeDispatch(charmDir, loop("juju-log --log-level DEBUG -- tick"));
    const roundTrip = await timeHook(full, charmDir);
    const cannedRun = await timeHook(canned, charmDir);
    const nodeLoop =
      `const {spawnSync}=require("node:child_process");const a=${JSON.stringify(LOG_ARGV)};const s=performance.now();` +
      `for(let i=0;i<${calls};i++){if(spawnSync("juju-log",a,{input:"",encoding:"utf8"}).status!==0)process.exit(1)}` +
      `process.stdout.write(String((performance.now()-s)/${calls}))`;
    writeDispatch(charmDir, `exec node -e '${nodeLoop}'`);
    const fromNode = await canned.runHook({ charmDir, env: {}, handler: () => ({ code: 1, stdout: "", stderr: "not canned" }) });
    if (fromNode.code !== 0) throw new Error(`bench hook failed (${String(fromNode.code)}): ${fromNode.stderr}`);
    const nodeCalls = Math.max(5, Math.floor(calls / 20));
    writeDispatch(charmDir, `i=0\nwhile [ $i -lt ${nodeCalls} ]; do node -e 0; i=$((i + 1)); done`);
    const nodeRun = await timeHook(full, charmDir);
    return {
      calls,
      roundTripMs: (roundTrip.ms - baseline.ms) / calls,
      cannedMs: (cannedRun.ms - baseline.ms) / calls,
      cannedFromNodeMs: Number(fromNode.stdout),
      nodeProcessMs: (nodeRun.ms - baseline.ms) / nodeCalls,
      servedCalls: roundTrip.served,
    };
  } finally {
    full.close();
    canned.close();
    fs.rmSync(charmDir, { recursive: true, force: true });
  }
}

/** Human-readable summary of a measurement. */
export function formatToolCallCost(cost: ToolCallCost): string {
  return [
    `hook-tool call cost over ${cost.calls} calls (hook overhead subtracted):`,
    `  round trip through the simulator: ${cost.roundTripMs.toFixed(2)} ms/call`,
    `  canned fast path (no round trip): ${cost.cannedMs.toFixed(2)} ms/call`,
    `  the same canned call from Node (spawnSync, as a charm calls it): ${cost.cannedFromNodeMs.toFixed(2)} ms/call`,
    `  for comparison, node -e per call: ${cost.nodeProcessMs.toFixed(2)} ms/call`,
  ].join("\n");
}

// Entry point when run as a bundled script (no import.meta: jest loads this file as CommonJS).
if (/toolcall\.(mjs|cjs|js)$/.test(process.argv[1] ?? "")) {
  const calls = Number(process.argv[2] ?? "200");
  measureToolCallCost(calls).then(
    (cost) => console.log(formatToolCallCost(cost)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
