/**
 * Deferred events rebuilt from live data: once the charm holds the current credentials, the
 * unit bag remembers them as delivered so they are not announced a second time.
 */
import { groupsToRead } from "./field-resolution.js";
import { withoutEmptyValues } from "./provider-problems.js";
import type { RequirerHookScope } from "./requirer-hook-scope.js";
import type { RelationHandle } from "./requirer-port.js";
import { contentDigest, digestKey } from "./rotation.js";
import { secretKeyOf } from "./secret-groups.js";
import { DIGESTS_KEY, SNAPSHOT_KEY, encodeDigests, encodeSnapshot, readDigests, readSnapshot, sameAsSnapshot, valueDigest } from "./snapshot.js";

/**
 * A deferred event was rebuilt from live data, so the charm now holds the current credentials:
 * remember them as delivered (the group content digests, and the v0 snapshot's secret-bearing
 * keys), so a later secret-changed or relation-changed does not announce the same content again.
 */
export function markDelivered<R>(scope: RequirerHookScope<R>, rel: RelationHandle, requestId?: string): void {
  const { port, reader } = scope;
  const remoteApp = withoutEmptyValues(port.remoteAppBag(rel));
  const localUnit = port.localUnitBag(rel);
  const writes: Record<string, string> = {};
  if (port.secretsAvailable) {
    const { bag, requestId: id } = reader.providerFields(rel, requestId, remoteApp);
    const digests = readDigests(localUnit);
    let changed = false;
    for (const group of groupsToRead(bag, reader.fields)) {
      const key = digestKey(group, id);
      if (digests[key] === undefined) continue;
      const content = reader.readGroup(rel, group, id, bag[secretKeyOf(group)]);
      if (content === undefined) continue;
      const digest = contentDigest(content);
      if (digest !== digests[key]) {
        digests[key] = digest;
        changed = true;
      }
    }
    if (changed) writes[DIGESTS_KEY] = encodeDigests(digests);
  }
  const snapshot = reader.speaksV1(remoteApp) ? undefined : readSnapshot(localUnit);
  if (snapshot !== undefined) {
    let changed = false;
    for (const key of reader.secretKeys) {
      const stored = snapshot[key];
      const live = remoteApp[key];
      if (stored === undefined || live === undefined || sameAsSnapshot(key, stored, live, reader.secretKeys)) continue;
      snapshot[key] = valueDigest(key, live);
      changed = true;
    }
    if (changed) writes[SNAPSHOT_KEY] = encodeSnapshot(snapshot);
  }
  if (Object.keys(writes).length > 0) port.writeLocalUnit(rel, writes);
}
