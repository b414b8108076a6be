/** {@link DatabaseServer} over a MySQL / MariaDB administrator connection (`mysql2`). Users are created for host `%`. */
import mysql from "mysql2/promise";
import { guarded, type DatabaseServer } from "./database-server.js";
import type { AdminLogin } from "./postgresql-server.js";

/** Administers the MySQL-compatible server `admin` logs in to. */
export function mysqlServer(admin: AdminLogin): DatabaseServer {
  const address = { host: admin.host, port: admin.port };
  async function session<T>(run: (c: mysql.Connection) => Promise<T>): Promise<T> {
    const conn = await mysql.createConnection({ host: admin.host, port: admin.port, user: admin.user, password: admin.password ?? "", connectTimeout: 5000 });
    try {
      return await run(conn);
    } finally {
      await conn.end().catch(() => undefined);
    }
  }
  const account = (user: string): string => `${mysql.escape(user)}@'%'`;
  const server: DatabaseServer = {
    engine: "mysql",
    address,
    provision: (user, password, database) =>
      guarded(server, "creating the user and database", () =>
        session(async (c) => {
          await c.query(`CREATE DATABASE IF NOT EXISTS ${mysql.escapeId(database)}`);
          await c.query(`CREATE USER IF NOT EXISTS ${account(user)} IDENTIFIED BY ?`, [password]);
          await c.query(`ALTER USER ${account(user)} IDENTIFIED BY ?`, [password]);
          await c.query(`GRANT ALL PRIVILEGES ON ${mysql.escapeId(database)}.* TO ${account(user)}`);
        }),
      ),
    changePassword: (user, password) =>
      guarded(server, "changing a password", () =>
        session(async (c) => {
          await c.query(`ALTER USER ${account(user)} IDENTIFIED BY ?`, [password]);
        }),
      ),
    dropUser: (user) =>
      guarded(server, "dropping a user", () =>
        session(async (c) => {
          await c.query(`DROP USER IF EXISTS ${account(user)}`);
        }),
      ),
    version: () =>
      guarded(server, "reading the version", () =>
        session(async (c) => {
          const [rows] = await c.query("SELECT VERSION() AS version");
          return String((rows as { version?: unknown }[])[0]?.version ?? "");
        }),
      ),
    // The real charm kills every client session; on a shared server only the relation users' ones.
    killSessions: (users) =>
      guarded(server, "killing client sessions", () =>
        session(async (c) => {
          if (users.length === 0) return 0;
          const [rows] = await c.query("SELECT ID AS id FROM information_schema.PROCESSLIST WHERE USER IN (?)", [users]);
          let killed = 0;
          for (const { id } of rows as { id: number }[]) {
            // A session may end between the listing and the kill: not an error.
            await c.query(`KILL CONNECTION ${Number(id)}`).then(() => killed++, () => undefined);
          }
          return killed;
        }),
      ),
  };
  return server;
}
