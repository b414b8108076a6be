/**
 * Checks one databag against its lib/interfaces codec and turns the outcome into a
 * {@link BagReport}: field problems with hints, secret URIs listed (never resolved), the names of
 * secret-bearing keys (never their values) and near-miss key names.
 */
import {
  PostgreSQLRequirerAppDatabag,
  isSecretUri,
  requestProblems,
  type BagCodec,
  type DatabagSide,
  type FieldProblem,
} from "../interfaces/index.js";
import { readRequestEntries } from "../interfaces/v1/request-entries.js";
import { diagnoseEndpoints } from "./endpoint-diagnosis.js";
import { hintFor, NON_STRING_HINT } from "./field-hints.js";
import { codecFor, isV0Interface, isV1Bag, type BagScope, type SupportedInterface } from "./interface-catalog.js";
import { closestKey } from "./key-suggestions.js";
import { runtimeValueProblems } from "./runtime-checks.js";
import type { LooseBag } from "./show-unit-input.js";
import type { BagReport, FieldFinding, SecretReference } from "./validation-report.js";

/** Keys Juju itself writes into every unit databag. */
const JUJU_UNIT_KEYS = new Set(["egress-subnets", "ingress-address", "private-address"]);
const SECRET_URI_KEYS = new Set(["requested-entity-secret", "encryption-secret"]);

/** What is being checked. */
export interface BagTarget {
  /** Application or unit name of the writer. */
  readonly owner: string;
  /** The interface of the relation. */
  readonly iface: SupportedInterface;
  /** The side that wrote the databag. */
  readonly side: DatabagSide;
  /** Application or unit databag. */
  readonly scope: BagScope;
  /** The bag is an action's output with secrets resolved (get-credentials), not a raw databag. */
  readonly resolved?: boolean;
}

const ENDPOINT_KEYS = new Set(["endpoints", "read-only-endpoints"]);

/** Replaces the model's generic endpoint message where a more exact one exists. */
function preciseEndpointProblems(problems: readonly FieldProblem[], bag: LooseBag): FieldProblem[] {
  return problems.map((p) => {
    const value = bag[p.field];
    if (!ENDPOINT_KEYS.has(p.field) || typeof value !== "string") return p;
    const precise = diagnoseEndpoints(value);
    return precise === undefined ? p : { field: p.field, problem: precise };
  });
}

function findingsOf(problems: readonly FieldProblem[], side: DatabagSide): FieldFinding[] {
  return problems.map((p) => ({
    field: p.field,
    problem: p.problem,
    hint: p.problem === "databag values must be strings" ? NON_STRING_HINT : hintFor(p.field, side),
  }));
}

function secretReferencesOf(entries: LooseBag, prefix: string): SecretReference[] {
  const refs: SecretReference[] = [];
  for (const [key, value] of Object.entries(entries)) {
    if (!(key.startsWith("secret-") || SECRET_URI_KEYS.has(key))) continue;
    if (typeof value === "string" && isSecretUri(value)) refs.push({ field: `${prefix}${key}`, uri: value });
  }
  return refs;
}

/** v1 databags carry their secret URIs inside the `requests` JSON array, one object per request. */
function secretReferencesIn(bag: LooseBag): SecretReference[] {
  const refs = secretReferencesOf(bag, "");
  const requests = bag["requests"];
  if (typeof requests !== "string") return refs;
  const list = readRequestEntries(requests);
  if (list === undefined) return refs;
  return [...refs, ...list.flatMap((entry, i) => secretReferencesOf(entry, `requests[${i}].`))];
}

function secretBearingKeys(codec: BagCodec<unknown>, bag: LooseBag): string[] {
  const keys: string[] = [];
  for (const [prop, spec] of Object.entries(codec.fields)) {
    const wire = codec.wireKeyOf(prop);
    if (spec.secret && bag[wire] !== undefined && bag[wire] !== "") keys.push(wire);
  }
  return keys;
}

function unknownKeyNotes(codec: BagCodec<unknown>, bag: LooseBag): string[] {
  const known = Object.keys(codec.fields).map((p) => codec.wireKeyOf(p));
  const notes: string[] = [];
  for (const key of Object.keys(bag)) {
    if (known.includes(key) || JUJU_UNIT_KEYS.has(key)) continue;
    const near = closestKey(key, known);
    notes.push(
      near === undefined
        ? `unknown key "${key}" is kept but not part of the ${codec.name}`
        : `unknown key "${key}": did you mean "${near}"? (the protocol ignores "${key}")`,
    );
  }
  return notes;
}

/** Checks a v0 request for the rules no single field can express (entity roles, prefix). */
function requestRuleProblems(target: BagTarget, bag: LooseBag): FieldProblem[] {
  if (!isV0Interface(target.iface) || target.side !== "requirer" || target.scope !== "app" || isV1Bag(bag)) return [];
  // Every v0 interface shares the requirer app wire format; the postgresql_client codec gives the typed request.
  const decoded = PostgreSQLRequirerAppDatabag.decode(bag);
  return decoded.ok ? requestProblems(decoded.value) : [];
}

function fallbackNote(target: BagTarget, secretKeys: readonly string[]): string[] {
  const credentials = secretKeys.filter((k) => k !== "data");
  if (target.resolved === true || !isV0Interface(target.iface) || target.side !== "provider" || target.scope !== "app" || credentials.length === 0) return [];
  return [
    `credentials in plaintext (${credentials.join(", ")}): fallback mode, used when the requirer did not list them in requested-secrets or Juju is older than 3.0.3`,
  ];
}

/** Validates one databag and reports every finding. */
export function validateBag(target: BagTarget, bag: LooseBag): BagReport {
  const codec = codecFor(target.iface, target.side, target.scope, bag);
  const secretReferences = secretReferencesIn(bag);
  if (codec === undefined) {
    const userKeys = Object.keys(bag).filter((k) => !JUJU_UNIT_KEYS.has(k));
    return {
      ...target,
      model: undefined,
      valid: true,
      problems: [],
      secretReferences,
      secretBearingFields: [],
      notes: userKeys.length === 0 ? [] : [`the ${target.side} of ${target.iface} writes nothing in its ${target.scope} databag; these keys are ignored: ${userKeys.join(", ")}`],
    };
  }
  const decoded = codec.decode(bag);
  // The runtime refuses oversized or control-character provider values before decoding them.
  const runtime = target.side === "provider" && isV0Interface(target.iface) ? runtimeValueProblems(bag) : [];
  const modelProblems = decoded.ok ? requestRuleProblems(target, bag) : preciseEndpointProblems(decoded.problems, bag);
  const problems = [...runtime, ...modelProblems.filter((p) => !runtime.some((r) => r.field === p.field))];
  const secretKeys = secretBearingKeys(codec, bag);
  const empty = Object.keys(bag).every((k) => JUJU_UNIT_KEYS.has(k));
  const notes = [
    ...(empty ? [`empty: the ${target.side} has not written this databag yet`] : []),
    ...fallbackNote(target, secretKeys),
    ...unknownKeyNotes(codec, bag),
  ];
  return {
    owner: target.owner,
    scope: target.scope,
    side: target.side,
    model: codec.name,
    valid: problems.length === 0,
    problems: findingsOf(problems, target.side),
    secretReferences,
    secretBearingFields: secretKeys,
    notes,
    ...(target.resolved === true ? { resolved: true } : {}),
  };
}
