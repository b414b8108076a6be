/**
 * Reading and seeding what lib/ops keeps in the unit's controller-side state map
 * (`State.storedState`): stored-state cells and the deferred-event queue. lib/ops exports the
 * queue key; the stored-state key layout and chunk marker are mirrored here (see the report's
 * request for lib/ops to export them).
 */
import { z } from "zod";

import { DEFERRED_QUEUE_KEY, JsonValueSchema as Json } from "../../ops/index.js";
import type { JsonObject } from "../juju/model.js";
import type { State, StateData } from "./state.js";
import { state as buildState } from "./state.js";

// lib/ops/charm/framework.ts: `ops-ts/stored/<owner>/<name>`; owner "charm" for CharmBase.storedState.
const storedKey = (owner: string, name: string): string => `ops-ts/stored/${owner}/${name}`;
// lib/ops/charm/controller-state.ts splits values over 64 KiB into `<key>#1..n` behind this marker.
const CHUNK_MARKER = "ops-ts-chunks:";

const Queue = z.object({
  count: z.number().int().nonnegative(),
  notices: z.array(z.object({ event: z.string(), observer: z.string() })),
  snapshots: z.record(z.string(), z.record(z.string(), Json)),
});

/** One deferred event waiting in the unit's queue. */
export interface DeferredNotice {
  /** `<source>/<kind>[<n>]`, e.g. `charm/config-changed[1]`. */
  readonly event: string;
  /** The observer that deferred it. */
  readonly observer: string;
  /** The event's snapshot (never secret values). */
  readonly snapshot: JsonObject;
}

function logicalValue(map: Readonly<Record<string, string>>, key: string): string | undefined {
  const head = map[key];
  if (head === undefined || !head.startsWith(CHUNK_MARKER)) return head;
  const count = Number(head.slice(CHUNK_MARKER.length));
  let text = "";
  for (let i = 1; i <= count; i++) text += map[`${key}#${i}`] ?? "";
  return text;
}

/** The deferred events queued in `st` (empty when none). */
export function deferredNotices(st: StateData): DeferredNotice[] {
  const text = logicalValue(st.storedState, DEFERRED_QUEUE_KEY);
  if (text === undefined) return [];
  const parsed = Queue.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`state: "${DEFERRED_QUEUE_KEY}" does not hold a deferred-event queue`);
  return parsed.data.notices.map((n) => ({ ...n, snapshot: parsed.data.snapshots[n.event] ?? {} }));
}

/** The value of a charm's `storedState(name)` cell in `st`, or undefined when it was never saved. */
export function storedStateValue(st: StateData, name: string, owner = "charm"): JsonObject | undefined {
  const text = logicalValue(st.storedState, storedKey(owner, name));
  if (text === undefined) return undefined;
  const parsed = z.record(z.string(), Json).safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`state: stored state "${name}" is not a JSON object`);
  return parsed.data;
}

/** A copy of `st` whose `storedState(name)` cell holds `value` (values up to 64 KiB). */
export function withStoredStateValue(st: State, name: string, value: JsonObject, owner = "charm"): State {
  return buildState({ ...st, storedState: { ...st.storedState, [storedKey(owner, name)]: JSON.stringify(value) } });
}
