/** What the per-hook requirer handlers share: the request, the runtime port, the provider reader and checks. */
import { ALIAS_KEY } from "./alias-assignment.js";
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
}

/** The fields every relation event payload carries (the alias as this unit recorded it). */
export function relationEventBase(rel: RelationHandle, localUnit: Readonly<Record<string, string>>): RelationEventBase {
  return { relationId: rel.id, relationName: rel.endpoint, remoteApp: rel.remoteApp, alias: localUnit[ALIAS_KEY] };
}
