/**
 * Superuser operations e2e tests need on a PostgreSQL server (embedded or the machine's own):
 * databases, login roles, passwords, extensions. Names are quoted as identifiers; passwords are
 * sent as SQL literals escaped by the driver.
 */
import pg from "pg";
import { scaled } from "../time-scale.js";

/** How to reach the server as a superuser. */
export interface PostgresSuperuser {
  /** Server host. */
  readonly host: string;
  /** Server port. */
  readonly port: number;
  /** A superuser name. */
  readonly user: string;
  /** Its password (absent with trust authentication). */
  readonly password?: string | undefined;
}

/** Runs `run` on one superuser connection to `database` (default `postgres`). */
async function withSuperuser<T>(admin: PostgresSuperuser, run: (client: pg.Client) => Promise<T>, database = "postgres"): Promise<T> {
  const client = new pg.Client({ host: admin.host, port: admin.port, user: admin.user, password: admin.password, database, connectionTimeoutMillis: scaled(5000) });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates a login role with a password. */
export function createPgUser(admin: PostgresSuperuser, name: string, password: string): Promise<void> {
  return withSuperuser(admin, async (c) => {
    await c.query(`CREATE ROLE ${c.escapeIdentifier(name)} LOGIN PASSWORD ${c.escapeLiteral(password)}`);
  });
}

/** Changes a role's password. */
export function changePgPassword(admin: PostgresSuperuser, name: string, password: string): Promise<void> {
  return withSuperuser(admin, async (c) => {
    await c.query(`ALTER ROLE ${c.escapeIdentifier(name)} PASSWORD ${c.escapeLiteral(password)}`);
  });
}

/** Creates a database owned by `owner`. */
export function createPgDatabase(admin: PostgresSuperuser, name: string, owner: string): Promise<void> {
  return withSuperuser(admin, async (c) => {
    await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)} OWNER ${c.escapeIdentifier(owner)}`);
  });
}

/** Installs an extension in a database. */
export function createPgExtension(admin: PostgresSuperuser, database: string, extension: string): Promise<void> {
  return withSuperuser(admin, async (c) => {
    await c.query(`CREATE EXTENSION IF NOT EXISTS ${c.escapeIdentifier(extension)}`);
  }, database);
}

/** Drops a database (forcing out sessions) and then the role, ignoring what does not exist. */
export function dropPgDatabaseAndUser(admin: PostgresSuperuser, database: string, user: string): Promise<void> {
  return withSuperuser(admin, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(database)} WITH (FORCE)`);
    await c.query(`DROP ROLE IF EXISTS ${c.escapeIdentifier(user)}`);
  });
}

/** Whether a role of that name exists. */
export function pgUserExists(admin: PostgresSuperuser, name: string): Promise<boolean> {
  return withSuperuser(admin, async (c) => (await c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [name])).rows.length > 0);
}

/**
 * Logs in as `user` and runs `SELECT 1`: "ok", or the server's SQLSTATE (e.g. 28P01 for a
 * refused password), or "unknown". Never throws, so tests can compare before and after.
 */
export async function pgLoginCode(server: { readonly host: string; readonly port: number }, user: string, password: string, database: string): Promise<string> {
  const client = new pg.Client({ host: server.host, port: server.port, user, password, database, connectionTimeoutMillis: scaled(5000) });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return "ok";
  } catch (error) {
    return String((error as { code?: unknown }).code ?? "unknown");
  } finally {
    await client.end().catch(() => undefined);
  }
}
