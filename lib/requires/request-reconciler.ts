/**
 * Leader-side reconciliation of the request (G-10, G-V7): compare what the options ask for with
 * what the application databag holds, re-assert missing or mutable keys idempotently, and report
 * changes of immutable keys as conflicts instead of writing them (P-13).
 */
import { z } from "zod";
import { pythonJson } from "./python-json.js";
import type { V1Request } from "./request-builder.js";

/** A requested value that cannot change on a live relation. Values are never credentials. */
export interface RequestConflict {
  /** Databag key (v0) or request field (v1). */
  readonly key: string;
  /** What the databag holds (undefined = absent). */
  readonly current: string | undefined;
  /** What the options ask for (undefined = absent). */
  readonly requested: string | undefined;
}

/** Writes to apply to the app databag (`""` deletes) and conflicts to report. */
export interface ReconcilePlan {
  /** Keys to set in the app databag (`""` deletes). */
  readonly writes: Readonly<Record<string, string>>;
  /** Requested values that cannot change on the live relation. */
  readonly conflicts: readonly RequestConflict[];
}

/** Keys that must not change once `database` was requested (the provider rejects or ignores a change). */
export const IMMUTABLE_V0_KEYS: readonly string[] = [
  "database",
  "entity-type",
  "extra-user-roles",
  "extra-group-roles",
  "prefix-matching",
];
/** Keys the leader may update on a live relation. */
export const MUTABLE_V0_KEYS: readonly string[] = [
  "entity-permissions",
  "external-node-connectivity",
  "requested-secrets",
  "provided-secrets",
];
const JSON_KEYS = new Set(["entity-permissions", "requested-secrets", "provided-secrets"]);

function sameValue(key: string, a: string | undefined, b: string | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || !JSON_KEYS.has(key)) return false;
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

/**
 * v0: `desired` is the bag {@link buildV0Request} produced, `current` the leader's app databag.
 * Before `database` exists everything is written in one go (P-01); afterwards immutable keys
 * only conflict and `requested-entity-secret` is compared by presence (its helper URI is minted
 * once).
 */
export function reconcileV0(desired: Readonly<Record<string, string>>, current: Readonly<Record<string, string>>): ReconcilePlan {
  const writes: Record<string, string> = {};
  const conflicts: RequestConflict[] = [];
  if (desired["database"] === undefined) {
    // Nothing to request yet: only keep the secret lists and alias asserted.
    for (const [k, v] of Object.entries(desired)) if (!sameValue(k, current[k], v)) writes[k] = v;
    return { writes, conflicts };
  }
  if (current["database"] === undefined) {
    for (const [k, v] of Object.entries(desired)) if (current[k] !== v) writes[k] = v;
    return { writes, conflicts };
  }
  for (const k of IMMUTABLE_V0_KEYS) {
    if (current[k] !== desired[k]) conflicts.push({ key: k, current: current[k], requested: desired[k] });
  }
  for (const k of MUTABLE_V0_KEYS) {
    const want = desired[k];
    if (!sameValue(k, current[k], want)) writes[k] = want ?? "";
  }
  if (desired["alias"] !== undefined && current["alias"] !== desired["alias"]) writes["alias"] = desired["alias"];
  if (desired["requested-entity-secret"] !== undefined && current["requested-entity-secret"] === undefined) {
    conflicts.push({ key: "requested-entity-secret", current: undefined, requested: "(requested entity)" });
  }
  return { writes, conflicts };
}

const StoredV1Request = z.looseObject({
  resource: z.string().optional(),
  "request-id": z.string().optional(),
  salt: z.string().optional(),
  "extra-user-roles": z.string().nullable().optional(),
  "extra-group-roles": z.string().nullable().optional(),
  "entity-type": z.string().nullable().optional(),
});

/**
 * v1: the request with our resource keeps its stored salt and id; immutable fields conflict,
 * mutable ones (permissions, connectivity) are rewritten. `current` is the leader's app databag.
 */
export function reconcileV1(desired: V1Request, alias: string | undefined, current: Readonly<Record<string, string>>): ReconcilePlan {
  const conflicts: RequestConflict[] = [];
  const writes: Record<string, string> = {};
  if (alias !== undefined && current["alias"] !== alias) writes["alias"] = alias;
  let stored: z.infer<typeof StoredV1Request>[] = [];
  const raw = current["requests"];
  if (raw !== undefined) {
    try {
      const parsed = z.array(StoredV1Request).safeParse(JSON.parse(raw));
      if (parsed.success) stored = parsed.data;
    } catch {
      stored = [];
    }
  }
  const mine = stored[0];
  if (mine === undefined) {
    writes["version"] = "v1";
    writes["requests"] = pythonJson([desired]);
    return { writes, conflicts };
  }
  const check = (key: keyof V1Request & string, cur: string | null | undefined): void => {
    const want = desired[key] as string | null;
    if ((cur ?? null) !== want) conflicts.push({ key, current: cur ?? undefined, requested: want ?? undefined });
  };
  check("resource", mine.resource ?? "");
  check("entity-type", mine["entity-type"]);
  check("extra-user-roles", mine["extra-user-roles"]);
  check("extra-group-roles", mine["extra-group-roles"]);
  // Immutable fields, salt and id stay as stored (the provider knows that id); only the mutable
  // fields follow the options.
  const next = {
    ...mine,
    "external-node-connectivity": desired["external-node-connectivity"],
    "entity-permissions": desired["entity-permissions"],
  };
  if (JSON.stringify(next) !== JSON.stringify(mine)) {
    writes["requests"] = pythonJson([next, ...stored.slice(1)]);
  }
  if (current["version"] !== "v1") writes["version"] = "v1";
  return { writes, conflicts };
}
