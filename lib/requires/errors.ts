/**
 * Typed errors of the requirer protocol engine. Messages name the relation, option or field a
 * charm author has to fix and never contain secret values.
 */

/** Base class of every error raised by `lib/requires`. */
export class RequiresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The options given to the requirer are inconsistent or malformed (raised at construction). */
export class RequestConfigError extends RequiresError {
  /** The option that is wrong, e.g. `entityPermissions`. */
  readonly option: string;
  constructor(option: string, problem: string) {
    super(`database requirer option "${option}": ${problem}`);
    this.option = option;
  }
}

const PROVIDER_FIX_HINT = "the provider wrote it: fix or upgrade the provider (this charm waits for a valid value)";

/**
 * The provider's databag holds a value the engine cannot interpret. The value itself is only
 * quoted by callers when the field cannot carry a credential.
 */
export class ProviderDataError extends RequiresError {
  /** Relation in `endpoint:id` form. */
  readonly relation: string;
  /** The provider databag key that failed to parse. */
  readonly field: string;
  /**
   * @param relation `endpoint:id`; @param field the provider databag key; @param problem secret-free text;
   * @param hint what the charm author can do (default: the provider must correct it, the requirer waits)
   */
  constructor(relation: string, field: string, problem: string, hint: string = PROVIDER_FIX_HINT) {
    super(`relation ${relation}, provider field "${field}": ${problem}; ${hint}`);
    this.relation = relation;
    this.field = field;
  }
}

/** Every configured relation alias is already in use on this endpoint. */
export class AliasExhaustedError extends RequiresError {
  constructor(endpoint: string, aliases: readonly string[]) {
    super(
      `relation endpoint "${endpoint}": all ${aliases.length} configured aliases (${aliases.join(", ")}) are taken; ` +
        `configure one alias per allowed relation (the endpoint "limit")`,
    );
  }
}

/** `isResourceCreated(id)` was asked about a relation the endpoint does not have. */
export class UnknownRelationError extends RequiresError {
  constructor(endpoint: string, relationId: number) {
    super(`relation endpoint "${endpoint}" has no relation with id ${relationId}; ask with an id from model.relations("${endpoint}"), or without one for all relations`);
  }
}

/**
 * The provider published a secret URI this unit cannot read yet: the secret is not granted to
 * the relation (the provider grants it in a later hook), or it was removed. Transient: the
 * engine re-checks on later hooks and emits the held events once the secret is readable.
 */
export class ProviderSecretUnavailableError extends ProviderDataError {
  constructor(relation: string, field: string, uri: string) {
    const shown = uri.length <= 120 ? uri : `${uri.slice(0, 119)}…`;
    super(relation, field, `names secret ${shown}, which this unit cannot read: not granted to the relation yet, or removed`, "the requirer re-checks in later hooks; nothing to do unless it lasts (then check the provider's logs)");
  }
}
