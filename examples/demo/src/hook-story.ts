/**
 * What the simulator's hook records say about one unit: the hooks it ran, the lines it logged
 * (INFO and DEBUG on stdout, as lib/ops logs them; WARNING and ERROR through `juju-log`), the
 * statuses it set (`status-set`) and, from its log lines, the events its charm handled. The
 * records hold tool-call argv with data values already redacted.
 */
import { formatHookRun, type HookRunRecord } from "../../../lib/testing/simulator/index.js";

/** The database events of `PostgreSQLRequires` that example/webapp names in its log lines. */
export const DATABASE_EVENTS = ["databaseCreated", "endpointsChanged", "credentialsRotated", "tlsChanged", "databaseRemoved"] as const;

/** One unit's part of a run. */
export interface UnitStory {
  /** Hook names in order (`database-relation-changed`, `action check-db`). */
  readonly hooks: readonly string[];
  /** Log lines in order, per hook: stdout lines first, then `juju-log` messages. */
  readonly logs: readonly string[];
  /** `status: message` per `status-set`, in order. */
  readonly statuses: readonly string[];
  /** Every hook exited 0. */
  readonly ok: boolean;
}

/** The message of a `juju-log` call: what follows `--`, else the last argument. */
function logMessage(argv: readonly string[]): string {
  const dashes = argv.indexOf("--");
  return dashes >= 0 ? argv.slice(dashes + 1).join(" ") : (argv[argv.length - 1] ?? "");
}

/** Log lines a hook printed on stdout (`INFO message`), without the level. */
function stdoutLogLines(stdout: string): string[] {
  return stdout
    .split("\n")
    .map((line) => /^(?:TRACE|DEBUG|INFO|WARNING|ERROR) (.*)$/.exec(line)?.[1])
    .filter((message): message is string => message !== undefined);
}

/** `status: message` of a `status-set` call (flags dropped). */
function statusOf(argv: readonly string[]): string {
  const dashes = argv.indexOf("--");
  const head = (dashes >= 0 ? argv.slice(0, dashes) : argv).filter((a) => !a.startsWith("--"));
  const message = dashes >= 0 ? argv.slice(dashes + 1).join(" ") : head.slice(1).join(" ");
  return message === "" ? (head[0] ?? "?") : `${head[0] ?? "?"}: ${message}`;
}

/** The part of `records` that ran on `unit`. */
export function unitStory(records: readonly HookRunRecord[], unit: string): UnitStory {
  const mine = records.filter((r) => r.unit === unit);
  const calls = mine.flatMap((r) => r.calls);
  return {
    hooks: mine.map((r) => r.hook),
    logs: mine.flatMap((r) => [...stdoutLogLines(r.stdout), ...r.calls.filter((c) => c.cmd === "juju-log").map((c) => logMessage(c.argv))]),
    statuses: calls.filter((c) => c.cmd === "status-set").map((c) => statusOf(c.argv)),
    ok: mine.every((r) => r.ok),
  };
}

/** The database events the unit's log lines name (`credentialsRotated: rendered ...`), in order. */
export function handledEvents(story: UnitStory): string[] {
  const known = new Set<string>(DATABASE_EVENTS);
  return story.logs.map((line) => line.slice(0, Math.max(0, line.indexOf(":")))).filter((name) => known.has(name));
}

/** A hook record as readable log lines: the summary line, then its log lines, statuses and, when it failed, its stderr. */
export function describeHookRun(record: HookRunRecord): string[] {
  const story = unitStory([record], record.unit);
  const lines = [formatHookRun(record)];
  for (const message of story.logs) lines.push(`    log: ${message}`);
  for (const status of story.statuses) lines.push(`    status: ${status}`);
  if (!record.ok && record.stderr.trim() !== "") lines.push(...record.stderr.trim().split("\n").slice(-15).map((l) => `    stderr: ${l}`));
  return lines;
}
