/**
 * Charm logging.
 *
 * Cost model: every `juju-log` call is a process spawn. DEBUG, INFO and TRACE lines therefore go
 * to stdout, which the unit agent already copies into the unit log (at DEBUG), so a chatty hot
 * path costs nothing but a write. WARNING and ERROR are rare and worth their level in
 * `juju debug-log`, so they go through `juju-log` (falling back to stderr if that fails).
 * Never log secret values: the logger cannot tell them apart from other text.
 */
import type { Backend, LogLevel } from "./backend.js";

/** Where log lines go. */
export interface LogSink {
  /** Writes one log line at `level`. */
  write(level: LogLevel, message: string): void;
}

/** A text stream such as process.stdout (only `write` is used). */
export type TextWriter = (text: string) => void;

/** The default sink: TRACE/DEBUG/INFO to `stdout`, WARNING/ERROR through juju-log. */
export function jujuLogSink(backend: Backend, stdout: TextWriter, stderr: TextWriter): LogSink {
  return {
    write(level, message) {
      if (level === "WARNING" || level === "ERROR") {
        try {
          backend.jujuLog(level, message);
          return;
        } catch {
          // juju-log itself failed (e.g. outside a hook): do not recurse into logging; use stderr.
          stderr(`${level} ${message}\n`);
          return;
        }
      }
      stdout(`${level} ${message}\n`);
    },
  };
}

/** Leveled logger handed to charms as `this.log`. */
export class Logger {
  private readonly sink: LogSink;

  constructor(sink: LogSink) {
    this.sink = sink;
  }

  /** Very detailed tracing. */
  trace(message: string): void {
    this.sink.write("TRACE", message);
  }
  /** Diagnostics. */
  debug(message: string): void {
    this.sink.write("DEBUG", message);
  }
  /** Normal progress. */
  info(message: string): void {
    this.sink.write("INFO", message);
  }
  /** Something an operator should look at. */
  warning(message: string): void {
    this.sink.write("WARNING", message);
  }
  /** A failure. */
  error(message: string): void {
    this.sink.write("ERROR", message);
  }
}
