/**
 * {@link RequirerPort} over the lib/ops `Model`: reads go through the model's per-hook caches,
 * writes are buffered by it and flushed once per databag when the hook succeeds.
 */
import { HookToolError, ModelError, SecretNotFoundError, type JsonObject, type Logger, type Model, type Relation, type StoredState } from "../ops/index.js";
import { VolatileMemoryStore, type MemoryStore } from "./engine-memory.js";
import type { RelationHandle, RequirerPort, SecretRead } from "./requirer-port.js";

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

/** A {@link MemoryStore} over a lib/ops stored-state cell. */
export function storedStateMemory(cell: StoredState<JsonObject>): MemoryStore {
  return {
    load: () => {
      const value = cell.get();
      return Object.keys(value).length === 0 ? undefined : value;
    },
    save: (value) => cell.set(value as JsonObject),
  };
}

/** The port for one hook and one endpoint. */
export class OpsRequirerPort implements RequirerPort {
  private readonly byId = new Map<number, Relation>();

  /**
   * @param logger where the engine's lines go: the charm's logger, so DEBUG/INFO cost no
   *   process (lib/ops writes them to stdout); without one, every line goes through juju-log.
   */
  /** Where the engine's memory lives: the charm's stored state, or (without a framework) this hook only. */
  readonly memoryStore: MemoryStore;

  constructor(
    private readonly model: Model,
    private readonly endpoint: string,
    private readonly logger?: Logger,
    memoryStore?: MemoryStore,
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

  relationIds(): readonly number[] {
    return this.model.relations(this.endpoint).map((r) => r.id);
  }

  relations(): readonly RelationHandle[] {
    return this.model
      .relations(this.endpoint)
      .filter((r) => r.active)
      .map((r) => this.handleOf(r));
  }

  private relation(h: RelationHandle): Relation {
    let rel = this.byId.get(h.id);
    if (rel === undefined) {
      rel = this.model.getRelation(h.endpoint, h.id);
      if (rel === undefined) throw new ModelError(`relation ${h.endpoint}:${h.id} not found`);
      this.byId.set(h.id, rel);
    }
    return rel;
  }

  remoteAppBag(h: RelationHandle): Readonly<Record<string, string>> {
    const rel = this.relation(h);
    return rel.remoteApp === undefined ? {} : rel.remoteAppData().toObject();
  }

  remoteUnitBags(h: RelationHandle): Readonly<Record<string, Readonly<Record<string, string>>>> {
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
   * The newest revision's content (protocol §1.5.4 step 3). With `refresh`: `secret-get --refresh`
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
