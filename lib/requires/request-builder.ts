/**
 * What the leader writes into its application databag to ask for a database (P-01..P-06,
 * V-01), and the keys every unit writes into its own unit databag at relation-created.
 */
import { pythonJson } from "./python-json.js";
import type { RequestSpec } from "./request-config.js";
import { deriveSalt, requestId } from "./request-id.js";
import { DEFAULT_REQUESTED_SECRETS } from "./secret-groups.js";

/** Facts about the hook the request is built in. */
export interface RequestContext {
  /** Juju ≥ 3.0.3 on this unit. */
  readonly secretsAvailable: boolean;
  /** The relation crosses models (no `provided-secrets` then, P-05). */
  readonly crossModel?: boolean;
  /** Alias assigned to the relation, mirrored into the app databag. */
  readonly alias?: string;
  /** URI of the helper secret, or of the secret the charm gave, for `requested-entity-secret`. */
  readonly requestedEntitySecretUri?: string;
  /** Needed for v1 salts. */
  readonly appName: string;
  /** The relation the request is for (v1 salts derive from it). */
  readonly relationId: number;
}

/** The requested-secrets list: the 8 defaults then the charm's additional fields (P-04). */
export function requestedSecretFields(spec: RequestSpec): string[] {
  const out: string[] = [...DEFAULT_REQUESTED_SECRETS];
  for (const f of spec.additionalSecretFields) if (!out.includes(f)) out.push(f);
  return out;
}

/** v0 application databag of the leader. Empty (apart from lists/alias) when `spec.database` is unset. */
export function buildV0Request(spec: RequestSpec, ctx: RequestContext): Record<string, string> {
  const bag: Record<string, string> = {};
  if (ctx.secretsAvailable) {
    bag["requested-secrets"] = pythonJson(requestedSecretFields(spec));
    if (ctx.crossModel !== true) bag["provided-secrets"] = pythonJson(["mtls-cert"]);
  }
  if (ctx.alias !== undefined) bag["alias"] = ctx.alias;
  if (spec.database !== undefined) bag["database"] = spec.database;
  if (spec.extraUserRoles.length > 0) bag["extra-user-roles"] = spec.extraUserRoles.join(",");
  if (spec.extraGroupRoles.length > 0) bag["extra-group-roles"] = spec.extraGroupRoles.join(",");
  if (spec.entityType !== undefined) bag["entity-type"] = spec.entityType;
  if (spec.entityPermissions !== undefined) bag["entity-permissions"] = pythonJson(spec.entityPermissions);
  if (ctx.requestedEntitySecretUri !== undefined) bag["requested-entity-secret"] = ctx.requestedEntitySecretUri;
  if (spec.prefixMatching !== undefined) bag["prefix-matching"] = spec.prefixMatching;
  if (spec.externalNodeConnectivity) bag["external-node-connectivity"] = "true";
  return bag;
}

/** Unit databag keys at relation-created: the secret lists (leader only) and the alias (P-04, A-02). */
export function buildUnitRequest(spec: RequestSpec, ctx: RequestContext, leader: boolean): Record<string, string> {
  const bag: Record<string, string> = {};
  if (leader && ctx.secretsAvailable) {
    bag["requested-secrets"] = pythonJson(requestedSecretFields(spec));
    if (ctx.crossModel !== true) bag["provided-secrets"] = pythonJson(["mtls-cert"]);
  }
  if (ctx.alias !== undefined) bag["alias"] = ctx.alias;
  return bag;
}

/** One element of the v1 `requests` array. */
export interface V1Request {
  /** Database name or prefix. */
  readonly resource: string;
  /** Id derived from resource and salt (§3.2). */
  readonly "request-id": string;
  /** Random text the id is derived from. */
  readonly salt: string;
  /** Extra roles for the relation user, comma-separated. */
  readonly "extra-user-roles": string | null;
  /** Extra roles for a GROUP entity, comma-separated. */
  readonly "extra-group-roles": string | null;
  /** Whether the provider must be reachable from outside the host. */
  readonly "external-node-connectivity": boolean;
  /** Custom entity type requested. */
  readonly "entity-type": "USER" | "GROUP" | null;
  /** Grants of the custom entity. */
  readonly "entity-permissions":
    | readonly {
        /** The resource granted on. */
        resource_name: string;
        /** Its kind. */
        resource_type: string;
        /** The privileges granted. */
        privileges: readonly string[];
      }[]
    | null;
  /** URI of the requirer's mTLS secret. */
  readonly "secret-mtls": string | null;
}

/** The v1 request object for `spec` on this relation (salt fixed by the spec, else derived). */
export function buildV1RequestObject(spec: RequestSpec, ctx: RequestContext, salt?: string): V1Request {
  const resource = spec.database ?? "";
  const s = salt ?? spec.salt ?? deriveSalt(ctx.appName, spec.relationName, ctx.relationId);
  return {
    resource,
    "request-id": requestId(resource, s),
    salt: s,
    "extra-user-roles": spec.extraUserRoles.length > 0 ? spec.extraUserRoles.join(",") : null,
    "extra-group-roles": spec.extraGroupRoles.length > 0 ? spec.extraGroupRoles.join(",") : null,
    "external-node-connectivity": spec.externalNodeConnectivity,
    "entity-type": spec.entityType ?? null,
    "entity-permissions": spec.entityPermissions ?? null,
    "secret-mtls": null,
  };
}

/** v1 application databag: `version: v1` and the `requests` array (V-01). */
export function buildV1Request(spec: RequestSpec, ctx: RequestContext, salt?: string): Record<string, string> {
  const bag: Record<string, string> = {};
  if (ctx.alias !== undefined) bag["alias"] = ctx.alias;
  if (spec.database === undefined && spec.entityType === undefined) return bag;
  bag["version"] = "v1";
  bag["requests"] = pythonJson([buildV1RequestObject(spec, ctx, salt)]);
  return bag;
}
