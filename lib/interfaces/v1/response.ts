/**
 * v1 response objects (docs/protocol.md#v1-response): elements of the provider's `requests` JSON array, matched to
 * requests by `request-id`. Unset fields arrive as `null`; unknown keys are preserved.
 */
import { z } from "zod";
import { Endpoint, formatEndpoints, parseEndpoints } from "../database/endpoints.js";
import { SecretUri } from "../database/field-codecs.js";
import { collectOtherKeys, withResourceAlias } from "./request.js";
import { parseJsonText } from "../database/json-text.js";

/** Wire keys of a v1 response object that the model reads (every other key lands in `otherKeys`). */
export const KNOWN_RESPONSE_KEYS = [
  "resource",
  "request-id",
  "salt",
  "endpoints",
  "read-only-endpoints",
  "secret-user",
  "secret-tls",
  "secret-extra",
  "secret-entity",
  "version",
] as const;

// The /* @__PURE__ */ marks let a charm bundle drop the models it never parses with.
/** Decoded v1 response. */
export const ResponseV1 = /* @__PURE__ */ z.object({
  /** The database (or resource) the provider created for the request. */
  resource: /* @__PURE__ */ z.string().optional(),
  /** Id of the request this answers. */
  requestId: /* @__PURE__ */ z.string().optional(),
  /** The request's salt, echoed. */
  salt: /* @__PURE__ */ z.string().optional(),
  /** Read/write endpoints. */
  endpoints: /* @__PURE__ */ z.array(Endpoint).optional(),
  /** Read-only endpoints. */
  readOnlyEndpoints: /* @__PURE__ */ z.array(Endpoint).optional(),
  /** URI of the secret with the relation user's credentials. */
  secretUser: /* @__PURE__ */ SecretUri.optional(),
  /** URI of the secret with the TLS flag and CA. */
  secretTls: /* @__PURE__ */ SecretUri.optional(),
  /** URI of the secret with extra fields. */
  secretExtra: /* @__PURE__ */ SecretUri.optional(),
  /** URI of the secret with the custom entity's credentials. */
  secretEntity: /* @__PURE__ */ SecretUri.optional(),
  /** Engine version. */
  version: /* @__PURE__ */ z.string().optional(),
  /** Engine-specific or unknown keys, kept verbatim (docs/protocol.md#p-09). */
  otherKeys: /* @__PURE__ */ z.record(/* @__PURE__ */ z.string(), /* @__PURE__ */ z.json()).optional(),
});
/** Decoded v1 response. */
export type ResponseV1 = z.infer<typeof ResponseV1>;

const EndpointsText = z
  .string()
  .nullish()
  .transform((text, ctx): Endpoint[] | undefined => {
    if (text === null || text === undefined || text === "") return undefined;
    const parsed = parseEndpoints(text);
    if (parsed.ok) return parsed.value;
    ctx.issues.push({ code: "custom", message: parsed.problem, input: text });
    return z.NEVER;
  });

const ResponseWireShape = /* @__PURE__ */ z.looseObject({
  /** The database (or resource) the provider created for the request. */
  resource: /* @__PURE__ */ z.string().nullish(),
  /** Id of the request this answers (wire key of `requestId`). */
  "request-id": /* @__PURE__ */ z.string().nullish(),
  /** The request's salt, echoed. */
  salt: /* @__PURE__ */ z.string().nullish(),
  /** Read/write endpoints; host:port[,host:port] on the wire. */
  endpoints: EndpointsText,
  /** Read-only endpoints; host:port[,host:port] on the wire. */
  "read-only-endpoints": EndpointsText,
  /** URI of the secret with the relation user's credentials. */
  "secret-user": /* @__PURE__ */ SecretUri.nullish(),
  /** URI of the secret with the TLS flag and CA. */
  "secret-tls": /* @__PURE__ */ SecretUri.nullish(),
  /** URI of the secret with extra fields. */
  "secret-extra": /* @__PURE__ */ SecretUri.nullish(),
  /** URI of the secret with the custom entity's credentials. */
  "secret-entity": /* @__PURE__ */ SecretUri.nullish(),
  /** Engine version. */
  version: /* @__PURE__ */ z.string().nullish(),
});

/** Wire JSON object → {@link ResponseV1}; `resource` may be spelled like in a request. */
export const ResponseV1FromWire = /* @__PURE__ */ z.preprocess(withResourceAlias, ResponseWireShape).transform((w): ResponseV1 => {
  const out: ResponseV1 = {};
  if (w.resource != null) out.resource = w.resource;
  if (w["request-id"] != null) out.requestId = w["request-id"];
  if (w.salt != null) out.salt = w.salt;
  if (w.endpoints !== undefined) out.endpoints = w.endpoints;
  if (w["read-only-endpoints"] !== undefined) out.readOnlyEndpoints = w["read-only-endpoints"];
  if (w["secret-user"] != null) out.secretUser = w["secret-user"];
  if (w["secret-tls"] != null) out.secretTls = w["secret-tls"];
  if (w["secret-extra"] != null) out.secretExtra = w["secret-extra"];
  if (w["secret-entity"] != null) out.secretEntity = w["secret-entity"];
  if (w.version != null) out.version = w.version;
  const others = collectOtherKeys(w, KNOWN_RESPONSE_KEYS);
  if (others !== undefined) out.otherKeys = others;
  return out;
});

/** {@link ResponseV1} → wire JSON object, unset fields as `null`. */
export function responseV1ToWire(r: ResponseV1): Record<string, unknown> {
  return {
    ...(r.otherKeys ?? {}),
    resource: r.resource ?? null,
    "request-id": r.requestId ?? null,
    salt: r.salt ?? null,
    endpoints: r.endpoints === undefined ? null : formatEndpoints(r.endpoints),
    "read-only-endpoints": r.readOnlyEndpoints === undefined ? null : formatEndpoints(r.readOnlyEndpoints),
    "secret-user": r.secretUser ?? null,
    "secret-tls": r.secretTls ?? null,
    "secret-extra": r.secretExtra ?? null,
    "secret-entity": r.secretEntity ?? null,
    version: r.version ?? null,
  };
}

// ---- the flat reading the requirer engine keys its decisions on --------------------------------

/** One v1 response, flattened to strings (nulls dropped). */
export type FlatResponse = Readonly<Record<string, string>>;

/** The `requests` array read leniently: objects with any values, `resource` spellings settled like {@link ResponseV1FromWire}. */
const ResponseObjects = z.array(z.preprocess(withResourceAlias, z.record(z.string(), z.unknown())));

/**
 * The provider's v1 `requests` array, one response object each, keys as {@link ResponseV1FromWire}
 * reads them: the one reading of the list that both the typed decoder's keys and the requirer
 * engine's flat view start from. Unreadable text or a non-object element is no response at all.
 */
export function readV1ResponseObjects(raw: string | undefined): Record<string, unknown>[] {
  if (raw === undefined) return [];
  const json = parseJsonText(raw);
  if (json === undefined) return [];
  const parsed = ResponseObjects.safeParse(json.value);
  return parsed.success ? parsed.data : [];
}

/**
 * The flat view the requirer engine keys its decisions on: each response of
 * {@link readV1ResponseObjects} as strings (nulls dropped, other JSON values as JSON text; the
 * database field codecs check each value later), by request id; responses without one are skipped.
 */
export function parseV1Responses(raw: string | undefined): Map<string, FlatResponse> {
  const out = new Map<string, FlatResponse>();
  for (const r of readV1ResponseObjects(raw)) {
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(r)) {
      if (v === null || v === undefined) continue;
      flat[k] = typeof v === "string" ? v : JSON.stringify(v);
    }
    const id = flat["request-id"];
    if (id !== undefined) out.set(id, flat);
  }
  return out;
}

/** True when the provider answered in the v1 layout. */
export function isV1Layout(remoteApp: Readonly<Record<string, string>>): boolean {
  return remoteApp["version"] === "v1" && remoteApp["requests"] !== undefined;
}
