/**
 * `State`: the immutable input and output of one harness run, as seen from the unit under
 * test: leadership, config, relations (regular, peer, subordinate) with their databags,
 * secrets, what the unit keeps between hooks (stored state), statuses, workload version and model.
 *
 * Build it with `state({...})`, `relation({...})`, `peerRelation({...})`,
 * `subordinateRelation({...})` and `secret({...})`; every builder fills Juju-like defaults and
 * returns a deep-frozen object.
 */
import type { ConfigValue, SecretRotatePolicy, StatusInfo } from "../../ops/index.js";
import type { Databag } from "../juju/model.js";
import { STATE_LOOKUPS, type StateLookups } from "./state-lookups.js";

/** The address keys Juju puts in a unit databag (Scenario's default databag). */
export const DEFAULT_UNIT_BAG: Readonly<Databag> = Object.freeze({
  "private-address": "192.0.2.0",
  "ingress-address": "192.0.2.0",
  "egress-subnets": "192.0.2.0/24",
});

interface RelationCommon {
  /** Relation id, unique in the state; builders allocate one when left out. */
  readonly id: number;
  /** Endpoint name in the charm's metadata. */
  readonly endpoint: string;
  /** This application's databag of the relation (the leader writes it). */
  readonly localAppData: Readonly<Databag>;
  /** This unit's databag of the relation. */
  readonly localUnitData: Readonly<Databag>;
}

/** A regular (non-peer, non-subordinate) relation to a remote application. */
export interface Relation extends RelationCommon {
  /** Discriminant: a regular relation. */
  readonly kind: "regular";
  /** The remote application's name. */
  readonly remoteApp: string;
  /** The remote application's databag. */
  readonly remoteAppData: Readonly<Databag>;
  /** Remote unit databags by unit number: unit `<remoteApp>/<n>`. */
  readonly remoteUnitsData: Readonly<Record<number, Readonly<Databag>>>;
  /** The remote model of a cross-model relation (default: the own model). */
  readonly remoteModelUuid?: string;
}

/** A peer relation: the "remote" units are the other units of the own application. */
export interface PeerRelation extends RelationCommon {
  /** Discriminant: a peer relation. */
  readonly kind: "peer";
  /** Databags of the other peer units by unit number (never the unit under test). */
  readonly peersData: Readonly<Record<number, Readonly<Databag>>>;
}

/** A subordinate (`scope: container`) relation: exactly one remote unit, the principal. */
export interface SubordinateRelation extends RelationCommon {
  /** Discriminant: a subordinate relation. */
  readonly kind: "subordinate";
  /** The principal (or subordinate) application on the other side. */
  readonly remoteApp: string;
  /** Its application databag. */
  readonly remoteAppData: Readonly<Databag>;
  /** The number of the one remote unit. */
  readonly remoteUnitId: number;
  /** That unit's databag. */
  readonly remoteUnitData: Readonly<Databag>;
}

/** Any relation in a `State`. */
export type AnyRelation = Relation | PeerRelation | SubordinateRelation;

/** A secret the unit owns (`owner` set) or observes (`owner` undefined: it was granted to it). */
export interface Secret {
  /** `secret:<20 lowercase alphanumerics>`. */
  readonly id: string;
  /** `application` or `unit` for secrets this app/unit owns; undefined for an observed secret. */
  readonly owner?: "application" | "unit";
  /** The owner label (owned) or this unit's consumer label (observed). */
  readonly label?: string;
  /** Content of the revision the unit tracks. */
  readonly trackedContent: Readonly<Record<string, string>>;
  /** Content of the latest revision (defaults to the tracked content). */
  readonly latestContent: Readonly<Record<string, string>>;
  /** The revision this unit tracks. */
  readonly trackedRevision: number;
  /** The newest revision. */
  readonly latestRevision: number;
  /** The owner's description. */
  readonly description?: string;
  /** When it expires (RFC 3339). */
  readonly expire?: string;
  /** Its rotation policy. */
  readonly rotate?: SecretRotatePolicy;
  /** Owned secrets: grants per relation id to application or unit names. */
  readonly remoteGrants: Readonly<Record<number, readonly string[]>>;
}

/** The model the unit lives in. */
export interface ModelInfo {
  /** The model name. */
  readonly name: string;
  /** The model UUID. */
  readonly uuid: string;
  /** Juju version of this run; defaults to the Context's. */
  readonly jujuVersion?: string;
}

/** The fields of a `State`: everything a run starts from and ends with. */
export interface StateData {
  /** Whether this unit is the leader. */
  readonly leader: boolean;
  /** Operator-set config values (defaults come from the config schema). */
  readonly config: Readonly<Record<string, ConfigValue>>;
  /** Relations of this unit. */
  readonly relations: readonly AnyRelation[];
  /** Secrets this unit owns or can see. */
  readonly secrets: readonly Secret[];
  /**
   * What lib/ops keeps for the unit between hooks: stored state and the deferred-event queue.
   * The values of the state file in its charm directory (the Context's `stateStorage` `local`,
   * the default), or its controller-side map (`state-get`/`state-set`, `controller`).
   */
  readonly storedState: Readonly<Record<string, string>>;
  /** This unit's status. */
  readonly unitStatus: StatusInfo;
  /** The application's status. */
  readonly appStatus: StatusInfo;
  /** The workload version shown by `juju status`. */
  readonly workloadVersion: string;
  /** The model the unit runs in. */
  readonly model: ModelInfo;
  /** Addresses of the unit under test. */
  readonly address: string;
}

/** A state: its fields plus lookups (`getRelation(id)`, `getSecret(idOrLabel)`, ...). */
export interface State extends StateData, StateLookups {}

/** Recursively freezes plain data. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

let nextId = 1;

/** A fresh relation id (process-wide counter, as Scenario does). */
export function nextRelationId(): number {
  return nextId++;
}

/** Input of `relation()`. */
export type RelationInit = Partial<Omit<Relation, "kind">> & {
  /** Endpoint name in the charm's metadata (the one field a builder needs). */
  readonly endpoint: string;
};

/** A regular relation with defaults: remote app `remote` with one unit (`remote/0`) carrying Juju's address keys. */
export function relation(init: RelationInit): Relation {
  return deepFreeze({
    kind: "regular",
    id: init.id ?? nextRelationId(),
    endpoint: init.endpoint,
    remoteApp: init.remoteApp ?? "remote",
    localAppData: { ...(init.localAppData ?? {}) },
    localUnitData: { ...DEFAULT_UNIT_BAG, ...(init.localUnitData ?? {}) },
    remoteAppData: { ...(init.remoteAppData ?? {}) },
    remoteUnitsData: structuredClone(init.remoteUnitsData ?? { 0: { ...DEFAULT_UNIT_BAG } }),
    ...(init.remoteModelUuid === undefined ? {} : { remoteModelUuid: init.remoteModelUuid }),
  } satisfies Relation);
}

/** Input of `peerRelation()`. */
export type PeerRelationInit = Partial<Omit<PeerRelation, "kind">> & {
  /** Endpoint name in the charm's metadata (the one field a builder needs). */
  readonly endpoint: string;
};

/** A peer relation with defaults: no other peers. */
export function peerRelation(init: PeerRelationInit): PeerRelation {
  return deepFreeze({
    kind: "peer",
    id: init.id ?? nextRelationId(),
    endpoint: init.endpoint,
    localAppData: { ...(init.localAppData ?? {}) },
    localUnitData: { ...DEFAULT_UNIT_BAG, ...(init.localUnitData ?? {}) },
    peersData: structuredClone(init.peersData ?? {}),
  } satisfies PeerRelation);
}

/** Input of `subordinateRelation()`. */
export type SubordinateRelationInit = Partial<Omit<SubordinateRelation, "kind">> & {
  /** Endpoint name in the charm's metadata (the one field a builder needs). */
  readonly endpoint: string;
};

/** A subordinate relation with defaults: principal `remote/0`. */
export function subordinateRelation(init: SubordinateRelationInit): SubordinateRelation {
  return deepFreeze({
    kind: "subordinate",
    id: init.id ?? nextRelationId(),
    endpoint: init.endpoint,
    remoteApp: init.remoteApp ?? "remote",
    localAppData: { ...(init.localAppData ?? {}) },
    localUnitData: { ...DEFAULT_UNIT_BAG, ...(init.localUnitData ?? {}) },
    remoteAppData: { ...(init.remoteAppData ?? {}) },
    remoteUnitId: init.remoteUnitId ?? 0,
    remoteUnitData: { ...DEFAULT_UNIT_BAG, ...(init.remoteUnitData ?? {}) },
  } satisfies SubordinateRelation);
}

let secretCounter = 0;

/** A deterministic-looking fresh secret URI for tests. */
export function nextSecretId(): string {
  secretCounter += 1;
  return `secret:${secretCounter.toString(32).padStart(20, "0")}`;
}

/** Input of `secret()`. */
export type SecretInit = Partial<Secret> & {
  /** The content of the revision this unit tracks (the one field a builder needs). */
  readonly trackedContent: Readonly<Record<string, string>>;
};

/** A secret with defaults: observed, revision 1, latest = tracked unless `latestContent` differs (then revision 2). */
export function secret(init: SecretInit): Secret {
  const latestContent = init.latestContent ?? init.trackedContent;
  const trackedRevision = init.trackedRevision ?? 1;
  const differs = JSON.stringify(latestContent) !== JSON.stringify(init.trackedContent);
  const out: Secret = {
    id: init.id ?? nextSecretId(),
    trackedContent: { ...init.trackedContent },
    latestContent: { ...latestContent },
    trackedRevision,
    latestRevision: init.latestRevision ?? (differs ? trackedRevision + 1 : trackedRevision),
    remoteGrants: structuredClone(init.remoteGrants ?? {}),
    ...(init.owner === undefined ? {} : { owner: init.owner }),
    ...(init.label === undefined ? {} : { label: init.label }),
    ...(init.description === undefined ? {} : { description: init.description }),
    ...(init.expire === undefined ? {} : { expire: init.expire }),
    ...(init.rotate === undefined ? {} : { rotate: init.rotate }),
  };
  return deepFreeze(out);
}

/** Input of `state()`. */
export type StateInit = Partial<StateData>;

/** A state with defaults: not leader, empty config/relations/secrets, unknown statuses, model `test-model`. */
export function state(init: StateInit = {}): State {
  const fields: StateData = {
    leader: init.leader ?? false,
    config: { ...(init.config ?? {}) },
    relations: [...(init.relations ?? [])],
    secrets: [...(init.secrets ?? [])],
    storedState: { ...(init.storedState ?? {}) },
    unitStatus: init.unitStatus ?? { status: "unknown", message: "" },
    appStatus: init.appStatus ?? { status: "unknown", message: "" },
    workloadVersion: init.workloadVersion ?? "",
    model: init.model ?? { name: "test-model", uuid: "7f3e1c2a-5b4d-4e6f-9a8b-0c1d2e3f4a5b" },
    address: init.address ?? "192.0.2.0",
  };
  // The lookups sit on the prototype, so the state's own properties stay plain data.
  return deepFreeze(Object.assign(Object.create(STATE_LOOKUPS) as State, fields));
}

/** A copy of `base` with `changes` applied, deep-frozen. */
export function withState(base: State, changes: StateInit): State {
  return state({ ...base, ...changes });
}

/** The remote unit names of a relation as the unit under test sees them. */
export function remoteUnitNames(rel: AnyRelation, appName: string): string[] {
  switch (rel.kind) {
    case "regular":
      return Object.keys(rel.remoteUnitsData).map((n) => `${rel.remoteApp}/${n}`);
    case "peer":
      return Object.keys(rel.peersData).map((n) => `${appName}/${n}`);
    case "subordinate":
      return [`${rel.remoteApp}/${rel.remoteUnitId}`];
  }
}

/** The remote application of a relation (own application for peers). */
export function remoteAppName(rel: AnyRelation, appName: string): string {
  return rel.kind === "peer" ? appName : rel.remoteApp;
}
