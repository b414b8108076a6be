/**
 * JSON values, as stored state and event snapshots hold them. The library's one `JsonValue` and
 * its one schema: lib/interfaces (which names it `JsonValue` for the generated JSON schemas) and
 * lib/testing re-export them (lib/ops is the bottom layer; a layering test refuses a second
 * definition of the type).
 */
import * as z from "zod/mini";
import "../../zod-english.js";

/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** zod schema of any JSON value (finite numbers only). */
export const JsonValueSchema: z.ZodMiniType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValueSchema), z.record(z.string(), JsonValueSchema)]),
);

/** zod schema of a JSON object. */
export const JsonObjectSchema: z.ZodMiniType<JsonObject> = z.record(z.string(), JsonValueSchema);

/** JSON text with object keys sorted, so equal values give equal text. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as JsonValue)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
