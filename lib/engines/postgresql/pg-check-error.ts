/** The error of the PostgreSQL extension check (extension-check.ts) when the database cannot be asked. */
import type { PgConnectionConfig } from "./pg-connection.js";

/** Why the check could not answer. */
export type PgCheckFailure = "unreachable" | "rejected" | "query-failed";

const PG_CHECK_HINTS: Readonly<Record<PgCheckFailure, string>> = {
  unreachable: "make sure this unit can reach the endpoint (network, DNS, TLS settings), and defer the event to retry",
  rejected: "the provider may be rotating the credentials: wait for credentialsRotated, then retry",
  "query-failed": "check the server's log for the statement's error",
};

/**
 * The database could not be asked. The message names host, port, database and the driver's error
 * code; it never contains the password, and no driver error (with its stack) is attached.
 */
export class PgCheckError extends Error {
  /** `unreachable`: no connection (network, DNS, TLS); `rejected`: the server refused the login; `query-failed`: the query errored. */
  readonly failure: PgCheckFailure;
  /** Host that was tried. */
  readonly host: string;
  /** Port that was tried. */
  readonly port: number;
  /** Database that was tried. */
  readonly database: string;
  /** Node or SQLSTATE code when known (e.g. `ECONNREFUSED`, `28P01`). */
  readonly code: string | undefined;

  /** Builds the error from the target and a secret-free failure description. */
  constructor(failure: PgCheckFailure, target: Pick<PgConnectionConfig, "host" | "port" | "database">, code: string | undefined) {
    const what = failure === "unreachable" ? "cannot reach" : failure === "rejected" ? "login refused by" : "query failed on";
    super(`postgresql extension check: ${what} ${target.host}:${target.port} database "${target.database}"${code === undefined ? "" : ` (${code})`}; ${PG_CHECK_HINTS[failure]}`);
    this.name = "PgCheckError";
    this.failure = failure;
    this.host = target.host;
    this.port = target.port;
    this.database = target.database;
    this.code = code;
    // A charm author needs the reason, not this module's call stack.
    this.stack = `${this.name}: ${this.message}`;
  }
}
