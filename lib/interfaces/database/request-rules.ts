/**
 * Consistency rules of a v0/v1 database request that a single field cannot express (docs/protocol.md#entity-requests docs/protocol.md#n-01,
 * docs/protocol.md#prefix-matching docs/protocol.md#x-02), checked on a decoded request. This is the one copy of them:
 * the validator runs them on bags it reads, and the requirer engine runs them on the request it is
 * about to send (lib/requires/options.ts maps each {@link RequestRule} to a message naming the charm's option).
 * They return problems rather than throwing so the caller can report every one.
 *
 * Two strengths. The wire rules hold for every request a peer may write: data_interfaces (v0
 * `_validate_entity_type`, v1 `RequirerCommonModel.validate_fields`) refuses a USER entity with group
 * roles and a GROUP entity with user roles; the prefix rules are ours (docs/protocol.md#x-02). The
 * `strict` rules are the engine's own care for what it writes, which data_interfaces does not check
 * and so a reader of someone else's bag must not report.
 */
import * as z from "zod/mini";
import "../../zod-english.js";
import type { FieldProblem } from "./databag-error.js";
import type { EntityType } from "./requirer-fields.js";

/** The request properties the rules look at (a subset of the requirer app databag). */
export interface RequestShape {
  /** Requested database name or `<prefix>*`. */
  readonly database?: string | undefined;
  /** Prefix matching strategy (`prefix-matching`). */
  readonly prefixMatching?: string | undefined;
  /** Requested custom entity type. */
  readonly entityType?: EntityType | undefined;
  /** Extra roles for the relation user. */
  readonly extraUserRoles?: readonly string[] | undefined;
  /** Extra roles for a GROUP entity. */
  readonly extraGroupRoles?: readonly string[] | undefined;
  /** Grants of the custom entity (only whether they are given matters here). */
  readonly entityPermissions?: readonly unknown[] | undefined;
}

/** Minimum number of characters before the `*` of a prefix request. */
export const MIN_PREFIX_LENGTH = 3;

/** The name of each rule, so a caller can word a problem its own way. */
export type RequestRule =
  | "user-entity-with-group-roles"
  | "group-entity-with-user-roles"
  | "database-with-separator"
  | "star-not-last"
  | "prefix-matching-without-prefix"
  | "prefix-too-short"
  | "prefix-matching-empty"
  | "permissions-without-entity";

/** A broken rule: the wire key, what is wrong, and which rule says so. */
export interface RequestRuleBreak extends FieldProblem {
  /** The rule broken. */
  readonly rule: RequestRule;
}

/** What to check: `strict` adds the engine's own rules for the requests it writes. */
export interface RequestRuleOptions {
  /** Also check the rules data_interfaces does not (default false). */
  readonly strict?: boolean;
}

/**
 * Every rule the request breaks, in a fixed order (database rules first, then the entity rules);
 * empty when it is consistent.
 */
export function requestRuleBreaks(request: RequestShape, options: RequestRuleOptions = {}): RequestRuleBreak[] {
  const strict = options.strict === true;
  const breaks: RequestRuleBreak[] = [];
  const add = (rule: RequestRule, field: string, problem: string): void => {
    breaks.push({ field, problem, rule });
  };
  const db = request.database;
  const isPrefix = db !== undefined && db.includes("*");
  if (strict && db !== undefined && /[\s,]/.test(db)) add("database-with-separator", "database", "a database name has no spaces or commas");
  if (isPrefix && db.indexOf("*") !== db.length - 1) add("star-not-last", "database", "a prefix request may only have * as its last character");
  if (strict && !isPrefix && request.prefixMatching !== undefined) {
    add("prefix-matching-without-prefix", "prefix-matching", "prefix-matching needs a prefix request (database ending in *)");
  }
  if (isPrefix && db.indexOf("*") === db.length - 1 && db.length - 1 < MIN_PREFIX_LENGTH) {
    add("prefix-too-short", "database", `a prefix request needs at least ${MIN_PREFIX_LENGTH} characters before *`);
  }
  if (strict && isPrefix && request.prefixMatching !== undefined && request.prefixMatching.trim() === "") {
    add("prefix-matching-empty", "prefix-matching", "prefix-matching must not be empty");
  }
  if (request.entityType === "USER" && (request.extraGroupRoles?.length ?? 0) > 0) {
    add("user-entity-with-group-roles", "extra-group-roles", "a USER entity takes extra-user-roles; extra-group-roles is for GROUP entities");
  }
  if (request.entityType === "GROUP" && (request.extraUserRoles?.length ?? 0) > 0) {
    add("group-entity-with-user-roles", "extra-user-roles", "a GROUP entity takes extra-group-roles; extra-user-roles is for USER entities");
  }
  if (strict && request.entityPermissions !== undefined && request.entityType === undefined) {
    add("permissions-without-entity", "entity-permissions", "entity-permissions only applies to an entity request (entity-type)");
  }
  return breaks;
}

/** The wire rules a request breaks (what a reader of any peer's bag reports); empty when it is consistent. */
export function requestProblems(request: RequestShape): FieldProblem[] {
  return requestRuleBreaks(request).map(({ field, problem }) => ({ field, problem }));
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
