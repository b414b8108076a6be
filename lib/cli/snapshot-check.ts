/**
 * The build's rehearsal of what the unit's first hook does: ask this machine's Node to make a
 * start-up snapshot of the new bundle (docs/startup-snapshot.md). When Node cannot, the unit
 * would fall back to starting every hook plainly, two to three times slower, and say nothing;
 * the build says it instead, with Node's reason. The unit's Node may differ from this one, so
 * this is a warning, never a failed build.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** What {@link checkStartupSnapshot} found. */
export type SnapshotCheck =
  | { readonly ok: true; readonly node: string }
  | { readonly ok: false; readonly node: string; readonly reason: string };

/** How long the check may take (a charm's module code and the library's rehearsal run in it). */
const CHECK_TIMEOUT_MS = 60_000;
const REASON_MAX = 300;

/** Node's reason, from the builder's stderr: the first error line, else what the crash says. */
export function snapshotFailureReason(stderr: string, status: number | null, signal: string | null): string {
  const error = /^(?:[A-Z][A-Za-z]*)?Error: .*$/m.exec(stderr)?.[0];
  if (error !== undefined) return error.length > REASON_MAX ? `${error.slice(0, REASON_MAX)}...` : error;
  // Node 20 says "Check failed"; Node 24 and later end with "CheckGlobalAndEternalHandles failed".
  if (/global handle not serialized|Check failed|CheckGlobalAndEternalHandles failed/.test(stderr)) {
    return "Node could not save the heap: module code left a native handle a snapshot cannot hold (node:http's parser, say)";
  }
  return signal !== null ? `Node was stopped by ${signal}` : `Node exited with code ${String(status)}`;
}

/** What a builder that never ends means: Node runs the event loop until nothing is left in it. */
function timedOutReason(ms: number): string {
  return `Node did not finish within ${String(ms / 1000)} s: module code left a timer, a socket or a server open, which keeps every hook of this charm from ending too`;
}

/** Makes (and deletes) a start-up snapshot of `bundle` with this process's Node, within `timeoutMs`. */
export function checkStartupSnapshot(bundle: string, timeoutMs = CHECK_TIMEOUT_MS): SnapshotCheck {
  const node = process.version;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cdi-snapshot-check-"));
  try {
    const made = spawnSync(process.execPath, ["--snapshot-blob", path.join(scratch, "charm.js.snapshot"), "--build-snapshot", path.resolve(bundle)], {
      cwd: scratch,
      // No hook's environment: module code should not read one (docs/startup-snapshot.md).
      env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin" },
      encoding: "utf8",
      stdio: ["ignore", "ignore", "pipe"],
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (made.status === 0) return { ok: true, node };
    if ((made.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT") return { ok: false, node, reason: timedOutReason(timeoutMs) };
    return { ok: false, node, reason: snapshotFailureReason(made.stderr ?? "", made.status, made.signal) };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
