/**
 * The event decision of relation-changed, as a pure function: given the previous snapshot, the
 * provider's live app databag, its unit databags and what this charm requested, decide the
 * ordered events to emit and the next snapshot (E-02..E-15, U-01, U-02, N-02, V-05..V-08).
 */
import { z } from "zod";
import type { EventMode } from "./request-config.js";
import { parseStatuses, statusChanges, type ProviderStatus } from "./provider-status.js";
import { groupOfSecretKey, type SecretGroup } from "./secret-groups.js";
import { diffSnapshot, takeSnapshot, type Snapshot, type SnapshotDiff, type V1Snapshot } from "./snapshot.js";

/** Events carrying provider data (aliasable). */
export type DataEventName =
  | "databaseCreated"
  | "databaseEntityCreated"
  | "endpointsChanged"
  | "readOnlyEndpointsChanged"
  | "prefixDatabasesChanged"
  | "tlsChanged"
  | "credentialsRotated";

/** One decided event, in emission order. */
export type DecidedEvent =
  | {
      /** A status event. */
      readonly kind: "statusRaised" | "statusResolved";
      /** The status raised or resolved. */
      readonly status: ProviderStatus;
    }
  | {
      /** A data event. */
      readonly kind: DataEventName;
      /** The v1 request the response answers (v0: absent). */
      readonly requestId?: string;
    };

/** A secret URI to (re)read with the consumer label attached (S-02, S-06). */
export interface LabelRegistration {
  /** The secret group. */
  readonly group: SecretGroup;
  /** The secret URI the provider published. */
  readonly uri: string;
  /** The v1 request it belongs to (v0: absent). */
  readonly requestId?: string;
}

/** Inputs of the decision. */
export interface DecisionInput {
  /** `endpoint:id`, for error messages. */
  readonly relation: string;
  /** The stored snapshot of the provider's databag (undefined = none yet). */
  readonly previous: Snapshot | undefined;
  /** The provider's app databag now. */
  readonly remoteApp: Readonly<Record<string, string>>;
  /** The provider application's name; remote units are matched exactly (U-01). */
  readonly remoteAppName: string;
  /** Databags of the units on the relation, by unit name. */
  readonly remoteUnits: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** From the local request (N-02); undefined = unknown, use the provider's `data` like the reference. */
  readonly entityRequested: boolean | undefined;
  /** Which data events to emit. */
  readonly mode: EventMode;
  /** Keys whose values are digested in the snapshot (the requested secret fields). */
  readonly secretKeys: ReadonlySet<string>;
}

/** Output of the decision. */
export interface Decision {
  /** Events to emit, in order. */
  readonly events: readonly DecidedEvent[];
  /** True when a subordinate provider is not ready: no data events, data snapshot untouched (E-03). */
  readonly gated: boolean;
  /** Snapshot to store (while gated only its `status` follows the provider, U-02). */
  readonly nextSnapshot: Snapshot;
  /** Secrets to read with the consumer label attached. */
  readonly registrations: readonly LabelRegistration[];
  /** What changed against the snapshot (undefined when gated). */
  readonly diff: SnapshotDiff | undefined;
}

/** E-03/U-01: `subordinated == "true"` and no unit of exactly the provider app reports `state: ready`. */
export function isGated(
  remoteApp: Readonly<Record<string, string>>,
  remoteAppName: string,
  remoteUnits: Readonly<Record<string, Readonly<Record<string, string>>>>,
): boolean {
  if (remoteApp["subordinated"] !== "true") return false;
  for (const [unit, bag] of Object.entries(remoteUnits)) {
    const app = unit.slice(0, unit.lastIndexOf("/"));
    if (app === remoteAppName && bag["state"] === "ready") return false;
  }
  return true;
}

const PeerSnapshot = z.record(z.string(), z.unknown());

function providerSawEntityRequest(remoteApp: Readonly<Record<string, string>>): boolean {
  const raw = remoteApp["data"];
  if (raw === undefined) return false;
  try {
    const parsed = PeerSnapshot.safeParse(JSON.parse(raw));
    return parsed.success && parsed.data["entity-type"] !== undefined && parsed.data["entity-type"] !== null;
  } catch {
    return false;
  }
}

function statusEvents(relation: string, previousRaw: string | undefined, currentRaw: string | undefined): DecidedEvent[] {
  const { raised, resolved } = statusChanges(parseStatuses(previousRaw, relation), parseStatuses(currentRaw, relation));
  return [
    ...raised.map((status) => ({ kind: "statusRaised" as const, status })),
    ...resolved.map((status) => ({ kind: "statusResolved" as const, status })),
  ];
}

function withStatus(snapshot: Snapshot | undefined, status: string | undefined): Snapshot {
  const next: Record<string, string> = { ...(snapshot ?? {}) };
  if (status === undefined) delete next["status"];
  else next["status"] = status;
  return next;
}

/** Data events of one diff, by the reference precedence, or all of them in `every` mode. */
function dataEvents(diff: SnapshotDiff, entity: boolean, mode: EventMode, requestId?: string): DecidedEvent[] {
  const { added, changed, deleted } = diff;
  const touched = (k: string): boolean => added.has(k) || changed.has(k) || (mode === "every" && deleted.has(k));
  const candidates: DataEventName[] = [];
  if (!entity && (added.has("secret-user") || (added.has("username") && added.has("password")))) candidates.push("databaseCreated");
  if (entity && (added.has("secret-entity") || added.has("entity-name"))) candidates.push("databaseEntityCreated");
  if (touched("endpoints")) candidates.push("endpointsChanged");
  if (touched("read-only-endpoints")) candidates.push("readOnlyEndpointsChanged");
  if (touched("prefix-databases")) candidates.push("prefixDatabasesChanged");
  const chosen = mode === "every" ? candidates : candidates.slice(0, 1);
  const created = chosen.includes("databaseCreated") || chosen.includes("databaseEntityCreated");
  // Beyond the reference (E-15, S-06): TLS and replaced credential secrets. In compatible mode a
  // creation event already carries both, so they are not repeated next to it.
  if (mode === "every" || !created) {
    const credentialKeys = entity ? ["secret-entity", "entity-name", "entity-password"] : ["secret-user", "username", "password", "uris", "read-only-uris"];
    if (credentialKeys.some((k) => changed.has(k))) chosen.push("credentialsRotated");
    if (["secret-tls", "tls", "tls-ca"].some(touched)) chosen.push("tlsChanged");
  }
  return chosen.map((kind) => (requestId === undefined ? { kind } : { kind, requestId }));
}

function registrationsOf(diff: SnapshotDiff, live: Readonly<Record<string, string>>, requestId?: string): LabelRegistration[] {
  const out: LabelRegistration[] = [];
  for (const key of [...diff.added, ...diff.changed]) {
    const group = groupOfSecretKey(key);
    const uri = live[key];
    if (group !== undefined && uri !== undefined) out.push(requestId === undefined ? { group, uri } : { group, uri, requestId });
  }
  return out;
}

/** The v0 decision (also used for a v1 provider answering a v0 request in the flat layout, V-08). */
export function decideV0(input: DecisionInput): Decision {
  const events = statusEvents(input.relation, input.previous?.["status"], input.remoteApp["status"]);
  if (isGated(input.remoteApp, input.remoteAppName, input.remoteUnits)) {
    return { events, gated: true, nextSnapshot: withStatus(input.previous, input.remoteApp["status"]), registrations: [], diff: undefined };
  }
  const diff = diffSnapshot(input.previous, input.remoteApp, input.secretKeys);
  const entity = input.entityRequested ?? providerSawEntityRequest(input.remoteApp);
  events.push(...dataEvents(diff, entity, input.mode));
  return {
    events,
    gated: false,
    nextSnapshot: takeSnapshot(input.remoteApp, input.secretKeys),
    registrations: registrationsOf(diff, input.remoteApp),
    diff,
  };
}

/** One v1 response, flattened to strings (nulls dropped). */
export type FlatResponse = Readonly<Record<string, string>>;

const ResponseList = z.array(z.record(z.string(), z.unknown()));

/** Parses the provider's v1 `requests` array into flat responses keyed by request id. */
export function parseV1Responses(raw: string | undefined): Map<string, FlatResponse> {
  const out = new Map<string, FlatResponse>();
  if (raw === undefined) return out;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return out;
  }
  const parsed = ResponseList.safeParse(json);
  if (!parsed.success) return out;
  for (const r of parsed.data) {
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(r)) {
      if (v === null || v === undefined) continue;
      flat[k] = typeof v === "string" ? v : JSON.stringify(v);
    }
    const id = flat["request-id"];
    if (id !== undefined) out.set(id, flat);
  }
  return out;
}

/** True when the provider answered in the v1 layout. */
export function isV1Layout(remoteApp: Readonly<Record<string, string>>): boolean {
  return remoteApp["version"] === "v1" && remoteApp["requests"] !== undefined;
}

/** Inputs of the v1 decision. */
export interface V1DecisionInput extends Omit<DecisionInput, "previous"> {
  /** The stored v1 snapshot (undefined = none yet). */
  readonly previous: V1Snapshot | undefined;
  /** Our request ids; responses to other ids are ignored. */
  readonly requestIds: readonly string[];
}

/** Output of the v1 decision. */
export interface V1Decision extends Omit<Decision, "nextSnapshot"> {
  /** The v1 snapshot to store. */
  readonly nextSnapshot: V1Snapshot;
}

/**
 * The v1 decision: statuses against our own stored baseline (G-V2), then per response the first
 * matching rule (V-05) decided from the local request, never failing on a response the provider's
 * `data` lacks (G-V3).
 */
export function decideV1(input: V1DecisionInput): V1Decision {
  const prev = input.previous ?? { responses: {}, status: undefined };
  const events = statusEvents(input.relation, prev.status, input.remoteApp["status"]);
  const status = input.remoteApp["status"];
  if (isGated(input.remoteApp, input.remoteAppName, input.remoteUnits)) {
    return { events, gated: true, nextSnapshot: { responses: prev.responses, status }, registrations: [], diff: undefined };
  }
  const responses = parseV1Responses(input.remoteApp["requests"]);
  const nextResponses: Record<string, Snapshot> = {};
  const registrations: LabelRegistration[] = [];
  const entity = input.entityRequested ?? false;
  for (const id of input.requestIds) {
    const response = responses.get(id);
    if (response === undefined) continue;
    const diff = diffSnapshot(prev.responses[id], response, input.secretKeys);
    nextResponses[id] = takeSnapshot(response, input.secretKeys);
    registrations.push(...registrationsOf(diff, response, id));
    events.push(...dataEvents(diff, entity, input.mode, id));
  }
  return { events, gated: false, nextSnapshot: { responses: nextResponses, status }, registrations, diff: undefined };
}
