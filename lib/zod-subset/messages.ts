/**
 * The English wording of each issue the subset raises, as zod's English locale words it (the
 * library's typed errors quote these messages, so a bundled charm must say the same).
 * test/zod-subset/zod-subset.test.ts compares every message with zod's own.
 */
import type { Issue } from "./schema.js";

const SIZED: Record<string, string> = { string: "characters", array: "items", set: "items", map: "entries", file: "bytes" };

/** The type name zod's messages give a value: `null`, `array`, `NaN`, a class's name, or `typeof`. */
export function receivedName(value: unknown): string {
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : Number.isFinite(value) ? "number" : String(value);
  if (typeof value !== "object") return typeof value;
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (Object.getPrototypeOf(value) !== Object.prototype && "constructor" in value && value.constructor) return String((value.constructor as { name?: unknown }).name);
  return "object";
}

function shown(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : typeof value === "bigint" ? `${value}n` : `${String(value)}`;
}

export function joined(values: readonly unknown[], separator: string): string {
  return values.map(shown).join(separator);
}

/** What zod's English locale says of `issue`. */
export function englishMessage(issue: Issue): string {
  const origin = issue.origin as string | undefined;
  switch (issue.code) {
    case "invalid_type":
      return `Invalid input: expected ${issue.expected === "nan" ? "NaN" : String(issue.expected)}, received ${receivedName(issue.input)}`;
    case "invalid_value": {
      const values = issue.values as unknown[];
      return values.length === 1 ? `Invalid input: expected ${shown(values[0])}` : `Invalid option: expected one of ${joined(values, "|")}`;
    }
    case "too_big":
    case "too_small": {
      const big = issue.code === "too_big";
      const bound = big ? issue.maximum : issue.minimum;
      const adjective = issue.exact ? "exactly " : issue.inclusive ? (big ? "<=" : ">=") : big ? "<" : ">";
      const unit = origin === undefined ? undefined : SIZED[origin];
      const subject = big ? (origin ?? "value") : origin;
      return unit === undefined
        ? `Too ${big ? "big" : "small"}: expected ${String(subject)} to be ${adjective}${String(bound)}`
        : `Too ${big ? "big" : "small"}: expected ${String(subject)} to have ${adjective}${String(bound)} ${unit}`;
    }
    case "invalid_format":
      if (issue.format === "starts_with") return `Invalid string: must start with "${String(issue.prefix)}"`;
      if (issue.format === "regex") return `Invalid string: must match pattern ${String(issue.pattern)}`;
      return `Invalid ${String(issue.format)}`;
    case "unrecognized_keys": {
      const keys = issue.keys as string[];
      return `Unrecognized key${keys.length > 1 ? "s" : ""}: ${joined(keys, ", ")}`;
    }
    case "invalid_key":
      return `Invalid key in ${String(origin)}`;
    case "invalid_element":
      return `Invalid value in ${String(origin)}`;
    default:
      return "Invalid input";
  }
}
