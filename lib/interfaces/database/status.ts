/** Provider statuses (`status` key, §1.8, T-01): a JSON array of `{code, message, resolution}`. */
import { z } from "zod";

/** One active provider condition. */
export const RelationStatus = z.object({
  /** Status code; `code / 1000` gives its class (see {@link statusClass}). */
  code: z.number().int().nonnegative(),
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
