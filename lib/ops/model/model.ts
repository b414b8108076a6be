/** The model as one hook sees it: this unit and app, relations, config, secrets. */
import type { Backend, ConfigValue } from "../backend.js";
import type { HookContext } from "../context.js";
import { InvalidArgumentError, TooManyRelatedAppsError } from "../errors.js";
import { gateBackend } from "../hooktools/backend.js";
import type { JujuVersion } from "../juju-version.js";
import { HookSession, type HookSessionOptions } from "./hook-session.js";
import { Relation } from "./relation.js";
import { Secret } from "./secret.js";
import { Application, Unit } from "./unit.js";

/** Options of {@link Model}. */
export type ModelOptions = HookSessionOptions;

/**
 * Entry point to everything Juju knows. Reads are cached for the hook; databag writes, statuses
 * and the workload version are buffered and applied by `Model.commit()` (called by the
 * framework only when every handler succeeded).
 */
export class Model {
  /** Model name. */
  readonly name: string;
  /** Model UUID. */
  readonly uuid: string;
  /** The agent version. */
  readonly jujuVersion: JujuVersion;
  /** This unit. */
  readonly unit: Unit;
  /** This application. */
  readonly app: Application;
  /** The parsed hook context. */
  readonly hook: HookContext;
  /**
   * The backend every read and write goes through, gated by {@link Model.jujuVersion}: a tool or
   * flag this Juju lacks throws `ToolUnavailableError` without running anything. Prefer the model
   * API (e.g. `Relation.isCrossModel()`), which falls back where Juju allows it.
   */
  readonly backend: Backend;
  private readonly session: HookSession;
  private readonly relationCache = new Map<string, Relation>();
  private readonly secretCache = new Map<string, Secret>();

  constructor(backend: Backend, hook: HookContext, options: ModelOptions = {}) {
    this.backend = gateBackend(backend, hook.jujuVersion);
    this.session = new HookSession(this.backend, hook, options);
    this.hook = hook;
    this.name = hook.modelName;
    this.uuid = hook.modelUuid;
    this.jujuVersion = hook.jujuVersion;
    this.app = new Application(this.session);
    this.unit = new Unit(this.session, this.app);
  }

  /** Charm config (config-get once, on first access). */
  get config(): Readonly<Record<string, ConfigValue>> {
    return this.session.config();
  }

  /**
   * The live relations on `endpoint` (relation-ids once per endpoint; the -broken one is left out).
   * `recordedRemoteApp`: the remote application's name of a relation as the charm recorded it
   * (a relation joins the same two applications for its whole life, and Juju never reuses its
   * id), so that naming it needs no `relation-list`.
   */
  relations(endpoint: string, recordedRemoteApp?: (id: number) => string | undefined): Relation[] {
    return this.session.relationIds(endpoint).map((ref) => {
      const rel = this.relation(ref.endpoint, ref.id, true);
      rel.knowRemoteApp(recordedRemoteApp?.(ref.id));
      return rel;
    });
  }

  /**
   * With `id`: that relation (an inactive one if Juju no longer lists it). Without: the only
   * relation on `endpoint`, undefined when there is none, TooManyRelatedAppsError when several.
   */
  getRelation(endpoint: string, id?: number): Relation | undefined {
    const own = this.hook.relation;
    if (id !== undefined && own !== undefined && own.endpoint === endpoint && own.id === id) {
      // The hook's own relation is live (Juju runs its hooks only while it exists), except in its
      // -broken hook, where relation-ids would leave it out anyway: no relation-ids needed.
      return this.relation(endpoint, id, this.session.brokenRelation() === undefined);
    }
    const live = this.relations(endpoint);
    if (id === undefined) {
      if (live.length > 1) throw new TooManyRelatedAppsError(endpoint, live.length);
      return live[0];
    }
    checkRelationId(id);
    return live.find((r) => r.id === id) ?? this.relation(endpoint, id, false);
  }

  /**
   * A relation the charm recorded in an earlier hook, built without asking Juju: no
   * `relation-ids` and, given `remoteApp` (the remote application's name as recorded), no
   * `relation-list` for that name. For a charm that keeps its own record of its live relations
   * (what relation-created added and -broken removed), to spare hooks those calls. Juju may have
   * removed the relation since (its -broken hook skipped with `juju resolved --no-retry`):
   * its bags then read empty, as those of any relation Juju no longer knows, and from that read
   * on `active` is false; until then `active` trusts the record (no tool call).
   */
  recordedRelation(endpoint: string, id: number, remoteApp?: string): Relation {
    checkRelationId(id);
    const cached = this.relationCache.get(`${endpoint}:${id}`);
    if (cached !== undefined) return cached;
    const rel = this.relation(endpoint, id, true);
    rel.knowRemoteApp(remoteApp);
    return rel;
  }

  private relation(endpoint: string, id: number, live: boolean): Relation {
    const key = `${endpoint}:${id}`;
    let rel = this.relationCache.get(key);
    if (rel === undefined) {
      rel = new Relation(this.session, { endpoint, id }, live);
      this.relationCache.set(key, rel);
    }
    return rel;
  }

  /** A secret by URI and/or label (lazy: errors surface on first use). */
  getSecret(locator: { readonly id?: string; readonly label?: string }): Secret {
    const key = `${locator.id ?? ""}\u0000${locator.label ?? ""}`;
    let secret = this.secretCache.get(key);
    if (secret === undefined) {
      secret = new Secret(this.session, locator);
      this.secretCache.set(key, secret);
    }
    return secret;
  }

  /** @internal Applies buffered databag writes (once per bag), then statuses and workload version. */
  commit(): void {
    this.session.flushRelationData();
    this.session.flushStatus();
  }
}

function checkRelationId(id: number): void {
  if (!Number.isInteger(id) || id < 0) throw new InvalidArgumentError(`relation id must be a non-negative integer, got ${id}`);
}
