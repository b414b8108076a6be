/**
 * `entity-permissions`: permissions for a custom entity (docs/protocol.md#entity-requests). On the wire each element has
 * exactly the snake_case keys `resource_name`, `resource_type`, `privileges`; decoded, the keys
 * are camelCase.
 */
import * as z from "zod/mini";
import "../../zod-english.js";

// The /* @__PURE__ */ marks let a bundle that only reads the wire form drop this model.
/** One permission grant of a custom entity (decoded form). */
export const EntityPermission = /* @__PURE__ */ z.object({
  /** The resource granted on, e.g. a table or collection name. */
  resourceName: /* @__PURE__ */ z.string().check(/* @__PURE__ */ z.minLength(1)),
  /** Its kind, e.g. `table`. */
  resourceType: /* @__PURE__ */ z.string().check(/* @__PURE__ */ z.minLength(1)),
  /** The privileges granted, e.g. `SELECT`. */
  privileges: /* @__PURE__ */ z.array(/* @__PURE__ */ z.string().check(/* @__PURE__ */ z.minLength(1))),
});
/** One permission grant of a custom entity (decoded form). */
export type EntityPermission = z.infer<typeof EntityPermission>;

/** The wire shape of one element: exactly these three keys (docs/protocol.md#n-01). */
export const EntityPermissionWire = z.strictObject({
  /** The resource granted on (wire key of `resourceName`). */
  resource_name: z.string().check(z.minLength(1)),
  /** Its kind (wire key of `resourceType`). */
  resource_type: z.string().check(z.minLength(1)),
  /** The privileges granted. */
  privileges: z.array(z.string().check(z.minLength(1))),
});

/** The wire array, validated and kept in its wire shape (what a requirer's options are checked against). */
export const EntityPermissionsWire = z.array(EntityPermissionWire);

/**
 * Checks a requirer's `entity-permissions` value in its wire shape (already JSON-parsed): the
 * permissions, or where the first problem is.
 */
export function readEntityPermissionsWire(raw: unknown): { readonly ok: true; readonly value: z.output<typeof EntityPermissionsWire> } | { readonly ok: false; readonly where: string } {
  const parsed = EntityPermissionsWire.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, where: issue === undefined ? "" : ` at ${issue.path.join(".") || "top level"}: ${issue.message}` };
}

/** Wire array → decoded array. */
export const EntityPermissionsFromWire = z.pipe(
  z.array(EntityPermissionWire),
  z.transform((items) => items.map((p): EntityPermission => ({ resourceName: p.resource_name, resourceType: p.resource_type, privileges: p.privileges }))),
);

/** Decoded array → wire array (snake_case keys). */
export function entityPermissionsToWire(items: readonly EntityPermission[]): z.input<typeof EntityPermissionWire>[] {
  return items.map((p) => ({ resource_name: p.resourceName, resource_type: p.resourceType, privileges: [...p.privileges] }));
}
