/**
 * Snapshots of the provider's view (E-04): what the engine last announced, compared with the live
 * view to decide events. The engine keeps them in unit-local state (`engine-memory.ts`); values of
 * secret-bearing keys are stored as keyed digests (a {@link ValueDigester}), never in clear (G-09).
 *
 * The encodings are the ones the Python library writes under `data` in the requirer's unit
 * databag, which is also where older versions of this library kept them: `legacy-memory.ts`
 * reads those once when a unit upgrades.
 */
import { createHash } from "node:crypto";

/** Unit databag key of the Python library's snapshot (read once on upgrade, never written). */
export const SNAPSHOT_KEY = "data";
/** Unit databag key where older versions of this library kept secret content digests (read once on upgrade, never written). */
export const DIGESTS_KEY = "data-digests";

/** Digest of a secret-bearing value, keyed by field so equal passwords differ per key. */
export type ValueDigester = (key: string, value: string) => string;

const DIGEST_PREFIX = "sha256:";

/** Provider keys compared as unordered comma lists (G-14, K-04). */
export const LIST_KEYS: ReadonlySet<string> = new Set(["endpoints", "read-only-endpoints", "prefix-databases"]);

/** A flat snapshot: provider key → raw value (or digest for secret-bearing keys). */
export type Snapshot = Readonly<Record<string, string>>;

/**
 * The unkeyed digest older versions of this library stored in the unit databag (defect 9 of
 * issue 13: testable offline). Only used to recognise such a snapshot on upgrade.
 */
export function valueDigest(key: string, value: string): string {
  return DIGEST_PREFIX + createHash("sha256").update(`${key}\n${value}`, "utf8").digest("hex");
}

function listSet(value: string): string {
  return [...new Set(value.split(",").map((s) => s.trim()).filter((s) => s !== ""))].sort().join(",");
}

/** True when the stored snapshot value and the live value mean the same thing. */
export function sameAsSnapshot(key: string, stored: string, live: string, secretKeys: ReadonlySet<string>, digest: ValueDigester): boolean {
  if (secretKeys.has(key)) return stored === digest(key, live);
  if (stored === live) return true;
  if (LIST_KEYS.has(key)) return listSet(stored) === listSet(live);
  return false;
}

/** Snapshot of the provider's app databag (without its own `data` key), secret-bearing values digested. */
export function takeSnapshot(remoteApp: Readonly<Record<string, string>>, secretKeys: ReadonlySet<string>, digest: ValueDigester): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(remoteApp)) {
    if (k === SNAPSHOT_KEY) continue;
    out[k] = secretKeys.has(k) ? digest(k, v) : v;
  }
  return out;
}

/** Keys added, changed and deleted between a snapshot (undefined = none yet, E-13) and live data. */
export interface SnapshotDiff {
  /** Keys present now but not in the snapshot. */
  readonly added: ReadonlySet<string>;
  /** Keys whose value differs from the snapshot. */
  readonly changed: ReadonlySet<string>;
  /** Keys in the snapshot that are gone now. */
  readonly deleted: ReadonlySet<string>;
}

/** Diffs live provider data against the snapshot (the `data` key of `live` is ignored). */
export function diffSnapshot(
  previous: Snapshot | undefined,
  live: Readonly<Record<string, string>>,
  secretKeys: ReadonlySet<string>,
  digest: ValueDigester,
): SnapshotDiff {
  const before = previous ?? {};
  const added = new Set<string>();
  const changed = new Set<string>();
  const deleted = new Set<string>();
  for (const [k, v] of Object.entries(live)) {
    if (k === SNAPSHOT_KEY) continue;
    const old = before[k];
    if (old === undefined) added.add(k);
    else if (!sameAsSnapshot(k, old, v, secretKeys, digest)) changed.add(k);
  }
  for (const k of Object.keys(before)) if (live[k] === undefined && k !== SNAPSHOT_KEY) deleted.add(k);
  return { added, changed, deleted };
}

function flatStrings(obj: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === null || v === undefined) continue;
    out[k] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return out;
}

function parseObject(raw: string | undefined): Record<string, unknown> | undefined {
  if (raw === undefined || raw === "") return undefined;
  try {
    const v: unknown = JSON.parse(raw);
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    // An unreadable snapshot is treated as none: the unit re-learns everything (E-13 behaviour).
    return undefined;
  }
}

/** Reads a v0 snapshot from a bag holding it under `data` (undefined when there is none). */
export function readSnapshot(localUnit: Readonly<Record<string, string>>): Record<string, string> | undefined {
  const obj = parseObject(localUnit[SNAPSHOT_KEY]);
  return obj === undefined ? undefined : flatStrings(obj);
}

/** The v1 snapshot: per request id a flat snapshot of the response, plus the stored `status`. */
export interface V1Snapshot {
  /** Snapshot of each response, by request id. */
  readonly responses: Readonly<Record<string, Snapshot>>;
  /** The provider's `status` text at the time of the snapshot. */
  readonly status: string | undefined;
}

/** Reads the v1 snapshot (`data` = `{"<request-id>": {...}, "status": "..."}`). */
export function readV1Snapshot(localUnit: Readonly<Record<string, string>>): V1Snapshot | undefined {
  const obj = parseObject(localUnit[SNAPSHOT_KEY]);
  if (obj === undefined) return undefined;
  const responses: Record<string, Snapshot> = {};
  let status: string | undefined;
  for (const [k, v] of Object.entries(obj)) {
    if (k === "status") status = typeof v === "string" ? v : JSON.stringify(v);
    else if (v !== null && typeof v === "object" && !Array.isArray(v)) responses[k] = flatStrings(v as Record<string, unknown>);
  }
  return { responses, status };
}

/** Serialises a v0 snapshot. */
export function encodeSnapshot(snapshot: Snapshot): string {
  return JSON.stringify(snapshot);
}

/** Serialises a v1 snapshot. */
export function encodeV1Snapshot(snapshot: V1Snapshot): string {
  const out: Record<string, unknown> = { ...snapshot.responses };
  if (snapshot.status !== undefined) out["status"] = snapshot.status;
  return JSON.stringify(out);
}

/** Remembered secret content digests, keyed by `<group>` (v0) or `<request-id>.<group>` (v1). */
export type ContentDigests = Readonly<Record<string, string>>;

/** Reads the content digests an older version of this library kept in the unit databag. */
export function readDigests(localUnit: Readonly<Record<string, string>>): Record<string, string> {
  const obj = parseObject(localUnit[DIGESTS_KEY]);
  return obj === undefined ? {} : flatStrings(obj);
}
