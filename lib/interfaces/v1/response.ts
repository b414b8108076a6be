/**
 * v1 response objects (§3.3): elements of the provider's `requests` JSON array, matched to
 * requests by `request-id`. Unset fields arrive as `null`; unknown keys are preserved.
 */
import { z } from "zod";
import { Endpoint, formatEndpoints, parseEndpoints } from "../database/endpoints.js";
import { SecretUri } from "../database/field_codecs.js";
import { collectOtherKeys } from "./request.js";

const KNOWN_RESPONSE_KEYS = [
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

/** Decoded v1 response. */
export const ResponseV1 = z.object({
  resource: z.string().optional(),
  requestId: z.string().optional(),
  salt: z.string().optional(),
  endpoints: z.array(Endpoint).optional(),
  readOnlyEndpoints: z.array(Endpoint).optional(),
  secretUser: SecretUri.optional(),
  secretTls: SecretUri.optional(),
  secretExtra: SecretUri.optional(),
  secretEntity: SecretUri.optional(),
  version: z.string().optional(),
  /** Engine-specific or unknown keys, kept verbatim (P-09). */
  otherKeys: z.record(z.string(), z.json()).optional(),
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

const ResponseWireShape = z.looseObject({
  resource: z.string().nullish(),
  "request-id": z.string().nullish(),
  salt: z.string().nullish(),
  endpoints: EndpointsText,
  "read-only-endpoints": EndpointsText,
  "secret-user": SecretUri.nullish(),
  "secret-tls": SecretUri.nullish(),
  "secret-extra": SecretUri.nullish(),
  "secret-entity": SecretUri.nullish(),
  version: z.string().nullish(),
});

/** Wire JSON object → {@link ResponseV1}. */
export const ResponseV1FromWire = ResponseWireShape.transform((w): ResponseV1 => {
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
