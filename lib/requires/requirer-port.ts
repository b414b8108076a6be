/**
 * The narrow view of the charm runtime the requirer engine needs. `DatabaseRequires` implements
 * it over the lib/ops `Model`; tests implement it in memory. Keeping the engine behind this port
 * keeps every protocol decision testable without a hook environment.
 */

/** A relation of the requirer's endpoint. */
export interface RelationHandle {
  /** The relation id. */
  readonly id: number;
  /** The local endpoint. */
  readonly endpoint: string;
  /** The provider application, when Juju knows it. */
  readonly remoteApp: string | undefined;
}

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
   * Newest content of a secret (`--refresh`), looked up by URI when given (attaching `label`),
   * else by label. Undefined when the secret is not (yet) visible to this unit.
   */
  readSecret(locator: { readonly id?: string; readonly label?: string }): Readonly<Record<string, string>> | undefined;
  /** Creates an application-owned secret and grants it to the relation; returns its URI. */
  addGrantedAppSecret(content: Readonly<Record<string, string>>, label: string, rel: RelationHandle): string;
  /** Removes every revision of an application-owned secret found by label; no-op if absent. */
  removeAppSecret(label: string): void;
  /** Diagnostics (never given secret values). */
  log(level: "DEBUG" | "INFO" | "WARNING" | "ERROR", message: string): void;
}
