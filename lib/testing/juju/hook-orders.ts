/**
 * The orders in which Juju may run the hooks of one relation across the units of its two
 * applications: a rule set, a checker and an enumerator (for tests and hook-order exploration).
 *
 * Rules (sources in docs/juju-behaviour.md, "Hook orders"):
 * - O1 Units are independent: each unit agent runs its own hooks one at a time, and nothing
 *   orders the hooks of two units.
 * - O2 On a unit, `relation-created` is the first hook of the relation.
 * - O3 A unit runs `relation-joined` about a remote unit once that unit is in scope. A unit
 *   enters the scope when its agent synchronizes scopes, right before it runs its own
 *   `relation-created` (the step O8 describes), so joined(u about r) may come before created(r)
 *   as well as after it: the remote's relation-created writes may not be there yet.
 * - O4 `relation-joined` about a remote unit is immediately followed, on that unit and
 *   relation, by `relation-changed` about the same remote unit (the uniter's ChangedPending).
 * - O5 Remote units are joined in the order they enter scope (unit-name order among those
 *   already in scope when the agent looks), so every order of remote units is possible.
 * - O6 On removal, a unit runs `relation-departed` about each remote unit it knows (unit-name
 *   order) and then `relation-broken`, last.
 *
 * Data-driven `relation-changed` hooks (a remote bag changed later) come on top of these and are
 * not enumerated here.
 */

/** One relation hook on one unit. */
export interface RelationHookEvent {
  /** The unit the hook runs on. */
  readonly unit: string;
  readonly event: "created" | "joined" | "changed" | "departed" | "broken";
  /** The remote unit (joined, changed, departed). */
  readonly remoteUnit?: string;
}

/** The two sides of a relation, as unit names (`app/N`). */
export interface RelationSides {
  readonly requirers: readonly string[];
  readonly providers: readonly string[];
}

function unitNumber(unit: string): number {
  return Number(unit.slice(unit.indexOf("/") + 1));
}

function byUnitName(a: string, b: string): number {
  const appA = a.slice(0, a.indexOf("/"));
  const appB = b.slice(0, b.indexOf("/"));
  return appA === appB ? unitNumber(a) - unitNumber(b) : appA < appB ? -1 : 1;
}

/** `created` or `joined r/N` etc. on `unit`, for messages. */
export function describeRelationHook(e: RelationHookEvent): string {
  return `${e.unit} ${e.event}${e.remoteUnit === undefined ? "" : ` ${e.remoteUnit}`}`;
}

function remotesOf(sides: RelationSides, unit: string): readonly string[] {
  return sides.requirers.includes(unit) ? sides.providers : sides.requirers;
}

/**
 * Checks `order` (the relation's hooks as they ran, all units interleaved) against rules O1-O4
 * for a relation being established between `sides`. Returns the problems found; [] when the
 * order is one Juju may choose. Every unit must end having joined every remote unit.
 */
export function establishmentOrderProblems(order: readonly RelationHookEvent[], sides: RelationSides): string[] {
  const problems: string[] = [];
  const created = new Set<string>();
  const joined = new Map<string, Set<string>>();
  const pendingChanged = new Map<string, string>();
  const units = [...sides.requirers, ...sides.providers];
  for (const [i, e] of order.entries()) {
    const where = `hook ${i + 1} (${describeRelationHook(e)})`;
    if (!units.includes(e.unit)) {
      problems.push(`${where}: unit is not on either side`);
      continue;
    }
    const pending = pendingChanged.get(e.unit);
    if (pending !== undefined && !(e.event === "changed" && e.remoteUnit === pending)) {
      problems.push(`${where}: relation-changed about ${pending} must come right after joined (O4)`);
    }
    pendingChanged.delete(e.unit);
    if (e.event === "created") {
      if (created.has(e.unit)) problems.push(`${where}: relation-created twice`);
      else if ((joined.get(e.unit)?.size ?? 0) > 0) problems.push(`${where}: relation-created after joined (O2)`);
      created.add(e.unit);
      continue;
    }
    if (!created.has(e.unit)) problems.push(`${where}: before the unit's relation-created (O2)`);
    if (e.event === "joined") {
      const remote = e.remoteUnit;
      if (remote === undefined || !remotesOf(sides, e.unit).includes(remote)) {
        problems.push(`${where}: joined needs a remote unit of the other side`);
        continue;
      }
      const seen = joined.get(e.unit) ?? new Set<string>();
      if (seen.has(remote)) problems.push(`${where}: joined twice about ${remote}`);
      seen.add(remote);
      joined.set(e.unit, seen);
      pendingChanged.set(e.unit, remote);
      continue;
    }
    if (e.event === "changed") {
      if (e.remoteUnit !== undefined && !(joined.get(e.unit)?.has(e.remoteUnit) ?? false)) problems.push(`${where}: changed about a unit not joined yet (O4)`);
      continue;
    }
    problems.push(`${where}: ${e.event} does not belong to establishing a relation`);
  }
  for (const unit of units) {
    const pending = pendingChanged.get(unit);
    if (pending !== undefined) problems.push(`${unit}: relation-changed about ${pending} never followed joined (O4)`);
    if (!created.has(unit)) problems.push(`${unit}: never ran relation-created`);
    for (const remote of remotesOf(sides, unit)) {
      if (!(joined.get(unit)?.has(remote) ?? false)) problems.push(`${unit}: never joined ${remote}`);
    }
  }
  return problems;
}

/**
 * Every order Juju may choose (O1-O5) for establishing a relation between `sides`, lazily.
 * Changed-after-joined pairs are atomic per unit (O4). The count grows fast: keep sides small
 * (1x1: 6 orders, see `countEstablishmentOrders`), or stop iterating early.
 */
export function* establishmentOrders(sides: RelationSides): Generator<RelationHookEvent[]> {
  const units = [...sides.requirers, ...sides.providers].sort(byUnitName);
  // Per unit: has it run created; which remotes it joined.
  const created = new Set<string>();
  const joined = new Map<string, Set<string>>(units.map((u) => [u, new Set<string>()]));
  const out: RelationHookEvent[] = [];
  const total = units.reduce((sum, u) => sum + 1 + 2 * remotesOf(sides, u).length, 0);

  function* step(): Generator<RelationHookEvent[]> {
    if (out.length === total) {
      yield [...out];
      return;
    }
    for (const unit of units) {
      if (!created.has(unit)) {
        created.add(unit);
        out.push({ unit, event: "created" });
        yield* step();
        out.pop();
        created.delete(unit);
        continue;
      }
      const seen = joined.get(unit) as Set<string>;
      for (const remote of [...remotesOf(sides, unit)].sort(byUnitName)) {
        if (seen.has(remote)) continue;
        seen.add(remote);
        out.push({ unit, event: "joined", remoteUnit: remote }, { unit, event: "changed", remoteUnit: remote });
        yield* step();
        out.pop();
        out.pop();
        seen.delete(remote);
      }
    }
  }
  yield* step();
}

/** How many orders `establishmentOrders(sides)` yields (counted without building them). */
export function countEstablishmentOrders(sides: RelationSides): number {
  let n = 0;
  for (const _order of establishmentOrders(sides)) n++;
  return n;
}

/**
 * The hooks of one unit leaving the relation (O6): departed about each remote unit it knows,
 * in unit-name order, then broken.
 */
export function teardownSequence(unit: string, knownRemotes: readonly string[]): RelationHookEvent[] {
  return [...[...knownRemotes].sort(byUnitName).map((remoteUnit) => ({ unit, event: "departed" as const, remoteUnit })), { unit, event: "broken" }];
}

/**
 * Every order of `remove-relation` (O1, O6): the interleavings of each unit's teardown sequence.
 */
export function* teardownOrders(sides: RelationSides): Generator<RelationHookEvent[]> {
  const sequences = [...sides.requirers, ...sides.providers].sort(byUnitName).map((u) => teardownSequence(u, remotesOf(sides, u)));
  const positions = sequences.map(() => 0);
  const total = sequences.reduce((sum, s) => sum + s.length, 0);
  const out: RelationHookEvent[] = [];
  function* step(): Generator<RelationHookEvent[]> {
    if (out.length === total) {
      yield [...out];
      return;
    }
    for (const [i, seq] of sequences.entries()) {
      const at = positions[i] as number;
      if (at >= seq.length) continue;
      out.push(seq[at] as RelationHookEvent);
      positions[i] = at + 1;
      yield* step();
      positions[i] = at;
      out.pop();
    }
  }
  yield* step();
}

/** Problems of a teardown `order` against O6 (per-unit sequence), [] when admissible. */
export function teardownOrderProblems(order: readonly RelationHookEvent[], sides: RelationSides): string[] {
  const problems: string[] = [];
  for (const unit of [...sides.requirers, ...sides.providers]) {
    const expected = teardownSequence(unit, remotesOf(sides, unit)).map(describeRelationHook);
    const actual = order.filter((e) => e.unit === unit).map(describeRelationHook);
    if (JSON.stringify(actual) !== JSON.stringify(expected)) problems.push(`${unit}: ran [${actual.join(", ")}], Juju runs [${expected.join(", ")}] (O6)`);
  }
  return problems;
}
