/**
 * Projections of decoded values used to validate against JSON schemas.
 * - `publishedView`: the wire databag with the JSON-in-string fields the published schemas
 *   declare as arrays decoded (J-01), everything else left as Juju strings.
 * - `wireKeyedView`: the decoded value with wire keys, as described by our generated schemas.
 */
import type { BagCodec } from "../../lib/interfaces/index.js";

const PUBLISHED_JSON_FIELDS = ["requested-secrets"];

/** Encodes a decoded value and JSON-decodes the fields published schemas expect as arrays. */
export function publishedView<T>(codec: BagCodec<T>, value: T): Record<string, unknown> {
  const raw: Record<string, unknown> = { ...codec.encode(value) };
  for (const key of PUBLISHED_JSON_FIELDS) {
    const text = raw[key];
    if (typeof text === "string") raw[key] = JSON.parse(text) as unknown;
  }
  return raw;
}

/** The decoded value keyed by wire names, unknown keys spread back in. */
export function wireKeyedView<T>(codec: BagCodec<T>, value: T): Record<string, unknown> {
  const typed = value as Record<string, unknown>;
  const out: Record<string, unknown> = { ...((typed["otherKeys"] as Record<string, string> | undefined) ?? {}) };
  for (const [prop, v] of Object.entries(typed)) {
    if (prop !== "otherKeys") out[codec.wireKeyOf(prop)] = v;
  }
  return out;
}
