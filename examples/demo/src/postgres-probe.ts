/**
 * What the demo asks the PostgreSQL server directly, to check the charms' claims against real
 * state: can these credentials log in, does this role exist, which version runs.
 */
import pg from "pg";

/** Where the server listens. */
export interface ServerAddress {
  readonly host: string;
  readonly port: number;
}

/** A superuser login. */
export interface SuperuserLogin extends ServerAddress {
  readonly user: string;
  readonly password: string;
}

/** The result of a login attempt: the session's user and database, or the server's refusal. */
export type LoginOutcome =
  | { readonly ok: true; readonly user: string; readonly database: string }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** SQLSTATE of a refused password (`invalid_password`). */
export const INVALID_PASSWORD = "28P01";

async function withClient<T>(settings: pg.ClientConfig, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionTimeoutMillis: 5000, ...settings });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Logs in as `user` and runs `SELECT current_user, current_database()`; a refusal is returned, not thrown. */
export async function tryLogin(server: ServerAddress, user: string, password: string, database: string): Promise<LoginOutcome> {
  try {
    return await withClient({ host: server.host, port: server.port, user, password, database }, async (client) => {
      const { rows } = await client.query<{ user: string; database: string }>("SELECT current_user AS user, current_database() AS database");
      return { ok: true, user: rows[0]?.user ?? "", database: rows[0]?.database ?? "" };
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { ok: false, code: typeof code === "string" ? code : "unknown", message: error instanceof Error ? error.message : String(error) };
  }
}

/** Whether a role called `name` exists. */
export function roleExists(admin: SuperuserLogin, name: string): Promise<boolean> {
  return withClient({ ...admin, database: "postgres" }, async (client) => (await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [name])).rows.length > 0);
}

/** `SHOW server_version`. */
export function serverVersion(admin: SuperuserLogin): Promise<string> {
  return withClient({ ...admin, database: "postgres" }, async (client) => String((await client.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version ?? "?"));
}
