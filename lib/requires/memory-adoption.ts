/**
 * Adopting older memory on upgrade. Older versions of this library, and the Python library, kept
 * their snapshot of the provider's data in this unit's relation databag under `data` (ours also
 * kept secret content digests under `data-digests`). When the engine has no memory of a relation yet, it reads those
 * keys once and turns them into its unit-local memory, so an upgrade announces nothing the charm
 * was already told. Those snapshots hold raw databag keys (`secret-user` URIs, plaintext or
 * unkeyed-digest values); the memory holds the resolved view, so each remembered value is
 * carried over only when it provably still matches the live one.
 */
import { fieldsOfGroup, secretKeyOf, SECRET_GROUPS, type SecretGroup } from "../interfaces/database/secret-groups.js";
import { contentDigest, digestKey, readDigests, readSnapshot, readV1Snapshot, valueDigest, type Snapshot, type V1Snapshot, type ValueDigester } from "./memory.js";

/** Marks a remembered secret-bearing value that differs from the live one (announced as a change). */
const CHANGED = "legacy:changed";

/** What the live relation shows for one request: the raw provider fields, group contents, resolved view. */
export interface LiveRequest {
  readonly raw: Readonly<Record<string, string>>;
  readonly contents: Partial<Record<SecretGroup, Readonly<Record<string, string>>>>;
  readonly view: Readonly<Record<string, string>>;
}

/** True when a legacy snapshot shows the credentials were already announced. */
function announcedCreation(old: Snapshot): boolean {
  return old["secret-user"] !== undefined || (old["username"] !== undefined && old["password"] !== undefined) || old["secret-entity"] !== undefined || old["entity-name"] !== undefined;
}

/** Converts one legacy snapshot (raw keys) into a resolved-view snapshot. */
function convert(
  old: Snapshot,
  live: LiveRequest,
  oldDigests: Readonly<Record<string, string>>,
  requestId: string | undefined,
  secretKeys: ReadonlySet<string>,
  digest: ValueDigester,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, stored] of Object.entries(old)) {
    if (k === "data" || k.startsWith("secret-")) continue;
    if (!secretKeys.has(k)) {
      out[k] = stored;
      continue;
    }
    const now = live.view[k];
    // Ours stored an unkeyed digest, the Python library the plaintext value.
    const same = now !== undefined && (stored.startsWith("sha256:") ? stored === valueDigest(k, now) : stored === now);
    out[k] = same ? digest(k, now) : CHANGED;
  }
  for (const group of SECRET_GROUPS) {
    const key = secretKeyOf(group);
    if (old[key] === undefined) continue;
    const remembered = oldDigests[digestKey(group, requestId)];
    const content = live.contents[group];
    const same = old[key] === live.raw[key] && content !== undefined && (remembered === undefined || remembered === contentDigest(content));
    for (const f of fieldsOfGroup(group, [...secretKeys])) {
      const now = live.view[f];
      if (now !== undefined) out[f] = same ? digest(f, now) : CHANGED;
    }
  }
  return out;
}

/** The legacy memory of a v0 relation, or undefined when the unit databag holds none. */
export function legacyV0(localUnit: Readonly<Record<string, string>>, live: LiveRequest, secretKeys: ReadonlySet<string>, digest: ValueDigester): { seen: Snapshot; created: boolean } | undefined {
  const old = readSnapshot(localUnit);
  if (old === undefined) return undefined;
  return { seen: convert(old, live, readDigests(localUnit), undefined, secretKeys, digest), created: announcedCreation(old) };
}

/** The legacy memory of a v1 relation, or undefined when the unit databag holds none. */
export function legacyV1(
  localUnit: Readonly<Record<string, string>>,
  live: (requestId: string) => LiveRequest | undefined,
  secretKeys: ReadonlySet<string>,
  digest: ValueDigester,
): { seen: V1Snapshot; created: string[] } | undefined {
  const old = readV1Snapshot(localUnit);
  if (old === undefined) return undefined;
  const oldDigests = readDigests(localUnit);
  const responses: Record<string, Snapshot> = {};
  const created: string[] = [];
  for (const [id, snap] of Object.entries(old.responses)) {
    const now = live(id);
    if (now === undefined) continue;
    responses[id] = convert(snap, now, oldDigests, id, secretKeys, digest);
    if (announcedCreation(snap)) created.push(id);
  }
  return { seen: { responses, status: old.status }, created };
}

/** Whether the legacy snapshot of a relation shows a creation event was announced (for relation-broken). */
export function legacyCreated(localUnit: Readonly<Record<string, string>>): boolean {
  const v0 = readSnapshot(localUnit);
  if (v0 === undefined) return false;
  if (announcedCreation(v0)) return true;
  const v1 = readV1Snapshot(localUnit);
  return v1 !== undefined && Object.values(v1.responses).some(announcedCreation);
}
