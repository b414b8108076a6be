/**
 * The workload's config file, webapp.json: what the web application reads at start-up to reach
 * its database. It holds the password, so it is written with mode 0600 and atomically (a reader
 * never sees half a file); the charm never logs its content.
 */
import { chmodSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { PostgreSQLResponse } from "charm-data-interfaces";

/** The content of webapp.json. */
export interface WorkloadConfig {
  readonly database: {
    /** libpq URI with every host, `sslmode` and `sslrootcert` (contains the password). */
    readonly url: string;
    readonly host: string;
    readonly port: number;
    readonly name: string;
    readonly user: string;
    readonly password: string;
    /** Path of the provider's CA certificate, null when the provider sent none. */
    readonly caFile: string | null;
  };
}

/** Where the config file and the CA certificate go. */
export interface WorkloadFiles {
  readonly configFile: string;
  readonly caFile: string;
}

/** `<dir>/webapp.json` → `<dir>/webapp-ca.pem`. */
export function workloadFiles(configFile: string): WorkloadFiles {
  const stem = basename(configFile).replace(/\.json$/, "");
  return { configFile, caFile: join(dirname(configFile), `${stem}-ca.pem`) };
}

/** Builds the config from the database's answer; the CA (if any) is written to `files.caFile`. */
export function workloadConfig(db: PostgreSQLResponse, files: WorkloadFiles): WorkloadConfig {
  const hasCa = db.tlsCa !== undefined && db.tlsCa.trim() !== "";
  if (!hasCa) rmSync(files.caFile, { force: true });
  const options = hasCa ? { caFile: files.caFile } : {};
  const connection = db.connection(options);
  return {
    database: {
      url: db.uri(options),
      host: connection.host,
      port: connection.port,
      name: connection.database,
      user: connection.user,
      password: connection.password,
      caFile: hasCa ? files.caFile : null,
    },
  };
}

/** Writes `config` to `path` (mode 0600, atomically). */
export function writeWorkloadConfig(path: string, config: WorkloadConfig): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

/** Deletes the config file and the CA certificate (the database is gone). */
export function removeWorkloadConfig(files: WorkloadFiles): void {
  rmSync(files.configFile, { force: true });
  rmSync(files.caFile, { force: true });
}
