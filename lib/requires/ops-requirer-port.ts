/**
 * {@link RequirerPort} over the lib/ops `Model`: reads go through the model's per-hook caches,
 * writes are buffered by it and flushed once per databag when the hook succeeds.
 */
import { HookToolError, ModelError, type Logger, type Model, type Relation } from "../ops/index.js";
import type { RelationHandle, RequirerPort } from "./requirer-port.js";

/** What Juju answers an owner's `secret-get --refresh` before owners tracked revisions (LP#2042596). */
const OWNER_REFRESH_REFUSAL = "secret owner cannot use --refresh";

/** Whether `e` is Juju refusing `--refresh` because the caller owns the secret. */
function isOwnerRefreshRefusal(e: unknown): boolean {
  const failure = e instanceof HookToolError ? e : e instanceof ModelError && e.cause instanceof HookToolError ? e.cause : undefined;
  return failure !== undefined && failure.stderr.toLowerCase().includes(OWNER_REFRESH_REFUSAL);
}

/** The port for one hook and one endpoint. */
export class OpsRequirerPort implements RequirerPort {
  private readonly byId = new Map<number, Relation>();

  /**
   * @param logger where the engine's lines go: the charm's logger, so DEBUG/INFO cost no
   *   process (lib/ops writes them to stdout); without one, every line goes through juju-log.
   */
  constructor(
    private readonly model: Model,
    private readonly endpoint: string,
    private readonly logger?: Logger,
  ) {}

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

  isCrossModel(h: RelationHandle): boolean {
    return this.model.backend.relationModelGet(this.relation(h).ref).uuid !== this.model.uuid;
  }

  /** The handle of a relation taken from a hook event. */
  handleOf(relation: Relation): RelationHandle {
    this.byId.set(relation.id, relation);
    // The hook's own relation names its remote app in the environment: no relation-list needed.
    const hookRel = this.model.hook.relation;
    const fromEnv = hookRel !== undefined && hookRel.endpoint === relation.name && hookRel.id === relation.id ? hookRel.remoteApp : undefined;
    return { id: relation.id, endpoint: relation.name, remoteApp: fromEnv ?? relation.remoteApp };
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
   * The newest revision's content (`secret-get --refresh`, protocol §1.5.4 step 3). Juju before
   * 3.1.7 (and 3.2 to 3.3.0) refuses `--refresh` from the secret's owner, who always sees the
   * newest revision there: that case is read again without it.
   */
  readSecret(locator: { readonly id?: string; readonly label?: string }): Readonly<Record<string, string>> | undefined {
    const secret = this.model.getSecret(locator);
    try {
      try {
        return secret.getContent({ refresh: true });
      } catch (e) {
        if (!isOwnerRefreshRefusal(e)) throw e;
        return secret.getContent();
      }
    } catch (e) {
      // Not granted yet, removed, or not visible: "not available yet" (juju-hook-contract §3.4).
      if (e instanceof ModelError) return undefined;
      throw e;
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
