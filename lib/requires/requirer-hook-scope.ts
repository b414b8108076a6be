/** What the per-hook requirer handlers share: the request, the runtime port, the provider reader and checks, the unit-local memory. */
import { ALIAS_KEY } from "./alias-assignment.js";
import type { EngineMemory } from "./engine-memory.js";
import type { ProviderChecks } from "./provider-checks.js";
import type { ProviderReader } from "./provider-reader.js";
import type { RequestSpec } from "./request-config.js";
import type { RelationHandle, RequirerPort } from "./requirer-port.js";
import type { RelationEventBase } from "./requires-events.js";

/** The per-hook state a handler works with (one instance per hook, so one secret cache per hook). */
export interface RequirerHookScope<R> {
  readonly spec: RequestSpec;
  readonly port: RequirerPort;
  readonly reader: ProviderReader<R>;
  readonly checks: ProviderChecks<R>;
  readonly memory: EngineMemory;
  /** The endpoint's `limit` from the charm's metadata, when it declares one. */
  readonly endpointLimit: number | undefined;
}

/**
 * The alias of `rel` as this unit recorded it: from the engine's memory, else (a relation this
 * unit saw before upgrading) from its unit databag, read only when the endpoint has aliases.
 */
export function aliasOf<R>(scope: RequirerHookScope<R>, rel: RelationHandle): string | undefined {
  const remembered = scope.memory.relation(rel.id);
  if (remembered !== undefined) return remembered.alias;
  if (scope.spec.relationAliases.length === 0) return undefined;
  return scope.port.localUnitBag(rel)[ALIAS_KEY];
}

/** The fields every relation event payload carries. */
export function relationEventBase(rel: RelationHandle, alias: string | undefined): RelationEventBase {
  return { relationId: rel.id, relationName: rel.endpoint, remoteApp: rel.remoteApp, alias };
}
