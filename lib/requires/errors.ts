/**
 * Typed errors of the requirer protocol engine. Messages name the relation, option or field a
 * charm author has to fix and never contain secret values.
 */

/** Base class of every error raised by `lib/requires`. */
export class RequiresError extends Error {
  /** Always `"RequiresError"` (set explicitly: minified bundles rename classes). */
  override readonly name: string = "RequiresError";
  constructor(message: string) {
    super(message);
  }
}

/** The options given to the requirer are inconsistent or malformed (raised at construction). */
export class RequestConfigError extends RequiresError {
  /** Always `"RequestConfigError"` (set explicitly: minified bundles rename classes). */
  override readonly name: string = "RequestConfigError";
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
  /** Always `"ProviderDataError"` (set explicitly: minified bundles rename classes). */
  override readonly name: string = "ProviderDataError";
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

/** Every configured relation alias is already in use on this endpoint (docs/protocol.md#a-04). */
export class AliasExhaustedError extends RequiresError {
  /** Always `"AliasExhaustedError"` (set explicitly: minified bundles rename classes). */
  override readonly name: string = "AliasExhaustedError";
  constructor(endpoint: string, aliases: readonly string[]) {
    super(
      `relation endpoint "${endpoint}": all ${aliases.length} configured aliases (${aliases.join(", ")}) are taken; ` +
        `configure one alias per allowed relation (the endpoint "limit")`,
    );
  }
}

/** `isResourceCreated(id)` was asked about a relation the endpoint does not have (docs/protocol.md#r-01). */
export class UnknownRelationError extends RequiresError {
  /** Always `"UnknownRelationError"` (set explicitly: minified bundles rename classes). */
  override readonly name: string = "UnknownRelationError";
  constructor(endpoint: string, relationId: number) {
    super(`relation endpoint "${endpoint}" has no relation with id ${relationId}; ask with an id from model.relations("${endpoint}"), or without one for all relations`);
  }
}

/** How the advice of a transient problem starts: the engine holds the relation and looks again. */
const RECHECKED = "the requirer re-checks in later hooks; ";

/**
 * The provider published a secret URI this unit cannot read yet: the secret is not granted to
 * the relation (the provider grants it in a later hook), or it was removed. Transient: the
 * engine re-checks on later hooks and emits the held events once the secret is readable.
 */
export class ProviderSecretUnavailableError extends ProviderDataError {
  /** Always `"ProviderSecretUnavailableError"` (set explicitly: minified bundles rename classes). */
  override readonly name: string = "ProviderSecretUnavailableError";
  constructor(relation: string, field: string, uri: string) {
    const shown = uri.length <= 120 ? uri : `${uri.slice(0, 119)}…`;
    super(relation, field, `names secret ${shown}, which this unit cannot read: not granted to the relation yet, or removed`, `${RECHECKED}nothing to do unless it lasts (then check the provider's logs)`);
  }
}

/**
 * Reading a secret the provider published failed for a reason other than "not found" (a hook
 * tool failing once, an agent restarting). Transient: nothing is remembered, the relation is
 * re-checked on later hooks and its events are announced once the read succeeds.
 */
export class ProviderSecretReadError extends ProviderDataError {
  /** Always `"ProviderSecretReadError"` (set explicitly: minified bundles rename classes). */
  override readonly name: string = "ProviderSecretReadError";
  constructor(relation: string, field: string, detail: string) {
    super(relation, field, `could not be read in this hook (${detail})`, `${RECHECKED}nothing to do unless it lasts (then check the unit's agent log)`);
  }
}

/**
 * The provider points a secret field at a new secret while the old one still holds this unit's
 * consumer label, and the new secret could not be read by URI either. Juju keeps consumer labels
 * unique per unit ("secret with label ... already exists"); the clash ends when the provider
 * removes the old secret. Transient: re-checked on later hooks.
 */
export class SecretLabelTakenError extends ProviderDataError {
  /** Always `"SecretLabelTakenError"` (set explicitly: minified bundles rename classes). */
  override readonly name: string = "SecretLabelTakenError";
  /** The consumer label another secret holds. */
  readonly label: string;
  constructor(relation: string, field: string, label: string, detail: string) {
    super(
      relation,
      field,
      `names a new secret, but this unit's label "${label}" is still held by the previous secret and reading the new one by URI failed (${detail})`,
      `${RECHECKED}the clash ends when the provider removes its previous secret`,
    );
    this.label = label;
  }
}

/**
 * The provider published a `secret-<group>` URI but this model's Juju has no secrets (before
 * 3.0.3), and the fields are not in the databag: the credentials cannot be read at all.
 */
export class SecretsUnsupportedError extends ProviderDataError {
  /** Always `"SecretsUnsupportedError"` (set explicitly: minified bundles rename classes). */
  override readonly name: string = "SecretsUnsupportedError";
  constructor(relation: string, field: string) {
    super(relation, field, "names a Juju secret, but this model's Juju has no secrets, and the databag carries no plain fields instead", "the provider must publish the fields in its databag on models without secrets: fix or upgrade the provider");
  }
}

/**
 * The endpoint declares `limit: n` and this relation is one more: its events are held back so a
 * handler never mixes two databases. Not transient: remove the extra relation.
 */
export class RelationLimitExceededError extends ProviderDataError {
  /** Always `"RelationLimitExceededError"` (set explicitly: minified bundles rename classes). */
  override readonly name: string = "RelationLimitExceededError";
  constructor(relation: string, endpoint: string, limit: number, remoteApp: string | undefined) {
    super(relation, "relation", "");
    this.message =
      `relation ${relation}${remoteApp === undefined ? "" : ` (to ${remoteApp})`} exceeds the limit of endpoint "${endpoint}" (${limit} relation${limit === 1 ? "" : "s"}); ` +
      `its events are held: remove it with juju remove-relation, or raise the endpoint's limit`;
  }
}
