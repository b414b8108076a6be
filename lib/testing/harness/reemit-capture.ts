/**
 * Recording events re-emitted from the deferred queue. lib/ops's `onEmit` reports only new
 * events; Scenario's `emitted_events` also lists the deferred ones replayed before the hook's
 * own event (canonical/operator testing/src/scenario/_runtime.py `capture_events`,
 * `include_deferred`). The harness gets the same by wrapping the charm class: before the
 * charm registers its observers, the framework's `observe` wraps every handler, and `reemit`
 * marks the replay phase; a handler called during the replay is one re-delivered notice.
 */
import type { CharmClass, EmittedEvent, Framework } from "../../ops/index.js";

/** An event in `ctx.emitted()`: `reemitted` is set on deferred events replayed from the queue. */
export interface HarnessEmittedEvent extends EmittedEvent {
  /** True when the event was deferred in an earlier hook and re-delivered in this one. */
  readonly reemitted?: true;
}

type Handler = (event: { readonly defer?: () => void }) => void | Promise<void>;

function instrument(framework: Framework, record: (event: HarnessEmittedEvent) => void): void {
  let replaying = false;
  const observe = framework.observe.bind(framework);
  framework.observe = (source, kind, handler) => {
    const inner = handler as unknown as Handler;
    const wrapped: Handler = (event) => {
      if (replaying) {
        const { defer: _defer, ...payload } = event;
        record(Object.freeze({ source, kind, payload: Object.freeze(payload), reemitted: true }));
      }
      return inner(event);
    };
    observe(source, kind, wrapped as unknown as typeof handler);
  };
  const reemit = framework.reemit.bind(framework);
  framework.reemit = async () => {
    replaying = true;
    try {
      await reemit();
    } finally {
      replaying = false;
    }
  };
}

/** `Charm`, constructed with a framework that reports re-delivered deferred events to `record`. */
export function capturingReemits(Charm: CharmClass, record: (event: HarnessEmittedEvent) => void): CharmClass {
  return new Proxy(Charm, {
    construct(target, args, newTarget) {
      instrument(args[0] as Framework, record);
      return Reflect.construct(target, args, newTarget) as object;
    },
  });
}
