/**
 * Which relation of an endpoint a changed secret belongs to: `secret-changed` names no relation.
 * By the label this requirer gave the secret (`<endpoint>.<relation id>.<group>.secret`), the
 * relation coming from the unit's own record when it can (no relation-ids, no relation-list);
 * for a secret known only by its URI, by the provider bag that names it.
 */
import { parseV1Responses } from "../interfaces/v1/response.js";
import { parseSecretLabel, secretIdentity } from "../interfaces/database/secret-groups.js";
import type { EndpointModel, RelationHandle } from "./endpoint-model.js";
import { withoutEmptyValues, type ProviderReader } from "./provider-answer.js";

/** A changed secret as the hook names it: its URI and, when this unit gave it one, its label. */
export interface ChangedSecret {
  readonly id?: string;
  readonly label?: string;
}

/** The relation of `endpoint` that `secret` belongs to, if any (a gone one is logged and left out). */
export function relationOfSecret<R>(endpoint: string, hook: EndpointModel, reader: ProviderReader<R>, secret: ChangedSecret): RelationHandle | undefined {
  const parsed = secret.label === undefined ? undefined : parseSecretLabel(secret.label);
  if (parsed !== undefined) {
    if (parsed.endpoint !== endpoint) return undefined;
    const recorded = recordedRelation(hook, parsed.relationId);
    const rel = recorded === undefined ? hook.relations().find((r) => r.id === parsed.relationId) : recorded === "gone" ? undefined : recorded;
    if (rel === undefined) hook.log("DEBUG", `secret-changed for ${secret.label ?? ""}: relation ${parsed.relationId} is gone, ignored`);
    return rel;
  }
  if (secret.id === undefined || secret.label !== undefined) return undefined;
  const wanted = secretIdentity(secret.id);
  for (const rel of hook.relations()) {
    const remoteApp = withoutEmptyValues(hook.remoteAppBag(rel));
    const bags = reader.speaksV1(remoteApp) ? [...parseV1Responses(remoteApp["requests"]).values()] : [remoteApp];
    if (bags.some((bag) => Object.entries(bag).some(([k, v]) => k.startsWith("secret-") && secretIdentity(v) === wanted))) return rel;
  }
  return undefined;
}

/**
 * Relation `id` from this unit's own record: the roster lists it and the memory holds its remote
 * application. Whether Juju still has it is told by reading its remote application bag, which
 * the hook reads next anyway: "gone" when Juju no longer knows it (a -broken hook skipped with
 * `juju resolved --no-retry`), undefined when the record cannot tell (memory of older versions).
 */
function recordedRelation(hook: EndpointModel, id: number): RelationHandle | "gone" | undefined {
  const rel = hook.recordedRelation(id);
  if (rel === undefined) return undefined;
  hook.remoteAppBag(rel);
  return hook.isActive(rel) ? rel : "gone";
}
