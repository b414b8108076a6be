/**
 * The v0 requirer databags (§1.3), shared by postgresql_client, mysql_client, mongodb_client and
 * mongos_client: the wire format is identical, only the interface name differs.
 */
import { z } from "zod";
import { defineBag } from "./bag_codec.js";
import { EntityPermission, EntityPermissionsFromWire, entityPermissionsToWire } from "./entity_permissions.js";
import { commaList, flag, jsonStringList, jsonText, oneOf, secretUri, text } from "./field_codecs.js";
import type { JsonValue } from "./json_text.js";

/** Entity kinds a requirer may ask for instead of the relation user (§1.12). */
export const ENTITY_TYPES = ["USER", "GROUP"] as const;
/** Entity kind: `USER` or `GROUP`. */
export type EntityType = (typeof ENTITY_TYPES)[number];

/** A JSON object whose values are arbitrary JSON (the `data` snapshots). */
export const JsonObject: z.ZodType<Record<string, JsonValue>> = z.record(z.string(), z.json());

/**
 * `data`: a JSON snapshot of the other side's databag. It may hold plaintext credentials
 * (fallback mode, G-09), so it is treated as secret-bearing.
 */
export function snapshotField() {
  return jsonText(JsonObject, JsonObject, (v) => v, { secret: true });
}

/** Fields of the v0 requirer application databag (§1.3.1). */
export const requirerAppFields = {
  database: text(),
  extraUserRoles: commaList(),
  extraGroupRoles: commaList(),
  entityType: oneOf(ENTITY_TYPES),
  entityPermissions: jsonText(z.array(EntityPermission), EntityPermissionsFromWire, entityPermissionsToWire),
  requestedEntitySecret: secretUri(),
  prefixMatching: text(),
  externalNodeConnectivity: flag(),
  requestedSecrets: jsonStringList(),
  providedSecrets: jsonStringList(),
  secretMtls: secretUri(),
  alias: text(),
};

/** Fields of a v0 requirer unit databag (§1.3.2). */
export const requirerUnitFields = {
  alias: text(),
  data: snapshotField(),
  requestedSecrets: jsonStringList(),
  providedSecrets: jsonStringList(),
};

/** Builds the requirer app databag codec for one interface. */
export function requirerAppBag(iface: string) {
  return defineBag(requirerAppFields, { name: `${iface} v0 requirer app databag`, side: "requirer", required: ["database"] });
}

/** Builds the requirer unit databag codec for one interface. */
export function requirerUnitBag(iface: string) {
  return defineBag(requirerUnitFields, { name: `${iface} v0 requirer unit databag`, side: "requirer" });
}
