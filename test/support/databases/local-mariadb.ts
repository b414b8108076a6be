/**
 * The machine's MariaDB (the MySQL stand-in) at root@127.0.0.1:3306 without a password, with the
 * administrative operations e2e tests need: databases, users with passwords, database-level vs
 * global grants. Users are created for host `%`, so TCP logins from 127.0.0.1 match them.
 */
import { spawnSync } from "node:child_process";
import mysql from "mysql2/promise";
import { scaled } from "../time-scale.js";

/** Where the local MariaDB listens. */
export const MARIADB_HOST = "127.0.0.1";
/** Its port. */
export const MARIADB_PORT = 3306;

/** Privileges a test may grant. */
export type MariaDbPrivilege = "ALL PRIVILEGES" | "SELECT" | "INSERT" | "UPDATE" | "DELETE" | "CREATE" | "DROP" | "PROCESS" | "RELOAD";

/** An admin session on the local MariaDB. */
export interface LocalMariaDb {
  /** 127.0.0.1. */
  readonly host: string;
  /** 3306. */
  readonly port: number;
  /** CREATE DATABASE. */
  createDatabase(name: string): Promise<void>;
  /** DROP DATABASE IF EXISTS. */
  dropDatabase(name: string): Promise<void>;
  /** CREATE USER name@'%' with a password. */
  createUser(name: string, password: string): Promise<void>;
  /** DROP USER IF EXISTS name@'%'. */
  dropUser(name: string): Promise<void>;
  /** ALTER USER name@'%' IDENTIFIED BY the new password. */
  changePassword(name: string, password: string): Promise<void>;
  /** Grants on `database`.* only. */
  grantOnDatabase(name: string, database: string, privileges?: readonly MariaDbPrivilege[]): Promise<void>;
  /** Grants on *.* (global). */
  grantGlobal(name: string, privileges: readonly MariaDbPrivilege[]): Promise<void>;
  /** Grants of the user as `SHOW GRANTS` prints them. */
  grantsOf(name: string): Promise<string[]>;
  /** Whether name@'%' exists. */
  userExists(name: string): Promise<boolean>;
  /** Closes the admin connection. */
  close(): Promise<void>;
}

/** Whether the MariaDB end-to-end tests run here, and why not when they do not. */
export type MariaDbGate = { readonly run: true } | { readonly run: false; readonly required: boolean; readonly reason: string };

/**
 * Decides, synchronously (jest collects tests synchronously), whether the MariaDB tests can run:
 * a TCP probe of 127.0.0.1:3306 in a child process. When it is not reachable, `required` tells
 * whether REQUIRE_MARIADB=1 (set by .ci/run) demands a failure instead of a skip.
 */
export function mariaDbGate(): MariaDbGate {
  const probe = `require("node:net").connect(${MARIADB_PORT}, "${MARIADB_HOST}").on("connect", () => process.exit(0)).on("error", () => process.exit(1)).setTimeout(${scaled(1500)}, () => process.exit(1))`;
  if (spawnSync(process.execPath, ["-e", probe], { timeout: scaled(5000) }).status === 0) return { run: true };
  const required = process.env["REQUIRE_MARIADB"] === "1";
  const unreachable = `MariaDB is not reachable on ${MARIADB_HOST}:${MARIADB_PORT}`;
  return {
    run: false,
    required,
    reason: required
      ? `${unreachable}, but REQUIRE_MARIADB=1 requires the MySQL end-to-end tests to run: start MariaDB (mariadbd) on that address`
      : `${unreachable}; set REQUIRE_MARIADB=1 to make this a failure`,
  };
}

/** Opens an admin session as root@127.0.0.1:3306. */
export async function localMariaDb(): Promise<LocalMariaDb> {
  const conn = await mysql.createConnection({ host: MARIADB_HOST, port: MARIADB_PORT, user: "root", connectTimeout: scaled(5000) });
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
