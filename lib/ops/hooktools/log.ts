/** juju-log (docs/juju-contract.md#log-and-status-tools). */
import type { LogLevel } from "../backend.js";
import { splitUtf8, utf8Length } from "../text-chunks.js";
import { invokeTool } from "./invoke.js";
import type { ToolRunner } from "./runner.js";

/** Largest message (in UTF-8 bytes) juju-log gets in one call: Linux caps one argv string at 128 KiB. */
export const MAX_LOG_MESSAGE_BYTES = 131071;

/** `juju-log --log-level <LEVEL> -- <message>`; over-long messages go out in announced chunks. */
export function jujuLog(run: ToolRunner, level: LogLevel, message: string): void {
  if (utf8Length(message) <= MAX_LOG_MESSAGE_BYTES) {
    invokeTool(run, "juju-log", ["--log-level", level, "--", message]);
    return;
  }
  const parts = splitUtf8(message, MAX_LOG_MESSAGE_BYTES);
  invokeTool(run, "juju-log", ["--log-level", level, "--", `log message too long for one line; splitting it into ${parts.length} parts`]);
  for (const part of parts) invokeTool(run, "juju-log", ["--log-level", level, "--", part]);
}
