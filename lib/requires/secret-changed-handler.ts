/** secret-changed: rotation and TLS events from the group secrets of this endpoint's relations. */
import { relationEventBase, type RequirerHookScope } from "./requirer-hook-scope.js";
import type { EmittedEvent } from "./requires-events.js";
import { contentDigest, digestKey, isNewContent, rotationEventOf } from "./rotation.js";
import { parseSecretLabel } from "./secret-groups.js";
import { DIGESTS_KEY, encodeDigests, readDigests } from "./snapshot.js";

/**
 * secret-changed (S-05, V-05): for a consumer label of this endpoint, refresh the content and
 * emit `credentialsRotated` / `tlsChanged` once per new content. Other labels return nothing.
 */
export function handleSecretChanged<R>(scope: RequirerHookScope<R>, secret: { readonly id?: string; readonly label?: string }): EmittedEvent<R>[] {
  const { spec, port, reader, checks } = scope;
  if (secret.label === undefined) return [];
  const parsed = parseSecretLabel(secret.label);
  if (parsed === undefined || parsed.endpoint !== spec.relationName) return [];
  const rel = port.relations().find((r) => r.id === parsed.relationId);
  if (rel === undefined) {
    port.log("DEBUG", `secret-changed for ${secret.label}: relation ${parsed.relationId} is gone, ignored`);
    return [];
  }
  const eventName = rotationEventOf(parsed.group);
  if (eventName === undefined) return [];
  const content = reader.readGroup(rel, parsed.group, parsed.requestId, secret.id);
  if (content === undefined) return [];
  const localUnit = port.localUnitBag(rel);
  const digests = readDigests(localUnit);
  const key = digestKey(parsed.group, parsed.requestId);
  const digest = contentDigest(content);
  if (!isNewContent(digests[key], digest)) return [];
  const problems = checks.check(rel, parsed.requestId);
  if (problems.length > 0) return checks.hold(rel, problems);
  digests[key] = digest;
  port.writeLocalUnit(rel, { [DIGESTS_KEY]: encodeDigests(digests) });
  const response = reader.response(rel, parsed.requestId);
  return [{ name: eventName, payload: Object.freeze({ ...relationEventBase(rel, localUnit), response, requestId: parsed.requestId }) }];
}
