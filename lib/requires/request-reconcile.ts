/**
 * Leader-side reconciliation of the request (docs/protocol.md#g-10, docs/protocol.md#g-v7): compare what the options ask for with
 * what the application databag holds, re-assert missing or mutable keys idempotently, and report
 * changes of immutable keys as conflicts instead of writing them (docs/protocol.md#p-13).
 */
import { sameJsonText, toPythonJson } from "../interfaces/database/json-text.js";
import { readStoredRequests, requestV1ToWire } from "../interfaces/v1/request.js";
import type { V1Request } from "./request.js";

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
  return a !== undefined && b !== undefined && JSON_KEYS.has(key) && sameJsonText(a, b);
}

/**
 * v0: `desired` is the bag {@link buildV0Request} produced, `current` the leader's app databag.
 * Before `database` exists everything is written in one go (docs/protocol.md#p-01); afterwards immutable keys
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

/**
 * v1: the request with our resource keeps its stored salt and id; immutable fields conflict,
 * mutable ones (permissions, connectivity) are rewritten. `current` is the leader's app databag.
 */
export function reconcileV1(desired: V1Request, alias: string | undefined, current: Readonly<Record<string, string>>): ReconcilePlan {
  const conflicts: RequestConflict[] = [];
  const writes: Record<string, string> = {};
  if (alias !== undefined && current["alias"] !== alias) writes["alias"] = alias;
  const stored = readStoredRequests(current["requests"]);
  const mine = stored[0];
  if (mine === undefined) {
    writes["version"] = "v1";
    writes["requests"] = toPythonJson([desired]);
    return { writes, conflicts };
  }
  // Compared as the interface encoder writes the stored request, so only a change of meaning conflicts.
  const was = requestV1ToWire(mine.request);
  for (const key of ["resource", "entity-type", "extra-user-roles", "extra-group-roles"] as const) {
    const cur = was[key];
    if (cur !== desired[key]) conflicts.push({ key, current: cur ?? undefined, requested: desired[key] ?? undefined });
  }
  // Immutable fields, salt and id stay as stored (the provider knows that id); only the mutable
  // fields follow the options.
  const next = {
    ...mine.entry,
    "external-node-connectivity": desired["external-node-connectivity"],
    "entity-permissions": desired["entity-permissions"],
  };
  if (JSON.stringify(next) !== JSON.stringify(mine.entry)) {
    writes["requests"] = toPythonJson([next, ...stored.slice(1).map((s) => s.entry)]);
  }
  if (current["version"] !== "v1") writes["version"] = "v1";
  return { writes, conflicts };
}

