/**
 * The secret-hygiene spool: when `CHARM_TEST_SPOOL` names a directory, the run observer this
 * suite registers on the harness and the simulator (run-recorder.ts, registered by
 * register-observer.ts) appends every text a charm run produced that must never hold a
 * credential (log lines, error messages, statuses, action output, stored state, deferred-event
 * snapshots, the requirer's databag snapshot) and every secret value it saw (secret contents,
 * password fields). A scan after the whole test run (see `leak-scan.ts`) fails when any secret
 * value of any test appears in any recorded text. Without the variable nothing is recorded.
 *
 * The spool holds secret values in clear: it lives in a temporary directory of the test run.
 */
import { appendFileSync } from "node:fs";
import { join } from "node:path";

/** Environment variable naming the spool directory. */
export const SPOOL_ENV = "CHARM_TEST_SPOOL";

/** One spooled line. */
export type SpoolRecord =
  | { readonly kind: "text"; readonly source: string; readonly text: string }
  | { readonly kind: "secret"; readonly source: string; readonly value: string };

/** Databag and secret-content keys whose values are credentials. */
export const CREDENTIAL_KEYS: ReadonlySet<string> = new Set(["password", "entity-password", "private-key", "token", "api-key", "secret-key", "access-key"]);

/**
 * Secret-content keys whose values are public by design (names, flags, CA certificates,
 * addresses); every other value of a secret's content is treated as a credential.
 */
export const PUBLIC_SECRET_KEYS: ReadonlySet<string> = new Set([
  "username",
  "entity-name",
  "tls",
  "tls-ca",
  "ca",
  "chain",
  "certificate",
  "mtls-cert",
  "endpoints",
  "read-only-endpoints",
  "database",
  "version",
  "label",
]);

/** Actions whose output is a credential on request (the operator asked for it): their results are not scanned. */
export const SECRET_ACTION_PATTERN = /secret|credential|password/i;

/** The spool directory of this run, or undefined when recording is off. */
export function spoolDir(): string | undefined {
  const dir = process.env[SPOOL_ENV];
  return dir === undefined || dir === "" ? undefined : dir;
}

// Records of the batch in progress (see `spoolBatch`), written in one append when it ends.
let pending: SpoolRecord[] | undefined;

function write(dir: string, records: readonly SpoolRecord[]): void {
  appendFileSync(join(dir, `${process.pid}.jsonl`), records.map((r) => JSON.stringify(r)).join("\n") + "\n");
}

function append(records: readonly SpoolRecord[]): void {
  const dir = spoolDir();
  if (dir === undefined || records.length === 0) return;
  if (pending !== undefined) pending.push(...records);
  else write(dir, records);
}

/**
 * Runs `record` and writes everything it spooled in one append instead of one per text or
 * value (a hook spools a dozen of them; the hook-order exploration runs tens of thousands of hooks).
 * Synchronous, so nothing is left unwritten when it returns or throws.
 */
export function spoolBatch(record: () => void): void {
  const dir = spoolDir();
  if (dir === undefined || pending !== undefined) {
    record();
    return;
  }
  pending = [];
  try {
    record();
  } finally {
    const records = pending;
    pending = undefined;
    if (records.length > 0) write(dir, records);
  }
}

/** Records texts that must be secret-free; `source` says where they came from (for the report). */
export function spoolTexts(source: string, texts: Iterable<string | undefined>): void {
  if (spoolDir() === undefined) return;
  const records: SpoolRecord[] = [];
  for (const text of texts) if (text !== undefined && text !== "") records.push({ kind: "text", source, text });
  append(records);
}

/** Records the credential values of a secret's content (public keys skipped). */
export function spoolSecretContent(source: string, content: Readonly<Record<string, string>>): void {
  if (spoolDir() === undefined) return;
  append(Object.entries(content).filter(([k, v]) => !PUBLIC_SECRET_KEYS.has(k) && v !== "").map(([, value]) => ({ kind: "secret", source, value })));
}

/** Records the credential fields of a databag (e.g. `password` in a Juju 2.9 answer). */
export function spoolDatabagCredentials(source: string, bag: Readonly<Record<string, string>>): void {
  if (spoolDir() === undefined) return;
  append(Object.entries(bag).filter(([k, v]) => CREDENTIAL_KEYS.has(k) && v !== "").map(([, value]) => ({ kind: "secret", source, value })));
}
