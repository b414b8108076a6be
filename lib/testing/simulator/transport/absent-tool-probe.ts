/**
 * Seeing a charm call a hook tool its Juju version lacks, without putting that tool on PATH.
 *
 * A real agent has no such tool, so the simulator installs no shim for it and the charm's exec
 * fails with ENOENT, exactly as on a real agent (docs/juju-behaviour.md). To still know it
 * happened, Node charms get a preload (`NODE_OPTIONS=--require <probe>`) that wraps
 * `child_process.spawnSync` (what lib/ops' process runner uses) and notes each ENOENT of a name in
 * `CHARM_SIM_ABSENT_TOOLS` in the file `CHARM_SIM_ABSENT_LOG`, one name per line. The call itself
 * behaves as without the probe. Charms that are not Node processes are not observed.
 */
import * as fs from "node:fs";

/** The preload script (CommonJS; it also resyncs the ESM named exports of `node:child_process`). */
export function renderAbsentToolProbe(): string {
  return `"use strict";
// Test-stand probe (lib/testing/simulator/transport/absent-tool-probe.ts): records calls of absent hook tools.
const childProcess = require("node:child_process");
const fs = require("node:fs");
const absent = new Set((process.env.CHARM_SIM_ABSENT_TOOLS || "").split(",").filter(Boolean));
const logFile = process.env.CHARM_SIM_ABSENT_LOG;
const original = childProcess.spawnSync;
childProcess.spawnSync = function spawnSync(command, ...rest) {
  const result = original.call(this, command, ...rest);
  if (logFile && result && result.error && result.error.code === "ENOENT" && absent.has(command)) {
    try { fs.appendFileSync(logFile, command + "\\n"); } catch (_) { /* the probe never breaks the charm */ }
  }
  return result;
};
require("node:module").syncBuiltinESMExports();
`;
}

/** Reads and empties the probe's log: the absent tools called, in order. */
export function takeAbsentToolLog(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, "utf8").split("\n").filter((line) => line !== "");
  fs.rmSync(file, { force: true });
  return lines;
}
