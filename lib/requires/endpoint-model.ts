/**
 * The requirer's endpoint in the lib/ops `Model`: its relations, databags and secrets for one
 * hook, and the unit-local memory and relation record kept in stored state. Every hook tool
 * goes through lib/ops (its gated runner); the protocol engine (engine.ts) and its helpers
 * (request.ts, provider-answer.ts) only see this.
 */
import { formatRelationRef, HookToolError, ModelError, SecretNotFoundError, type JsonObject, type Logger, type Model, type Relation, type StoredState } from "../ops/index.js";
import { flagIsOn } from "../interfaces/database/field-codecs.js";
import { type MemoryStore, VolatileMemoryStore } from "./memory.js";

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




/** What Juju answers an owner's `secret-get --refresh` before owners tracked revisions (LP#2042596). */
const OWNER_REFRESH_REFUSAL = "secret owner cannot use --refresh";

/**
 * What Juju answers when a consumer label is already held by another secret of this unit
 * (juju/juju state: consumer labels are unique per consumer, "secret with label %q already exists").
 */
const LABEL_TAKEN = "already exists";

function toolFailureOf(e: unknown): HookToolError | undefined {
  return e instanceof HookToolError ? e : e instanceof ModelError && e.cause instanceof HookToolError ? e.cause : undefined;
}

/** Whether `e` is Juju refusing `--refresh` because the caller owns the secret. */
function isOwnerRefreshRefusal(e: unknown): boolean {
  return toolFailureOf(e)?.stderr.toLowerCase().includes(OWNER_REFRESH_REFUSAL) === true;
}

/** Whether `e` is Juju refusing to attach a consumer label another secret holds. */
function isLabelTaken(e: unknown): boolean {
  return toolFailureOf(e)?.stderr.toLowerCase().includes(LABEL_TAKEN) === true;
}

/** A failed read as the engine sees it (never the content; the tool's own text is not quoted). */
function failedRead(e: unknown): SecretRead {
  if (!(e instanceof ModelError)) throw e;
  if (e instanceof SecretNotFoundError) return { failure: "not-found", detail: "secret-get: not found" };
  const tool = toolFailureOf(e);
  return { failure: "tool-failed", detail: tool === undefined ? e.name : `${tool.cmd} exited with ${tool.code}` };
}

/**
 * A {@link MemoryStore} over a lib/ops stored-state cell. `copyMayLag` (relation-created): what
 * is saved may reach a Kubernetes unit's controller copy with a later hook (StoredState.set).
 */
export function storedStateMemory(cell: StoredState<JsonObject>, copyMayLag = false): MemoryStore {
  return {
    load: () => {
      const value = cell.get();
      return Object.keys(value).length === 0 ? undefined : value;
    },
    save: (value) => cell.set(value as JsonObject, { copyMayLag }),
  };
}

/**
 * The endpoint's live relation ids as this unit recorded them between hooks, so hooks that need
 * no relation data (leader-elected, config-changed, relation-broken...) need not ask Juju
 * (`relation-ids`). `load` answers undefined while nothing was recorded: then Juju is asked.
 */
export interface RelationRoster {
  load(): readonly number[] | undefined;
  save(ids: readonly number[]): void;
}

/** A {@link RelationRoster} over a lib/ops stored-state cell (`{ ids: [...] }`; anything else reads as unknown), `copyMayLag` as for {@link storedStateMemory}. */
export function storedStateRoster(cell: StoredState<JsonObject>, copyMayLag = false): RelationRoster {
  return {
    load: () => {
      const ids = cell.get()["ids"];
      return Array.isArray(ids) && ids.every(Number.isInteger) ? (ids as number[]) : undefined;
    },
    // lib/ops writes the cell at commit only when its value changed.
    save: (ids) => cell.set({ ids: [...ids] }, { copyMayLag }),
  };
}

/**
 * The requirer's endpoint in the lib/ops `Model`, for one hook: the engine reads and writes
 * through it and nothing else, so every hook tool runs through lib/ops (its per-hook caches,
 * its version-gated runner); writes are buffered by the model and flushed once per databag
 * when the hook succeeds.
 */
export class EndpointModel {
  private readonly byId = new Map<number, Relation>();
  private recordedApp: ((id: number) => string | undefined) | undefined;

  /** Where the engine's memory lives: the charm's stored state, or (without a framework) this hook only. */
  readonly memoryStore: MemoryStore;

  /**
   * @param logger where the engine's lines go: the charm's logger, so DEBUG/INFO cost no
   *   process (lib/ops writes them to stdout); without one, every line goes through juju-log.
   * @param roster where the endpoint's live relation ids are recorded between hooks; without one
   *   (or while it holds nothing) every relation list comes from `relation-ids`.
   */
  constructor(
    private readonly model: Model,
    private readonly endpoint: string,
    private readonly logger?: Logger,
    memoryStore?: MemoryStore,
    private readonly roster?: RelationRoster,
  ) {
    this.memoryStore = memoryStore ?? new VolatileMemoryStore();
  }

  /** Name of this charm's application. */
  get appName(): string {
    return this.model.app.name;
  }
  /** UUID of this unit's model. */
  get modelUuid(): string {
    return this.model.uuid;
  }
  get secretsAvailable(): boolean {
    return this.model.jujuVersion.hasSecrets;
  }

  isLeader(): boolean {
    return this.model.unit.isLeader();
  }

  /**
   * Through lib/ops's `Relation.isCrossModel()`, which asks `relation-model-get` only where
   * Juju has it (3.6.2 and later). Older agents cannot tell (undefined): the relation then
   * counts as same-model, which is also what the Python library assumes everywhere (it writes
   * `provided-secrets` on every relation).
   */
  isCrossModel(h: RelationHandle): boolean {
    return this.relation(h).isCrossModel() ?? false;
  }

  /** The handle of a relation taken from a hook event. */
  handleOf(relation: Relation): RelationHandle {
    this.byId.set(relation.id, relation);
    // The hook's own relation names its remote app in the environment: no relation-list needed.
    const hookRel = this.model.hook.relation;
    const fromEnv = hookRel !== undefined && hookRel.endpoint === relation.name && hookRel.id === relation.id ? hookRel.remoteApp : undefined;
    return { id: relation.id, endpoint: relation.name, remoteApp: fromEnv ?? relation.remoteApp };
  }

  /**
   * The endpoint's live relation ids from the roster, without a tool call; undefined when the
   * roster cannot tell: nothing recorded yet, or the hook's own relation is missing from it (a
   * relation-created this unit never committed), in which case `relation-ids` is the truth.
   * In the relation's -created hook it counts as live, in its -broken hook as gone.
   */
  knownRelationIds(): readonly number[] | undefined {
    const ids = this.roster?.load();
    const own = this.model.hook.relation;
    if (ids === undefined || own === undefined || own.endpoint !== this.endpoint) return ids;
    const hook = this.model.hook.hookName;
    if (hook === `${this.endpoint}-relation-broken`) return ids.filter((id) => id !== own.id);
    if (ids.includes(own.id)) return ids;
    return hook === `${this.endpoint}-relation-created` ? [...ids, own.id].sort((a, b) => a - b) : undefined;
  }

  /**
   * Records the roster as this hook sees it (after the relation's -created or -broken hook); at
   * install, a unit's first hook, it starts empty: relation-created comes later for each relation.
   */
  recordRoster(install = false): void {
    const ids = this.knownRelationIds() ?? (install ? [] : undefined);
    if (ids !== undefined) this.roster?.save(ids);
  }

  /**
   * Relation `id` of the endpoint as this unit recorded it, built with no tool call (lib/ops
   * `Model.recordedRelation`): the roster lists it and its remote application is recorded
   * (`useRecordedApps`). Undefined when the record cannot tell (memory of older versions).
   */
  recordedRelation(id: number): RelationHandle | undefined {
    const app = this.recordedApp?.(id);
    if (app === undefined || this.knownRelationIds()?.includes(id) !== true) return undefined;
    return this.handleOf(this.model.recordedRelation(this.endpoint, id, app));
  }

  /** lib/ops `Relation.active` (for a recorded relation: no tool call, see Model.recordedRelation). */
  isActive(h: RelationHandle): boolean {
    return this.relation(h).active;
  }

  /**
   * Where the remote application of each relation is recorded (the engine's memory, since the
   * relation's -created hook): relations listed from then on are named without `relation-list`.
   */
  useRecordedApps(lookup: (id: number) => string | undefined): void {
    this.recordedApp = lookup;
  }

  /** `relation-ids`, once per hook (lib/ops caches it); what it lists is recorded in the roster (saved only when it changed). */
  private listed(): Relation[] {
    const listed = this.model.relations(this.endpoint, this.recordedApp);
    this.roster?.save(listed.map((r) => r.id).sort((a, b) => a - b));
    return listed;
  }

  /** The endpoint's relation ids as Juju lists them now (`relation-ids`, once per hook). */
  relationIds(): readonly number[] {
    return this.listed().map((r) => r.id);
  }

  /**
   * The live relations of the endpoint. From the roster when it holds no relation but the hook's
   * own (no tool call: the hook's own relation is live while its hooks run); otherwise from
   * `relation-ids`, which is also what says they are live in this hook. Each is named by its
   * recorded remote application (`useRecordedApps`), else by `relation-list`.
   */
  relations(): readonly RelationHandle[] {
    const own = this.model.hook.relation;
    const ownId = own?.endpoint === this.endpoint && this.model.hook.hookName !== `${this.endpoint}-relation-broken` ? own.id : undefined;
    const known = this.knownRelationIds();
    const listed = known?.every((id) => id === ownId) ? known.flatMap((id) => this.model.getRelation(this.endpoint, id) ?? []) : this.listed();
    return listed.filter((r) => r.id === ownId || r.active).map((r) => this.handleOf(r));
  }

  private relation(h: RelationHandle): Relation {
    let rel = this.byId.get(h.id);
    if (rel === undefined) {
      rel = this.model.getRelation(h.endpoint, h.id);
      if (rel === undefined) throw new ModelError(`relation ${formatRelationRef(h)} not found`);
      this.byId.set(h.id, rel);
    }
    return rel;
  }

  remoteAppBag(h: RelationHandle): Readonly<Record<string, string>> {
    const rel = this.relation(h);
    return rel.remoteApp === undefined ? {} : rel.remoteAppData().toObject();
  }

  /**
   * The remote units' bags, read only behind a subordinate provider (`subordinated` on in its app
   * bag `remoteApp`), the one case that needs them (docs/protocol.md#subordinated-providers); none otherwise.
   */
  remoteUnitBags(h: RelationHandle, remoteApp: Readonly<Record<string, string>>): Readonly<Record<string, Readonly<Record<string, string>>>> {
    if (!flagIsOn(remoteApp["subordinated"])) return {};
    const rel = this.relation(h);
    const out: Record<string, Readonly<Record<string, string>>> = {};
    for (const unit of rel.units) out[unit] = rel.remoteUnitData(unit).toObject();
    return out;
  }

  localUnitBag(h: RelationHandle): Readonly<Record<string, string>> {
    return this.relation(h).localUnit.toObject();
  }

  localAppBag(h: RelationHandle): Readonly<Record<string, string>> {
    return this.relation(h).localApp.toObject();
  }

  writeLocalUnit(h: RelationHandle, data: Readonly<Record<string, string>>): void {
    this.relation(h).localUnit.update(data);
  }

  writeLocalApp(h: RelationHandle, data: Readonly<Record<string, string>>): void {
    this.relation(h).localApp.update(data);
  }

  /**
   * The newest revision's content (docs/protocol.md#resolving-a-field step 3). With `refresh`: `secret-get --refresh`
   * (URI and label together attach the label); Juju before 3.1.7 (and 3.2 to 3.3.0) refuses
   * `--refresh` from the secret's owner, who always sees the newest revision there, so that case
   * is read again without it. When Juju refuses the label because another secret holds it, the
   * secret is read by URI alone and the clash is reported with the content. With `peek`:
   * `secret-get --peek`, which leaves tracking alone.
   */
  readSecret(locator: { readonly id?: string; readonly label?: string }, how: "refresh" | "peek"): SecretRead {
    if (how === "peek") {
      try {
        return { content: this.model.getSecret(locator).peekContent() };
      } catch (e) {
        return failedRead(e);
      }
    }
    try {
      return { content: this.refreshed(locator) };
    } catch (e) {
      if (!isLabelTaken(e) || locator.id === undefined) return failedRead(e);
      try {
        return { content: this.refreshed({ id: locator.id }), labelTaken: true };
      } catch (again) {
        const read = failedRead(again);
        return "failure" in read && read.failure === "tool-failed" ? { failure: "label-taken", detail: read.detail } : read;
      }
    }
  }

  private refreshed(locator: { readonly id?: string; readonly label?: string }): Readonly<Record<string, string>> {
    const secret = this.model.getSecret(locator);
    try {
      return secret.getContent({ refresh: true });
    } catch (e) {
      if (!isOwnerRefreshRefusal(e)) throw e;
      return secret.getContent();
    }
  }

  addGrantedAppSecret(content: Readonly<Record<string, string>>, label: string, h: RelationHandle): string {
    const secret = this.model.app.addSecret(content, { label });
    secret.grant(this.relation(h));
    const id = secret.id;
    if (id === undefined) throw new ModelError(`secret-add returned no URI for label ${label}`);
    return id;
  }

  removeAppSecret(label: string): void {
    try {
      this.model.getSecret({ label }).remove();
    } catch (e) {
      if (!(e instanceof ModelError)) throw e;
    }
  }

  log(level: "DEBUG" | "INFO" | "WARNING" | "ERROR", message: string): void {
    if (this.logger === undefined) return this.model.backend.jujuLog(level, message);
    if (level === "DEBUG") this.logger.debug(message);
    else if (level === "INFO") this.logger.info(message);
    else if (level === "WARNING") this.logger.warning(message);
    else this.logger.error(message);
  }
}
