/**
 * The framework: observer registry, event delivery with deferral, stored state, commit.
 *
 * Delivery follows ops (docs/juju-contract.md#emission-and-deferral): deferred notices are re-delivered first, in order, each to
 * its one observer; then the new event goes to every observer in registration order, skipping an
 * observer that already has an equal event of the same kind queued (it just ran in the re-emit).
 * Handlers are awaited one after another. Observers are identified across processes by source
 * path, kind and registration index (`charm/install#0`), so registration order must be stable
 * between hooks of one charm revision.
 */
import type { Backend } from "../backend.js";
import type { CharmMetadata } from "../charm-metadata.js";
import { InvalidArgumentError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Model } from "../model/model.js";
import { ControllerState } from "./controller-state.js";
import { LocalFileState, type StateFiles } from "./local-file-state.js";
import type { StateStorage, StateStore } from "./state-store.js";
import { DeferredQueue, eventKindPath, type Notice } from "./deferred-queue.js";
import { hookPayload } from "./hook-events.js";
import { isDeferrable } from "./hook-kinds.js";
import type { JsonObject } from "./json.js";
import { StoredStateCell, storedStateKey, type StoredState } from "./stored-state.js";
import { defined } from "../defined.js";

/** The source path of Juju's own events. */
export const CHARM_SOURCE = "charm";

/** A handler as the framework stores it. */
export type AnyHandler = (event: never) => void | Promise<void>;

/** How a source rebuilds a deferred event from its snapshot (undefined: drop it). */
export type RestoreFn = (kind: string, snapshot: JsonObject) => object | undefined;

interface Observer {
  readonly key: string;
  readonly handler: AnyHandler;
}

/** Options of {@link Framework}. */
export interface FrameworkOptions {
  /** Where the framework and the charm log (juju-log in a real hook). */
  readonly logger: Logger;
  /** The charm's metadata, when known: `on()` then refuses relation events of undeclared endpoints. */
  readonly metadata?: CharmMetadata;
  /**
   * A restricted hook (collect-metrics, meter-status-changed): hook tools such as state-get are
   * unavailable, so the deferred queue is neither read nor written and `defer()` throws.
   */
  readonly restricted?: boolean;
  /** Observes every new event as it is emitted (before delivery), e.g. for a test harness. */
  readonly onEmit?: (event: EmittedEvent) => void;
  /**
   * Where deferred events and stored state live (docs/state-storage.md): `controller` (the
   * default here), `local`, a file in `charmDir`, or `mirrored`, that file with the controller
   * state kept as its copy; `files` replaces the file system (tests).
   */
  readonly state?: {
    readonly storage: StateStorage;
    readonly charmDir: string;
    readonly files?: StateFiles;
    /** The hook is `install`: a machine unit has no state anywhere yet (local-file-state.ts). */
    readonly install?: boolean;
    /** The hook is `upgrade-charm`, a charm revision's first: a mirrored store reads the controller (local-file-state.ts). */
    readonly upgrade?: boolean;
  };
}

/** A new event as {@link FrameworkOptions.onEmit} sees it. */
export interface EmittedEvent {
  /** `charm` for Juju's own events, else the event source path (e.g. `database`). */
  readonly source: string;
  /** The event kind, e.g. `install` or `databaseCreated`. */
  readonly kind: string;
  /** The payload handlers receive (without `defer`). Held in memory only, never persisted. */
  readonly payload: Readonly<object>;
}

/** Owns the per-hook runtime: model, backend, logger, event delivery and persisted state. */
export class Framework {
  /** The model of this hook. */
  readonly model: Model;
  /** The backend hook tools go through. */
  readonly backend: Backend;
  /** The charm logger. */
  readonly log: Logger;
  /** The charm's metadata, when known. */
  readonly metadata: CharmMetadata | undefined;
  private readonly state: StateStore;
  private readonly queue: DeferredQueue;
  private readonly observers = new Map<string, Observer[]>();
  private readonly sources = new Map<string, RestoreFn>();
  private readonly storedStates = new Map<string, StoredStateCell<JsonObject>>();
  private readonly restricted: boolean;
  private readonly onEmit: ((event: EmittedEvent) => void) | undefined;

  constructor(model: Model, backend: Backend, options: FrameworkOptions) {
    this.model = model;
    this.backend = backend;
    this.log = options.logger;
    this.metadata = options.metadata;
    this.restricted = options.restricted ?? false;
    this.onEmit = options.onEmit;
    const controller = new ControllerState(backend);
    const state = options.state;
    const hasStateGet = model.jujuVersion.hasTool("state-get");
    const mirrored = state?.storage === "mirrored";
    this.state =
      // Juju before 2.8 has no controller state: a Kubernetes unit's hooks fail naming the version they need, as with `controller`.
      state === undefined || state.storage === "controller" || (mirrored && !hasStateGet)
        ? controller
        : new LocalFileState(state.charmDir, controller, {
            // A machine's install finds no state anywhere (local-file-state.ts); a pod's may find the unit's copy.
            controllerAccess: this.restricted ? "restricted" : !hasStateGet || (state.install === true && !mirrored) ? "none" : "read",
            warn: (message) => this.log.warning(message),
            ...defined({ files: state.files, mirror: mirrored ? (state.upgrade === true ? ("upgrade" as const) : ("hook" as const)) : undefined }),
          });
    this.queue = new DeferredQueue(this.state, (message) => this.log.warning(message));
    this.sources.set(CHARM_SOURCE, (kind, snapshot) => hookPayload(kind, snapshot, this.model));
  }

  /** @internal Registers an event source (library custom events) under a unique path. */
  registerSource(path: string, restore: RestoreFn): void {
    if (path === "" || /[[\]#]/.test(path)) throw new InvalidArgumentError(`event source path "${path}" must be non-empty without [ ] #`);
    if (this.sources.has(path)) throw new InvalidArgumentError(`event source path "${path}" is already in use`);
    this.sources.set(path, restore);
  }

  /** @internal Adds an observer of `kind` events of `source`. */
  observe(source: string, kind: string, handler: AnyHandler): void {
    if (!this.sources.has(source)) throw new InvalidArgumentError(`no event source "${source}"`);
    const kindPath = `${source}/${kind}`;
    const list = this.observers.get(kindPath) ?? [];
    list.push({ key: `${kindPath}#${list.length}`, handler });
    this.observers.set(kindPath, list);
  }

  /** Whether anything observes `kind` events of `source`. */
  isObserved(source: string, kind: string): boolean {
    return (this.observers.get(`${source}/${kind}`)?.length ?? 0) > 0;
  }

  private async deliver(source: string, kind: string, payload: object, observer: Observer): Promise<boolean> {
    let deferred = false;
    const canDefer = source !== CHARM_SOURCE || isDeferrable(kind);
    const event = Object.freeze({
      ...payload,
      defer: () => {
        if (!canDefer) throw new InvalidArgumentError(`${kind} events cannot be deferred (Juju re-runs or needs them now)`);
        if (this.restricted) throw new InvalidArgumentError(`events cannot be deferred in a restricted hook (no controller state there)`);
        deferred = true;
      },
    });
    await (observer.handler as (e: object) => void | Promise<void>)(event);
    return deferred;
  }

  /**
   * @internal Delivers a new event to every observer, in order. `payload` and `snapshot` are
   * computed only when needed.
   */
  async emit(source: string, kind: string, payload: () => object, snapshot: () => JsonObject): Promise<void> {
    const kindPath = `${source}/${kind}`;
    const observers = this.observers.get(kindPath) ?? [];
    let body: object | undefined;
    if (this.onEmit !== undefined) {
      body = payload();
      this.onEmit(Object.freeze({ source, kind, payload: Object.freeze({ ...body }) }));
    }
    if (observers.length === 0) return;
    let snap: JsonObject | undefined;
    let eventPath: string | undefined;
    for (const observer of observers) {
      if (!this.restricted && this.queue.hasQueued(observer.key, kindPath)) {
        snap ??= snapshot();
        if (this.queue.hasEquivalent(observer.key, kindPath, snap)) continue;
      }
      body ??= payload();
      if (await this.deliver(source, kind, body, observer)) {
        snap ??= snapshot();
        eventPath ??= this.queue.nextEventPath(kindPath);
        this.queue.add({ event: eventPath, observer: observer.key }, snap);
      }
    }
  }

  /** @internal Re-delivers every deferred notice, in order, before the hook's own event. */
  async reemit(): Promise<void> {
    if (this.restricted) return;
    for (const notice of this.queue.notices()) {
      if (!this.queue.has(notice)) continue;
      await this.redeliver(notice);
    }
  }

  private async redeliver(notice: Notice): Promise<void> {
    const kindPath = eventKindPath(notice.event);
    const slash = kindPath.lastIndexOf("/");
    const source = kindPath.slice(0, slash);
    const kind = kindPath.slice(slash + 1);
    const observer = this.observers.get(kindPath)?.find((o) => o.key === notice.observer);
    const restore = this.sources.get(source);
    const snapshot = this.queue.snapshot(notice.event);
    const payload = observer === undefined || restore === undefined || snapshot === undefined ? undefined : restore(kind, snapshot);
    if (observer === undefined || payload === undefined) {
      // Nobody observes it any more (charm changed) or it cannot be rebuilt: drop it.
      this.log.debug(`dropping deferred ${notice.event} for ${notice.observer}: no longer deliverable`);
      this.queue.remove(notice);
      return;
    }
    if (!(await this.deliver(source, kind, payload, observer))) this.queue.remove(notice);
  }

  /** A stored-state object of `owner` (e.g. `charm` or a library's source path), persisted at commit. */
  storedState<T extends JsonObject>(owner: string, name: string, defaults: T): StoredState<T> {
    if (name === "" || owner === "") throw new InvalidArgumentError("stored state owner and name must be non-empty");
    const key = storedStateKey(owner, name);
    let cell = this.storedStates.get(key);
    if (cell === undefined) {
      cell = new StoredStateCell<JsonObject>(this.state, key, defaults, (message) => this.log.warning(message));
      this.storedStates.set(key, cell);
    }
    return cell as unknown as StoredState<T>;
  }

  /**
   * @internal Persists deferred events and stored state and applies buffered relation data,
   * statuses and workload version, in the order the state store needs (controller state: one
   * state-set if anything changed, first; the charm directory's file: last, its new text synced
   * while the last write's tool runs, and renamed into place once every write has succeeded).
   */
  commit(): void {
    this.queue.save();
    for (const cell of this.storedStates.values()) cell.save();
    this.state.commit(
      () => this.model.commit(),
      () => this.backend.finishWrites?.(),
    );
  }
}
