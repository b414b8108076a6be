/**
 * `UncaughtCharmError`: what `ctx.run` throws when the charm (or the runtime under it) threw
 * during the event, as Scenario's `UncaughtCharmError` does (canonical/operator
 * testing/src/scenario/_runtime.py re-raises every charm exception wrapped in it). A test that
 * only looks at emitted events or the output state therefore cannot pass on a crashing charm.
 */
import { describeEvent, type HarnessEvent } from "./events.js";

/** The charm threw while handling an event; `cause` is what it threw. */
export class UncaughtCharmError extends Error {
  /** The event the charm was handling, e.g. `database-relation-changed` or `action backup`. */
  readonly event: string;
  /** What the charm threw. */
  declare readonly cause: Error;

  constructor(event: HarnessEvent, cause: Error) {
    // Name and message only: a stack can carry values, and the message is what the charm chose to say.
    super(`uncaught exception in the charm while handling ${describeEvent(event)}: ${cause.name}: ${cause.message} (the error is in .cause; pass catchCharmErrors: true to the Context to record it in ctx.error instead)`, { cause });
    this.name = "UncaughtCharmError";
    this.event = describeEvent(event);
  }
}
