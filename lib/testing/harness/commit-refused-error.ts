/**
 * `CommitRefusedError`: what `ctx.run` throws when the charm's handlers finished but Juju's
 * controller refused the hook's changes, e.g. `secret-set` on a secret the unit may not manage.
 * Juju accepts such a call (the tool exits 0) and fails the hook when it commits; only the secret
 * steps before the refused one were applied, and not the relation data (nor, before Juju 4.0,
 * the ports and unit state): lib/testing/juju/commit.ts. A charm cannot catch this: the hook
 * has already ended.
 */
import { describeEvent, type HarnessEvent } from "./events.js";

/** The controller refused the commit of a hook whose charm code succeeded. */
export class CommitRefusedError extends Error {
  /** The event the charm was handling. */
  readonly event: string;
  /** The uniter's error, e.g. `updating secrets: permission denied`. */
  readonly reason: string;

  constructor(event: HarnessEvent, reason: string) {
    super(
      `the hook for ${describeEvent(event)} failed when Juju committed its changes: ${reason}. A unit may change, grant or remove only its own secrets and, as the leader, its application's (pass catchCharmErrors: true to the Context to record this in ctx.error instead)`,
    );
    this.name = "CommitRefusedError";
    this.event = describeEvent(event);
    this.reason = reason;
  }
}
