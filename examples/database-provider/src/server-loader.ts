/**
 * Loads the administration module of one engine on demand: most hooks never touch a database,
 * and loading both drivers (`pg`, `mysql2`) at start-up would slow every hook down.
 */
import type { DatabaseServer } from "./database-server.js";
import type { AdminLogin } from "./postgresql-server.js";

/** The {@link DatabaseServer} of `engine`, logged in as `login`. */
export async function serverFor(engine: DatabaseServer["engine"], login: AdminLogin): Promise<DatabaseServer> {
  if (engine === "mysql") return (await import("./mysql-server.js")).mysqlServer(login);
  return (await import("./postgresql-server.js")).postgresqlServer(login);
}
