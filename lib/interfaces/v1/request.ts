/**
 * v1 request objects (docs/protocol.md#v1-request): elements of the requirer's `requests` JSON array. Keys are
 * kebab-case, values real JSON (booleans, arrays, null). When parsing, `resource` may also be
 * spelled `database`, `subject`, `topic`, `index`, `plugin-url` or `prefix`.
 */
import * as z from "zod/mini";
import "../../zod-english.js";
import { EntityPermission, EntityPermissionsFromWire, entityPermissionsToWire } from "../database/entity-permissions.js";
import { readCommaList } from "../database/comma-lists.js";
import { SecretUri } from "../database/field-codecs.js";
import type { JsonValue } from "../database/json-text.js";
import { readRequestEntries, type RequestEntry } from "./request-entries.js";
import { ENTITY_TYPES, JsonValueSchema } from "../database/requirer-fields.js";

/** Other spellings of `resource` accepted when parsing, in priority order. */
export const RESOURCE_ALIASES = ["database", "subject", "topic", "index", "plugin-url", "prefix"] as const;

// The /* @__PURE__ */ marks let a charm bundle drop the models it never parses with.
/** Decoded v1 request. */
export const RequestV1 = /* @__PURE__ */ z.object({
  /** Database name or prefix; `""` for entity-only requests. */
  resource: /* @__PURE__ */ z.string(),
  /** First 16 hex characters of SHA-256 over `<resource>:<salt>`; responses carry it back. */
  requestId: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
  /** Random text the request id is derived from (docs/protocol.md#request-id-and-salt). */
  salt: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
  /** Extra roles for the relation user. */
  extraUserRoles: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(/* @__PURE__ */ z.string().check(/* @__PURE__ */ z.minLength(1)))),
  /** Extra roles for a GROUP entity. */
  extraGroupRoles: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(/* @__PURE__ */ z.string().check(/* @__PURE__ */ z.minLength(1)))),
  /** Whether the provider must be reachable from outside the host. */
  externalNodeConnectivity: /* @__PURE__ */ z.boolean(),
  /** Ask for a custom entity (USER or GROUP) instead of the relation user. */
  entityType: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.enum(ENTITY_TYPES)),
  /** Grants of the custom entity. */
  entityPermissions: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(EntityPermission)),
  /** URI of the requirer's secret with its mTLS client certificate. */
  secretMtls: /* @__PURE__ */ z.optional(SecretUri),
  /** Keys this model does not know, kept verbatim (docs/protocol.md#p-09). */
  otherKeys: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.record(/* @__PURE__ */ z.string(), JsonValueSchema)),
});
/** Decoded v1 request. */
export type RequestV1 = z.infer<typeof RequestV1>;

/** Entity permissions in their wire shape (what requirer options carry) → the decoded {@link RequestV1} field. */
export function entityPermissionsOfRequest(
  wire: readonly { readonly resource_name: string; readonly resource_type: string; readonly privileges: readonly string[] }[],
): EntityPermission[] {
  return EntityPermissionsFromWire.parse(wire);
}

/** Splits a v1 comma-list string; `null`/absent → undefined. */
export function splitRoles(value: string | null | undefined): string[] | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  return readCommaList(value);
}

/** Collects the keys of a wire object that are not in `known`. */
export function collectOtherKeys(obj: Record<string, unknown>, known: readonly string[]): Record<string, JsonValue> | undefined {
  const others: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(obj)) if (!known.includes(k)) others[k] = v as JsonValue;
  return Object.keys(others).length > 0 ? others : undefined;
}

function dropUndefined<T extends Record<string, unknown>>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

const RequestWireShape = /* @__PURE__ */ z.looseObject({
  /** Database name or prefix; `""` for entity-only requests. */
  resource: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
  /** Id tying a response to this request (wire key of `requestId`). */
  "request-id": /* @__PURE__ */ z.nullish(/* @__PURE__ */ z.string()),
  /** Random text the request id is derived from (docs/protocol.md#request-id-and-salt). */
  salt: /* @__PURE__ */ z.nullish(/* @__PURE__ */ z.string()),
  /** Extra roles for the relation user; comma-separated on the wire. */
  "extra-user-roles": /* @__PURE__ */ z.nullish(/* @__PURE__ */ z.string()),
  /** Extra roles for a GROUP entity; comma-separated on the wire. */
  "extra-group-roles": /* @__PURE__ */ z.nullish(/* @__PURE__ */ z.string()),
  /** Whether the provider must be reachable from outside the host. */
  "external-node-connectivity": /* @__PURE__ */ z.nullish(/* @__PURE__ */ z.boolean()),
  /** Ask for a custom entity (USER or GROUP) instead of the relation user. */
  "entity-type": /* @__PURE__ */ z.nullish(/* @__PURE__ */ z.enum(ENTITY_TYPES)),
  /** Grants of the custom entity, as {resource_name, resource_type, privileges} objects. */
  "entity-permissions": /* @__PURE__ */ z.nullish(EntityPermissionsFromWire),
  /** URI of the requirer's secret with its mTLS client certificate. */
  "secret-mtls": /* @__PURE__ */ z.nullish(SecretUri),
});

/**
 * A v1 request or response object with `resource` given under one of its other spellings moved
 * to `resource` (data_interfaces v1 `CommonModel`, the base of both its request and response
 * models, reads `resource` under every alias). Anything but an object is returned as is.
 */
export function withResourceAlias(input: unknown): unknown {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return input;
  const obj = { ...(input as Record<string, unknown>) };
  if (obj["resource"] === undefined || obj["resource"] === null) {
    const alias = RESOURCE_ALIASES.find((a) => typeof obj[a] === "string");
    if (alias !== undefined) {
      obj["resource"] = obj[alias];
      delete obj[alias];
    }
  }
  return obj;
}

/** Wire JSON object → {@link RequestV1}. */
export const RequestV1FromWire = /* @__PURE__ */ z.pipe(
  /* @__PURE__ */ z.pipe(/* @__PURE__ */ z.transform(withResourceAlias), RequestWireShape),
  /* @__PURE__ */ z.transform((w): RequestV1 =>
    dropUndefined({
      resource: w.resource ?? "",
      requestId: w["request-id"] ?? undefined,
      salt: w.salt ?? undefined,
      extraUserRoles: splitRoles(w["extra-user-roles"]),
      extraGroupRoles: splitRoles(w["extra-group-roles"]),
      externalNodeConnectivity: w["external-node-connectivity"] ?? false,
      entityType: w["entity-type"] ?? undefined,
      entityPermissions: w["entity-permissions"] ?? undefined,
      secretMtls: w["secret-mtls"] ?? undefined,
      otherKeys: collectOtherKeys(w, Object.keys(RequestWireShape.shape)),
    }),
  ),
);

/** One element of the v1 `requests` array as written: kebab-case keys, unset fields `null`. */
export interface RequestV1Wire {
  /** Database name or prefix. */
  readonly resource: string;
  /** Id derived from resource and salt (docs/protocol.md#request-id-and-salt). */
  readonly "request-id": string | null;
  /** Random text the id is derived from. */
  readonly salt: string | null;
  /** Extra roles for the relation user, comma-separated. */
  readonly "extra-user-roles": string | null;
  /** Extra roles for a GROUP entity, comma-separated. */
  readonly "extra-group-roles": string | null;
  /** Whether the provider must be reachable from outside the host. */
  readonly "external-node-connectivity": boolean;
  /** Custom entity type requested. */
  readonly "entity-type": (typeof ENTITY_TYPES)[number] | null;
  /** Grants of the custom entity, as {resource_name, resource_type, privileges} objects. */
  readonly "entity-permissions": readonly z.input<typeof EntityPermissionsFromWire>[number][] | null;
  /** URI of the requirer's mTLS secret. */
  readonly "secret-mtls": string | null;
}

/** {@link RequestV1} → wire JSON object, unset fields as `null` like the Python library; unknown keys come first. */
export function requestV1ToWire(r: RequestV1): RequestV1Wire {
  return {
    ...(r.otherKeys ?? {}),
    resource: r.resource,
    "request-id": r.requestId ?? null,
    salt: r.salt ?? null,
    "extra-user-roles": r.extraUserRoles?.join(",") ?? null,
    "extra-group-roles": r.extraGroupRoles?.join(",") ?? null,
    "external-node-connectivity": r.externalNodeConnectivity,
    "entity-type": r.entityType ?? null,
    "entity-permissions": r.entityPermissions === undefined ? null : entityPermissionsToWire(r.entityPermissions),
    "secret-mtls": r.secretMtls ?? null,
  };
}

/** One of the requirer's own v1 requests read back: the entry as stored (rewritten as is, unknown keys kept) and what it decodes to. */
export interface StoredRequest {
  /** The array element as written. */
  readonly entry: RequestEntry;
  /** The element decoded by {@link RequestV1FromWire}. */
  readonly request: RequestV1;
}

/**
 * The requirer's own `requests` array read back: the raw entries (`readRequestEntries`),
 * each decoded by {@link RequestV1FromWire}. Unreadable text, or an entry that does not decode,
 * is no request at all (the leader then writes its request afresh).
 */
export function readStoredRequests(raw: string | undefined): StoredRequest[] {
  const out: StoredRequest[] = [];
  for (const entry of (raw === undefined ? undefined : readRequestEntries(raw)) ?? []) {
    const decoded = RequestV1FromWire.safeParse(entry);
    if (!decoded.success) return [];
    out.push({ entry, request: decoded.data });
  }
  return out;
}
