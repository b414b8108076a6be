/**
 * The request: what the requirer writes to ask for a database (v0 bag or v1 `requests`), its
 * identity (v1 request ids and salts), the relation alias, the helper secret of a requested
 * entity, and the writer that puts it on each relation (the leader's reconciliation of a live
 * relation's request is request-reconcile.ts).
 */
import { computeRequestId } from "../interfaces/v1/request-id.js";
import { toPythonJson } from "../interfaces/database/json-text.js";
import { sha256 } from "../ops/sha256.js";
import { entityPermissionsOfRequest, requestV1ToWire, type RequestV1, type RequestV1Wire } from "../interfaces/v1/request.js";
import { RequirerV1AppDatabag } from "../interfaces/v1/databags.js";
import type { RelationHandle, EndpointModel } from "./endpoint-model.js";
import type { RequestSpec } from "./options.js";
import { AliasExhaustedError } from "./errors.js";
import { reconcileV0, reconcileV1, type RequestConflict } from "./request-reconcile.js";
import { DEFAULT_REQUESTED_SECRETS } from "../interfaces/database/secret-groups.js";
import { formatRelationRef } from "../ops/index.js";
import { defined } from "../ops/defined.js";

// ---- request id --------------------------------------------------------------------------------

/**
 * v1 request identity (docs/protocol.md#v-02, docs/protocol.md#v-03): `request-id` = first 16 hex characters of
 * sha256("<resource>:<salt>"); the salt is derived from the relation so every hook (and every
 * unit) computes the same id without storing anything.
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** The v1 request id of `resource` with `salt` (the wire model's definition, lib/interfaces). */
export const requestId: (resource: string, salt: string) => string = computeRequestId;

/**
 * A 16-character salt from `A-Z a-z 0-9`, deterministic in the requirer application, endpoint
 * and relation id (the Python library draws it at random, which makes ids unreproducible, docs/protocol.md#g-v5).
 */
export function deriveSalt(appName: string, endpoint: string, relationId: number): string {
  const digest = sha256(`${appName}:${endpoint}:${relationId}`);
  let salt = "";
  for (let i = 0; i < 16; i++) salt += ALPHABET[(digest[i] ?? 0) % ALPHABET.length];
  return salt;
}

// ---- alias assignment --------------------------------------------------------------------------

/**
 * Relation aliases (docs/protocol.md#a-02, docs/protocol.md#a-04): each unit picks, at relation-created, the first configured alias
 * not yet used by its other relations of the endpoint and keeps it in its unit databag.
 */

/** Unit databag key holding the alias (also mirrored to the app databag by the leader). */
export const ALIAS_KEY = "alias";

/**
 * The alias for a relation. `own` is the alias already in this relation's unit databag;
 * `usedElsewhere` the aliases in this unit's databags of the endpoint's other relations.
 * Returns undefined when no aliases are configured; throws when all are taken.
 */
export function chooseAlias(
  endpoint: string,
  configured: readonly string[],
  own: string | undefined,
  usedElsewhere: readonly string[],
): string | undefined {
  if (configured.length === 0) return undefined;
  if (own !== undefined && own !== "") return own;
  const free = configured.find((a) => !usedElsewhere.includes(a));
  if (free === undefined) throw new AliasExhaustedError(endpoint, configured);
  return free;
}

// ---- request context ---------------------------------------------------------------------------

/** The {@link RequestContext} the request builders take, for one relation of this unit. */

/**
 * What the request builders need to know about `rel` and the runtime: whether secrets are
 * available, whether the relation crosses models (the caller decides, since asking costs a
 * tool call), the application name, and the alias and requested-entity secret when known.
 */
export function requestContextOf(
  hook: EndpointModel,
  rel: RelationHandle,
  alias: string | undefined,
  requestedEntitySecretUri: string | undefined,
  crossModel: boolean,
): RequestContext {
  return {
    secretsAvailable: hook.secretsAvailable,
    crossModel,
    appName: hook.appName,
    relationId: rel.id,
    ...defined({ alias, requestedEntitySecretUri }),
  };
}

// ---- request builder ---------------------------------------------------------------------------

/**
 * What the leader writes into its application databag to ask for a database (docs/protocol.md#p-01..P-06,
 * docs/protocol.md#v-01).
 */

/** Facts about the hook the request is built in. */
export interface RequestContext {
  /** Juju ≥ 3.0.3 on this unit. */
  readonly secretsAvailable: boolean;
  /** The relation crosses models (no `provided-secrets` then, docs/protocol.md#p-05). */
  readonly crossModel?: boolean;
  /** Alias assigned to the relation, mirrored into the app databag (docs/protocol.md#a-02). */
  readonly alias?: string;
  /** URI of the helper secret, or of the secret the charm gave, for `requested-entity-secret`. */
  readonly requestedEntitySecretUri?: string;
  /** Needed for v1 salts. */
  readonly appName: string;
  /** The relation the request is for (v1 salts derive from it). */
  readonly relationId: number;
}

/** The requested-secrets list: the 8 defaults then the charm's additional fields (docs/protocol.md#p-04). */
export function requestedSecretFields(spec: RequestSpec): string[] {
  const out: string[] = [...DEFAULT_REQUESTED_SECRETS];
  for (const f of spec.additionalSecretFields) if (!out.includes(f)) out.push(f);
  return out;
}

/** v0 application databag of the leader. Empty (apart from lists/alias) when `spec.database` is unset. */
export function buildV0Request(spec: RequestSpec, ctx: RequestContext): Record<string, string> {
  // The secret lists and the alias first, in the Python library's order.
  const bag: Record<string, string> = {};
  if (ctx.secretsAvailable) {
    bag["requested-secrets"] = toPythonJson(requestedSecretFields(spec));
    if (ctx.crossModel !== true) bag["provided-secrets"] = toPythonJson(["mtls-cert"]);
  }
  if (ctx.alias !== undefined) bag["alias"] = ctx.alias;
  if (spec.database !== undefined) bag["database"] = spec.database;
  if (spec.extraUserRoles.length > 0) bag["extra-user-roles"] = spec.extraUserRoles.join(",");
  if (spec.extraGroupRoles.length > 0) bag["extra-group-roles"] = spec.extraGroupRoles.join(",");
  if (spec.entityType !== undefined) bag["entity-type"] = spec.entityType;
  if (spec.entityPermissions !== undefined) bag["entity-permissions"] = toPythonJson(spec.entityPermissions);
  if (ctx.requestedEntitySecretUri !== undefined) bag["requested-entity-secret"] = ctx.requestedEntitySecretUri;
  if (spec.prefixMatching !== undefined) bag["prefix-matching"] = spec.prefixMatching;
  if (spec.externalNodeConnectivity) bag["external-node-connectivity"] = "true";
  return bag;
}

/** One element of the v1 `requests` array as this requirer writes it: the interface model's wire shape, id and salt always set. */
export type V1Request = RequestV1Wire & { readonly "request-id": string; readonly salt: string };

/** The v1 request for `spec` on this relation as the interface model (salt fixed by the spec, else derived). */
export function buildRequestV1(spec: RequestSpec, ctx: RequestContext, salt?: string): RequestV1 {
  const resource = spec.database ?? "";
  const s = salt ?? spec.salt ?? deriveSalt(ctx.appName, spec.relationName, ctx.relationId);
  const request: RequestV1 = { resource, requestId: requestId(resource, s), salt: s, externalNodeConnectivity: spec.externalNodeConnectivity };
  // Empty role lists are left unset, so they go out as null like the Python library's defaults.
  if (spec.extraUserRoles.length > 0) request.extraUserRoles = [...spec.extraUserRoles];
  if (spec.extraGroupRoles.length > 0) request.extraGroupRoles = [...spec.extraGroupRoles];
  if (spec.entityType !== undefined) request.entityType = spec.entityType;
  if (spec.entityPermissions !== undefined) request.entityPermissions = entityPermissionsOfRequest(spec.entityPermissions);
  return request;
}

/** The v1 request object for `spec` on this relation, encoded by the interface model. */
export function buildV1RequestObject(spec: RequestSpec, ctx: RequestContext, salt?: string): V1Request {
  const request = buildRequestV1(spec, ctx, salt);
  const id = request.requestId ?? "";
  const s = request.salt ?? "";
  // Re-setting existing keys keeps their place, so the bytes are the encoder's.
  return { ...requestV1ToWire(request), "request-id": id, salt: s };
}

/** v1 application databag: `version: v1` and the `requests` array (docs/protocol.md#v-01), written by the v1 bag codec. */
export function buildV1Request(spec: RequestSpec, ctx: RequestContext, salt?: string): Record<string, string> {
  const bag: Record<string, string> = {};
  if (ctx.alias !== undefined) bag["alias"] = ctx.alias;
  if (spec.database === undefined && spec.entityType === undefined) return bag;
  return { ...bag, ...RequirerV1AppDatabag.encode({ version: "v1", requests: [buildRequestV1(spec, ctx, salt)] }) };
}

// ---- entity helper secret ----------------------------------------------------------------------

/**
 * The helper secret that carries a requested entity's name and password to the provider
 * (`requested-entity-secret`): minted with the first full request (docs/protocol.md#s-07), removed by the leader
 * once the entity exists or the relation is broken (docs/protocol.md#s-08).
 */

/** Label of the requirer-owned helper secret naming a requested entity (docs/protocol.md#s-07). */
export function helperSecretLabel(modelUuid: string, relationId: number): string {
  return `${modelUuid}-${relationId}-requested-entity`;
}

/** URI for `requested-entity-secret`; a helper secret is minted only with the first full request (docs/protocol.md#s-07). */
export function entitySecretFor(spec: RequestSpec, hook: EndpointModel, rel: RelationHandle, current: Readonly<Record<string, string>>): string | undefined {
  const wanted = spec.requestedEntity;
  if (wanted === undefined) return undefined;
  if ("secretUri" in wanted) return wanted.secretUri;
  const existing = current["requested-entity-secret"];
  if (existing !== undefined) return existing;
  if (current["database"] !== undefined || spec.database === undefined) return "(requested entity)";
  const content: Record<string, string> = { "entity-name": wanted.name };
  if (wanted.password !== undefined) content["password"] = wanted.password;
  return hook.addGrantedAppSecret(content, helperSecretLabel(hook.modelUuid, rel.id), rel);
}

/** Removes the helper secret of `rel`, when this unit leads and the charm did not bring its own secret. */
export function clearHelperSecret(spec: RequestSpec, hook: EndpointModel, rel: RelationHandle): void {
  const wanted = spec.requestedEntity;
  if (wanted === undefined || "secretUri" in wanted || !hook.isLeader()) return;
  hook.removeAppSecret(helperSecretLabel(hook.modelUuid, rel.id));
}

// ---- request writer ----------------------------------------------------------------------------

/**
 * Writes this unit's side of the request: on relation-created the alias on every unit
 * (docs/protocol.md#a-02), and on the leader the application-bag request (docs/protocol.md#p-01); on leader
 * hooks the request is re-asserted on every relation (docs/protocol.md#g-10). Keys a live relation cannot change
 * are reported as conflicts and logged, never written.
 */

/** Conflicts found while reconciling one relation's request. */
export interface RelationConflicts {
  /** The relation reconciled. */
  readonly relationId: number;
  /** Requested values the live relation cannot take. */
  readonly conflicts: readonly RequestConflict[];
}

/** Writes and re-asserts the request for one hook. */
export class RequestWriter {
  private readonly aliases = new Map<number, string>();

  constructor(
    private readonly spec: RequestSpec,
    private readonly hook: EndpointModel,
  ) {}

  /** relation-created: alias on every unit (docs/protocol.md#a-02), the request in the leader's application bag (docs/protocol.md#p-01, docs/protocol.md#g-17). */
  relationCreated(rel: RelationHandle): RelationConflicts {
    // The unit bag's one key is the alias. The Python library's leader also copies its secret
    // lists there, for itself to read back; this engine remembers in local state and no provider
    // reads a requirer's unit bag, so it leaves them out: a hook-tool call less
    // (docs/protocol.md#g-17). Without aliases the unit bag is neither read nor written; with
    // them the bags are read for the aliases this relation and the others hold.
    let alias: string | undefined;
    if (this.spec.relationAliases.length > 0) {
      const own = this.hook.localUnitBag(rel)[ALIAS_KEY];
      const usedElsewhere = this.hook
        .relations()
        .filter((r) => r.id !== rel.id)
        .map((r) => this.hook.localUnitBag(r)[ALIAS_KEY])
        .filter((a): a is string => a !== undefined);
      alias = chooseAlias(this.spec.relationName, this.spec.relationAliases, own, usedElsewhere);
      if (alias !== undefined) {
        this.aliases.set(rel.id, alias);
        if (own !== alias) this.hook.writeLocalUnit(rel, { [ALIAS_KEY]: alias });
      }
    }
    if (!this.hook.isLeader()) return { relationId: rel.id, conflicts: [] };
    return this.reconcile(rel, alias);
  }

  /** The alias chosen for `relationId` in this hook's relation-created, if any. */
  aliasOf(relationId: number): string | undefined {
    return this.aliases.get(relationId);
  }

  /** Leader hooks (docs/protocol.md#g-10): re-assert the request on every relation; conflicts are reported, not written. */
  reconcileAll(): RelationConflicts[] {
    if (!this.hook.isLeader()) return [];
    return this.hook.relations().map((rel) => this.reconcile(rel, this.hook.localUnitBag(rel)[ALIAS_KEY]));
  }

  private context(rel: RelationHandle, alias: string | undefined, requestedEntitySecretUri?: string, v0 = false): RequestContext {
    // Only the v0 request holds provided-secrets, so only it needs to know (one relation-model-get,
    // which lib/ops caches on the relation for the hook).
    const crossModel = v0 && this.hook.secretsAvailable && this.hook.isCrossModel(rel);
    return requestContextOf(this.hook, rel, alias, requestedEntitySecretUri, crossModel);
  }

  private reconcile(rel: RelationHandle, alias: string | undefined): RelationConflicts {
    const current = this.hook.localAppBag(rel);
    let plan;
    if (this.spec.protocol === "v1") {
      plan = reconcileV1(buildV1RequestObject(this.spec, this.context(rel, alias)), alias, current);
    } else {
      const entitySecret = entitySecretFor(this.spec, this.hook, rel, current);
      plan = reconcileV0(buildV0Request(this.spec, this.context(rel, alias, entitySecret, true)), current);
    }
    if (Object.keys(plan.writes).length > 0) this.hook.writeLocalApp(rel, plan.writes);
    for (const c of plan.conflicts) {
      this.hook.log(
        "WARNING",
        `relation ${formatRelationRef(rel)}: request key "${c.key}" cannot change on a live relation ` +
          `(requested ${c.requested ?? "<absent>"}, relation has ${c.current ?? "<absent>"}); remove and re-add the relation to change it`,
      );
    }
    return { relationId: rel.id, conflicts: plan.conflicts };
  }
}
