/**
 * JSON text spelled the way Python's `json.dumps` writes it by default (`", "` and `": "`
 * separators). The provider library compares some request values as raw strings, so writing
 * the same spelling as the Python requirer avoids spurious diffs on the provider side.
 */

/** A JSON value the wire format carries. */
export type WireJson = null | boolean | number | string | readonly WireJson[] | { readonly [k: string]: WireJson };

/**
 * Serialises a JSON-compatible value with Python's default separators; non-ASCII is kept as is.
 * Like `JSON.stringify`, object members whose value is `undefined` are left out.
 */
export function pythonJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${(value as readonly unknown[]).map(pythonJson).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`).join(", ")}}`;
}
