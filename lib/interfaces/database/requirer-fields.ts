/**
 * The v0 requirer databags (docs/protocol.md#v0-request), shared by postgresql_client, mysql_client, mongodb_client and
 * mongos_client: the wire format is identical, only the interface name differs.
 */
import * as z from "zod/mini";
import "../../zod-english.js";
import { defineBag } from "./bag-codec.js";
import { EntityPermission, EntityPermissionsFromWire, entityPermissionsToWire } from "./entity-permissions.js";
import { commaList, described, flag, jsonStringList, jsonText, oneOf, secretUri, text } from "./field-codecs.js";
import { SCHEMA_DOCS } from "./schema-docs.js";
import type { JsonValue } from "./json-text.js";
import { JsonValueSchema } from "../../ops/charm/json.js";

/** Entity kinds a requirer may ask for instead of the relation user (docs/protocol.md#entity-requests). */
export const ENTITY_TYPES = ["USER", "GROUP"] as const;
/** Entity kind: `USER` or `GROUP`. */
export type EntityType = (typeof ENTITY_TYPES)[number];

/**
 * Any JSON value: lib/ops's schema, the library's one (named `JsonValue` in the generated
 * schemas, registered here because only the schema generator reads the name).
 */
export { JsonValueSchema };
z.globalRegistry.add(JsonValueSchema, { id: "JsonValue" });

/** A JSON object whose values are arbitrary JSON (the `data` snapshots). */
export const JsonObject: z.ZodMiniType<Record<string, JsonValue>> = z.record(z.string(), JsonValueSchema);

/**
 * `data`: a JSON snapshot of the other side's databag. It may hold plaintext credentials
 * (fallback mode, docs/protocol.md#g-09), so it is treated as secret-bearing.
 */
export function snapshotField() {
  return jsonText(JsonObject, JsonObject, (v) => v, { secret: true });
}

// The /* @__PURE__ */ marks let a bundler drop these tables when only the readers are used.
/** Fields of the v0 requirer application databag (docs/protocol.md#requirer-application-databag). */
export const requirerAppFields = {
  /** Database to create, or a prefix ending in * for a prefix request. */
  database: /* @__PURE__ */ described(/* @__PURE__ */ text(), SCHEMA_DOCS && "Database to create, or a prefix ending in * for a prefix request."),
  /** Extra roles for the relation user (or a USER entity); comma-separated on the wire. */
  extraUserRoles: /* @__PURE__ */ described(/* @__PURE__ */ commaList(), SCHEMA_DOCS && "Extra roles for the relation user (or a USER entity); comma-separated on the wire."),
  /** Extra roles for a GROUP entity; comma-separated on the wire. */
  extraGroupRoles: /* @__PURE__ */ described(/* @__PURE__ */ commaList(), SCHEMA_DOCS && "Extra roles for a GROUP entity; comma-separated on the wire."),
  /** Ask for a custom entity instead of the relation user. */
  entityType: /* @__PURE__ */ described(/* @__PURE__ */ oneOf(ENTITY_TYPES), SCHEMA_DOCS && "Ask for a custom entity instead of the relation user."),
  /** Grants of the custom entity; a JSON array of {resource_name, resource_type, privileges} on the wire. */
  entityPermissions: /* @__PURE__ */ described(
    /* @__PURE__ */ jsonText(/* @__PURE__ */ z.array(EntityPermission), EntityPermissionsFromWire, entityPermissionsToWire),
    SCHEMA_DOCS && "Grants of the custom entity; a JSON array of {resource_name, resource_type, privileges} on the wire.",
  ),
  /** Secret naming the entity (and optionally its password) to create. */
  requestedEntitySecret: /* @__PURE__ */ described(/* @__PURE__ */ secretUri(), SCHEMA_DOCS && "Secret naming the entity (and optionally its password) to create."),
  /** Prefix-matching strategy of a prefix request (e.g. all). */
  prefixMatching: /* @__PURE__ */ described(/* @__PURE__ */ text(), SCHEMA_DOCS && "Prefix-matching strategy of a prefix request (e.g. all)."),
  /** Ask the provider to be reachable from outside the host; the literal true, or absent. */
  externalNodeConnectivity: /* @__PURE__ */ described(/* @__PURE__ */ flag(), SCHEMA_DOCS && "Ask the provider to be reachable from outside the host; the literal true, or absent."),
  /** Provider fields to deliver through Juju secrets; a JSON array on the wire. */
  requestedSecrets: /* @__PURE__ */ described(/* @__PURE__ */ jsonStringList(), SCHEMA_DOCS && "Provider fields to deliver through Juju secrets; a JSON array on the wire."),
  /** Requirer fields this side puts in secrets (mtls-cert); a JSON array on the wire. */
  providedSecrets: /* @__PURE__ */ described(/* @__PURE__ */ jsonStringList(), SCHEMA_DOCS && "Requirer fields this side puts in secrets (mtls-cert); a JSON array on the wire."),
  /** URI of the requirer-owned mtls secret (unused by databases). */
  secretMtls: /* @__PURE__ */ described(/* @__PURE__ */ secretUri(), SCHEMA_DOCS && "URI of the requirer-owned mtls secret (unused by databases)."),
  /** Alias of this relation, mirrored from the unit databag. */
  alias: /* @__PURE__ */ described(/* @__PURE__ */ text(), SCHEMA_DOCS && "Alias of this relation, mirrored from the unit databag."),
};

/** Fields of a v0 requirer unit databag (docs/protocol.md#requirer-unit-databags). */
export const requirerUnitFields = {
  /** Alias chosen by this unit for the relation. */
  alias: /* @__PURE__ */ described(/* @__PURE__ */ text(), SCHEMA_DOCS && "Alias chosen by this unit for the relation."),
  /** This unit's snapshot of the provider app databag, the base of its diff. */
  data: /* @__PURE__ */ described(/* @__PURE__ */ snapshotField(), SCHEMA_DOCS && "This unit's snapshot of the provider app databag, the base of its diff."),
  /**
   * Secret content digests older versions of this library kept beside `data` (unkeyed SHA-256 per
   * group); read once when a unit upgrades, then deleted. Never written now.
   */
  dataDigests: /* @__PURE__ */ described(/* @__PURE__ */ snapshotField(), SCHEMA_DOCS && "Secret content digests older versions of this library kept beside data; read once on upgrade, then deleted."),
  /** Copy of the app-level requested-secrets (leader only). */
  requestedSecrets: /* @__PURE__ */ described(/* @__PURE__ */ jsonStringList(), SCHEMA_DOCS && "Copy of the app-level requested-secrets (leader only)."),
  /** Copy of the app-level provided-secrets (leader only). */
  providedSecrets: /* @__PURE__ */ described(/* @__PURE__ */ jsonStringList(), SCHEMA_DOCS && "Copy of the app-level provided-secrets (leader only)."),
};

/** Builds the requirer app databag codec for one interface. */
export function requirerAppBag(iface: string) {
  return defineBag(requirerAppFields, { name: `${iface} v0 requirer app databag`, side: "requirer", required: ["database"] });
}

/** Builds the requirer unit databag codec for one interface. */
export function requirerUnitBag(iface: string) {
  return defineBag(requirerUnitFields, { name: `${iface} v0 requirer unit databag`, side: "requirer" });
}
