/**
 * The machine's MariaDB (the MySQL stand-in) at root@127.0.0.1:3306 without a password, with the
 * administrative operations e2e tests need: databases, users with passwords, database-level vs
 * global grants. Users are created for host `%`, so TCP logins from 127.0.0.1 match them.
 */
import mysql from "mysql2/promise";
import { isListening } from "./free-port.js";

/** Where the local MariaDB listens. */
export const MARIADB_HOST = "127.0.0.1";
/** Its port. */
export const MARIADB_PORT = 3306;

/** Privileges a test may grant. */
export type MariaDbPrivilege = "ALL PRIVILEGES" | "SELECT" | "INSERT" | "UPDATE" | "DELETE" | "CREATE" | "DROP" | "PROCESS" | "RELOAD";

/** An admin session on the local MariaDB. */
export interface LocalMariaDb {
  readonly host: string;
  readonly port: number;
  createDatabase(name: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  createUser(name: string, password: string): Promise<void>;
  dropUser(name: string): Promise<void>;
  changePassword(name: string, password: string): Promise<void>;
  /** Grants on `database`.* only. */
  grantOnDatabase(name: string, database: string, privileges?: readonly MariaDbPrivilege[]): Promise<void>;
  /** Grants on *.* (global). */
  grantGlobal(name: string, privileges: readonly MariaDbPrivilege[]): Promise<void>;
  /** Grants of the user as `SHOW GRANTS` prints them. */
  grantsOf(name: string): Promise<string[]>;
  userExists(name: string): Promise<boolean>;
  /** Closes the admin connection. */
  close(): Promise<void>;
}

/**
 * Whether the local MariaDB can be used by this test run: `{ run: true }`, or `{ run: false, reason }`.
 * With REQUIRE_MARIADB=1 (CI) an unreachable server is an error, not a skip.
 */
export async function mariaDbAvailability(): Promise<{ readonly run: true } | { readonly run: false; readonly reason: string }> {
  if (await isListening(MARIADB_HOST, MARIADB_PORT)) return { run: true };
  const reason = `MariaDB is not listening on ${MARIADB_HOST}:${MARIADB_PORT}`;
  if (process.env["REQUIRE_MARIADB"] === "1") {
    throw new Error(`${reason}, but REQUIRE_MARIADB=1 demands the MySQL end-to-end tests run: start MariaDB (e.g. mariadbd) or unset REQUIRE_MARIADB`);
  }
  return { run: false, reason: `${reason}; set REQUIRE_MARIADB=1 to make this a failure` };
}

/** Opens an admin session as root@127.0.0.1:3306. */
export async function localMariaDb(): Promise<LocalMariaDb> {
  const conn = await mysql.createConnection({ host: MARIADB_HOST, port: MARIADB_PORT, user: "root", connectTimeout: 5000 });
  const account = (name: string): string => `${mysql.escape(name)}@'%'`;
  const id = (name: string): string => mysql.escapeId(name);
  const privs = (list: readonly MariaDbPrivilege[]): string => list.join(", ");
  return {
    host: MARIADB_HOST,
    port: MARIADB_PORT,
    async createDatabase(name) {
      await conn.query(`CREATE DATABASE ${id(name)}`);
    },
    async dropDatabase(name) {
      await conn.query(`DROP DATABASE IF EXISTS ${id(name)}`);
    },
    async createUser(name, password) {
      await conn.query(`CREATE USER ${account(name)} IDENTIFIED BY ?`, [password]);
    },
    async dropUser(name) {
      await conn.query(`DROP USER IF EXISTS ${account(name)}`);
    },
    async changePassword(name, password) {
      await conn.query(`ALTER USER ${account(name)} IDENTIFIED BY ?`, [password]);
    },
    async grantOnDatabase(name, database, privileges = ["ALL PRIVILEGES"]) {
      await conn.query(`GRANT ${privs(privileges)} ON ${id(database)}.* TO ${account(name)}`);
    },
    async grantGlobal(name, privileges) {
      await conn.query(`GRANT ${privs(privileges)} ON *.* TO ${account(name)}`);
    },
    async grantsOf(name) {
      const [rows] = await conn.query(`SHOW GRANTS FOR ${account(name)}`);
      return (rows as Record<string, unknown>[]).map((row) => String(Object.values(row)[0]));
    },
    async userExists(name) {
      const [rows] = await conn.query("SELECT 1 FROM mysql.user WHERE User = ? AND Host = '%'", [name]);
      return (rows as unknown[]).length > 0;
    },
    async close() {
      await conn.end();
    },
  };
}
