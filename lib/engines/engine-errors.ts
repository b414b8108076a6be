/**
 * Typed errors raised by the engine builders. Messages name the engine, the field and the problem;
 * they never contain passwords, CA material or URIs with credentials.
 */

/** Database engines this layer knows. */
export type EngineName = "postgresql" | "mysql" | "mongodb";

/** {@link ConnectionFacts} input failed validation. */
export class ConnectionFactsError extends Error {
  /** Dotted path of the offending field, e.g. `endpoints.0.port`. */
  readonly field: string;
  /** What is wrong, secret-free. */
  readonly problem: string;

  /** @param field dotted field path; @param problem secret-free description. */
  constructor(field: string, problem: string) {
    super(`connection facts, field "${field}": ${problem}`);
    this.name = "ConnectionFactsError";
    this.field = field;
    this.problem = problem;
  }
}

/** A builder cannot produce a connection from the facts and options it was given. */
export class EngineConnectionError extends Error {
  /** The engine whose builder failed. */
  readonly engine: EngineName;
  /** The fact or option at fault (e.g. `readOnlyEndpoints`, `sslmode`). */
  readonly field: string;
  /** What is wrong and, where possible, what to do about it. */
  readonly problem: string;

  /** @param engine engine name; @param field fact/option name; @param problem secret-free text. */
  constructor(engine: EngineName, field: string, problem: string) {
    super(`${engine} connection, "${field}": ${problem}`);
    this.name = "EngineConnectionError";
    this.engine = engine;
    this.field = field;
    this.problem = problem;
  }
}

/** A connection string or URI could not be parsed. The text itself is never quoted (it may hold a password). */
export class ConnectionStringError extends Error {
  /** Which format was being parsed. */
  readonly format: "libpq-uri" | "libpq-keyword-value" | "mysqlsh-uri";
  /** Character offset where parsing failed, when known. */
  readonly position: number | undefined;
  /** What is wrong. */
  readonly problem: string;

  /** @param format the format; @param problem secret-free text; @param position offset of the failure. */
  constructor(format: ConnectionStringError["format"], problem: string, position?: number) {
    super(`${format} string${position === undefined ? "" : ` at position ${position}`}: ${problem}`);
    this.name = "ConnectionStringError";
    this.format = format;
    this.problem = problem;
    this.position = position;
  }
}

/**
 * A libpq keyword/value string names the same keyword twice (`host=a ... host=b`). libpq itself
 * keeps the last value; this package refuses the string, because which host or password the
 * provider meant cannot be known. The keyword is named; no value is quoted.
 */
export class RepeatedKeywordError extends ConnectionStringError {
  /** The keyword that appears more than once. */
  readonly keyword: string;

  /** @param keyword the repeated keyword (printable form); @param position offset of its second occurrence. */
  constructor(keyword: string, position: number) {
    super("libpq-keyword-value", `keyword "${keyword}" appears more than once; a connection string must name each keyword once`, position);
    this.name = "RepeatedKeywordError";
    this.keyword = keyword;
  }
}
