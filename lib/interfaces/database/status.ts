/**
 * Provider statuses (`status` key, docs/protocol.md#statuses, docs/protocol.md#t-01): a JSON array of `{code, message, resolution}`,
 * the one model the validator, the simulator and the requirer engine read it with.
 *
 * Field rules follow data_interfaces (v1 `RelationStatus`: `code: int`, `message: str`,
 * `resolution: str`, none optional): any integer code (negative ones too), both texts required.
 */
import * as z from "zod/mini";
import "../../zod-english.js";
import { parseJsonText } from "./json-text.js";

/** One active provider condition. */
export const RelationStatus = z.object({
  /** Status code; `code / 1000` gives its class (see {@link statusClass}). */
  code: z.int(),
  /** What the provider reports. */
  message: z.string(),
  /** What an operator can do about it. */
  resolution: z.string(),
});
/** One active provider condition. */
export type RelationStatus = z.infer<typeof RelationStatus>;

/** The list written under `status`, sorted by code by providers. */
export const RelationStatusList = z.array(RelationStatus);

/** Class of a status code: `code / 1000` is 1 (informational), 4 (transitory) or 5 (fatal). */
export type StatusClass = "informational" | "transitory" | "fatal" | "unclassified";

/** Classifies a status code per the data-platform convention. */
export function statusClass(code: number): StatusClass {
  switch (Math.floor(code / 1000)) {
    case 1:
      return "informational";
    case 4:
      return "transitory";
    case 5:
      return "fatal";
    default:
      return "unclassified";
  }
}

/**
 * Reads the raw `status` value: absent or blank is no status; otherwise the statuses, or what
 * is wrong with the text (never quoting it).
 */
export function readStatusList(raw: string | undefined): { readonly ok: true; readonly value: readonly RelationStatus[] } | { readonly ok: false; readonly problem: string } {
  if (raw === undefined || raw.trim() === "") return { ok: true, value: [] };
  const json = parseJsonText(raw);
  if (json === undefined) return { ok: false, problem: "is not valid JSON; expected an array of {code, message, resolution}" };
  const parsed = RelationStatusList.safeParse(json.value);
  if (!parsed.success) return { ok: false, problem: "expected an array of {code: integer, message, resolution}" };
  return { ok: true, value: parsed.data.map((s) => Object.freeze({ code: s.code, message: s.message, resolution: s.resolution })) };
}

/** Statuses raised (code in `current`, not in `previous`) and resolved (the reverse), ascending by code (docs/protocol.md#e-02). */
export function statusChanges(
  previous: readonly RelationStatus[],
  current: readonly RelationStatus[],
): {
  /** Statuses whose code is new. */
  raised: RelationStatus[];
  /** Statuses whose code is gone. */
  resolved: RelationStatus[];
} {
  const before = new Set(previous.map((s) => s.code));
  const now = new Set(current.map((s) => s.code));
  const byCode = (a: RelationStatus, b: RelationStatus): number => a.code - b.code;
  return {
    raised: current.filter((s) => !before.has(s.code)).sort(byCode),
    resolved: previous.filter((s) => !now.has(s.code)).sort(byCode),
  };
}
