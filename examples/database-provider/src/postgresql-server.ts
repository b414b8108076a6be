/** {@link DatabaseServer} over a PostgreSQL superuser connection (`pg`). */
import pg from "pg";
import { guarded, type DatabaseServer } from "./database-server.js";

/** How to log in as the administrator. */
export interface AdminLogin {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string | undefined;
}

/** Administers the PostgreSQL server `admin` logs in to. */
export function postgresqlServer(admin: AdminLogin): DatabaseServer {
  const address = { host: admin.host, port: admin.port };
  async function session<T>(database: string, run: (c: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ host: admin.host, port: admin.port, user: admin.user, password: admin.password, database, connectionTimeoutMillis: 5000 });
    client.on("error", () => undefined);
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  const server: DatabaseServer = {
    engine: "postgresql",
    address,
    provision: (user, password, database) =>
      guarded(server, "creating the user and database", async () => {
        await session("postgres", async (c) => {
          const role = c.escapeIdentifier(user);
          const exists = (await c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [user])).rows.length > 0;
          await c.query(`${exists ? "ALTER" : "CREATE"} ROLE ${role} LOGIN PASSWORD ${c.escapeLiteral(password)}`);
          if ((await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [database])).rows.length === 0) {
            await c.query(`CREATE DATABASE ${c.escapeIdentifier(database)}`);
          }
          await c.query(`GRANT ALL PRIVILEGES ON DATABASE ${c.escapeIdentifier(database)} TO ${role}`);
        });
        // Since PostgreSQL 15 only the owner may create in `public`.
        await session(database, (c) => c.query(`GRANT ALL ON SCHEMA public TO ${c.escapeIdentifier(user)}`));
      }),
    changePassword: (user, password) =>
      guarded(server, "changing a password", () =>
        session("postgres", async (c) => {
          await c.query(`ALTER ROLE ${c.escapeIdentifier(user)} PASSWORD ${c.escapeLiteral(password)}`);
        }),
      ),
    dropUser: (user, database) =>
      guarded(server, "dropping a user", async () => {
        const exists = await session("postgres", async (c) => {
          await c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", [user]);
          return (await c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [user])).rows.length > 0;
        });
        if (!exists) return;
        const hasDatabase = await session("postgres", async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [database])).rows.length > 0);
        // DROP OWNED also revokes the database-level grants (shared catalog) before the role goes.
        if (hasDatabase) await session(database, (c) => c.query(`DROP OWNED BY ${c.escapeIdentifier(user)}`));
        await session("postgres", (c) => c.query(`DROP ROLE IF EXISTS ${c.escapeIdentifier(user)}`));
      }),
    version: () =>
      guarded(server, "reading the version", () =>
        session("postgres", async (c) => String((await c.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version ?? "")),
      ),
    killSessions: (users) =>
      guarded(server, "ending client sessions", () =>
        session("postgres", async (c) => (await c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ANY($1)", [users])).rowCount ?? 0),
      ),
  };
  return server;
}
