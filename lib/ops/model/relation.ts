/** A relation as seen from this unit. */
import type { RelationRef } from "../backend.js";
import { ModelError } from "../errors.js";
import { formatRelationRef } from "../hooktools/relation.js";
import { Databag } from "./databag.js";
import type { HookSession } from "./hook-session.js";

/**
 * One relation: its id and endpoint, the remote application and units, and its databags.
 * Obtain it from `Model.relations()` / `Model.getRelation()` or from a relation event.
 */
export class Relation {
  /** The relation id (the number in `database:7`). */
  readonly id: number;
  /** The endpoint name. */
  readonly name: string;
  /** `{ endpoint, id }`, as the Backend takes it. */
  readonly ref: RelationRef;
  /** This unit's bag. */
  readonly localUnit: Databag;
  /** This application's bag (read: leader only unless peer; write: leader only). */
  readonly localApp: Databag;
  private readonly session: HookSession;
  private readonly live: boolean;
  private remoteAppCache: { value: string | undefined } | undefined;
  private recordedRemoteApp: string | undefined;
  private remoteModelCache: { value: string | undefined } | undefined;
  private readonly bags = new Map<string, Databag>();

  /**
   * @internal Built by Model. `live`: relation-ids listed it in this hook, it is the hook's own,
   * or the charm recorded it as live (Model.recordedRelation).
   */
  constructor(session: HookSession, ref: RelationRef, live: boolean) {
    this.session = session;
    this.ref = Object.freeze({ endpoint: ref.endpoint, id: ref.id });
    this.id = ref.id;
    this.name = ref.endpoint;
    this.live = live;
    this.localUnit = new Databag(session, this, session.hook.unitName, "local-unit");
    this.localApp = new Databag(session, this, session.hook.appName, "local-app");
  }

  /**
   * False in its own -broken hook, and when Juju no longer knows it; asks nothing. A relation
   * `relation-ids` listed in this hook is live for the whole hook: Juju answers relation-ids,
   * relation-list and relation-get from the relations of the hook's context, fixed when the hook
   * starts (juju/juju worker/uniter/runner/context, `HookContext.Relation`), so relation-list
   * could not say otherwise. A relation built from the charm's record (Model.recordedRelation) is
   * trusted the same way until a tool says in this hook that Juju does not know it (reading one
   * of its bags, say).
   */
  get active(): boolean {
    return this.live && !this.session.knownGone(this.ref);
  }

  /**
   * @internal The remote application's name as the charm recorded it (Model.relations'
   * `recordedRemoteApp`, Model.recordedRelation): asked for after the hook's environment, before
   * relation-list. No name, or an empty one, leaves it unknown.
   */
  knowRemoteApp(app: string | undefined): void {
    if (app !== undefined && app !== "") this.recordedRemoteApp ??= app;
  }

  /** A peer relation (declared under `peers:`; without metadata: the remote app is this app). */
  get isPeer(): boolean {
    const peers = this.session.metadata?.peers;
    if (peers !== undefined) return peers.includes(this.name);
    return this.remoteApp === this.session.hook.appName;
  }

  /** The remote units Juju lists (empty during -broken; never this unit). */
  get units(): readonly string[] {
    const units = this.session.relationUnits(this.ref);
    return units === "not-found" ? [] : units;
  }

  /** The remote application's name, or undefined when Juju cannot tell (old agents, gone relation). */
  get remoteApp(): string | undefined {
    if (this.remoteAppCache === undefined) this.remoteAppCache = { value: this.findRemoteApp() };
    return this.remoteAppCache.value;
  }

  // Peer -> own app; the hook's JUJU_REMOTE_APP when the hook is about this relation (Juju names
  // the same application there as in the units' names, and reading it costs no tool call); the
  // name the charm recorded; the app of any listed unit; finally `relation-list --app`. ops asks
  // relation-list first only because it lists units eagerly anyway; the answers agree.
  private findRemoteApp(): string | undefined {
    if (this.session.metadata?.peers.includes(this.name) === true) return this.session.hook.appName;
    const hookRel = this.session.hook.relation;
    if (hookRel !== undefined && hookRel.endpoint === this.name && hookRel.id === this.id && hookRel.remoteApp !== undefined) {
      return hookRel.remoteApp;
    }
    if (this.recordedRemoteApp !== undefined) return this.recordedRemoteApp;
    const unit = this.units[0];
    if (unit !== undefined) return unit.slice(0, unit.indexOf("/"));
    return this.session.relationRemoteApp(this.ref);
  }

  /**
   * The UUID of the model the remote application lives in (`relation-model-get`, cached), or
   * undefined when this Juju cannot tell: agents before 3.6.2 have no `relation-model-get`, and
   * undefined then means "unknown", not "same model". Never calls a tool the version lacks.
   */
  remoteModelUuid(): string | undefined {
    if (this.remoteModelCache === undefined) {
      this.remoteModelCache = {
        value: this.session.hook.jujuVersion.hasTool("relation-model-get") ? this.session.backend.relationModelGet(this.ref).uuid : undefined,
      };
    }
    return this.remoteModelCache.value;
  }

  /**
   * Whether the remote application is in another model (a cross-model relation through an offer):
   * true or false on Juju >= 3.6.2, undefined before, where Juju cannot tell (see
   * {@link Relation.remoteModelUuid}). Callers choose what "unknown" means for them.
   */
  isCrossModel(): boolean | undefined {
    const remote = this.remoteModelUuid();
    return remote === undefined ? undefined : remote !== this.session.hook.modelUuid;
  }

  /** The remote application's bag (read-only). */
  remoteAppData(): Databag {
    const app = this.remoteApp;
    if (app === undefined) throw new ModelError(`relation ${this.toString()}: Juju does not say which application is on the other side`);
    return this.bag(app, app === this.session.hook.appName ? "local-app" : "remote-app");
  }

  /** A remote (or peer) unit's bag (read-only). Also works for a departing unit. */
  remoteUnitData(unit: string): Databag {
    if (unit === this.session.hook.unitName) return this.localUnit;
    const app = unit.slice(0, unit.indexOf("/"));
    return this.bag(unit, app === this.session.hook.appName ? "peer-unit" : "remote-unit");
  }

  private bag(owner: string, kind: "remote-app" | "local-app" | "peer-unit" | "remote-unit"): Databag {
    if (kind === "local-app") return this.localApp;
    let bag = this.bags.get(owner);
    if (bag === undefined) {
      bag = new Databag(this.session, this, owner, kind);
      this.bags.set(owner, bag);
    }
    return bag;
  }

  /** `endpoint:id`, e.g. `database:7`. */
  toString(): string {
    return formatRelationRef(this.ref);
  }
}
