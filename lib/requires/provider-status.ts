/**
 * The provider's `status` key (T-01): a JSON array of `{code, message, resolution}`; the class
 * of a status is `code / 1000` (1 informational, 4 transitory, 5 fatal).
 */
import { z } from "zod";
import { ProviderDataError } from "./errors.js";

/** One active provider condition. */
export interface ProviderStatus {
  /** Status code; `code / 1000` gives its class (1 informational, 4 transitory, 5 fatal). */
  readonly code: number;
  /** What the provider reports. */
  readonly message: string;
  /** What an operator can do about it. */
  readonly resolution: string;
}

const StatusList = z.array(
  z.looseObject({ code: z.number().int(), message: z.string().default(""), resolution: z.string().default("") }),
);

/** Parses the raw `status` value (undefined = no statuses). `relation` names the relation in errors. */
export function parseStatuses(raw: string | undefined, relation: string): ProviderStatus[] {
  if (raw === undefined || raw.trim() === "") return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ProviderDataError(relation, "status", "is not valid JSON; expected an array of {code, message, resolution}");
  }
  const parsed = StatusList.safeParse(json);
  if (!parsed.success) {
    throw new ProviderDataError(relation, "status", "expected an array of {code: integer, message, resolution}");
  }
  return parsed.data.map((s) => Object.freeze({ code: s.code, message: s.message, resolution: s.resolution }));
}

/** Codes raised (in `current`, not `previous`) and resolved (the reverse), ascending (E-02). */
export function statusChanges(
  previous: readonly ProviderStatus[],
  current: readonly ProviderStatus[],
): {
  /** Statuses whose code is new. */
  raised: ProviderStatus[];
  /** Statuses whose code is gone. */
  resolved: ProviderStatus[];
} {
  const before = new Set(previous.map((s) => s.code));
  const now = new Set(current.map((s) => s.code));
  const byCode = (a: ProviderStatus, b: ProviderStatus): number => a.code - b.code;
  return {
    raised: current.filter((s) => !before.has(s.code)).sort(byCode),
    resolved: previous.filter((s) => !now.has(s.code)).sort(byCode),
  };
}
