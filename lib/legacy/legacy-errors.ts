/**
 * Typed errors of the legacy adapters. They extend {@link RequiresError} so a charm can catch
 * every requirer error with one `instanceof`. Messages name the endpoint, relation or field and
 * never contain a credential.
 */
import { RequiresError } from "../requires/index.js";

/** The adapter options are wrong (raised at construction): names the option and what to fix. */
export class LegacyConfigError extends RequiresError {
  /** Always `"LegacyConfigError"` (set explicitly: minified bundles rename classes). */
  override readonly name: string = "LegacyConfigError";
  /** The option that is wrong, e.g. `peerRelationName`. */
  readonly option: string;
  constructor(option: string, problem: string) {
    super(`legacy requirer option "${option}": ${problem}`);
    this.option = option;
  }
}

/**
 * Data a provider (or the own leader's shared copy) published cannot be used. The adapter does
 * not throw these from hooks: it logs them, skips the bag and keeps them for
 * `problems()`, so one bad remote bag never fails the charm's hook.
 */
export class LegacyDataError extends RequiresError {
  /** Always `"LegacyDataError"` (set explicitly: minified bundles rename classes). */
  override readonly name: string = "LegacyDataError";
  /** Relation in `endpoint:id` form. */
  readonly relation: string;
  /** Whose databag: `postgresql-k8s/0`, `postgresql-k8s` (app) or `peer copy`. */
  readonly source: string;
  /** The databag key, e.g. `master` or `standbys[1]`. */
  readonly field: string;
  constructor(relation: string, source: string, field: string, problem: string) {
    super(`relation ${relation}, databag of ${source}, field "${field}": ${problem}; this databag is ignored until its writer publishes a valid value`);
    this.relation = relation;
    this.source = source;
    this.field = field;
  }
}
