/**
 * Lookups the simulator's operations share: applications and units that must exist, units in
 * unit-number order, and the relation (or relation ends) a `juju integrate` / `remove-relation`
 * argument pair names. Each throws {@link SimulatorError} with the message Juju would give.
 */
import type { ModelState, RelationEnd, RelationState } from "../juju/model.js";
import { appOfUnit, findRelation, localEnd } from "../juju/model.js";
import { SimulatorError } from "./errors.js";

/** An `app` or `app:endpoint` reference, parsed. */
export interface EndpointRef {
  readonly app: string;
  readonly endpoint?: string;
}

/** `app` or `app:endpoint`, as `juju integrate` takes it. */
export function parseEndpointRef(ref: string): { app: string; endpoint?: string } {
  const colon = ref.indexOf(":");
  return colon < 0 ? { app: ref } : { app: ref.slice(0, colon), endpoint: ref.slice(colon + 1) };
}

function unitNumber(unit: string): number {
  return Number(unit.slice(unit.indexOf("/") + 1));
}

/** Sort comparator: unit names by unit number. */
export function byUnitNumber(a: string, b: string): number {
  return unitNumber(a) - unitNumber(b);
}

/** The application called `name`, or a SimulatorError. */
export function requireApp(state: ModelState, name: string): NonNullable<ModelState["applications"][string]> {
  const app = state.applications[name];
  if (app === undefined) throw new SimulatorError(`application "${name}" not found`);
  return app;
}

/** Throws a SimulatorError unless `unit` is in the model. */
export function requireUnit(state: ModelState, unit: string): void {
  if (state.units[unit] === undefined) throw new SimulatorError(`unit "${unit}" not found`);
}

/** Units of `app`, by unit number. */
export function unitsOf(state: ModelState, app: string): string[] {
  return Object.keys(state.units)
    .filter((u) => appOfUnit(u) === app)
    .sort(byUnitNumber);
}

/** The one pair of compatible endpoints `a` and `b` name, for a relation that does not exist yet. */
export function resolveEndpoints(state: ModelState, a: EndpointRef, b: EndpointRef): [RelationEnd, RelationEnd] {
  const appA = requireApp(state, a.app);
  const appB = requireApp(state, b.app);
  const candidates: [RelationEnd, RelationEnd][] = [];
  for (const [epA, specA] of Object.entries(appA.charm.endpoints)) {
    if (a.endpoint !== undefined && a.endpoint !== epA) continue;
    for (const [epB, specB] of Object.entries(appB.charm.endpoints)) {
      if (b.endpoint !== undefined && b.endpoint !== epB) continue;
      const roles = new Set([specA.role, specB.role]);
      if (specA.interface === specB.interface && roles.has("requires") && roles.has("provides")) {
        candidates.push([
          { app: a.app, endpoint: epA },
          { app: b.app, endpoint: epB },
        ]);
      }
    }
  }
  const describe = (ends: [RelationEnd, RelationEnd]): string => `${ends[0].app}:${ends[0].endpoint} ${ends[1].app}:${ends[1].endpoint}`;
  const [only, ...more] = candidates;
  if (only === undefined) throw new SimulatorError(`no relations found between "${a.app}${a.endpoint ? `:${a.endpoint}` : ""}" and "${b.app}${b.endpoint ? `:${b.endpoint}` : ""}"`);
  if (more.length > 0) throw new SimulatorError(`ambiguous relation: "${a.app} ${b.app}" could refer to ${candidates.map(describe).join("; ")}`);
  const exists = state.relations.some(
    (r) => r.ends.length === 2 && only.every((end) => r.ends.some((e) => e.app === end.app && e.endpoint === end.endpoint)),
  );
  if (exists) throw new SimulatorError(`relation ${describe(only)} already exists`);
  return only;
}

/** The existing relation named by a relation id, or by two `app[:endpoint]` references. */
export function findRelationByRefs(state: ModelState, a: string, b: string | undefined): RelationState {
  if (b === undefined && /^\d+$/.test(a)) {
    const rel = findRelation(state, Number(a));
    if (rel === undefined || rel.ends.length === 1) throw new SimulatorError(`relation ${a} not found`);
    return rel;
  }
  if (b === undefined) throw new SimulatorError(`remove-relation needs two applications (or one relation id)`);
  const refA = parseEndpointRef(a);
  const refB = parseEndpointRef(b);
  const matches = state.relations.filter((r) => {
    if (r.ends.length !== 2) return false;
    const endA = localEnd(r, refA.app);
    const endB = localEnd(r, refB.app);
    return (
      endA !== undefined &&
      endB !== undefined &&
      endA !== endB &&
      (refA.endpoint === undefined || refA.endpoint === endA.endpoint) &&
      (refB.endpoint === undefined || refB.endpoint === endB.endpoint)
    );
  });
  const [only, ...more] = matches;
  if (only === undefined) throw new SimulatorError(`relation "${a} ${b}" not found`);
  if (more.length > 0) throw new SimulatorError(`ambiguous relation "${a} ${b}": give the endpoints (relation ids ${matches.map((r) => r.id).join(", ")})`);
  return only;
}

/**
 * Whether `rel` is container-scoped: either end's endpoint declares `scope: container` (Juju
 * then relates only units in the same container: a principal unit and its subordinates).
 */
export function isContainerScoped(state: ModelState, rel: RelationState): boolean {
  return rel.ends.some((end) => state.applications[end.app]?.charm.endpoints[end.endpoint]?.scope === "container");
}

/** The subordinate units deployed beside `principal`, in name order. */
export function subordinatesOf(state: ModelState, principal: string): string[] {
  return Object.values(state.units)
    .filter((u) => u.principal === principal)
    .map((u) => u.name)
    .sort((a, b) => a.localeCompare(b));
}

/** For a container-scoped relation between a principal and a subordinate application: which is which. */
export function subordinateEnds(state: ModelState, rel: RelationState): { principal: string; subordinate: string } | undefined {
  if (rel.ends.length !== 2 || !isContainerScoped(state, rel)) return undefined;
  const [a, b] = rel.ends;
  const subA = state.applications[a.app]?.charm.subordinate === true;
  const subB = state.applications[b.app]?.charm.subordinate === true;
  if (subA === subB) return undefined;
  return subA ? { principal: b.app, subordinate: a.app } : { principal: a.app, subordinate: b.app };
}
