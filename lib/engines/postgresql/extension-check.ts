/**
 * Whether a PostgreSQL extension (plugin) is enabled in the relation's database — the port of
 * the Python requirer's plugin check, but using the provided database, port and TLS (docs/protocol.md#k-02).
 */
import { PgCheckError } from "./pg-check-error.js";
import type { PgConnectionConfig } from "./pg-connection.js";

// The error lives in its own module: a bundle built without `pg` replaces this one and keeps it
// (lib/cli/build-plugins.ts, EXTENSION_CHECK_WITHOUT_PG).
export { PgCheckError, type PgCheckFailure } from "./pg-check-error.js";

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
