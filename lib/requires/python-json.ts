/**
 * JSON text spelled the way Python's `json.dumps` writes it by default (`", "` and `": "`
 * separators). The provider library compares some request values as raw strings, so writing
 * the same spelling as the Python requirer avoids spurious diffs on the provider side.
 */

/** A JSON value the wire format carries. */
export type WireJson = null | boolean | number | string | readonly WireJson[] | { readonly [k: string]: WireJson };

/** Serialises `value` with Python's default separators; non-ASCII is kept as is. */
export function pythonJson(value: WireJson): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${(value as readonly WireJson[]).map(pythonJson).join(", ")}]`;
  const entries = Object.entries(value as { readonly [k: string]: WireJson });
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`).join(", ")}}`;
}
