/**
 * The persistent queue of deferred events (docs/juju-contract.md#emission-and-deferral, docs/juju-contract.md#our-runtime-storage): notices `(event path, observer)`
 * in order, the snapshot of each event path, and a counter for new paths. Kept as one JSON value
 * in controller state, written back only when it changed.
 *
 * An unreadable queue (not JSON, not the queue's shape, broken chunks) must not fail every later
 * hook: it is dropped with a WARNING naming the key and, when they can still be read, the event
 * kinds lost (never snapshots: they may hold values), and it is rewritten cleanly at commit.
 */
import * as z from "zod/mini";
import "../../zod-english.js";
import type { StateStore } from "./state-store.js";
import { canonicalJson, JsonObjectSchema, type JsonObject } from "./json.js";

/** Controller-state key of the queue. */
export const DEFERRED_QUEUE_KEY = "ops-ts/deferred";

/** One deferred delivery: the event at `event` (`<source>/<kind>[<n>]`) to the observer `observer`. */
export interface Notice {
  readonly event: string;
  readonly observer: string;
}

const QueueSchema = z.object({
  count: z.int().check(z.nonnegative()),
  notices: z.array(z.object({ event: z.string(), observer: z.string() })),
  snapshots: z.record(z.string(), JsonObjectSchema),
});
type QueueData = z.infer<typeof QueueSchema>;

/** `<source>/<kind>` of an event path `<source>/<kind>[<n>]`. */
export function eventKindPath(eventPath: string): string {
  const bracket = eventPath.lastIndexOf("[");
  return bracket < 0 ? eventPath : eventPath.slice(0, bracket);
}

// Best effort at naming what a damaged queue held: the kind paths of notices that still parse.
const NoticeKinds = z.object({ notices: z.array(z.unknown()) });
const NoticeEvent = z.object({ event: z.string() });

function lostKinds(raw: unknown): string[] {
  const parsed = NoticeKinds.safeParse(raw);
  if (!parsed.success) return [];
  const kinds = new Set<string>();
  for (const notice of parsed.data.notices) {
    const n = NoticeEvent.safeParse(notice);
    // Event paths are `<source>/<kind>[<n>]` built by the framework; cap what a damaged value can make us log.
    if (n.success && /^[A-Za-z0-9_:./-]{1,200}(\[\d+\])?$/.test(n.data.event)) kinds.add(eventKindPath(n.data.event));
  }
  return [...kinds].sort();
}

/** @internal */
export class DeferredQueue {
  private readonly state: StateStore;
  private readonly warn: (message: string) => void;
  private data: QueueData | undefined;
  private loadedText = "";
  /** The stored queue was unreadable and dropped: it must be rewritten at commit. */
  private dropped = false;

  /** `warn` receives the WARNING line when a stored queue is unreadable and dropped. */
  constructor(state: StateStore, warn: (message: string) => void = () => undefined) {
    this.state = state;
    this.warn = warn;
  }

  private load(): QueueData {
    if (this.data === undefined) {
      this.data = this.readStored() ?? { count: 0, notices: [], snapshots: {} };
      this.loadedText = canonicalJson(this.data as unknown as JsonObject);
    }
    return this.data;
  }

  /** The stored queue, or undefined when there is none or it was unreadable (then dropped and logged). */
  private readStored(): QueueData | undefined {
    const read = this.state.read(DEFERRED_QUEUE_KEY);
    if ("broken" in read) return this.drop(`its chunks are broken (${read.broken})`, []);
    if (read.value === undefined) return undefined;
    let raw: unknown;
    try {
      raw = JSON.parse(read.value);
    } catch {
      return this.drop("it is not JSON", []);
    }
    const parsed = QueueSchema.safeParse(raw);
    if (!parsed.success) return this.drop("it is not a deferred-event queue", lostKinds(raw));
    return parsed.data;
  }

  private drop(problem: string, kinds: readonly string[]): undefined {
    this.dropped = true;
    const lost = kinds.length === 0 ? "the deferred events it held cannot be named" : `deferred events lost: ${kinds.join(", ")}`;
    this.warn(`dropping the deferred-event queue "${DEFERRED_QUEUE_KEY}": ${problem}; ${lost}; the hook goes on, and the queue is rewritten at commit`);
    return undefined;
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

  /** Buffers the queue into controller state if it changed (always, after a dropped unreadable queue). */
  save(): void {
    if (this.data === undefined) return;
    const empty = this.data.notices.length === 0;
    if (this.dropped) {
      this.state.set(DEFERRED_QUEUE_KEY, empty ? undefined : canonicalJson(this.data as unknown as JsonObject));
      return;
    }
    // With nothing queued the counter is irrelevant; keep state unchanged rather than write it.
    if (empty && Object.keys(this.data.snapshots).length === 0 && this.state.get(DEFERRED_QUEUE_KEY) === undefined) return;
    const text = canonicalJson(this.data as unknown as JsonObject);
    if (text !== this.loadedText) this.state.set(DEFERRED_QUEUE_KEY, empty ? undefined : text);
  }
}
