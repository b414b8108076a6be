/**
 * The helper secret that carries a requested entity's name and password to the provider
 * (`requested-entity-secret`): minted with the first full request (S-07), removed by the leader
 * once the entity exists or the relation is broken (S-08).
 */
import type { RequestSpec } from "./request-config.js";
import type { RelationHandle, RequirerPort } from "./requirer-port.js";
import { helperSecretLabel } from "./secret-groups.js";

/** URI for `requested-entity-secret`; a helper secret is minted only with the first full request (S-07). */
export function entitySecretFor(spec: RequestSpec, port: RequirerPort, rel: RelationHandle, current: Readonly<Record<string, string>>): string | undefined {
  const wanted = spec.requestedEntity;
  if (wanted === undefined) return undefined;
  if ("secretUri" in wanted) return wanted.secretUri;
  const existing = current["requested-entity-secret"];
  if (existing !== undefined) return existing;
  if (current["database"] !== undefined || spec.database === undefined) return "(requested entity)";
  const content: Record<string, string> = { "entity-name": wanted.name };
  if (wanted.password !== undefined) content["password"] = wanted.password;
  return port.addGrantedAppSecret(content, helperSecretLabel(port.modelUuid, rel.id), rel);
}

/** Removes the helper secret of `rel`, when this unit leads and the charm did not bring its own secret. */
export function clearHelperSecret(spec: RequestSpec, port: RequirerPort, rel: RelationHandle): void {
  const wanted = spec.requestedEntity;
  if (wanted === undefined || "secretUri" in wanted || !port.isLeader()) return;
  port.removeAppSecret(helperSecretLabel(port.modelUuid, rel.id));
}
