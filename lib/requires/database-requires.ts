/**
 * `DatabaseRequires`: the requirer protocol engine wired into a charm. It observes the
 * endpoint's relation hooks, `secret-changed` and the leader hooks, runs the per-hook
 * {@link RequirerEngine} and emits typed events through an ops `EventSource`.
 *
 * ```ts
 * private readonly db = new DatabaseRequires(this, { relationName: "database", database: "webapp" });
 * protected override setup(): void {
 *   this.db.on("databaseCreated", (e) => this.render(e.response));
 * }
 * ```
 */
import {
  ActiveStatus,
  BlockedStatus,
  EventSource,
  formatRelationRef,
  WaitingStatus,
  type CharmBase,
  type Deferrable,
  type EventCodec,
  type JsonObject,
  type Model,
  type StatusBase,
  type StoredState,
} from "../ops/index.js";
import { endpointDeclaration } from "./options.js";
import { ProviderSecretUnavailableError, RequestConfigError, type ProviderDataError } from "./errors.js";
import { asProviderProblem, isTransient, problemText } from "./provider-answer.js";
import { isGated } from "./decision.js";
import { validateAliasCount, validateRequestOptions, type RequestOptions, type RequestSpec } from "./options.js";
import { RequirerEngine, type RelationConflicts } from "./engine.js";
import {
  isAliasable,
  REQUIRES_EVENT_NAMES,
  type EmittedEvent,
  type RequiresEventMap,
  type RequiresEventMapWithAliases,
  type RequiresEventName,
  type ResponseDecoder,
} from "./events.js";
import { EndpointModel, storedStateMemory, storedStateRoster } from "./endpoint-model.js";
import { decodeResponse, isCreated, type DatabaseResponse } from "./response.js";
import type { RelationHandle } from "./endpoint-model.js";
import { parseStatuses, type ProviderStatus } from "./provider-answer.js";
import { defined } from "../ops/defined.js";

/** Options of {@link DatabaseRequires}: the request plus how responses are decoded. */
export interface DatabaseRequiresOptions<A extends string = never, R = DatabaseResponse> extends Omit<RequestOptions, "relationAliases"> {
  /** One alias per allowed relation; aliased events are named `<alias>.<event>`. */
  readonly relationAliases?: readonly A[];
  /** Decoder of the resolved provider view (engines pass their interface model); default `decodeResponse`. */
  readonly decodeResponse?: ResponseDecoder<R>;
}


/** The internal event that re-checks a relation held for a secret not readable yet. */
interface RecheckEvent {
  readonly relationId: number;
}

/** Leader hooks on which the request is reconciled (docs/protocol.md#g-10). */
const RECONCILE_HOOKS = ["leader-elected", "config-changed", "upgrade-charm"] as const;

/** The requirer side of postgresql_client / mysql_client / mongodb_client for one endpoint. */
export class DatabaseRequires<A extends string = never, R = DatabaseResponse> {
  /** The endpoint this instance serves. */
  readonly relationName: string;
  /** The validated request. */
  readonly spec: RequestSpec;
  private readonly charm: CharmBase;
  private readonly decode: ResponseDecoder<R>;
  private readonly source: EventSource<RequiresEventMapWithAliases<A, R>>;
  private readonly recheck: EventSource<{ recheck: RecheckEvent }>;
  private current: { model: Model; hook: EndpointModel; engine: RequirerEngine<R>; rechecks: Set<number> } | undefined;
  private conflictList: RelationConflicts[] = [];
  /** The endpoint's `limit` from the charm's metadata (undefined without metadata or limit). */
  private readonly endpointLimit: number | undefined;
  /** Where the engine remembers what it announced: this unit's stored state, never a relation databag. */
  private readonly memory: StoredState<JsonObject>;
  /** The endpoint's live relation ids, recorded between hooks (see `RelationRoster`): hooks without relation data ask Juju nothing. */
  private readonly roster: StoredState<JsonObject>;

  /**
   * @throws RequestConfigError when the options are inconsistent, the endpoint is not declared
   *   in the charm's metadata, or the aliases do not match the endpoint's `limit` (docs/protocol.md#a-01).
   */
  constructor(charm: CharmBase, options: DatabaseRequiresOptions<A, R>) {
    this.charm = charm;
    this.spec = validateRequestOptions(options, charm.model.jujuVersion.hasSecrets);
    this.relationName = this.spec.relationName;
    this.decode = options.decodeResponse ?? (decodeResponse as unknown as ResponseDecoder<R>);
    // The runtime parsed the charm's metadata once for this hook; without a metadata file the
    // endpoint cannot be checked here (lib/ops then accepts any endpoint too).
    const metadata = charm.framework.metadata;
    let limit: number | undefined;
    if (metadata !== undefined) {
      const declared = endpointDeclaration(metadata, this.relationName);
      if (declared === undefined) {
        throw new RequestConfigError("relationName", `the charm's metadata declares no endpoint "${this.relationName}" under requires: or provides:; fix the name or declare the endpoint in metadata.yaml`);
      }
      validateAliasCount(this.relationName, this.spec.relationAliases, declared.limit);
      limit = declared.limit;
    }
    this.endpointLimit = limit;
    this.memory = charm.framework.storedState<JsonObject>("data-interfaces.requires", this.relationName, {});
    this.roster = charm.framework.storedState<JsonObject>("data-interfaces.requires.relations", this.relationName, {});

    const codecs: Record<string, EventCodec<object>> = {};
    for (const name of REQUIRES_EVENT_NAMES) {
      const codec = this.codecFor(name) as EventCodec<object>;
      codecs[name] = codec;
      if (isAliasable(name)) for (const alias of this.spec.relationAliases) codecs[`${alias}.${name}`] = codec;
    }
    this.source = new EventSource(charm, `requires.${this.relationName}`, codecs as { [K in keyof RequiresEventMapWithAliases<A, R>]: EventCodec<RequiresEventMapWithAliases<A, R>[K]> });

    const ep = this.relationName;
    // install is a unit's first hook: no relation-created has run yet, so the roster starts empty
    // (one state-set) and later hooks without relations need no relation-ids.
    charm.on("install", () => this.engine().hook.recordRoster(true));
    charm.on(`${ep}-relation-created`, (e) => {
      const { hook, engine } = this.engine();
      this.conflictList = [engine.relationCreated(hook.handleOf(e.relation))];
    });
    // A relation held because a secret is not readable yet (granted after the data naming it)
    // is re-checked through the deferred-event queue: at the start of every later hook until
    // the secret is readable, then its held events are emitted once.
    this.recheck = new EventSource<{ recheck: RecheckEvent }>(charm, `requires.${this.relationName}.held`, {
      recheck: {
        snapshot: (p) => ({ relationId: p.relationId }),
        restore: (s) => (typeof s["relationId"] === "number" ? Object.freeze({ relationId: s["relationId"] }) : undefined),
      },
    });
    this.recheck.on("recheck", async (e) => {
      const { hook, rechecks } = this.engine();
      if (rechecks.has(e.relationId)) {
        e.defer(); // queued in this very hook: wait for the next one
        return;
      }
      const rel = hook.relations().find((r) => r.id === e.relationId);
      if (rel === undefined) return; // the relation is gone
      if (await this.changed(rel)) {
        rechecks.add(rel.id);
        e.defer();
      }
    });
    charm.on(`${ep}-relation-changed`, async (e) => {
      await this.observe(this.engine().hook.handleOf(e.relation));
    });
    charm.on(`${ep}-relation-broken`, async (e) => {
      const { hook, engine } = this.engine();
      await this.emitAll(engine.relationBroken(hook.handleOf(e.relation)));
      // A relation held back for the endpoint's limit may be the one to serve now.
      for (const rel of engine.heldOverLimit()) await this.observe(rel);
    });
    // secret-changed reaches only units still tracking an older revision; any hook that reads a
    // new revision first (relation-changed, a re-check) announces the change itself.
    charm.on("secret-changed", async (e) => {
      const { engine } = this.engine();
      const locator = defined({ id: e.secret.id, label: e.secret.label });
      const rel = engine.relationOfSecret(locator);
      if (rel !== undefined) await this.observe(rel);
    });
    for (const hook of RECONCILE_HOOKS) {
      charm.on(hook, () => {
        this.conflictList = this.engine().engine.reconcileAll();
      });
    }
  }

  /** Observes a requirer event (or its aliased twin `<alias>.<event>`). */
  on<K extends keyof RequiresEventMapWithAliases<A, R> & string>(
    name: K,
    handler: (event: RequiresEventMapWithAliases<A, R>[K] & Deferrable) => void | Promise<void>,
  ): void {
    this.source.on(name, handler);
  }

  /** docs/protocol.md#r-01/docs/protocol.md#r-02: whether the provider created the resource on one relation, or on all (false without relations). */
  isResourceCreated(relationId?: number): boolean {
    return this.engine().engine.isResourceCreated(relationId);
  }

  /** docs/protocol.md#r-04: the resolved provider view of each live relation (secret values filled in, `data` included). */
  fetchRelationData(relationIds?: readonly number[]): Map<number, Record<string, string>> {
    return this.engine().engine.fetchRelationData(relationIds);
  }

  /** The decoded response of every live relation whose provider data is usable, by relation id (see {@link problems}). */
  responses(): Map<number, R> {
    const { hook, engine } = this.engine();
    const out = new Map<number, R>();
    for (const rel of hook.relations()) {
      try {
        out.set(rel.id, engine.response(rel));
      } catch (e) {
        if (asProviderProblem(e, formatRelationRef(rel)) === undefined) throw e;
      }
    }
    return out;
  }

  /**
   * What is wrong with the provider's data on each live relation, checked now: unreadable
   * `status` or `requests`, an unknown protocol version, group secrets not readable (not granted
   * yet) or lacking fields, fields the response decoder rejects. Events of such a relation are
   * held (and logged) until the data is usable. Messages name the relation and field, never a
   * secret value.
   */
  problems(relationId?: number): readonly ProviderDataError[] {
    const { hook, engine } = this.engine();
    return hook
      .relations()
      .filter((r) => relationId === undefined || r.id === relationId)
      .flatMap((rel) => engine.check(rel));
  }

  /**
   * A unit status the charm may set for this endpoint (the library never sets one itself):
   * Blocked without a relation or when the provider's data is unusable (naming relation and
   * field), Waiting while a secret is not readable yet or no credentials arrived, else Active.
   */
  suggestedStatus(): StatusBase {
    const { hook, engine } = this.engine();
    const rels = hook.relations();
    if (rels.length === 0) return new BlockedStatus(`needs a relation on endpoint "${this.relationName}"`);
    const problems = rels.flatMap((rel) => engine.check(rel));
    const lasting = problems.find((p) => !isTransient(p));
    if (lasting !== undefined) return new BlockedStatus(problemText(lasting));
    const transient = problems[0];
    if (transient instanceof ProviderSecretUnavailableError) return new WaitingStatus(`waiting for the provider to grant the secret of relation ${transient.relation}`);
    if (transient !== undefined) return new WaitingStatus(problemText(transient));
    const gated = rels.find((rel) => {
      const remoteApp = hook.remoteAppBag(rel);
      return isGated(remoteApp, rel.remoteApp ?? "", hook.remoteUnitBags(rel, remoteApp));
    });
    if (gated !== undefined) return new WaitingStatus(`waiting for the subordinate provider of relation ${formatRelationRef(gated)} to be ready`);
    const waiting = rels.find((rel) => !isCreated(engine.resolvedView(rel)));
    if (waiting !== undefined) return new WaitingStatus(`waiting for credentials on relation ${formatRelationRef(waiting)}`);
    return new ActiveStatus();
  }

  /**
   * Observes `rel` (relation-changed, secret-changed) and emits its events; when it was held for
   * a transient problem, queues one re-check for the next hooks.
   */
  private async observe(rel: RelationHandle): Promise<void> {
    const { rechecks } = this.engine();
    if ((await this.changed(rel)) && !rechecks.has(rel.id)) {
      rechecks.add(rel.id);
      await this.recheck.emit("recheck", { relationId: rel.id });
    }
  }

  /** Runs the relation's decision and emits; true when it was held for a transient problem (a secret not readable yet). */
  private async changed(rel: RelationHandle): Promise<boolean> {
    const { engine } = this.engine();
    await this.emitAll(engine.relationChanged(rel));
    return (engine.heldRelations().get(rel.id) ?? []).some(isTransient);
  }

  /** Request keys the options want changed but the live relation cannot take (docs/protocol.md#p-13), from the last leader reconciliation. */
  conflicts(): readonly RelationConflicts[] {
    return this.conflictList.filter((c) => c.conflicts.length > 0);
  }

  /** The engine of the running hook (one per hook: its secret cache is the per-hook cache, docs/protocol.md#g-12). */
  private engine(): { hook: EndpointModel; engine: RequirerEngine<R>; rechecks: Set<number> } {
    const model = this.charm.model;
    if (this.current === undefined || this.current.model !== model) {
      // What relation-created records (the relation, the roster) its own later hooks can find
      // again from Juju: on Kubernetes it may reach the controller's copy with a later hook.
      const late = model.hook.hookName === `${this.relationName}-relation-created`;
      const hook = new EndpointModel(model, this.relationName, this.charm.log, storedStateMemory(this.memory, late), storedStateRoster(this.roster, late));
      this.current = { model, hook, engine: new RequirerEngine(this.spec, hook, this.decode, this.endpointLimit), rechecks: new Set() };
    }
    return this.current;
  }

  private async emitAll(events: readonly EmittedEvent<R>[]): Promise<void> {
    type M = RequiresEventMapWithAliases<A, R>;
    for (const e of events) {
      await this.source.emit(e.name as keyof M & string, e.payload as M[keyof M & string]);
      const alias = e.payload.alias;
      if (alias !== undefined && isAliasable(e.name) && (this.spec.relationAliases as readonly string[]).includes(alias)) {
        await this.source.emit(`${alias}.${e.name}` as keyof M & string, e.payload as M[keyof M & string]);
      }
    }
  }

  /** How one event kind is deferred: identifiers only, rebuilt from live data (never secret values). */
  private codecFor<K extends RequiresEventName>(name: K): EventCodec<RequiresEventMap<R>[K]> {
    return {
      snapshot: (p) => {
        const snap: JsonObject = { relationId: p.relationId, remoteApp: p.remoteApp ?? null, alias: p.alias ?? null };
        if ("requestId" in p && p.requestId !== undefined) snap["requestId"] = p.requestId;
        if ("status" in p) snap["status"] = { code: p.status.code, message: p.status.message, resolution: p.status.resolution };
        return snap;
      },
      restore: (s, _model) => this.restore(name, s) as RequiresEventMap<R>[K] | undefined,
    };
  }

  private restore(name: RequiresEventName, s: JsonObject): object | undefined {
    const relationId = typeof s["relationId"] === "number" ? s["relationId"] : undefined;
    if (relationId === undefined) return undefined;
    const base = {
      relationId,
      relationName: this.relationName,
      remoteApp: typeof s["remoteApp"] === "string" ? s["remoteApp"] : undefined,
      alias: typeof s["alias"] === "string" ? s["alias"] : undefined,
    };
    if (name === "databaseRemoved") return Object.freeze(base);
    const { hook, engine } = this.engine();
    const rel = hook.relations().find((r) => r.id === relationId);
    if (rel === undefined) return undefined; // the relation is gone: drop the deferred event
    if (name === "statusRaised" || name === "statusResolved") {
      const st = s["status"] as { code?: unknown; message?: unknown; resolution?: unknown } | undefined;
      if (st === undefined || typeof st.code !== "number") return undefined;
      const status: ProviderStatus = { code: st.code, message: String(st.message ?? ""), resolution: String(st.resolution ?? "") };
      return Object.freeze({ ...base, status, activeStatuses: Object.freeze(this.activeStatuses(rel)) });
    }
    const requestId = typeof s["requestId"] === "string" ? s["requestId"] : undefined;
    try {
      const response = engine.response(rel, requestId);
      engine.markDelivered(rel, requestId);
      return Object.freeze({ ...base, response, requestId });
    } catch (e) {
      const problem = asProviderProblem(e, formatRelationRef(rel));
      if (problem === undefined) throw e;
      // The data became unusable since the event was deferred: the event is dropped, and said so.
      hook.log("ERROR", `deferred ${name} of relation ${formatRelationRef(rel)} dropped: ${problemText(problem)}`);
      return undefined;
    }
  }

  private activeStatuses(rel: { id: number; endpoint: string; remoteApp: string | undefined }): ProviderStatus[] {
    return parseStatuses(this.engine().hook.remoteAppBag(rel)["status"], formatRelationRef(rel));
  }
}
