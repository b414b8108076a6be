/**
 * The persistent queue of deferred events (contract §4.4/§4.6): notices `(event path, observer)`
 * in order, the snapshot of each event path, and a counter for new paths. Kept as one JSON value
 * in controller state, written back only when it changed.
 */
import { z } from "zod";
import { OpsError } from "../errors.js";
import type { ControllerState } from "./controller-state.js";
import { canonicalJson, JsonObjectSchema, type JsonObject } from "./json.js";

/** Controller-state key of the queue. */
export const DEFERRED_QUEUE_KEY = "ops-ts/deferred";

/** One deferred delivery: the event at `event` (`<source>/<kind>[<n>]`) to the observer `observer`. */
export interface Notice {
  readonly event: string;
  readonly observer: string;
}

const QueueSchema = z.object({
  count: z.number().int().nonnegative(),
  notices: z.array(z.object({ event: z.string(), observer: z.string() })),
  snapshots: z.record(z.string(), JsonObjectSchema),
});
type QueueData = z.infer<typeof QueueSchema>;

/** `<source>/<kind>` of an event path `<source>/<kind>[<n>]`. */
export function eventKindPath(eventPath: string): string {
  const bracket = eventPath.lastIndexOf("[");
  return bracket < 0 ? eventPath : eventPath.slice(0, bracket);
}

/** @internal */
export class DeferredQueue {
  private readonly state: ControllerState;
  private data: QueueData | undefined;
  private loadedText = "";

  constructor(state: ControllerState) {
    this.state = state;
  }

  private load(): QueueData {
    if (this.data === undefined) {
      const text = this.state.get(DEFERRED_QUEUE_KEY);
      if (text === undefined) {
        this.data = { count: 0, notices: [], snapshots: {} };
      } else {
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch {
          throw new OpsError(`controller state "${DEFERRED_QUEUE_KEY}" is not JSON; remove it with state-delete to drop deferred events`);
        }
        const parsed = QueueSchema.safeParse(raw);
        if (!parsed.success) throw new OpsError(`controller state "${DEFERRED_QUEUE_KEY}" does not hold a deferred-event queue`);
        this.data = parsed.data;
      }
      this.loadedText = canonicalJson(this.data as unknown as JsonObject);
    }
    return this.data;
  }

  /** The notices in delivery order (a copy). */
  notices(): Notice[] {
    return [...this.load().notices];
  }

  /** Whether `notice` is still queued. */
  has(notice: Notice): boolean {
    return this.load().notices.some((n) => n.event === notice.event && n.observer === notice.observer);
  }

  /** The snapshot stored for an event path. */
  snapshot(eventPath: string): JsonObject | undefined {
    return this.load().snapshots[eventPath];
  }

  /** Whether `observer` already has a queued event of kind path `kindPath` (for the dedup check). */
  hasQueued(observer: string, kindPath: string): boolean {
    return this.load().notices.some((n) => n.observer === observer && eventKindPath(n.event) === kindPath);
  }

  /** ops's dedup rule: a queued notice for the same observer and kind with an equal snapshot. */
  hasEquivalent(observer: string, kindPath: string, snapshot: JsonObject): boolean {
    const data = this.load();
    const text = canonicalJson(snapshot);
    return data.notices.some((n) => {
      if (n.observer !== observer || eventKindPath(n.event) !== kindPath) return false;
      const other = data.snapshots[n.event];
      return other !== undefined && canonicalJson(other) === text;
    });
  }

  /** A fresh event path `<kindPath>[<n>]`. */
  nextEventPath(kindPath: string): string {
    const data = this.load();
    data.count += 1;
    return `${kindPath}[${data.count}]`;
  }

  /** Queues a notice (and the event's snapshot, once). */
  add(notice: Notice, snapshot: JsonObject): void {
    const data = this.load();
    data.snapshots[notice.event] ??= snapshot;
    if (!this.has(notice)) data.notices.push({ event: notice.event, observer: notice.observer });
  }

  /** Drops a notice, and its snapshot when no notice uses it any more. */
  remove(notice: Notice): void {
    const data = this.load();
    data.notices = data.notices.filter((n) => !(n.event === notice.event && n.observer === notice.observer));
    if (!data.notices.some((n) => n.event === notice.event)) delete data.snapshots[notice.event];
  }

  /** Buffers the queue into controller state if it changed. */
  save(): void {
    if (this.data === undefined) return;
    const empty = this.data.notices.length === 0;
    // With nothing queued the counter is irrelevant; keep state unchanged rather than write it.
    if (empty && Object.keys(this.data.snapshots).length === 0 && this.state.get(DEFERRED_QUEUE_KEY) === undefined) return;
    const text = canonicalJson(this.data as unknown as JsonObject);
    if (text !== this.loadedText) this.state.set(DEFERRED_QUEUE_KEY, empty ? undefined : text);
  }
}
