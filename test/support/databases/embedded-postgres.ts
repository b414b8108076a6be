/**
 * The embedded PostgreSQL launcher for end-to-end tests. It lives with the demo
 * (examples/demo/src/embedded-postgres.ts), which runs the same server outside jest.
 */
export { startEmbeddedPostgres, EmbeddedPostgresError, type EmbeddedPostgres, type EmbeddedPostgresOptions } from "../../../examples/demo/src/embedded-postgres.js";
