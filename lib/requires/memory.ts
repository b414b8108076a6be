/**
 * What the engine remembers between hooks: snapshots of the announced provider view, the
 * unit-local memory holding them (lib/ops stored state, keyed digests for secret values), secret
 * content digests. The one-time adoption of the snapshots older versions kept in the unit
 * databag is memory-adoption.ts.
 */
import { fs } from "../ops/builtins.js";
import * as z from "zod/mini";
import "../zod-english.js";
import { sameCommaSet, UNORDERED_LIST_KEYS } from "../interfaces/database/comma-lists.js";
import { flatString, flatStrings, parseJsonText } from "../interfaces/database/json-text.js";
import type { SecretGroup } from "../interfaces/database/secret-groups.js";
import { hmacSha256, sha256 } from "../ops/sha256.js";
import { defined } from "../ops/defined.js";

// ---- snapshot ----------------------------------------------------------------------------------

/**
 * Snapshots of the provider's view (docs/protocol.md#e-04): what the engine last announced, compared with the live
 * view to decide events. The engine keeps them in unit-local state (below); values of
 * secret-bearing keys are stored as keyed digests (a {@link ValueDigester}), never in clear (docs/protocol.md#g-09).
 *
 * The encodings are the ones the Python library writes under `data` in the requirer's unit
 * databag, which is also where older versions of this library kept them: the legacy-memory section
 * reads those once when a unit upgrades.
 */

/** Unit databag key of the Python library's snapshot (read once on upgrade, never written). */
export const SNAPSHOT_KEY = "data";
/** Unit databag key where older versions of this library kept secret content digests (read once on upgrade, never written). */
export const DIGESTS_KEY = "data-digests";

/** Digest of a secret-bearing value, keyed by field so equal passwords differ per key. */
export type ValueDigester = (key: string, value: string) => string;

const DIGEST_PREFIX = "sha256:";

/** Provider keys compared as unordered comma lists: the wire fact lives in lib/interfaces (comma-lists.ts). */
export const LIST_KEYS: ReadonlySet<string> = UNORDERED_LIST_KEYS;

/** A flat snapshot: provider key → raw value (or digest for secret-bearing keys). */
export type Snapshot = Readonly<Record<string, string>>;

/**
 * The unkeyed digest older versions of this library stored in the unit databag (defect 9 of
 * issue 13: testable offline). Only used to recognise such a snapshot on upgrade.
 */
export function valueDigest(key: string, value: string): string {
  return DIGEST_PREFIX + sha256(`${key}\n${value}`).toString("hex");
}

/** True when the stored snapshot value and the live value mean the same thing. */
export function sameAsSnapshot(key: string, stored: string, live: string, secretKeys: ReadonlySet<string>, digest: ValueDigester): boolean {
  if (secretKeys.has(key)) return stored === digest(key, live);
  if (stored === live) return true;
  if (LIST_KEYS.has(key)) return sameCommaSet(stored, live);
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

/** Keys added, changed and deleted between a snapshot (undefined = none yet, docs/protocol.md#e-13) and live data. */
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

function parseObject(raw: string | undefined): Record<string, unknown> | undefined {
  // An unreadable snapshot is treated as none: the unit re-learns everything (docs/protocol.md#e-13 behaviour).
  const v = raw === undefined ? undefined : parseJsonText(raw)?.value;
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
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
    if (k === "status") status = flatString(v);
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

// ---- rotation ----------------------------------------------------------------------------------

/**
 * Secret rotation (docs/protocol.md#s-05, docs/protocol.md#v-05): a `credentialsRotated` / `tlsChanged` event fires exactly once
 * per new secret content. The decision compares a digest of the refreshed content with the
 * digest remembered in the unit databag; a re-run hook or a deferred event therefore cannot fire
 * twice, and the secret values themselves are never stored.
 */

/** Digest of secret content, independent of key order. */
export function contentDigest(content: Readonly<Record<string, string>>): string {
  const text = Object.keys(content)
    .sort()
    .map((k) => `${k}\u0000${content[k] ?? ""}\u0000`)
    .join("");
  return "sha256:" + sha256(text).toString("hex");
}

/** Key under which a group's digest is remembered. */
export function digestKey(group: SecretGroup, requestId?: string): string {
  return requestId === undefined ? group : `${requestId}.${group}`;
}

/** The event a content change of `group` means, if any. */
export function rotationEventOf(group: SecretGroup): "credentialsRotated" | "tlsChanged" | undefined {
  switch (group) {
    case "user":
    case "entity":
    case "extra":
      return "credentialsRotated";
    case "tls":
      return "tlsChanged";
    case "mtls":
      return undefined;
  }
}

/**
 * Whether new content of a group is news: true when its digest differs from the remembered one
 * (also when nothing was remembered, e.g. after migrating from the Python library).
 */
export function isNewContent(remembered: string | undefined, current: string): boolean {
  return remembered !== current;
}

// ---- engine memory -----------------------------------------------------------------------------

/**
 * What the engine remembers between hooks, per unit: for each relation the provider view it last
 * announced (secret-bearing values only as keyed digests), which requests already had their
 * creation event, and the relation's alias. It lives in the unit's controller-side state (lib/ops
 * stored state, `state-get`/`state-set`), never in a relation databag, so remembering something
 * runs no hook on any other unit (issue 13, defects 8 and 9).
 *
 * Digests are HMAC-SHA256 under a random key made once per unit and kept in the same local state:
 * whoever reads a databag or the digests alone cannot test password guesses offline.
 */

/** Prefix of a keyed digest in a remembered snapshot. */
export const KEYED_DIGEST_PREFIX = "hmac:";

/** The remembered state of one relation. */
export interface RelationMemory {
  /** The relation's alias as recorded at relation-created (absent when the endpoint has none). */
  readonly alias?: string;
  /** Request ids whose creation event was announced (`""` for a v0 request). */
  readonly created: readonly string[];
  /** The last announced provider view, encoded as the snapshot codecs write it (absent: none yet). */
  readonly seen?: string;
  /** True while the relation is held back because the endpoint's `limit` is exceeded. */
  readonly overLimit?: boolean;
  /**
   * The remote application's name, as Juju gave it in one of the relation's hooks: it never
   * changes while the relation lives, and knowing it spares hooks outside the relation (a
   * secret-changed) the `relation-list` that would tell it. Absent in memory older versions wrote.
   */
  readonly app?: string;
}

/** Where the memory is persisted (`storedStateMemory` maps it to lib/ops stored state). */
export interface MemoryStore {
  /** The stored object, or undefined when nothing was stored yet. */
  load(): unknown;
  /** Replaces the stored object (persisted when the hook commits). */
  save(value: Readonly<Record<string, unknown>>): void;
}

const RelationMemorySchema = z.object({
  alias: z.optional(z.string()),
  created: z.array(z.string()),
  seen: z.optional(z.string()),
  overLimit: z.optional(z.boolean()),
  app: z.optional(z.string().check(z.minLength(1))),
});

const MemorySchema = z.object({
  v: z.literal(1),
  key: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  relations: z.record(z.string().check(z.regex(/^\d+$/)), RelationMemorySchema),
});

type MemoryData = z.infer<typeof MemorySchema>;

/** The engine's unit-local memory for one endpoint, loaded lazily once per hook. */
export class EngineMemory {
  private data: MemoryData | undefined;
  // The HMAC of the current key, its padded key compressed once (sha256.ts), and its digests so far.
  private mac: { readonly key: string; readonly of: (data: string) => Buffer; readonly done: Map<string, string> } | undefined;

  constructor(
    private readonly store: MemoryStore,
    private readonly warn: (message: string) => void,
  ) {}

  private load(): MemoryData {
    if (this.data !== undefined) return this.data;
    const raw = this.store.load();
    const parsed = raw === undefined ? undefined : MemorySchema.safeParse(raw);
    if (parsed?.success === true) {
      this.data = parsed.data;
    } else {
      // Unreadable memory must not brick the unit: start afresh (events may be announced again).
      if (raw !== undefined && !isEmptyObject(raw)) this.warn("the requirer's remembered relation state is unreadable and was reset; events of live relations may be announced once more");
      this.data = { v: 1, key: randomKey(), relations: {} };
    }
    return this.data;
  }

  /** What is remembered of relation `id`, or undefined when nothing is. */
  relation(id: number): RelationMemory | undefined {
    return this.load().relations[String(id)];
  }

  /** Replaces what is remembered of relation `id` (written only when it changed). */
  setRelation(id: number, memory: RelationMemory): void {
    const data = this.load();
    const next = {
      ...defined({ alias: memory.alias }),
      created: [...memory.created],
      ...defined({ seen: memory.seen }),
      ...(memory.overLimit === true ? { overLimit: true } : {}),
      ...defined({ app: memory.app }),
    };
    if (JSON.stringify(data.relations[String(id)]) === JSON.stringify(next)) return;
    this.data = { ...data, relations: { ...data.relations, [String(id)]: next } };
    this.save();
  }

  /** Forgets relation `id` (its relation is broken). */
  forget(id: number): void {
    const data = this.load();
    if (data.relations[String(id)] === undefined) return;
    const relations = { ...data.relations };
    delete relations[String(id)];
    this.data = { ...data, relations };
    this.save();
  }

  /**
   * Keyed digest of a secret-bearing value (the field name is part of the message). A hook
   * compares a value with the snapshot and then snapshots it: each is digested once.
   */
  digest(field: string, value: string): string {
    const key = this.load().key;
    if (this.mac?.key !== key) this.mac = { key, of: hmacSha256(Buffer.from(key, "hex")), done: new Map() };
    const message = `${field}\n${value}`;
    let digest = this.mac.done.get(message);
    if (digest === undefined) {
      digest = KEYED_DIGEST_PREFIX + this.mac.of(message).toString("hex");
      this.mac.done.set(message, digest);
    }
    return digest;
  }

  private save(): void {
    if (this.data !== undefined) this.store.save(this.data);
  }
}

/**
 * 32 random bytes, as hex, from the kernel's random source (which OpenSSL, behind Node's
 * `randomBytes`, seeds from): read from /dev/urandom, so that no hook loads `node:crypto`
 * (sha256.ts says why).
 */
function randomKey(): string {
  const key = Buffer.alloc(32);
  const fd = fs.openSync("/dev/urandom", "r");
  try {
    // Linux gives a read of up to 256 bytes from it whole (random(4)).
    if (fs.readSync(fd, key) !== key.length) throw new Error("short read from /dev/urandom");
  } finally {
    fs.closeSync(fd);
  }
  return key.toString("hex");
}

function isEmptyObject(v: unknown): boolean {
  return v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0;
}

/** A store kept in memory only (engine tests and ports without a framework). */
export class VolatileMemoryStore implements MemoryStore {
  value: Readonly<Record<string, unknown>> | undefined;
  load(): unknown {
    return this.value === undefined ? undefined : structuredClone(this.value);
  }
  save(value: Readonly<Record<string, unknown>>): void {
    this.value = structuredClone(value);
  }
}
