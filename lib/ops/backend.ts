/**
 * `Backend`: one typed method per Juju hook tool the runtime uses.
 *
 * `HookToolBackend` (hooktools/backend.ts) implements it over a `ToolRunner`; every caching,
 * buffering and access-rule decision lives above it, in the model. Methods are synchronous
 * because a hook is one sequential conversation with the unit agent.
 *
 * Failures throw the typed errors of `errors.ts` (`RelationNotFoundError`,
 * `SecretNotFoundError`, `PermissionDeniedError`, `ModelError`, ...).
 */

/** A relation as Juju's `-r` flag names it: `<endpoint>:<id>`. */
export interface RelationRef {
  /** The local endpoint name from metadata.yaml, e.g. `database`. */
  readonly endpoint: string;
  /** Juju's relation id, unique in the model. */
  readonly id: number;
}

/** Every status Juju reports. */
export type StatusName = "active" | "blocked" | "maintenance" | "waiting" | "error" | "unknown";
/** Statuses a charm may set (`error` and `unknown` can only be read). */
export type SettableStatusName = "active" | "blocked" | "maintenance" | "waiting";

/** A status as `status-get` returns it. */
export interface StatusInfo {
  /** The status name. */
  readonly status: StatusName;
  /** The message shown beside it (may be empty). */
  readonly message: string;
}

/** `juju-log` levels. */
export type LogLevel = "TRACE" | "DEBUG" | "INFO" | "WARNING" | "ERROR";

/** A charm config value, with its JSON type. */
export type ConfigValue = string | number | boolean;

/** Who owns a secret: the application (managed by the leader) or one unit. */
export type SecretOwner = "application" | "unit";
/** `--rotate` policies. */
export type SecretRotatePolicy = "never" | "hourly" | "daily" | "weekly" | "monthly" | "quarterly" | "yearly";

/** Secret metadata an owner can set. */
export interface SecretMetadata {
  /** The owner's label for the secret (`--label`), unique per owner. */
  readonly label?: string;
  /** Free text shown by `juju secrets` (`--description`). */
  readonly description?: string;
  /** RFC 3339 time or Go duration, passed to `--expire` as is. */
  readonly expire?: string;
  /** Rotation policy (`--rotate`); Juju fires secret-rotate on that schedule. */
  readonly rotate?: SecretRotatePolicy;
}

/** Options of `secret-add`. */
export interface SecretAddOptions extends SecretMetadata {
  /** Whether the application (leader) or this unit owns the new secret (`--owner`). */
  readonly owner: SecretOwner;
}

/** How to find a secret: by URI, by this entity's label, or by URI while (re)attaching a label. */
export interface SecretLocator {
  /** The secret URI (`secret:<id>` or `secret://<model-uuid>/<id>`). */
  readonly id?: string;
  /** This entity's label for the secret; with `id`, (re)attaches the label. */
  readonly label?: string;
}

/** Options of `secret-get`. */
export interface SecretGetOptions extends SecretLocator {
  /** Move tracking to the latest revision and return it (`--refresh`). */
  readonly refresh?: boolean;
  /** Return the latest revision without moving tracking (`--peek`). */
  readonly peek?: boolean;
}

/** What `secret-info-get` reports about an owned secret. */
export interface SecretInfo {
  /** Canonical URI (`secret:<id>` or `secret://<model-uuid>/<id>`). */
  readonly id: string;
  /** The latest revision number. */
  readonly revision: number;
  /** The owner's label, when set. */
  readonly label?: string;
  /** Application- or unit-owned. */
  readonly owner: SecretOwner;
  /** The description, when set. */
  readonly description?: string;
  /** The rotation policy, when set. */
  readonly rotation?: string;
  /** When the current revision expires (RFC 3339), when set. */
  readonly expiry?: string;
  /** When the next rotation is due (RFC 3339), when a policy is set. */
  readonly rotates?: string;
}

/** What `network-get` reports for a binding. */
export interface NetworkInfo {
  /** The unit's network interfaces bound to the endpoint. */
  readonly bindAddresses: ReadonlyArray<{
    /** Interface name, e.g. `eth0`. */
    readonly interfaceName: string;
    /** Its addresses. */
    readonly addresses: ReadonlyArray<{
      /** The IP address. */
      readonly value: string;
      /** Its subnet in CIDR form. */
      readonly cidr: string;
    }>;
  }>;
  /** Subnets the unit's traffic to the remote side appears from. */
  readonly egressSubnets: readonly string[];
  /** Addresses the remote side should use to reach this unit. */
  readonly ingressAddresses: readonly string[];
}

/** One typed method per hook tool (see the module comment). */
export interface Backend {
  // relations
  /** `relation-ids`: the relations currently established on `endpoint`. */
  relationIds(endpoint: string): RelationRef[];
  /** `relation-list`: the remote units in scope on `rel`. */
  relationList(rel: RelationRef): string[];
  /** `relation-list --app`: the remote application's name, or undefined when Juju does not know it. */
  relationRemoteApp(rel: RelationRef): string | undefined;
  /** Whole databag of `owner` (a unit name, or an application name with `app`). */
  relationGet(rel: RelationRef, owner: string, app: boolean): Record<string, string>;
  /** Merges `data` into the own unit (or, with `app`, own application) databag; `""` deletes a key. */
  relationSet(rel: RelationRef, data: Readonly<Record<string, string>>, app: boolean): void;
  /** `relation-model-get`: the model of the remote side (differs from ours on cross-model relations). */
  relationModelGet(rel: RelationRef): {
    /** The remote model's UUID. */
    readonly uuid: string;
  };

  // leadership
  /** `is-leader`: whether this unit holds the leadership lease now. */
  isLeader(): boolean;

  // config
  /** `config-get`: every charm config option with a value. */
  configGet(): Record<string, ConfigValue>;

  // status and version
  /** `status-get`: this unit's status, or with `app` the application's (leader only). */
  statusGet(app: boolean): StatusInfo;
  /** `status-set`: sets this unit's status, or with `app` the application's (leader only). */
  statusSet(status: SettableStatusName, message: string, app: boolean): void;
  /** `application-version-set`: the workload version shown by `juju status`. */
  applicationVersionSet(version: string): void;

  // logging
  /** `juju-log`: writes one line to the unit's debug log. */
  jujuLog(level: LogLevel, message: string): void;

  // actions
  /** `action-get`: the parameters of the running action. */
  actionGet(): Record<string, unknown>;
  /** Results as Juju stores them: flat dotted keys, string values. */
  actionSet(results: Readonly<Record<string, string>>): void;
  /** `action-log`: a progress message for the running action. */
  actionLog(message: string): void;
  /** `action-fail`: marks the running action failed, with an optional reason. */
  actionFail(message?: string): void;

  // secrets
  /** `secret-add`: creates a secret and returns its URI. */
  secretAdd(content: Readonly<Record<string, string>>, options: SecretAddOptions): string;
  /** `secret-get`: the content of a secret (the tracked revision unless `refresh` or `peek`). */
  secretGet(options: SecretGetOptions): Record<string, string>;
  /** New content creates a revision; metadata alone only updates metadata. */
  secretSet(id: string, content: Readonly<Record<string, string>> | undefined, metadata: SecretMetadata): void;
  /** `secret-info-get`: metadata of a secret this unit or application owns. */
  secretInfoGet(locator: SecretLocator): SecretInfo;
  /** `secret-ids`: URIs of the secrets this unit or application owns. */
  secretIds(): string[];
  /** `secret-grant`: lets the remote side of a relation (or one of its units) read the secret. */
  secretGrant(id: string, relationId: number, unit?: string): void;
  /** `secret-revoke`: withdraws a grant made with {@link Backend.secretGrant}. */
  secretRevoke(id: string, relationId: number, unit?: string): void;
  /** `secret-remove`: removes a secret, or only one of its revisions. */
  secretRemove(id: string, revision?: number): void;

  // controller-side unit state (survives a Kubernetes pod being replaced)
  /** `state-get`: every key of the unit's controller-side state. */
  stateGet(): Record<string, string>;
  /** `state-set`: writes keys of the unit's controller-side state. */
  stateSet(data: Readonly<Record<string, string>>): void;
  /** `state-delete`: removes one key of the unit's controller-side state. */
  stateDelete(key: string): void;
  /**
   * Waits for the writes above (relation data, statuses, the workload version, controller state)
   * that were answered before their tool finished, and throws the first one's failure. The commit
   * calls it before the hook's state is kept; optional (a backend that waits for every call).
   */
  finishWrites?(): void;

  // network
  /** `network-get`: addresses of an endpoint binding, optionally as seen by one relation. */
  networkGet(binding: string, relationId?: number): NetworkInfo;
}
