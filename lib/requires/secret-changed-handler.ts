/**
 * secret-changed: which relation of this endpoint a changed secret belongs to. Juju sends
 * secret-changed only to a unit still tracking an older revision, with the unit's consumer label
 * when it has one; a secret read by URI alone (its label held by an older secret) arrives with
 * its URI only, so URIs are matched against the provider's `secret-*` fields too. The relation
 * is then observed like on relation-changed: the resolved values decide the events.
 */
import { parseV1Responses } from "./event-decision.js";
import { withoutEmptyValues } from "./provider-problems.js";
import type { RequirerHookScope } from "./requirer-hook-scope.js";
import type { RelationHandle } from "./requirer-port.js";
import { parseSecretLabel, secretIdentity } from "./secret-groups.js";

/** The relation of this endpoint a changed secret belongs to, if any. */
export function relationOfSecret<R>(scope: RequirerHookScope<R>, secret: { readonly id?: string; readonly label?: string }): RelationHandle | undefined {
  const { spec, port, reader } = scope;
  const parsed = secret.label === undefined ? undefined : parseSecretLabel(secret.label);
  if (parsed !== undefined) {
    if (parsed.endpoint !== spec.relationName) return undefined;
    const rel = port.relations().find((r) => r.id === parsed.relationId);
    if (rel === undefined) port.log("DEBUG", `secret-changed for ${secret.label ?? ""}: relation ${parsed.relationId} is gone, ignored`);
    return rel;
  }
  if (secret.id === undefined || secret.label !== undefined) return undefined;
  const wanted = secretIdentity(secret.id);
  for (const rel of port.relations()) {
    const remoteApp = withoutEmptyValues(port.remoteAppBag(rel));
    const bags = reader.speaksV1(remoteApp) ? [...parseV1Responses(remoteApp["requests"]).values()] : [remoteApp];
    if (bags.some((bag) => Object.entries(bag).some(([k, v]) => k.startsWith("secret-") && secretIdentity(v) === wanted))) return rel;
  }
  return undefined;
}
