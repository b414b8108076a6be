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
