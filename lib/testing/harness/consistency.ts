/**
 * The consistency checker: refuses a (state, event) pair that could not happen under Juju,
 * with one message per problem that names the relation, secret, option or parameter.
 * The rules follow Scenario's checker (docs/juju-contract.md#consistency-checks).
 */
import type { CharmSpec } from "../juju/model.js";
import { hasSecrets } from "../juju/model.js";
import { describeEvent, type HarnessEvent } from "./events.js";
import type { AnyRelation, State } from "./state.js";
import { remoteUnitNames } from "./state.js";

/** Thrown by `ctx.run` when the state or event is impossible; `problems` lists every rule broken. */
export class InconsistentScenarioError extends Error {
  /** @param problems one sentence per broken rule */
  constructor(readonly problems: readonly string[]) {
    super(`inconsistent scenario (change the State or the event so that Juju could produce them):\n - ${problems.join("\n - ")}`);
    this.name = "InconsistentScenarioError";
  }
}

/** Who runs: the charm, its application name and unit number, and the Juju version. */
export interface CheckTarget {
  /** The charm's metadata, config and actions. */
  readonly charm: CharmSpec;
  /** The application name. */
  readonly appName: string;
  /** The unit number. */
  readonly unitId: number;
  /** The Juju version simulated. */
  readonly jujuVersion: string;
}

const ACTION_PARAM_TYPES = new Set(["string", "boolean", "integer", "number", "array", "object"]);

/** Every problem with running `event` against `state`; empty when consistent. */
export function consistencyProblems(target: CheckTarget, state: State, event: HarnessEvent): string[] {
  return [...configProblems(target, state), ...relationProblems(target, state), ...secretProblems(target, state), ...eventProblems(target, state, event)];
}

/** Throws `InconsistentScenarioError` when `consistencyProblems` finds anything. */
export function checkConsistency(target: CheckTarget, state: State, event: HarnessEvent): void {
  const problems = consistencyProblems(target, state, event);
  if (problems.length > 0) throw new InconsistentScenarioError(problems);
}

function configProblems({ charm }: CheckTarget, state: State): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(state.config)) {
    const option = charm.config[key];
    if (!option) {
      problems.push(`config option "${key}" is not declared in config.yaml`);
      continue;
    }
    const ok =
      (option.type === "string" && typeof value === "string") ||
      (option.type === "int" && typeof value === "number" && Number.isInteger(value)) ||
      (option.type === "float" && typeof value === "number") ||
      (option.type === "boolean" && typeof value === "boolean") ||
      (option.type === "secret" && typeof value === "string" && /^secret:[0-9a-z]{20}$/.test(value));
    if (!ok) problems.push(`config option "${key}" is declared as ${option.type} but the state gives ${typeof value} ${option.type === "secret" ? "(expected secret:<20 lowercase alphanumerics>)" : ""}`.trimEnd());
  }
  return problems;
}

function relationProblems({ charm, appName, unitId }: CheckTarget, state: State): string[] {
  const problems: string[] = [];
  const seen = new Set<number>();
  for (const rel of state.relations) {
    const name = `relation ${rel.endpoint}:${rel.id}`;
    if (seen.has(rel.id)) problems.push(`relation id ${rel.id} is used by more than one relation`);
    seen.add(rel.id);
    const ep = charm.endpoints[rel.endpoint];
    if (!ep) {
      problems.push(`${name}: endpoint "${rel.endpoint}" is not declared in metadata.yaml`);
      continue;
    }
    if (ep.role === "peers" && rel.kind !== "peer") problems.push(`${name}: "${rel.endpoint}" is a peer endpoint; use peerRelation()`);
    if (ep.role !== "peers" && rel.kind === "peer") problems.push(`${name}: "${rel.endpoint}" is not a peer endpoint; peerRelation() is only for peers`);
    const container = ep.scope === "container";
    if (container && rel.kind === "regular") problems.push(`${name}: "${rel.endpoint}" has scope container; use subordinateRelation()`);
    if (!container && rel.kind === "subordinate") problems.push(`${name}: "${rel.endpoint}" is not a container-scoped endpoint; subordinateRelation() is only for those`);
    if (rel.kind !== "peer" && rel.remoteApp === appName) problems.push(`${name}: the remote application cannot be the unit's own application "${appName}" (use a peer relation)`);
    if (rel.kind === "peer" && unitId in rel.peersData) problems.push(`${name}: peersData must not contain the unit under test (${appName}/${unitId})`);
  }
  return problems;
}

function secretProblems({ jujuVersion }: CheckTarget, state: State): string[] {
  const problems: string[] = [];
  if (state.secrets.length > 0 && !hasSecrets(jujuVersion)) problems.push(`secrets need Juju >= 3.0.3; the context runs Juju ${jujuVersion}`);
  const ids = new Set<string>();
  for (const s of state.secrets) {
    if (!/^secret:[0-9a-z]{20}$/.test(s.id)) problems.push(`secret id "${s.id}" is not of the form secret:<20 lowercase alphanumerics>`);
    if (ids.has(s.id)) problems.push(`secret ${s.id} appears more than once`);
    ids.add(s.id);
    if (s.latestRevision < s.trackedRevision) problems.push(`secret ${s.id}: latestRevision ${s.latestRevision} is older than trackedRevision ${s.trackedRevision}`);
  }
  return problems;
}

function relationInState(state: State, rel: AnyRelation): AnyRelation | undefined {
  return state.relations.find((r) => r.id === rel.id && r.endpoint === rel.endpoint);
}

function eventProblems(target: CheckTarget, state: State, event: HarnessEvent): string[] {
  const label = describeEvent(event);
  switch (event.kind) {
    case "hook":
      return [];
    case "relation": {
      const rel = relationInState(state, event.relation);
      if (!rel) return [`${label}: relation ${event.relation.endpoint}:${event.relation.id} is not in the state's relations`];
      if (!target.charm.endpoints[rel.endpoint]) return [];
      const units = remoteUnitNames(rel, target.appName);
      const problems: string[] = [];
      if (event.event === "joined" || event.event === "changed" || event.event === "departed") {
        if (units.length === 0 && event.remoteUnit === undefined) {
          problems.push(`${label}: relation ${rel.endpoint}:${rel.id} has no remote units; ${event.event} needs a remote unit`);
        }
        if (event.remoteUnit === undefined && units.length > 1 && event.event !== "changed") {
          problems.push(`${label}: relation ${rel.endpoint}:${rel.id} has ${units.length} remote units; say which with { remoteUnit }`);
        }
      }
      if (event.remoteUnit !== undefined) {
        const name = unitName(event.remoteUnit, rel, target.appName);
        if (!units.includes(name) && event.event !== "departed") problems.push(`${label}: remote unit ${name} is not a unit of relation ${rel.endpoint}:${rel.id} (units: ${units.join(", ") || "none"})`);
      }
      return problems;
    }
    case "secret": {
      const secret = state.secrets.find((s) => s.id === event.secret.id);
      const problems: string[] = [];
      if (!hasSecrets(target.jujuVersion)) problems.push(`${label}: secrets need Juju >= 3.0.3; the context runs Juju ${target.jujuVersion}`);
      if (!secret) return [...problems, `${label}: secret ${event.secret.id} is not in the state's secrets`];
      if (event.event === "changed" && secret.owner !== undefined) problems.push(`${label}: secret ${secret.id} is owned by this ${secret.owner}; secret-changed goes only to observers`);
      if (event.event !== "changed" && secret.owner === undefined) problems.push(`${label}: secret ${secret.id} is not owned by this unit or application; secret-${event.event} goes only to the owner`);
      if ((event.event === "remove" || event.event === "expired") && (event.revision === undefined || event.revision < 1)) problems.push(`${label}: a revision >= 1 is required`);
      return problems;
    }
    case "action": {
      const spec = target.charm.actions[event.name];
      if (!spec) return [`action "${event.name}" is not declared in actions.yaml`];
      const problems: string[] = [];
      const params = spec.params ?? {};
      for (const [name, p] of Object.entries(params)) {
        if (p.type === undefined) problems.push(`action "${event.name}": parameter "${name}" has no type in actions.yaml`);
        else if (!ACTION_PARAM_TYPES.has(p.type)) problems.push(`action "${event.name}": parameter "${name}" has unknown type "${p.type}"`);
      }
      for (const [name, value] of Object.entries(event.params)) {
        const p = params[name];
        if (!p) {
          if (spec.additionalProperties !== true) problems.push(`action "${event.name}": parameter "${name}" is not declared in actions.yaml`);
          continue;
        }
        if (p.type !== undefined && !matchesJsonType(value, p.type)) problems.push(`action "${event.name}": parameter "${name}" must be of type ${p.type}`);
      }
      for (const name of spec.required ?? []) {
        if (!(name in event.params) && params[name]?.default === undefined) problems.push(`action "${event.name}": required parameter "${name}" is missing`);
      }
      return problems;
    }
  }
}

function matchesJsonType(value: unknown, type: string): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "array":
      return Array.isArray(value);
    case "object":
      return value !== null && typeof value === "object" && !Array.isArray(value);
    default:
      return true;
  }
}

/** A unit name from a number or name, relative to the relation's remote application. */
export function unitName(unit: string | number, rel: AnyRelation, appName: string): string {
  if (typeof unit === "string") return unit;
  return `${rel.kind === "peer" ? appName : rel.remoteApp}/${unit}`;
}
