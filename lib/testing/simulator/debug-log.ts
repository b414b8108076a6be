/**
 * `sim debug-log`: the charm's log lines from the hook log, in the shape of `juju debug-log`
 * (`unit-<app>-<n>: <time> <LEVEL> <module> <message>`):
 * - `juju-log` calls, at their level, module `unit.<unit>.juju-log`;
 * - hook stdout at DEBUG and stderr at WARNING, module `unit.<unit>.<hook>`, as Juju logs hook
 *   output; a stdout line that starts with a level word (lib/ops's default logging writes
 *   `INFO message`) is shown at that level, so `--level` filters it as the charm meant;
 * - the uniter's `ran "<hook>" hook` / `hook "<hook>" ... failed` lines, module
 *   `juju.worker.uniter.operation`.
 * Times are the hook's start time (the log keeps no per-line times).
 */
import type { HookRunRecord } from "./hook-log.js";

/** Juju's log levels, lowest first (`juju debug-log --level` shows this level and above). */
export const DEBUG_LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] as const;
/** One of {@link DEBUG_LOG_LEVELS}. */
export type DebugLogLevel = (typeof DEBUG_LOG_LEVELS)[number];

/** One line of the debug log. */
export interface DebugLogLine {
  readonly unit: string;
  readonly time: string;
  readonly level: DebugLogLevel;
  readonly module: string;
  readonly message: string;
}

/** Which lines to show. */
export interface DebugLogFilter {
  /** A unit (`app/0`) or an application (`app`: all its units). */
  readonly unit?: string;
  /** Show this level and above (default: everything). */
  readonly level?: DebugLogLevel;
}

function isLevel(word: string): word is DebugLogLevel {
  return (DEBUG_LOG_LEVELS as readonly string[]).includes(word);
}

function outputLines(text: string): string[] {
  return text.split("\n").filter((line) => line.trim() !== "");
}

/** The debug-log lines of one hook run. */
function linesOf(record: HookRunRecord): DebugLogLine[] {
  const time = record.startedAt.slice(11, 19);
  const line = (level: DebugLogLevel, module: string, message: string): DebugLogLine => ({ unit: record.unit, time, level, module, message });
  const hookModule = `unit.${record.unit}.${record.hook.replace(/^action /, "")}`;
  const out: DebugLogLine[] = [];
  for (const log of record.logs ?? []) out.push(line(isLevel(log.level) ? log.level : "INFO", `unit.${record.unit}.juju-log`, log.message));
  for (const text of outputLines(record.stdout)) {
    const [first = "", ...rest] = text.split(" ");
    out.push(isLevel(first) ? line(first, hookModule, rest.join(" ")) : line("DEBUG", hookModule, text));
  }
  for (const text of outputLines(record.stderr)) out.push(line("WARNING", hookModule, text));
  const what = record.spec.kind === "action" ? `action "${record.hook.replace(/^action /, "")}"` : `hook "${record.hook}"`;
  if (record.ok) out.push(line("INFO", "juju.worker.uniter.operation", `ran ${what} (via hook dispatching script: dispatch)`));
  else out.push(line("ERROR", "juju.worker.uniter.operation", `${what} (via hook dispatching script: dispatch) failed: ${record.timedOut ? "timed out" : `exit status ${record.code ?? record.signal ?? "?"}`}`));
  return out;
}

/** The debug-log lines of `records`, filtered. */
export function debugLogLines(records: readonly HookRunRecord[], filter: DebugLogFilter = {}): DebugLogLine[] {
  const min = filter.level === undefined ? 0 : DEBUG_LOG_LEVELS.indexOf(filter.level);
  const wanted = (unit: string): boolean => filter.unit === undefined || unit === filter.unit || (!filter.unit.includes("/") && unit.startsWith(`${filter.unit}/`));
  return records
    .filter((r) => wanted(r.unit))
    .flatMap(linesOf)
    .filter((l) => DEBUG_LOG_LEVELS.indexOf(l.level) >= min);
}

/** `unit-app-0: 12:00:01 INFO unit.app/0.juju-log message`. */
export function formatDebugLogLine(line: DebugLogLine): string {
  return `unit-${line.unit.replace("/", "-")}: ${line.time} ${line.level} ${line.module} ${line.message}`;
}
