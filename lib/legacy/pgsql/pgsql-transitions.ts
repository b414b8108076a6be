/**
 * Which pgsql events a change of master/standbys causes (docs/protocol.md#pgsql-events, docs/protocol.md#l-05, docs/protocol.md#l-06), as a pure function
 * of the previous and the new state. States are digests, so nothing secret is compared or kept.
 */

/** The legacy database events, in the order they are emitted. */
export type PgsqlChangeEventName =
  | "masterAvailable"
  | "masterChanged"
  | "masterGone"
  | "standbyAvailable"
  | "standbyChanged"
  | "standbyGone"
  | "databaseAvailable"
  | "databaseChanged"
  | "databaseGone";

/** Digests of what was (or is) announced; null = none. */
export interface PgsqlAnnounced {
  /** Digest of the announced master connection. */
  readonly master: string | null;
  /** Digest of the announced standby connections. */
  readonly standbys: string | null;
}

/** The modern-style event a change maps to, if any. */
export type ModernChange = "databaseCreated" | "endpointsChanged" | "databaseRemoved" | undefined;

/** docs/protocol.md#l-05: events for a relation-changed that moves from `prev` to `next`. */
export function changeEvents(prev: PgsqlAnnounced, next: PgsqlAnnounced): PgsqlChangeEventName[] {
  const out: PgsqlChangeEventName[] = [];
  let available = false;
  let changed = false;
  let went = false;
  const step = (before: string | null, after: string | null, names: readonly [PgsqlChangeEventName, PgsqlChangeEventName, PgsqlChangeEventName]): void => {
    if (before === null && after !== null) {
      out.push(names[0]);
      available = true;
    }
    if (before !== after) {
      out.push(names[1]);
      changed = true;
    }
    if (before !== null && after === null) {
      out.push(names[2]);
      went = true;
    }
  };
  step(prev.master, next.master, ["masterAvailable", "masterChanged", "masterGone"]);
  step(prev.standbys, next.standbys, ["standbyAvailable", "standbyChanged", "standbyGone"]);
  if (available) out.push("databaseAvailable");
  if (changed) out.push("databaseChanged");
  if (went && next.master === null && next.standbys === null) out.push("databaseGone");
  return out;
}

/** docs/protocol.md#l-06: events for relation-broken after `prev` was announced (before `databaseRelationBroken`). */
export function brokenEvents(prev: PgsqlAnnounced): PgsqlChangeEventName[] {
  const out: PgsqlChangeEventName[] = [];
  if (prev.master !== null) out.push("masterChanged", "masterGone");
  if (prev.standbys !== null) out.push("standbyChanged", "standbyGone");
  if (prev.master !== null || prev.standbys !== null) out.push("databaseChanged", "databaseGone");
  return out;
}

/**
 * The modern-style twin of a change: `databaseCreated` when something became usable after
 * nothing was, `databaseRemoved` when nothing is left of what was, `endpointsChanged` for any
 * other change. So `databaseCreated`/`databaseRemoved` alternate, once per availability period.
 */
export function modernChange(prev: PgsqlAnnounced, next: PgsqlAnnounced): ModernChange {
  const was = prev.master !== null || prev.standbys !== null;
  const is = next.master !== null || next.standbys !== null;
  if (!was && is) return "databaseCreated";
  if (was && !is) return "databaseRemoved";
  if (was && (prev.master !== next.master || prev.standbys !== next.standbys)) return "endpointsChanged";
  return undefined;
}

/**
 * docs/protocol.md#l-06: what relation-changed does for a relation whose `relation-joined` was never seen. With
 * no remote unit listed (an app-databag change before any join) it is deferred until a unit
 * joins, as ops-lib-pgsql does; with units listed the relation predates this unit's memory (the
 * library was added to a live deployment) and is adopted, instead of being deferred forever.
 */
export function beforeJoin(listedRemoteUnits: number): "defer" | "adopt" {
  return listedRemoteUnits === 0 ? "defer" : "adopt";
}
