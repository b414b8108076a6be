/**
 * The narrow view of the charm runtime the requirer engine needs. `DatabaseRequires` implements
 * it over the lib/ops `Model`; tests implement it in memory. Keeping the engine behind this port
 * keeps every protocol decision testable without a hook environment.
 */
import type { MemoryStore } from "./engine-memory.js";

/** A relation of the requirer's endpoint. */
export interface RelationHandle {
  /** The relation id. */
  readonly id: number;
  /** The local endpoint. */
  readonly endpoint: string;
  /** The provider application, when Juju knows it. */
  readonly remoteApp: string | undefined;
}

/**
 * The outcome of reading a secret: its content, or why it could not be read. `labelTaken` says
 * the content was read by URI alone because this unit's consumer label is held by another
 * secret (Juju refuses a label twice per consumer: "secret with label ... already exists").
 */
export type SecretRead =
  | { readonly content: Readonly<Record<string, string>>; readonly labelTaken?: true }
  | {
      /** `not-found`: not granted (yet) or removed; `label-taken`: the label clash above and the read by URI failed too; `tool-failed`: secret-get failed otherwise. */
      readonly failure: "not-found" | "label-taken" | "tool-failed";
      /** What failed, for logs (tool name and exit code; never content). */
      readonly detail: string;
    };


/** Runtime operations, all scoped to the current hook. */
export interface RequirerPort {
  /** Name of this charm's application. */
  readonly appName: string;
  /** UUID of this unit's model (compared with the relation's to spot cross-model relations). */
  readonly modelUuid: string;
  /** Juju ≥ 3.0.3. */
  readonly secretsAvailable: boolean;
  /** Whether this unit is the leader now. */
  isLeader(): boolean;
  /** True when the relation's remote application lives in another model (P-05). */
  isCrossModel(rel: RelationHandle): boolean;
  /** Ids of the endpoint's relations as Juju lists them (`relation-ids` alone: no per-relation calls). */
  relationIds(): readonly number[];
  /** Live relations of the endpoint (the dying one excluded in its relation-broken, R-03). */
  relations(): readonly RelationHandle[];
  /** The remote application's databag. */
  remoteAppBag(rel: RelationHandle): Readonly<Record<string, string>>;
  /** Databags of the remote units currently on the relation, by unit name. */
  remoteUnitBags(rel: RelationHandle): Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** This unit's own databag. */
  localUnitBag(rel: RelationHandle): Readonly<Record<string, string>>;
  /** Leader only. */
  localAppBag(rel: RelationHandle): Readonly<Record<string, string>>;
  /** Merge into the own unit databag (`""` deletes). */
  writeLocalUnit(rel: RelationHandle, data: Readonly<Record<string, string>>): void;
  /** Merge into the own application databag (leader only). */
  writeLocalApp(rel: RelationHandle, data: Readonly<Record<string, string>>): void;
  /**
   * Newest content of a secret, looked up by URI when given, else by label. `refresh` moves this
   * unit's tracking to the newest revision and (with a URI) attaches `label`: only the engine's
   * event decision does that, since Juju then sends no secret-changed for that revision. `peek`
   * reads the newest revision without tracking it (every other read).
   */
  readSecret(locator: { readonly id?: string; readonly label?: string }, how: "refresh" | "peek"): SecretRead;
  /** Where the engine remembers what it announced (unit-local). */
  readonly memoryStore: MemoryStore;
  /** Creates an application-owned secret and grants it to the relation; returns its URI. */
  addGrantedAppSecret(content: Readonly<Record<string, string>>, label: string, rel: RelationHandle): string;
  /** Removes every revision of an application-owned secret found by label; no-op if absent. */
  removeAppSecret(label: string): void;
  /** Diagnostics (never given secret values). */
  log(level: "DEBUG" | "INFO" | "WARNING" | "ERROR", message: string): void;
}
