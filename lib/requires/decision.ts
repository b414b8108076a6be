/**
 * The event decision, as a pure function of what the engine remembers and what the provider
 * shows now (no I/O): which events a hook announces, and what to remember next.
 */
import { providerSawEntityRequest } from "../interfaces/database/request-rules.js";
import type { EventMode } from "./options.js";
import { diffSnapshot, takeSnapshot, type Snapshot, type SnapshotDiff, type V1Snapshot, type ValueDigester } from "./memory.js";
import { parseStatuses, statusChanges, type ProviderStatus } from "./provider-answer.js";
import { parseV1Responses, type FlatResponse } from "../interfaces/v1/response.js";

// ---- event decision ----------------------------------------------------------------------------

/**
 * The event decision, as a pure function: given the remembered snapshot, the provider's live view
 * with every secret field already resolved (the group secrets read, or the plain databag fields
 * on models without secrets), its unit databags and what this charm requested, decide the
 * ordered events to emit and the next snapshot (docs/protocol.md#e-02..E-15, docs/protocol.md#u-01, docs/protocol.md#u-02, docs/protocol.md#n-02, docs/protocol.md#v-05..V-08).
 *
 * Events follow the resolved values, never which databag key changed (issue 13): a creation
 * event needs the credentials it promises and fires once per request; `credentialsRotated`
 * fires when the username or password (the entity's name or password) differ from the announced
 * ones; `tlsChanged` when `tls` or `tls-ca` differ. The same decision serves relation-changed,
 * secret-changed and re-checks, so whichever hook sees a change first announces it once.
 */

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

/** Inputs of the decision. */
export interface DecisionInput {
  /** `endpoint:id`, for error messages. */
  readonly relation: string;
  /** The remembered snapshot of the provider's view (undefined = none yet). */
  readonly previous: Snapshot | undefined;
  /** The provider's view now: its app databag with the secret fields resolved (`secret-*` keys are ignored). */
  readonly remoteApp: Readonly<Record<string, string>>;
  /** The provider application's name; remote units are matched exactly (docs/protocol.md#u-01). */
  readonly remoteAppName: string;
  /** Databags of the units on the relation, by unit name. */
  readonly remoteUnits: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** From the local request (docs/protocol.md#n-02); undefined = unknown, use the provider's `data` like the reference. */
  readonly entityRequested: boolean | undefined;
  /** Which data events to emit. */
  readonly mode: EventMode;
  /** Keys whose values are digested in the snapshot (the requested secret fields). */
  readonly secretKeys: ReadonlySet<string>;
  /** The keyed digest of secret-bearing values. */
  readonly digest: ValueDigester;
  /** Whether the creation event of this relation was already announced. */
  readonly created: boolean;
}

/** Output of the decision. */
export interface Decision {
  /** Events to emit, in order. */
  readonly events: readonly DecidedEvent[];
  /** True when a subordinate provider is not ready: no data events, data snapshot untouched (docs/protocol.md#e-03). */
  readonly gated: boolean;
  /** Snapshot to store (while gated only its `status` follows the provider, docs/protocol.md#u-02). */
  readonly nextSnapshot: Snapshot;
  /** Whether the creation event was announced, now or before. */
  readonly created: boolean;
  /** What changed against the snapshot (undefined when gated). */
  readonly diff: SnapshotDiff | undefined;
}

/** docs/protocol.md#e-03/docs/protocol.md#u-01: `subordinated == "true"` and no unit of exactly the provider app reports `state: ready`. */
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

/** Fields whose change is a rotation of the credentials a creation event announced. */
const CREDENTIAL_FIELDS = { user: ["username", "password"], entity: ["entity-name", "entity-password"] } as const;
const TLS_FIELDS = ["tls", "tls-ca"] as const;

/** Whether the view carries the credentials a creation event promises (docs/protocol.md#r-01). */
function hasCredentials(view: Readonly<Record<string, string>>, entity: boolean): boolean {
  if (entity) return (view["entity-name"] ?? "") !== "";
  return (view["username"] ?? "") !== "" && (view["password"] ?? "") !== "";
}

/**
 * Data events of one diff, by the reference precedence, or all of them in `every` mode.
 * `created`: whether the creation event was announced before this hook.
 */
function dataEvents(diff: SnapshotDiff, live: Readonly<Record<string, string>>, entity: boolean, created: boolean, mode: EventMode, requestId?: string): { events: DecidedEvent[]; created: boolean } {
  const { added, changed, deleted } = diff;
  const touched = (k: string): boolean => added.has(k) || changed.has(k) || (mode === "every" && deleted.has(k));
  const candidates: DataEventName[] = [];
  const createsNow = !created && hasCredentials(live, entity);
  if (createsNow) candidates.push(entity ? "databaseEntityCreated" : "databaseCreated");
  if (touched("endpoints")) candidates.push("endpointsChanged");
  if (touched("read-only-endpoints")) candidates.push("readOnlyEndpointsChanged");
  if (touched("prefix-databases")) candidates.push("prefixDatabasesChanged");
  const chosen = mode === "every" ? candidates : candidates.slice(0, 1);
  // Beyond the reference (docs/protocol.md#e-15, docs/protocol.md#s-06): rotation and TLS. In compatible mode a creation event
  // already carries both, so they are not repeated next to it.
  if (mode === "every" || !createsNow) {
    const credentials = entity ? CREDENTIAL_FIELDS.entity : CREDENTIAL_FIELDS.user;
    if (created && credentials.some((k) => changed.has(k))) chosen.push("credentialsRotated");
    if (TLS_FIELDS.some((k) => added.has(k) || changed.has(k) || deleted.has(k))) chosen.push("tlsChanged");
  }
  return { events: chosen.map((kind) => (requestId === undefined ? { kind } : { kind, requestId })), created: created || createsNow };
}

/** The v0 decision (also used for a v1 provider answering a v0 request in the flat layout, docs/protocol.md#v-08). */
export function decideV0(input: DecisionInput): Decision {
  const events = statusEvents(input.relation, input.previous?.["status"], input.remoteApp["status"]);
  if (isGated(input.remoteApp, input.remoteAppName, input.remoteUnits)) {
    return { events, gated: true, nextSnapshot: withStatus(input.previous, input.remoteApp["status"]), created: input.created, diff: undefined };
  }
  const view = withoutSecretKeys(input.remoteApp);
  const diff = diffSnapshot(input.previous, view, input.secretKeys, input.digest);
  const entity = input.entityRequested ?? providerSawEntityRequest(input.remoteApp);
  const data = dataEvents(diff, view, entity, input.created, input.mode);
  events.push(...data.events);
  return { events, gated: false, nextSnapshot: takeSnapshot(view, input.secretKeys, input.digest), created: data.created, diff };
}

/** The view without `secret-*` keys: which secret holds a value is not itself news. */
function withoutSecretKeys(view: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(view).filter(([k]) => !k.startsWith("secret-")));
}

/** Inputs of the v1 decision. */
export interface V1DecisionInput extends Omit<DecisionInput, "previous" | "created"> {
  /** The stored v1 snapshot (undefined = none yet). */
  readonly previous: V1Snapshot | undefined;
  /** Our request ids; responses to other ids are ignored. */
  readonly requestIds: readonly string[];
  /** Request ids whose creation event was already announced. */
  readonly created: readonly string[];
  /** One response with its secret fields resolved (`remoteApp` holds the raw `requests`). */
  readonly resolve: (requestId: string, response: FlatResponse) => Readonly<Record<string, string>>;
}

/** Output of the v1 decision. */
export interface V1Decision extends Omit<Decision, "nextSnapshot" | "created"> {
  /** The v1 snapshot to store. */
  readonly nextSnapshot: V1Snapshot;
  /** Request ids whose creation event was announced, now or before. */
  readonly created: readonly string[];
}

/**
 * The v1 decision: statuses against our own stored baseline (docs/protocol.md#g-v2), then per response the first
 * matching rule (docs/protocol.md#v-05) decided from the local request, never failing on a response the provider's
 * `data` lacks (docs/protocol.md#g-v3).
 */
export function decideV1(input: V1DecisionInput): V1Decision {
  const prev = input.previous ?? { responses: {}, status: undefined };
  const events = statusEvents(input.relation, prev.status, input.remoteApp["status"]);
  const status = input.remoteApp["status"];
  if (isGated(input.remoteApp, input.remoteAppName, input.remoteUnits)) {
    return { events, gated: true, nextSnapshot: { responses: prev.responses, status }, created: input.created, diff: undefined };
  }
  const responses = parseV1Responses(input.remoteApp["requests"]);
  const nextResponses: Record<string, Snapshot> = {};
  const created = new Set(input.created);
  const entity = input.entityRequested ?? false;
  for (const id of input.requestIds) {
    const response = responses.get(id);
    if (response === undefined) continue;
    const view = withoutSecretKeys(input.resolve(id, response));
    const diff = diffSnapshot(prev.responses[id], view, input.secretKeys, input.digest);
    nextResponses[id] = takeSnapshot(view, input.secretKeys, input.digest);
    const data = dataEvents(diff, view, entity, created.has(id), input.mode, id);
    if (data.created) created.add(id);
    events.push(...data.events);
  }
  return { events, gated: false, nextSnapshot: { responses: nextResponses, status }, created: [...created], diff: undefined };
}
