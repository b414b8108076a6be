import type { ToolResult } from "../../../ops/hooktools/runner.js";
import { redactToolArgv } from "../../juju/argv-redaction.js";

/** One hook-tool invocation as a charm process made it. */
export interface ToolCall {
  /** The tool's name, e.g. `relation-get`. */
  readonly cmd: string;
  /** Arguments after the tool name, exactly as the charm passed them. */
  readonly argv: readonly string[];
  /** What the tool read from stdin (only for `--file -`), else undefined. */
  readonly stdin: string | undefined;
}

/** Answers tool calls for the hook that is running; may be synchronous. */
export type ToolCallHandler = (call: ToolCall) => ToolResult | Promise<ToolResult>;

/** A served call as the hook log records it. */
export interface ToolCallLogRecord {
  readonly cmd: string;
  /** argv with values that may be credentials replaced by `<redacted>` (see `redactArgv`). */
  readonly argv: readonly string[];
  readonly stdinBytes: number;
  readonly code: number;
  readonly durationMs: number;
}

/**
 * argv as it may be logged: the fake Juju's `redactToolArgv` (values of data-writing tools'
 * `key=value` arguments replaced, `key#file=<path>` kept), under the simulator's name.
 */
export const redactArgv: (cmd: string, argv: readonly string[]) => string[] = redactToolArgv;
