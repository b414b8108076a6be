/**
 * v1 response objects (docs/protocol.md#v1-response): elements of the provider's `requests` JSON array, matched to
 * requests by `request-id`. Unset fields arrive as `null`; unknown keys are preserved.
 */
import * as z from "zod/mini";
import "../../zod-english.js";
import { Endpoint, formatEndpoints } from "../database/endpoints.js";
import { endpointList, secretUri, SecretUri, text, type FieldSpec } from "../database/field-codecs.js";
import { showerFor } from "../database/redaction.js";
import { collectOtherKeys, withResourceAlias } from "./request.js";
import { flatStrings } from "../database/json-text.js";
import { readRequestEntries } from "./request-entries.js";
import { JsonValueSchema } from "../database/requirer-fields.js";

// The /* @__PURE__ */ marks let a charm bundle drop the models it never parses with.
/** Decoded v1 response. */
export const ResponseV1 = /* @__PURE__ */ z.object({
  /** The database (or resource) the provider created for the request. */
  resource: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
  /** Id of the request this answers. */
  requestId: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
  /** The request's salt, echoed. */
  salt: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
  /** Read/write endpoints. */
  endpoints: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(Endpoint)),
  /** Read-only endpoints. */
  readOnlyEndpoints: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(Endpoint)),
  /** URI of the secret with the relation user's credentials. */
  secretUser: /* @__PURE__ */ z.optional(SecretUri),
  /** URI of the secret with the TLS flag and CA. */
  secretTls: /* @__PURE__ */ z.optional(SecretUri),
  /** URI of the secret with extra fields. */
  secretExtra: /* @__PURE__ */ z.optional(SecretUri),
  /** URI of the secret with the custom entity's credentials. */
  secretEntity: /* @__PURE__ */ z.optional(SecretUri),
  /** Engine version. */
  version: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
  /** Engine-specific or unknown keys, kept verbatim (docs/protocol.md#p-09). */
  otherKeys: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.record(/* @__PURE__ */ z.string(), JsonValueSchema)),
});
/** Decoded v1 response. */
export type ResponseV1 = z.infer<typeof ResponseV1>;

/**
 * The value rule of each key a v1 response object has: the database field codec that reads its
 * string. Both readers apply this one table, the typed decoder ({@link ResponseV1FromWire}) to
 * refuse a response and the flat view ({@link readV1Responses}) to list its problems.
 */
const RESPONSE_FIELD_CODECS = {
  resource: /* @__PURE__ */ text(),
  "request-id": /* @__PURE__ */ text(),
  salt: /* @__PURE__ */ text(),
  endpoints: /* @__PURE__ */ endpointList(),
  "read-only-endpoints": /* @__PURE__ */ endpointList(),
  "secret-user": /* @__PURE__ */ secretUri(),
  "secret-tls": /* @__PURE__ */ secretUri(),
  "secret-extra": /* @__PURE__ */ secretUri(),
  "secret-entity": /* @__PURE__ */ secretUri(),
  version: /* @__PURE__ */ text(),
};

type ResponseFieldKey = keyof typeof RESPONSE_FIELD_CODECS;

/** Wire keys of a v1 response object that the model reads (every other key lands in `otherKeys`). */
export const KNOWN_RESPONSE_KEYS = Object.keys(RESPONSE_FIELD_CODECS) as readonly ResponseFieldKey[];
type FieldValue<K extends ResponseFieldKey> = (typeof RESPONSE_FIELD_CODECS)[K] extends FieldSpec<infer T> ? T : never;

/** One JSON value of a response object read by its codec: unset (`null`, absent, or an empty endpoint list), the value, or a problem. */
type WireValueRead<T> = { readonly ok: true; readonly value: T | undefined } | { readonly ok: false; readonly problem: string; readonly notText: boolean };

/** Keys whose empty string means "none" rather than an empty text. */
const EMPTY_IS_UNSET: ReadonlySet<string> = new Set(["endpoints", "read-only-endpoints"]);

function readWireValue<K extends ResponseFieldKey>(key: K, value: unknown): WireValueRead<FieldValue<K>> {
  if (value === null || value === undefined || (value === "" && EMPTY_IS_UNSET.has(key))) return { ok: true, value: undefined };
  if (typeof value !== "string") return { ok: false, problem: `expected a string, got ${Array.isArray(value) ? "an array" : typeof value}`, notText: true };
  const codec = RESPONSE_FIELD_CODECS[key] as FieldSpec<FieldValue<K>>;
  const decoded = codec.decode(value, showerFor(codec.secret));
  return decoded.ok ? decoded : { ok: false, problem: decoded.problem, notText: false };
}

/** zod reading of one response key through its codec (the typed decoder's side of the table). */
function wireField<K extends ResponseFieldKey>(key: K) {
  return z.optional(
    z.pipe(
      z.unknown(),
      z.transform((value, ctx): FieldValue<K> | undefined => {
        const read = readWireValue(key, value);
        if (read.ok) return read.value;
        ctx.issues.push({ code: "custom", message: read.problem, input: value });
        return z.NEVER;
      }),
    ),
  );
}

const ResponseWireShape = /* @__PURE__ */ z.looseObject({
  resource: /* @__PURE__ */ wireField("resource"),
  "request-id": /* @__PURE__ */ wireField("request-id"),
  salt: /* @__PURE__ */ wireField("salt"),
  endpoints: /* @__PURE__ */ wireField("endpoints"),
  "read-only-endpoints": /* @__PURE__ */ wireField("read-only-endpoints"),
  "secret-user": /* @__PURE__ */ wireField("secret-user"),
  "secret-tls": /* @__PURE__ */ wireField("secret-tls"),
  "secret-extra": /* @__PURE__ */ wireField("secret-extra"),
  "secret-entity": /* @__PURE__ */ wireField("secret-entity"),
  version: /* @__PURE__ */ wireField("version"),
});

/** Wire JSON object → {@link ResponseV1}; `resource` may be spelled like in a request. */
export const ResponseV1FromWire = /* @__PURE__ */ z.pipe(
  /* @__PURE__ */ z.pipe(/* @__PURE__ */ z.transform(withResourceAlias), ResponseWireShape),
  /* @__PURE__ */ z.transform((w): ResponseV1 => {
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
  }),
);

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

/**
 * The provider's v1 `requests` array, one response object each (`readRequestEntries`), keys
 * as {@link ResponseV1FromWire} reads them (values not yet checked): what the requirer engine's
 * flat view starts from. Unreadable text or a non-object element is no response at all.
 */
export function readV1ResponseObjects(raw: string | undefined): Record<string, unknown>[] {
  const entries = raw === undefined ? undefined : readRequestEntries(raw);
  return (entries ?? []).map((e) => withResourceAlias(e) as Record<string, unknown>);
}

/** What the typed decoder refuses in one key of a v1 response (never quoting a secret-bearing value). */
export interface ResponseFieldProblem {
  /** The response key, e.g. `endpoints`. */
  readonly field: string;
  /** What is wrong with its value. */
  readonly problem: string;
  /**
   * The value is not a JSON string at all (a number, an array, an object): the one problem every
   * reader of the response shares; a string's content may still be read by an engine's own rules
   * (MongoDB endpoints without a port, MySQL socket endpoints).
   */
  readonly notText: boolean;
}

/** One v1 response as the requirer engine reads it: flattened to strings, with what the typed decoder would refuse in it. */
export interface FlatResponseReading {
  /** Every non-null key as a string (other JSON values as JSON text). */
  readonly fields: FlatResponse;
  /** Keys whose value breaks its codec in `RESPONSE_FIELD_CODECS`; empty for a response the typed decoder accepts. */
  readonly problems: readonly ResponseFieldProblem[];
}

/** The last text {@link readV1Responses} read, and what it read (one entry: one hook's provider answer). */
let lastReading: { readonly raw: string | undefined; readonly responses: ReadonlyMap<string, FlatResponseReading> } | undefined;

/**
 * The v1 responses of {@link readV1ResponseObjects} by request id, each read key by key with the
 * typed decoder's codecs (`RESPONSE_FIELD_CODECS`): a value it refuses is kept in the flat
 * view and listed as a problem instead of refusing the whole array. A response without a
 * `request-id` string is skipped.
 */
export function readV1Responses(raw: string | undefined): ReadonlyMap<string, FlatResponseReading> {
  // A hook reads the same `requests` text several times (checks, decision, snapshot): parse it once.
  if (lastReading !== undefined && lastReading.raw === raw) return lastReading.responses;
  const out = new Map<string, FlatResponseReading>();
  for (const r of readV1ResponseObjects(raw)) {
    const id = readWireValue("request-id", r["request-id"]);
    if (!id.ok || id.value === undefined) continue;
    const problems: ResponseFieldProblem[] = [];
    for (const [k, v] of Object.entries(r)) {
      const read = Object.hasOwn(RESPONSE_FIELD_CODECS, k) ? readWireValue(k as ResponseFieldKey, v) : undefined;
      if (read?.ok === false) problems.push({ field: k, problem: read.problem, notText: read.notText });
    }
    out.set(id.value, { fields: flatStrings(r), problems });
  }
  lastReading = { raw, responses: out };
  return out;
}

/** The flat view the requirer engine keys its decisions on: {@link readV1Responses} without the problems. */
export function parseV1Responses(raw: string | undefined): Map<string, FlatResponse> {
  return new Map([...readV1Responses(raw)].map(([id, r]) => [id, r.fields]));
}

/** The v0 provider's key for what a v1 response calls `resource`: the database created for the request. */
export const V0_RESOURCE_KEY = "database";

/**
 * A flat v1 response under the v0 provider's key too, so one resolved view and one response
 * decoder serve both layouts: v1 names the created database `resource`, v0 `database`. A
 * response that has both keeps its own `database`.
 */
export function withV0ResourceKey(fields: FlatResponse): Record<string, string> {
  const bag: Record<string, string> = { ...fields };
  const resource = bag["resource"];
  if (bag[V0_RESOURCE_KEY] === undefined && resource !== undefined) bag[V0_RESOURCE_KEY] = resource;
  return bag;
}

/** True when the provider answered in the v1 layout. */
export function isV1Layout(remoteApp: Readonly<Record<string, string>>): boolean {
  return remoteApp["version"] === "v1" && remoteApp["requests"] !== undefined;
}
