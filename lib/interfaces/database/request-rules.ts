/**
 * Consistency rules of a v0/v1 database request that a single field cannot express (docs/protocol.md#entity-requests docs/protocol.md#n-01,
 * docs/protocol.md#prefix-matching docs/protocol.md#x-02), checked on a decoded requirer databag: the validator runs them on bags it reads.
 * They return problems rather than throwing so the caller can report every one. The requirer
 * engine checks the same rules earlier, on the charm's options (lib/requires/options.ts, with
 * the option names in its messages), and shares {@link MIN_PREFIX_LENGTH} with them.
 */
import { z } from "zod";
import type { FieldProblem } from "./databag-error.js";
import type { EntityType } from "./requirer-fields.js";

/** The request properties the rules look at (a subset of the requirer app databag). */
export interface RequestShape {
  /** Requested database name or `<prefix>*`. */
  readonly database?: string | undefined;
  /** Requested custom entity type. */
  readonly entityType?: EntityType | undefined;
  /** Extra roles for the relation user. */
  readonly extraUserRoles?: readonly string[] | undefined;
  /** Extra roles for a GROUP entity. */
  readonly extraGroupRoles?: readonly string[] | undefined;
}

/** Minimum number of characters before the `*` of a prefix request. */
export const MIN_PREFIX_LENGTH = 3;

/** Returns every rule the request breaks; empty when it is consistent. */
export function requestProblems(request: RequestShape): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (request.entityType === "USER" && (request.extraGroupRoles?.length ?? 0) > 0) {
    problems.push({ field: "extra-group-roles", problem: "a USER entity takes extra-user-roles; extra-group-roles is for GROUP entities" });
  }
  if (request.entityType === "GROUP" && (request.extraUserRoles?.length ?? 0) > 0) {
    problems.push({ field: "extra-user-roles", problem: "a GROUP entity takes extra-group-roles; extra-user-roles is for USER entities" });
  }
  const db = request.database;
  if (db !== undefined && db.includes("*")) {
    const star = db.indexOf("*");
    if (star !== db.length - 1) problems.push({ field: "database", problem: "a prefix request may only have * as its last character" });
    else if (star < MIN_PREFIX_LENGTH)
      problems.push({ field: "database", problem: `a prefix request needs at least ${MIN_PREFIX_LENGTH} characters before *` });
  }
  return problems;
}

/** The provider's `data`: a JSON object of the requirer's request keys. */
const PeerSnapshot = z.record(z.string(), z.unknown());

/**
 * Whether the provider's `data` (its copy of the requirer's request, docs/protocol.md#secrets) shows an entity
 * request: the fallback when the requirer does not know what it asked for (docs/protocol.md#n-02).
 */
export function providerSawEntityRequest(remoteApp: Readonly<Record<string, string>>): boolean {
  const raw = remoteApp["data"];
  if (raw === undefined) return false;
  try {
    const parsed = PeerSnapshot.safeParse(JSON.parse(raw));
    return parsed.success && parsed.data["entity-type"] !== undefined && parsed.data["entity-type"] !== null;
  } catch {
    return false;
  }
}
