/**
 * `ModelState`: a plain, JSON-serialisable description of a whole Juju model as the fake Juju
 * sees it: applications and their charms, units, relations with every databag, secrets with
 * their revisions, grants and per-entity labels, and actions in progress.
 *
 * Everything here is data plus small functions over it. A `HookToolServer` (hook-tool-server.ts) reads a
 * model, queues a hook's changes and writes them back on commit; the harness and the simulator
 * both build and inspect models with the functions below.
 */
import type { ConfigValue, JsonObject, JsonValue, SecretOwner, SecretRotatePolicy, SettableStatusName, StatusName } from "../../ops/index.js";

// Config, action params and results are JSON values: the one definition is lib/ops's.
export type { JsonObject, JsonValue } from "../../ops/index.js";

/** A databag: Juju stores only strings. */
export type Databag = Record<string, string>;

/** Role of an endpoint in charm metadata. */
export type EndpointRole = "requires" | "provides" | "peers";

/** One endpoint of a charm's metadata. */
export interface EndpointSpec {
  readonly role: EndpointRole;
  readonly interface: string;
  /** `container` marks a subordinate relation endpoint. Defaults to `global`. */
  readonly scope?: "global" | "container";
  readonly limit?: number;
}

/** Config option schema (`config.yaml` `options.<name>`). */
export interface ConfigOptionSpec {
  readonly type: "string" | "int" | "float" | "boolean" | "secret";
  readonly default?: ConfigValue;
  readonly description?: string;
}

/** Action schema (`actions.yaml` `<name>`). `params` holds JSON-schema fragments per parameter. */
export interface ActionSpec {
  readonly description?: string;
  readonly params?: Readonly<Record<string, { readonly type?: string; readonly description?: string; readonly default?: JsonValue }>>;
  readonly required?: readonly string[];
  /** When false, parameters not declared in `params` are rejected. */
  readonly additionalProperties?: boolean;
}

/** The parts of a charm the fake Juju needs. */
export interface CharmSpec {
  readonly name: string;
  readonly endpoints: Readonly<Record<string, EndpointSpec>>;
  /** Extra bindings usable with `network-get`. */
  readonly extraBindings?: readonly string[];
  readonly config: Readonly<Record<string, ConfigOptionSpec>>;
  readonly actions: Readonly<Record<string, ActionSpec>>;
  readonly subordinate?: boolean;
}

/** A workload status as stored by the controller. */
export interface StatusState {
  status: StatusName;
  message: string;
}

/** One application of the model. Remote (cross-model) applications may be left out of `applications`. */
export interface ApplicationState {
  name: string;
  charm: CharmSpec;
  /** Config values set by the operator; defaults come from `charm.config`. */
  config: Record<string, ConfigValue>;
  /** Unit name of the leader, if any. */
  leader?: string;
  status: StatusState;
  workloadVersion: string;
  /** Legacy leader settings (`leader-get`/`leader-set`). */
  leaderSettings?: Record<string, string>;
}

/** One unit of the model. */
export interface UnitState {
  name: string;
  status: StatusState;
  /** Controller-side unit state (`state-get`/`state-set`). */
  state: Record<string, string>;
  /** The unit's address, used for the Juju-provided databag keys and `network-get`. */
  address: string;
  egressSubnets: string[];
  /** Opened ports as Juju lists them: `80/tcp`, `8000-8999/udp`, `icmp`. */
  openedPorts?: string[];
  /**
   * For a subordinate unit, the principal unit it was deployed beside (Juju's
   * `Unit.PrincipalName()`): `JUJU_PRINCIPAL_UNIT` in its hooks, and what goal-state filters by.
   */
  principal?: string;
}

/** One end of a relation. */
export interface RelationEnd {
  app: string;
  endpoint: string;
}

/** A relation: two ends, or one for a peer relation. */
export interface RelationState {
  id: number;
  ends: [RelationEnd] | [RelationEnd, RelationEnd];
  /** Application databags by application name. */
  appData: Record<string, Databag>;
  /** Unit databags by unit name. */
  unitData: Record<string, Databag>;
  /**
   * For each local unit, the remote units it has seen join (what `relation-list` shows it).
   * For a peer relation the "remote" units are the other units of the same application.
   */
  joined: Record<string, string[]>;
  /**
   * The units whose hook context holds the relation, which `relation-ids` lists and `-r`
   * accepts. Juju's uniter enters a new unit into the scope of its relations only once `install`
   * has committed, all at once, just before their `relation-created` hooks (juju/juju
   * worker/uniter/relation: the created-relations resolver waits for `Installed`, then
   * `SynchronizeScopes` joins every relation; a hook context lists only joined relations,
   * runner/context/contextfactory.go via the state tracker's `GetInfo`). So during `install`
   * `relation-ids` lists nothing, not even the peer relation. Absent (models saved by older
   * versions, the harness, where the test states the relations): every unit has it.
   */
  inContext?: string[];
  /** Set for cross-model relations; `relation-model-get` falls back to the model's own uuid. */
  remoteModelUuid?: string;
}

/** One revision of a secret. */
export interface SecretRevision {
  revision: number;
  content: Record<string, string>;
}

/** What one consumer (a unit, or the owner itself) remembers about a secret. */
export interface SecretConsumer {
  label?: string;
  /** The revision this consumer tracks; fixed on first read. */
  trackedRevision?: number;
}

/** A secret: owner, revisions, labels, tracking and grants. */
export interface SecretState {
  /** `secret:<20 lowercase alphanumerics>`. */
  id: string;
  ownerKind: SecretOwner;
  /** Application name (ownerKind `application`) or unit name (ownerKind `unit`). */
  owner: string;
  revisions: SecretRevision[];
  latestRevision: number;
  /** The owner's label. */
  label?: string;
  description?: string;
  /** RFC 3339 expiry time (a `--expire` duration is turned into a time when given). */
  expire?: string;
  rotate?: SecretRotatePolicy;
  /** Per consuming unit (including owner units that read the secret). */
  consumers: Record<string, SecretConsumer>;
  /** Grants per relation id (as a string key; `"*"` for a grant without a relation): application or unit names. */
  grants: Record<string, string[]>;
}

/** An action run: its parameters and, as it runs, its results, log and outcome. */
export interface ActionRunState {
  id: string;
  name: string;
  unit: string;
  params: JsonObject;
  status: "pending" | "running" | "completed" | "failed";
  /** Flat dotted keys, string values (as `action-set` stores them). */
  results: Record<string, string>;
  log: string[];
  /** The `action-fail` message, when it was called. */
  failure?: string;
}

/** A whole model. */
export interface ModelState {
  name: string;
  uuid: string;
  jujuVersion: string;
  applications: Record<string, ApplicationState>;
  units: Record<string, UnitState>;
  relations: RelationState[];
  secrets: SecretState[];
  actions: Record<string, ActionRunState>;
  /**
   * The highest relation id this model has handed out. Juju never reuses one, even after
   * remove-relation: 2.9 and 3.x take each id from the model's "relation" sequence, a counter
   * that only grows (juju/juju state/relation.go and state/application.go: `sequence(st, "relation")`).
   */
  lastRelationId?: number;
}

/** Parsed `major.minor.patch` of a Juju version string (suffixes like `-beta1` ignored). */
export interface JujuVersionParts {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** Parses `3.6.14`, `3.1`, `3.6-beta1` into numbers; throws naming the text when it is not a version. */
export function parseJujuVersion(text: string): JujuVersionParts {
  const m = /^(\d+)\.(\d+)(?:[.-](\d+))?/.exec(text);
  if (!m) throw new Error(`Juju version "${text}" is not of the form <major>.<minor>[.<patch>]`);
  return { major: Number(m[1]), minor: Number(m[2]), patch: m[3] === undefined ? 0 : Number(m[3]) };
}

/** Compares two Juju versions: negative, 0 or positive. */
export function compareJujuVersions(a: string, b: string): number {
  const x = parseJujuVersion(a);
  const y = parseJujuVersion(b);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

/** Secrets exist from Juju 3.0.3 on. */
export function hasSecrets(jujuVersion: string): boolean {
  return compareJujuVersions(jujuVersion, "3.0.3") >= 0;
}

/** The application a unit name (`app/N`) belongs to. */
export function appOfUnit(unitName: string): string {
  const slash = unitName.indexOf("/");
  return slash < 0 ? unitName : unitName.slice(0, slash);
}

/** An empty model. */
export function emptyModel(options: { name?: string; uuid?: string; jujuVersion?: string } = {}): ModelState {
  return {
    name: options.name ?? "test-model",
    uuid: options.uuid ?? "9b1e2f3a-4c5d-4e6f-8a7b-1c2d3e4f5a6b",
    jujuVersion: options.jujuVersion ?? "3.6.14",
    applications: {},
    units: {},
    relations: [],
    secrets: [],
    actions: {},
  };
}

/** Adds an application (and no units) to `model`. */
export function addApplication(
  model: ModelState,
  name: string,
  charm: CharmSpec,
  options: { config?: Record<string, ConfigValue> } = {},
): ApplicationState {
  if (model.applications[name]) throw new Error(`application "${name}" already exists`);
  const app: ApplicationState = {
    name,
    charm,
    config: { ...(options.config ?? {}) },
    status: { status: "unknown", message: "" },
    workloadVersion: "",
  };
  model.applications[name] = app;
  return app;
}

/**
 * Adds unit `<app>/<n>`; the first unit of an application becomes its leader unless one is set.
 * In Juju the leader is whichever unit's agent claims the lease first; the fake picks the first
 * unit added, one outcome of that race, and tests choose others with `setLeader`.
 */
export function addUnit(model: ModelState, unitName: string, options: { address?: string; principal?: string } = {}): UnitState {
  if (model.units[unitName]) throw new Error(`unit "${unitName}" already exists`);
  const n = Object.keys(model.units).length;
  const address = options.address ?? `10.1.0.${(n % 250) + 2}`;
  const unit: UnitState = {
    name: unitName,
    status: { status: "unknown", message: "" },
    state: {},
    address,
    egressSubnets: [`${address}/32`],
    ...(options.principal === undefined ? {} : { principal: options.principal }),
  };
  model.units[unitName] = unit;
  const app = model.applications[appOfUnit(unitName)];
  if (app && app.leader === undefined) app.leader = unitName;
  return unit;
}

/** The keys Juju itself puts into every unit databag. */
export function jujuUnitBag(unit: Pick<UnitState, "address" | "egressSubnets">): Databag {
  return {
    "private-address": unit.address,
    "ingress-address": unit.address,
    "egress-subnets": unit.egressSubnets.join(","),
  };
}

/** The next relation id: above every live relation and every id handed out before (ids are never reused). */
export function nextRelationId(model: ModelState): number {
  return model.relations.reduce((max, r) => Math.max(max, r.id), model.lastRelationId ?? -1) + 1;
}

/** Adds a relation with empty bags and nobody joined. */
export function addRelation(
  model: ModelState,
  ends: [RelationEnd] | [RelationEnd, RelationEnd],
  options: { id?: number; remoteModelUuid?: string } = {},
): RelationState {
  const id = options.id ?? nextRelationId(model);
  if (model.relations.some((r) => r.id === id)) throw new Error(`relation id ${id} already exists`);
  const rel: RelationState = { id, ends, appData: {}, unitData: {}, joined: {} };
  for (const end of ends) rel.appData[end.app] = {};
  if (options.remoteModelUuid !== undefined) rel.remoteModelUuid = options.remoteModelUuid;
  model.relations.push(rel);
  model.lastRelationId = Math.max(model.lastRelationId ?? -1, id);
  return rel;
}

/** Finds a relation by id. */
export function findRelation(model: ModelState, id: number): RelationState | undefined {
  return model.relations.find((r) => r.id === id);
}

/** The end of `rel` that belongs to `app` (the only end for peers). */
export function localEnd(rel: RelationState, app: string): RelationEnd | undefined {
  return rel.ends.find((e) => e.app === app);
}

/** The application on the other side of `rel` as seen from `app` (own app for peers). */
export function remoteAppOf(rel: RelationState, app: string): string | undefined {
  if (rel.ends.length === 1) return rel.ends[0].app === app ? app : undefined;
  const [a, b] = rel.ends;
  if (a.app === app) return b.app;
  if (b?.app === app) return a.app;
  return undefined;
}

/** Enters `unitName` into the relation scope: seeds its bag with Juju's address keys. */
export function enterScope(model: ModelState, rel: RelationState, unitName: string): void {
  const unit = model.units[unitName];
  if (rel.unitData[unitName] === undefined) rel.unitData[unitName] = unit ? jujuUnitBag(unit) : {};
  rel.joined[unitName] ??= [];
}

/**
 * Whether `unitName`'s hook context holds `rel` (see {@link RelationState.inContext}).
 */
export function inHookContext(rel: RelationState, unitName: string): boolean {
  return rel.inContext === undefined || rel.inContext.includes(unitName);
}

/**
 * Puts every relation whose scope `unitName` is in into its hook context: what Juju's uniter does
 * before the unit's first pending `relation-created` hook (see {@link RelationState.inContext}).
 */
export function enterHookContexts(model: ModelState, unitName: string): void {
  for (const rel of model.relations) {
    if (rel.inContext !== undefined && rel.joined[unitName] !== undefined && !rel.inContext.includes(unitName)) rel.inContext.push(unitName);
  }
}

/** Records that `observer` has seen `remoteUnit` join (after its `-relation-joined` hook). */
export function markJoined(rel: RelationState, observer: string, remoteUnit: string): void {
  const seen = (rel.joined[observer] ??= []);
  if (!seen.includes(remoteUnit)) seen.push(remoteUnit);
}

/** Finds a secret by URI (`secret:<id>`, `secret://<uuid>/<id>` or the bare id). */
export function findSecret(model: ModelState, uri: string): SecretState | undefined {
  const bare = bareSecretId(uri);
  return model.secrets.find((s) => bareSecretId(s.id) === bare);
}

/**
 * A secret URI as the controller prints it (Juju's `URI.String()`): `secret://<model>/<id>` as
 * given, anything else as `secret:<id>`.
 */
export function printedSecretUri(uri: string): string {
  return uri.startsWith("secret://") ? uri : `secret:${bareSecretId(uri)}`;
}

/** The bare id of a secret URI. */
export function bareSecretId(uri: string): string {
  if (uri.startsWith("secret://")) return uri.slice(uri.lastIndexOf("/") + 1);
  if (uri.startsWith("secret:")) return uri.slice("secret:".length);
  return uri;
}

/** Content of one revision, or undefined when that revision no longer exists. */
export function secretRevisionContent(secret: SecretState, revision: number): Record<string, string> | undefined {
  return secret.revisions.find((r) => r.revision === revision)?.content;
}

/** Statuses a charm may set. */
export const SETTABLE_STATUSES: readonly SettableStatusName[] = ["maintenance", "blocked", "waiting", "active"];
