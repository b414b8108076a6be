/** What the simulator records about every hook it ran (one line of `log.jsonl`). */
import type { HookSpec } from "../juju/hook.js";
import type { LogRecord } from "../juju/tool-context.js";
import type { ToolCallLogRecord } from "./transport/tool-call.js";

/** One hook or action run. Tool-call argv is redacted (see `redactArgv`); stdin is never kept. */
export interface HookRunRecord {
  /** Position in the model's history, from 1. */
  readonly seq: number;
  readonly unit: string;
  /** `JUJU_HOOK_NAME`, or `action <name>` for actions. */
  readonly hook: string;
  readonly spec: HookSpec;
  /** Exit status 0, not timed out, and Juju committed the hook's changes. */
  readonly ok: boolean;
  /** Why Juju refused the commit of a hook whose process succeeded (lib/testing/juju/commit.ts). */
  readonly commitRefused?: string;
  readonly code: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly calls: readonly ToolCallLogRecord[];
  /** The hook's `juju-log` lines (absent in logs written before they were recorded). */
  readonly logs?: readonly LogRecord[];
  /** Hook tools the hook called that its Juju version lacks (they were not on PATH). */
  readonly absentToolCalls?: readonly string[];
}

/** One line per record: `#seq unit hook -> ok|failed (code) [n calls, ms]`. */
export function formatHookRun(record: HookRunRecord): string {
  const outcome = record.ok
    ? "ok"
    : record.timedOut
      ? "timed out"
      : record.commitRefused !== undefined
        ? `failed (commit: ${record.commitRefused})`
        : `failed (exit ${record.code ?? record.signal ?? "?"})`;
  return `#${record.seq} ${record.unit} ${record.hook} -> ${outcome} [${record.calls.length} tool calls, ${record.durationMs.toFixed(0)} ms]`;
}
