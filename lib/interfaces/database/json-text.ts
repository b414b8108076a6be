/**
 * JSON carried inside databag strings. Reading accepts any valid JSON formatting (docs/protocol.md#p-08);
 * writing reproduces the Python library's `json.dumps` defaults (`", "` and `": "` separators,
 * non-ASCII escaped) so bags written by TypeScript and Python charms are byte-identical.
 */

// One JsonValue for the whole library: lib/ops (the bottom layer) defines it.
export type { JsonValue } from "../../ops/charm/json.js";

/** Parses JSON text; `undefined` when the text is not valid JSON. */
export function parseJsonText(text: string):
  | {
      /** The parsed JSON value. */
      readonly value: unknown;
    }
  | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** Whether two JSON texts hold the same value in the same key order, however formatted (`false` when either does not parse). */
export function sameJsonText(a: string, b: string): boolean {
  const x = parseJsonText(a);
  const y = parseJsonText(b);
  return x !== undefined && y !== undefined && JSON.stringify(x.value) === JSON.stringify(y.value);
}

/**
 * A JSON object as flat databag-like strings: `null` values dropped, strings as they are, any
 * other value as its JSON text (how a v1 response and the Python library's `data` snapshot are
 * read key by key).
 */
export function flatStrings(obj: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    const text = flatString(v);
    if (text !== undefined) out[k] = text;
  }
  return out;
}

/** One value of {@link flatStrings}: `undefined` for `null`/absent, a string as it is, anything else as its JSON text. */
export function flatString(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function encodeString(s: string): string {
  // JSON.stringify escapes control characters; Python additionally escapes non-ASCII (ensure_ascii).
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Serialises a JSON-compatible value the way Python's `json.dumps(value)` does. */
export function toPythonJson(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return encodeString(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("non-finite numbers cannot be written as JSON");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v: unknown) => toPythonJson(v)).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${encodeString(k)}: ${toPythonJson(v)}`).join(", ")}}`;
  }
  throw new TypeError(`a ${typeof value} cannot be written as JSON`);
}
