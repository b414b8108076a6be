import type { ToolResult } from "../../../ops/hooktools/runner.js";

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

/** Tools whose `key=value` arguments carry databag, secret or result values. */
const VALUE_CARRYING_TOOLS = new Set(["relation-set", "secret-add", "secret-set", "state-set", "leader-set", "action-set"]);

/**
 * argv as it may be logged: values of `key=value` (and `key#base64=`) arguments of tools that
 * write data are replaced, because relation data and secret content can hold credentials.
 * `key#file=<path>` arguments only name a file and are kept.
 */
export function redactArgv(cmd: string, argv: readonly string[]): string[] {
  if (!VALUE_CARRYING_TOOLS.has(cmd)) return [...argv];
  return argv.map((arg) => {
    if (arg.startsWith("-")) return arg;
    const eq = arg.indexOf("=");
    if (eq <= 0) return arg;
    const key = arg.slice(0, eq);
    return key.endsWith("#file") ? arg : `${key}=<redacted>`;
  });
}
