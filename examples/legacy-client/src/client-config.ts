/**
 * The workload's config file, client.json: which engine to speak and how to reach it. It holds
 * the password, so it is written with mode 0600 and atomically; {@link ClientDatabase} without
 * the password is what the charm may show and remember.
 */
import { chmodSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** The database engine behind an endpoint. */
export type Engine = "postgresql" | "mysql";

/** Where the unit's database is (no secret in here). A type, not an interface: it is stored as JSON. */
export type ClientDatabase = {
  /** The endpoint in use: database, db or mysql. */
  readonly endpoint: string;
  readonly engine: Engine;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
};

/** What the driver needs on top of {@link ClientDatabase}. */
export type ClientCredentials = ClientDatabase & { readonly password: string };

/** Writes client.json (mode 0600, atomically). */
export function writeClientConfig(path: string, credentials: ClientCredentials): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(temporary, `${JSON.stringify({ database: credentials }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

/** Deletes client.json. */
export function removeClientConfig(path: string): void {
  rmSync(path, { force: true });
}
