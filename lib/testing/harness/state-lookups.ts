/**
 * Lookups on a `State`, named after Scenario's (`State.get_relation`, `get_relations`,
 * `get_secret`, `get_stored_state` in canonical/operator testing/src/scenario/state.py): they
 * live on the prototype of every state `state()` builds, so the state's own fields stay plain
 * frozen data (spreads, `structuredClone` and JSON see only the fields).
 */
import type { JsonObject } from "../juju/model.js";
import { deferredNotices, storedStateValue, type DeferredNotice } from "./ops-state.js";
import type { AnyRelation, Secret, StateData } from "./state.js";

/** How `getSecret` finds a secret: by id (`secret:...`) or by label (owner label, or this unit's consumer label). */
export type SecretQuery = string | { readonly id: string } | { readonly label: string };

/** The lookup methods every `State` has. */
export interface StateLookups {
  /** The relation with this id; throws when the state has none. */
  getRelation(id: number): AnyRelation;
  /** The relations on `endpoint` (empty when none). */
  getRelations(endpoint: string): AnyRelation[];
  /** A secret by id (`"secret:..."`) or label (any other string, or `{label}`); throws when none matches. */
  getSecret(query: SecretQuery): Secret;
  /** The value of the charm's `storedState(name)` cell (`owner` "charm" by default), or undefined when never saved. */
  getStoredState(name: string, owner?: string): JsonObject | undefined;
  /** The deferred events waiting in the unit's queue, oldest first. */
  getDeferred(): DeferredNotice[];
}

function byQuery(query: SecretQuery): { id?: string; label?: string } {
  if (typeof query !== "string") return query;
  return query.startsWith("secret:") ? { id: query } : { label: query };
}

/** The prototype `state()` gives every state. */
export const STATE_LOOKUPS: StateLookups = Object.freeze({
  getRelation(this: StateData, id: number): AnyRelation {
    const found = this.relations.find((r) => r.id === id);
    if (found === undefined) throw new Error(`state: no relation with id ${id} (ids: ${this.relations.map((r) => r.id).join(", ") || "none"})`);
    return found;
  },
  getRelations(this: StateData, endpoint: string): AnyRelation[] {
    return this.relations.filter((r) => r.endpoint === endpoint);
  },
  getSecret(this: StateData, query: SecretQuery): Secret {
    const { id, label } = byQuery(query);
    const found = this.secrets.find((s) => (id !== undefined ? s.id === id : s.label === label));
    if (found === undefined) throw new Error(`state: no secret with ${id !== undefined ? `id ${id}` : `label "${label ?? ""}"`}`);
    return found;
  },
  getStoredState(this: StateData, name: string, owner?: string): JsonObject | undefined {
    return storedStateValue(this, name, owner);
  },
  getDeferred(this: StateData): DeferredNotice[] {
    return deferredNotices(this);
  },
});
