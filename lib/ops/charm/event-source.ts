/** Custom events for libraries (e.g. `databaseCreated` from a relation library). */
import { InvalidArgumentError } from "../errors.js";
import type { Model } from "../model/model.js";
import type { Deferrable } from "./events.js";
import type { Framework } from "./framework.js";
import type { JsonObject } from "./json.js";

/**
 * How a custom event is kept while deferred: `snapshot` must hold identifiers only (relation id,
 * secret URI, ...), never secret values; `restore` rebuilds the payload next hook against the
 * current model, or returns undefined to drop the event.
 */
export interface EventCodec<P> {
  /** Reduces a payload to identifiers that survive until the next hook. */
  snapshot(payload: P): JsonObject;
  /** Rebuilds the payload from its snapshot, or `undefined` when what it names is gone. */
  restore(snapshot: JsonObject, model: Model): P | undefined;
}

/** Anything that has a framework (a CharmBase, or a library object holding one). */
export interface EventSourceOwner {
  /** The framework the events are emitted through. */
  readonly framework: Framework;
}

/**
 * A named group of custom events. Payloads are plain objects; each handler receives a frozen
 * copy with `defer()`. `emit` delivers immediately (nested inside the running handler) and
 * awaits handlers in registration order.
 */
export class EventSource<M extends Record<string, object>> {
  /** The unique path of this source, e.g. `database`. */
  readonly path: string;
  private readonly framework: Framework;
  private readonly codec: { readonly [K in keyof M]: EventCodec<M[K]> };

  constructor(owner: EventSourceOwner, path: string, codec: { readonly [K in keyof M]: EventCodec<M[K]> }) {
    this.path = path;
    this.framework = owner.framework;
    this.codec = codec;
    this.framework.registerSource(path, (kind, snapshot) => {
      const c = Object.hasOwn(codec, kind) ? codec[kind as keyof M] : undefined;
      return c?.restore(snapshot, this.framework.model);
    });
  }

  private check(name: string): void {
    if (!Object.hasOwn(this.codec, name) || /[/[\]#]/.test(name)) {
      throw new InvalidArgumentError(`event source "${this.path}" has no event "${name}"`);
    }
  }

  /** Observes `name`. */
  on<K extends keyof M & string>(name: K, handler: (event: M[K] & Deferrable) => void | Promise<void>): void {
    this.check(name);
    this.framework.observe(this.path, name, handler);
  }

  /** Delivers `payload` to every observer of `name`, awaiting each. */
  async emit<K extends keyof M & string>(name: K, payload: M[K]): Promise<void> {
    this.check(name);
    const codec = this.codec[name];
    await this.framework.emit(this.path, name, () => payload, () => codec.snapshot(payload));
  }
}
