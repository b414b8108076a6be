/**
 * The embedded PostgreSQL launcher for end-to-end tests. It lives with the demo
 * (examples/demo/src/embedded-postgres.ts), which runs the same server outside jest. Here its
 * start limit (30 s on an idle machine) is scaled with the load like every test limit: initdb
 * under a busy CI runner can take longer.
 */
import { startEmbeddedPostgres as startServer, type EmbeddedPostgres, type EmbeddedPostgresOptions } from "../../../examples/demo/src/embedded-postgres.js";
import { scaled } from "../time-scale.js";

export { EmbeddedPostgresError, type EmbeddedPostgres, type EmbeddedPostgresOptions } from "../../../examples/demo/src/embedded-postgres.js";

/** Starts a fresh cluster on a free port; the start limit is `scaled(30 s)` unless given. */
export function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  return startServer({ startTimeoutMs: scaled(30_000), ...options });
}
