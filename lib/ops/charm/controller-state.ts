/**
 * Framework state (deferred events, stored state) kept in Juju's controller-side unit state
 * (`state-get` / `state-set`), so it survives a Kubernetes pod being replaced: the store of
 * Kubernetes units, and what a machine unit's file is carried over from (local-file-state.ts).
 *
 * One `state-get` per hook at most (lazily, on first use) and one `state-set` at commit, only
 * with the keys whose value changed. Juju caps keys at 256 bytes and values at 64 KiB: longer
 * values are split over `<key>#1..n` with `<key>` holding a chunk marker; over-long keys fail.
 * Juju writes state only when the hook succeeds, like relation data.
 */
import type { Backend } from "../backend.js";
import { StateLimitError } from "../errors.js";
import { splitUtf8, utf8Length } from "../text-chunks.js";
import type { StateStore } from "./state-store.js";

/** Juju's limit on a controller-state key, in bytes. */
export const STATE_KEY_MAX_BYTES = 256;
/** Juju's limit on a controller-state value, in bytes. */
export const STATE_VALUE_MAX_BYTES = 64 * 1024;
/**
 * Value of a key whose logical value is split into `<key>#1..n`: the marker followed by n.
 * Logical values are JSON text, which never starts like this, so the marker cannot collide.
 */
export const STATE_CHUNK_MARKER = "ops-ts-chunks:";
const CHUNK_MARKER = STATE_CHUNK_MARKER;

/**
 * The logical value at `key` in a physical controller-state map (chunks joined), or undefined.
 * Throws StateLimitError when a chunk is missing. For test stands that inspect state.
 */
export function readStateValue(physical: Readonly<Record<string, string>>, key: string): string | undefined {
  const head = physical[key];
  if (head === undefined || !head.startsWith(CHUNK_MARKER)) return head;
  const countText = head.slice(CHUNK_MARKER.length);
  const count = Number(countText);
  if (!/^[1-9]\d{0,8}$/.test(countText)) throw new StateLimitError(`controller state "${key}" has a malformed chunk marker`);
  let text = "";
  for (let i = 1; i <= count; i++) {
    const part = physical[`${key}#${i}`];
    if (part === undefined) throw new StateLimitError(`controller state "${key}" is missing chunk ${i} of ${count}`);
    text += part;
  }
  return text;
}

/**
 * Every logical value of a physical controller-state map (split values joined, their parts not
 * listed), and the keys whose parts are broken (left out of `values`).
 */
export function logicalStateEntries(physical: Readonly<Record<string, string>>): { readonly values: Record<string, string>; readonly broken: readonly string[] } {
  const values: Record<string, string> = {};
  const broken: string[] = [];
  for (const key of Object.keys(physical)) {
    const chunk = /^(.*)#[1-9]\d*$/.exec(key);
    if (chunk?.[1] !== undefined && physical[chunk[1]]?.startsWith(CHUNK_MARKER) === true) continue;
    try {
      const value = readStateValue(physical, key);
      if (value !== undefined) values[key] = value;
    } catch (e) {
      if (!(e instanceof StateLimitError)) throw e;
      broken.push(key);
    }
  }
  return { values, broken };
}

/** The physical entries storing logical `value` at `key` (split over chunks when over 64 KiB). */
export function encodeStateValue(key: string, value: string): Record<string, string> {
  checkKey(key);
  return Object.fromEntries(encode(key, value));
}

/** @internal Lazily loaded, write-buffered view of the controller state. */
export class ControllerState implements StateStore {
  private readonly backend: Backend;
  private physical: Record<string, string> | undefined;
  private readonly dirty = new Map<string, string | undefined>();

  constructor(backend: Backend) {
    this.backend = backend;
  }

  private load(): Record<string, string> {
    this.physical ??= this.backend.stateGet();
    return this.physical;
  }

  /**
   * Takes `values` (logical) as what the controller holds, without a `state-get`: for a store
   * that keeps its own copy of it (local-file-state.ts, mirrored). The commit then sends what differs.
   */
  assume(values: Readonly<Record<string, string>>): void {
    const physical: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) for (const [k, v] of encode(key, value)) physical[k] = v;
    this.physical = physical;
  }

  /** The logical value at `key` (pending writes included). Throws StateLimitError for broken chunks. */
  get(key: string): string | undefined {
    if (this.dirty.has(key)) return this.dirty.get(key);
    return readStateValue(this.load(), key);
  }

  /**
   * Like {@link ControllerState.get}, but a value whose chunks are broken (missing, malformed
   * marker) comes back as `{ broken }` with what is wrong, so the caller can drop it and go on.
   */
  read(key: string): { readonly value: string | undefined } | { readonly broken: string } {
    try {
      return { value: this.get(key) };
    } catch (e) {
      if (!(e instanceof StateLimitError)) throw e;
      return { broken: e.message };
    }
  }

  /** Buffers `value` (undefined deletes) for commit. */
  set(key: string, value: string | undefined): void {
    checkKey(key);
    this.dirty.set(key, value);
  }

  /**
   * Every logical value (chunks joined), and apart the keys whose chunks are broken: what a move
   * to another store carries over.
   */
  entries(): { readonly values: Record<string, string>; readonly broken: readonly string[] } {
    return logicalStateEntries(this.load());
  }

  /**
   * Writes every changed key (one state-set, plus a state-delete per key that disappeared), then
   * applies the hook's other writes and waits for them all: Juju keeps all of them only if the
   * hook succeeds.
   */
  commit(applyHookWrites: () => void = () => undefined, finishHookWrites: () => void = () => undefined): void {
    this.flush();
    applyHookWrites();
    finishHookWrites();
  }

  private flush(): void {
    if (this.dirty.size === 0) return;
    const physical = this.load();
    const toSet: Record<string, string> = {};
    const toDelete: string[] = [];
    for (const [key, value] of this.dirty) {
      const before = physicalEntries(key, physical);
      const after = value === undefined ? new Map<string, string>() : encode(key, value);
      for (const [k, v] of after) if (physical[k] !== v) toSet[k] = v;
      for (const k of before) if (!after.has(k)) toDelete.push(k);
    }
    if (Object.keys(toSet).length > 0) this.backend.stateSet(toSet);
    for (const k of toDelete) this.backend.stateDelete(k);
    for (const [k, v] of Object.entries(toSet)) physical[k] = v;
    for (const k of toDelete) delete physical[k];
    this.dirty.clear();
  }
}

function checkKey(key: string): void {
  // Leave room for the "#<n>" chunk suffix.
  if (utf8Length(key) > STATE_KEY_MAX_BYTES - 8) {
    throw new StateLimitError(`controller state key "${key.slice(0, 40)}..." is longer than ${STATE_KEY_MAX_BYTES - 8} bytes; use a shorter name`);
  }
}

// Every physical key of logical `key`: the head and each `<key>#<n>` chunk actually present, so a
// rewrite also deletes chunks that a corrupt or stale marker no longer counts.
function physicalEntries(key: string, physical: Readonly<Record<string, string>>): string[] {
  const prefix = `${key}#`;
  const chunks = Object.keys(physical).filter((k) => k.startsWith(prefix) && /^[1-9]\d*$/.test(k.slice(prefix.length)));
  return physical[key] === undefined ? chunks : [key, ...chunks];
}

function encode(key: string, value: string): Map<string, string> {
  if (utf8Length(value) <= STATE_VALUE_MAX_BYTES && !value.startsWith(CHUNK_MARKER)) return new Map([[key, value]]);
  const parts = splitUtf8(value, STATE_VALUE_MAX_BYTES);
  const out = new Map<string, string>([[key, `${CHUNK_MARKER}${parts.length}`]]);
  parts.forEach((part, i) => out.set(`${key}#${i + 1}`, part));
  return out;
}
