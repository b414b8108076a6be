/** How a simulator is configured, and the shapes of what a run hands back. */
import type { HookSpec } from "../juju/hook.js";
import type { ToolResult } from "../../ops/hooktools/runner.js";
import type { RunObserver } from "../run-observer.js";
import type { HookRunRecord } from "./hook-log.js";
import type { CannedResponse } from "./transport/shim-script.js";
import type { ToolCall } from "./transport/tool-call.js";

/** How a simulator runs hooks. */
export interface SimulatorOptions {
  /** Kill a hook after this long (default 120 s). */
  readonly hookTimeoutMs?: number;
  /** Give up (ModelNotQuietError) after this many hooks in one run (default 5000). */
  readonly maxHooksPerRun?: number;
  /**
   * After a failed hook. `"block-unit"` (default, as Juju): the unit is in error and runs nothing
   * more until `resolve`; its queued hooks wait while every other unit goes on. `"stop"`: the whole
   * run stops and everything stays queued. `"continue"`: the failure is recorded and the unit goes on.
   */
  readonly onHookFailure?: "block-unit" | "stop" | "continue";
  /** Model name for a new model directory. */
  readonly modelName?: string;
  /**
   * Juju version of a new model directory (default 3.6.14). It decides which hook tools the
   * units have and how secrets behave (docs/juju-behaviour.md). Opening an existing model with a
   * different version is refused.
   */
  readonly jujuVersion?: string;
  /** Responses tool shims serve without a round trip (benchmarks only: these calls bypass the model and the log). */
  readonly canned?: Readonly<Record<string, readonly CannedResponse[]>>;
  /** Where the transport's temporary directory goes (default: the OS temp dir). */
  readonly tmpRoot?: string;
  /**
   * Called after every hook with its environment and each tool call's exact input and answer
   * (benchmarks record these to replay a hook without the model). The record holds relation
   * data and secret content in clear: keep it in memory, never log it.
   */
  readonly onHookRecorded?: (recording: HookRecording) => void;
  /**
   * Called after every hook and action with what the charm process logged, printed and set,
   * and the model after it (run-observer.ts; `observeRuns` observes every simulator).
   */
  readonly observer?: RunObserver;
}

/** One tool call of a hook, exactly as the charm made it, with the answer the model gave. */
export interface RecordedToolCall extends ToolCall {
  readonly result: ToolResult;
}

/** Everything a hook asked the model, for {@link SimulatorOptions.onHookRecorded}. */
export interface HookRecording {
  readonly unit: string;
  /** The hook name (`database-relation-changed`) or `action <name>`. */
  readonly hook: string;
  readonly spec: HookSpec;
  /** The hook's `JUJU_*` environment as the session produced it. */
  readonly env: Readonly<Record<string, string>>;
  readonly ok: boolean;
  readonly calls: readonly RecordedToolCall[];
}

/** What one run (an operation and the hooks it caused) did. */
export interface RunResult {
  /** Every hook that ran, in order. */
  readonly hooks: readonly HookRunRecord[];
  /** The first hook that failed in this run (with `onHookFailure` "block-unit" or "stop"). */
  readonly failed?: HookRunRecord;
  /** Every hook that failed in this run, in order (with `onHookFailure` "block-unit" or "stop"). */
  readonly failures?: readonly HookRunRecord[];
}

/** The outcome of an action. */
export interface ActionOutcome extends RunResult {
  readonly id: string;
  readonly unit: string;
  readonly action: string;
  readonly status: "completed" | "failed";
  /** Flat dotted keys, as `action-set` stored them. */
  readonly results: Readonly<Record<string, string>>;
  readonly log: readonly string[];
  readonly message?: string;
  /** The action process's exit code, stdout and stderr (Juju returns them to the user). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}
