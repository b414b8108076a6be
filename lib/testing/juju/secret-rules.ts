/**
 * Secret rules of the fake Juju that depend on the agent's version. Each cites its source; the
 * table in docs/juju-behaviour.md lists them all.
 */
import type { ModelState } from "./model.js";
import { appOfUnit, compareJujuVersions, findSecret } from "./model.js";

/**
 * Owners track a revision like observers from Juju 3.1.7 on the 3.1 series and from 3.3.1
 * (LP#2037120; ops Scenario mocking.py secret_get checks exactly 3.1.7 or >= 3.3.1). Before that
 * they always read the latest revision and could not pass --refresh (LP#2042596).
 */
export function ownersTrack(jujuVersion: string): boolean {
  const fixedIn31 = compareJujuVersions(jujuVersion, "3.1.7") >= 0 && compareJujuVersions(jujuVersion, "3.2.0") < 0;
  return fixedIn31 || compareJujuVersions(jujuVersion, "3.3.1") >= 0;
}

/**
 * Whether several `secret-set` calls on one secret in one hook merge, field by field, as from
 * 3.6.0 and 3.5.5 (juju/juju#18154, LP#2081034: the hook context's `secretsChangeRecorder`
 * folds each update into the pending one). Before, the recorder kept one pending update per
 * secret (a map since juju/juju#15956) and each call replaced it whole, so only the last call's
 * fields reached the controller: content set in one call and a label in the next lost the
 * content. canonical/operator's `secret_set` works around exactly that below 3.6 (ops/model.py,
 * "Older Juju series don't coalesce multiple secret updates within a hook"); so does lib/ops.
 */
export function secretSetCallsMerge(jujuVersion: string): boolean {
  const fixedIn35 = compareJujuVersions(jujuVersion, "3.5.5") >= 0 && compareJujuVersions(jujuVersion, "3.6.0") < 0;
  return fixedIn35 || compareJujuVersions(jujuVersion, "3.6.0") >= 0;
}

/** From 3.6.0, secret-set with content equal to the latest revision makes no new revision (LP#2069238). */
export function identicalContentIsNoop(jujuVersion: string): boolean {
  return compareJujuVersions(jujuVersion, "3.6.0") >= 0;
}

/**
 * Whether a queued secret-changed for `unit` still runs when its turn comes.
 *
 * - The secret is gone: no (the uniter turns a deleted consumed secret into a no-op
 *   "secrets removed" operation, worker/uniter/secrets/resolver.go).
 * - The unit never read it (no consumer record): no, nothing was ever queued for it.
 * - Juju 3.x: yes, even if the unit read the new revision with --refresh meanwhile. The
 *   controller bumps latest-revision on every consumer record (state/secrets.go
 *   secretUpdateConsumersOps), and the uniter runs secret-changed whenever the notified latest
 *   revision differs from the last one a secret-changed hook committed
 *   (worker/uniter/secrets/resolver.go, state.go UpdateStateForHook); a refresh does not touch that.
 * - Juju 4.0: only while the unit still tracks an older revision than the latest. The controller
 *   reports a consumed secret as changed only when the consumer's current revision is below the
 *   latest (domain/secret/state/state.go GetConsumedSecretURIsWithChanges, "HAVING
 *   suc.current_revision < MAX(sr.revision)"), evaluated when the change is processed, so a unit
 *   that refreshed before that is not notified. Checking at delivery is the widest window a
 *   real agent's timing allows.
 */
export function secretChangedStillDue(model: ModelState, unit: string, secretId: string): boolean {
  const secret = findSecret(model, secretId);
  if (secret === undefined) return false;
  const tracked = secret.consumers[unit]?.trackedRevision;
  if (tracked === undefined) return false;
  if (compareJujuVersions(model.jujuVersion, "4.0.0") < 0) return true;
  return tracked < secret.latestRevision;
}

/**
 * The error a consumer gets when it gives a second secret a label it already uses (or one the
 * unit or its application uses as an owner label). Juju 3.x: state/secrets.go
 * uniqueSecretConsumerLabelOps / uniqueSecretLabelOpsRaw; 4.0: domain/secret/state label checks.
 */
export function consumerLabelTakenMessage(jujuVersion: string, label: string, unit: string): string {
  if (compareJujuVersions(jujuVersion, "4.0.0") >= 0) return `secret with label "${label}" already exists`;
  return `secret label "${label}" for consumer "unit-${appOfUnit(unit)}-${unit.slice(unit.indexOf("/") + 1)}" already exists`;
}
