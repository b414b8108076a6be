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
  readonly endpoint: string;
  readonly id: number;
}

/** Every status Juju reports. */
export type StatusName = "active" | "blocked" | "maintenance" | "waiting" | "error" | "unknown";
/** Statuses a charm may set (`error` and `unknown` can only be read). */
export type SettableStatusName = "active" | "blocked" | "maintenance" | "waiting";

/** A status as `status-get` returns it. */
export interface StatusInfo {
  readonly status: StatusName;
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
  readonly label?: string;
  readonly description?: string;
  /** RFC 3339 time or Go duration, passed to `--expire` as is. */
  readonly expire?: string;
  readonly rotate?: SecretRotatePolicy;
}

/** Options of `secret-add`. */
export interface SecretAddOptions extends SecretMetadata {
  readonly owner: SecretOwner;
}

/** How to find a secret: by URI, by this entity's label, or by URI while (re)attaching a label. */
export interface SecretLocator {
  readonly id?: string;
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
  readonly revision: number;
  readonly label?: string;
  readonly owner: SecretOwner;
  readonly description?: string;
  readonly rotation?: string;
  readonly expiry?: string;
  readonly rotates?: string;
}

/** What `network-get` reports for a binding. */
export interface NetworkInfo {
  readonly bindAddresses: ReadonlyArray<{ readonly interfaceName: string; readonly addresses: ReadonlyArray<{ readonly value: string; readonly cidr: string }> }>;
  readonly egressSubnets: readonly string[];
  readonly ingressAddresses: readonly string[];
}

/** One typed method per hook tool (see the module comment). */
export interface Backend {
  // relations
  relationIds(endpoint: string): RelationRef[];
  relationList(rel: RelationRef): string[];
  /** `relation-list --app`: the remote application's name, or undefined when Juju does not know it. */
  relationRemoteApp(rel: RelationRef): string | undefined;
  /** Whole databag of `owner` (a unit name, or an application name with `app`). */
  relationGet(rel: RelationRef, owner: string, app: boolean): Record<string, string>;
  /** Merges `data` into the own unit (or, with `app`, own application) databag; `""` deletes a key. */
  relationSet(rel: RelationRef, data: Readonly<Record<string, string>>, app: boolean): void;
  relationModelGet(rel: RelationRef): { readonly uuid: string };

  // leadership
  isLeader(): boolean;

  // config
  configGet(): Record<string, ConfigValue>;

  // status and version
  statusGet(app: boolean): StatusInfo;
  statusSet(status: SettableStatusName, message: string, app: boolean): void;
  applicationVersionSet(version: string): void;

  // logging
  jujuLog(level: LogLevel, message: string): void;

  // actions
  actionGet(): Record<string, unknown>;
  /** Results as Juju stores them: flat dotted keys, string values. */
  actionSet(results: Readonly<Record<string, string>>): void;
  actionLog(message: string): void;
  actionFail(message?: string): void;

  // secrets
  secretAdd(content: Readonly<Record<string, string>>, options: SecretAddOptions): string;
  secretGet(options: SecretGetOptions): Record<string, string>;
  /** New content creates a revision; metadata alone only updates metadata. */
  secretSet(id: string, content: Readonly<Record<string, string>> | undefined, metadata: SecretMetadata): void;
  secretInfoGet(locator: SecretLocator): SecretInfo;
  secretIds(): string[];
  secretGrant(id: string, relationId: number, unit?: string): void;
  secretRevoke(id: string, relationId: number, unit?: string): void;
  secretRemove(id: string, revision?: number): void;

  // controller-side unit state (survives a Kubernetes pod being replaced)
  stateGet(): Record<string, string>;
  stateSet(data: Readonly<Record<string, string>>): void;
  stateDelete(key: string): void;

  // network
  networkGet(binding: string, relationId?: number): NetworkInfo;
}
