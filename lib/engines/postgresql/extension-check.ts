/**
 * Whether a PostgreSQL extension (plugin) is enabled in the relation's database — the port of
 * the Python requirer's plugin check, but using the provided database, port and TLS (docs/protocol.md#k-02).
 */
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

/** Connect timeout applied when the config sets none, so a dead endpoint cannot hang a hook. */
const DEFAULT_CHECK_TIMEOUT_MS = 5000;

/**
 * Returns true iff extension `name` is installed in the database `conn` points at
 * (`SELECT 1 FROM pg_extension WHERE extname = $1`). Fails with {@link PgCheckError} when the
 * database cannot be reached or refuses the login.
 */
export async function isExtensionEnabled(conn: PgConnectionConfig, name: string): Promise<boolean> {
  // Loaded on first use so that charms for other engines can import lib/engines without `pg` installed.
  const { default: pg } = await import("pg");
  const client = new pg.Client({ ...conn, connectionTimeoutMillis: conn.connectionTimeoutMillis ?? DEFAULT_CHECK_TIMEOUT_MS });
  // An 'error' event after connect (server restart) must not crash the process.
  client.on("error", () => undefined);
  try {
    try {
      await client.connect();
    } catch (error) {
      throw new PgCheckError(isLoginRefusal(error) ? "rejected" : "unreachable", conn, errorCode(error));
    }
    try {
      const result = await client.query("SELECT 1 FROM pg_extension WHERE extname = $1", [name]);
      return result.rows.length > 0;
    } catch (error) {
      throw new PgCheckError("query-failed", conn, errorCode(error));
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** SQLSTATE class 28 (invalid authorization) and 3D000 (no such database) are refusals, not outages. */
function isLoginRefusal(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && (code.startsWith("28") || code === "3D000");
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === "string" && /^[A-Z0-9_]{1,32}$/.test(code)) return code;
  }
  if (error instanceof Error && /timeout/i.test(error.message)) return "TIMEOUT";
  return undefined;
}
