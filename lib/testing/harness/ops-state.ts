/**
 * Reading and seeding what lib/ops keeps for a unit between hooks (`State.storedState`: the
 * values of its state file on a machine, its controller-side state map on Kubernetes,
 * docs/state-storage.md): stored-state cells and the deferred-event queue. The key layout and
 * the split of long controller values are lib/ops's own (`storedStateKey`, `readStateValue`).
 */
import { z } from "zod";

import { DEFERRED_QUEUE_KEY, JsonValueSchema as Json, logicalStateEntries, readStateValue, storedStateKey } from "../../ops/index.js";
import type { JsonObject } from "../juju/model.js";
import type { State, StateData } from "./state.js";
import { state as buildState } from "./state.js";

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

/**
 * Every value of `map` as lib/ops reads it back (long controller values joined from their parts).
 * @throws Error naming the keys whose parts are broken.
 */
export function logicalStoredValues(map: Readonly<Record<string, string>>): Record<string, string> {
  const { values, broken } = logicalStateEntries(map);
  if (broken.length > 0) throw new Error(`state: stored values ${broken.map((k) => `"${k}"`).join(", ")} have broken parts`);
  return values;
}

/** The deferred events queued in `st` (empty when none). */
export function deferredNotices(st: StateData): DeferredNotice[] {
  const text = readStateValue(st.storedState, DEFERRED_QUEUE_KEY);
  if (text === undefined) return [];
  const parsed = Queue.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`state: "${DEFERRED_QUEUE_KEY}" does not hold a deferred-event queue`);
  return parsed.data.notices.map((n) => ({ ...n, snapshot: parsed.data.snapshots[n.event] ?? {} }));
}

/** The value of a charm's `storedState(name)` cell in `st`, or undefined when it was never saved. */
export function storedStateValue(st: StateData, name: string, owner = "charm"): JsonObject | undefined {
  const text = readStateValue(st.storedState, storedStateKey(owner, name));
  if (text === undefined) return undefined;
  const parsed = z.record(z.string(), Json).safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`state: stored state "${name}" is not a JSON object`);
  return parsed.data;
}

/** A copy of `st` whose `storedState(name)` cell holds `value` (values up to 64 KiB). */
export function withStoredStateValue(st: State, name: string, value: JsonObject, owner = "charm"): State {
  return buildState({ ...st, storedState: { ...st.storedState, [storedStateKey(owner, name)]: JSON.stringify(value) } });
}
