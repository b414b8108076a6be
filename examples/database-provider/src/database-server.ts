/**
 * What the provider charm needs from the database it administers: one interface, one
 * implementation per engine (postgresql-server.ts, mysql-server.ts). Errors never carry passwords.
 */

/** Administrative operations on one database server. */
export interface DatabaseServer {
  /** Engine name for messages. */
  readonly engine: "postgresql" | "mysql";
  /** `host:port` as published in `endpoints`. */
  readonly address: { readonly host: string; readonly port: number };
  /** Creates `database` if missing and the login `user` with `password` (resetting it if the user exists), with all privileges on the database. */
  provision(user: string, password: string, database: string): Promise<void>;
  /** Sets a new password for `user`. */
  changePassword(user: string, password: string): Promise<void>;
  /** Removes `user` and its privileges (the database itself is kept, as the Canonical charms do). */
  dropUser(user: string, database: string): Promise<void>;
  /** The server version string. */
  version(): Promise<string>;
  /** Ends every open session of `users` (MySQL turning client TLS on); resolves to how many were killed. */
  killSessions(users: readonly string[]): Promise<number>;
}

/** The server could not be reached or refused an operation; the message names engine, address and code. */
export class DatabaseServerError extends Error {
  constructor(engine: string, address: { host: string; port: number }, operation: string, cause: unknown) {
    const code = (cause as { code?: unknown } | null)?.code;
    super(`${engine} at ${address.host}:${address.port}: ${operation} failed${typeof code === "string" || typeof code === "number" ? ` (${code})` : ""}`);
    this.name = "DatabaseServerError";
  }
}

/** Runs `operation`, turning any driver error into a {@link DatabaseServerError} (no stack of the driver, no SQL text). */
export async function guarded<T>(server: Pick<DatabaseServer, "engine" | "address">, operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new DatabaseServerError(server.engine, server.address, operation, error);
  }
}
