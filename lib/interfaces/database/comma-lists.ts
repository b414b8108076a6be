/**
 * Comma-separated databag values (docs/protocol.md#value-encodings). The field codecs
 * (`commaList`, `endpointList`) refuse an empty item and name its position; a value the library
 * only compares, or one the Python side reads leniently, goes through {@link readCommaList},
 * which drops empty items like ops-lib-pgsql's `_csplit` (Juju's `egress-subnets`,
 * docs/protocol.md#pgsql-readiness).
 */

/** The items of a comma list, trimmed; empty items are kept so a strict reader can report them. */
export function commaItems(raw: string): string[] {
  return raw.split(",").map((s) => s.trim());
}

/** The items of a comma list, trimmed, empty items dropped; absent or empty text is `[]`. */
export function readCommaList(value: string | undefined): string[] {
  return value === undefined ? [] : commaItems(value).filter((s) => s !== "");
}

/**
 * The provider keys whose comma lists are sets: providers build them from unordered
 * collections, so a new order is no change (docs/protocol.md#g-14, docs/protocol.md#k-04).
 */
export const UNORDERED_LIST_KEYS: ReadonlySet<string> = new Set(["endpoints", "read-only-endpoints", "prefix-databases"]);

/**
 * Whether two comma lists hold the same items, ignoring order, duplicates and empty items
 * (`endpoints` built from an unordered set, docs/protocol.md#g-14, docs/protocol.md#k-04).
 */
export function sameCommaSet(a: string, b: string): boolean {
  const key = (v: string): string => [...new Set(readCommaList(v))].sort().join(",");
  return key(a) === key(b);
}
