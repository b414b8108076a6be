/**
 * `Context`: runs one event of a charm in-process against an immutable `State` and returns the
 * next `State`, in the spirit of ops.testing (Scenario) and goopstest.
 *
 * The charm runs through lib/ops's real `dispatch` and `HookToolBackend`; the backend's tool
 * runner is a fake-Juju `HookToolServer` over a model built from the state. So argv building,
 * output parsing and error mapping are the production code paths, and the fake enforces the
 * same rules and error texts as the real tools.
 */
import { stringify } from "yaml";

import * as ops from "../../ops/index.js";
import type { CharmClass, DispatchOptions, DispatchOutcome, LogLevel, StateStorage, StatusInfo } from "../../ops/index.js";
import type { CommitReport } from "../juju/commit.js";
import type { HookSpec } from "../juju/hook.js";
import type { CharmSpec, JsonObject } from "../juju/model.js";
import { type AbsentToolCallRecord, HookToolServer, toolServerRunner, type ToolCallRecord } from "../juju/hook-tool-server.js";
import { actionProcessError } from "../juju/tools/action.js";
import type { LogRecord } from "../juju/tool-context.js";
import { notifyRunObservers, type RunObserver } from "../run-observer.js";
import { type ActionsInput, charmSpecFrom, type ConfigInput, type MetadataInput } from "./charm-spec.js";
import { prepareCharmRoot } from "./charm-root.js";
import { checkConsistency, unitName } from "./consistency.js";
import { EventFactory, type HarnessEvent } from "./events.js";
import type { ActionsOf, UnitHookName } from "./hook-names.js";
import { capturingReemits, type HarnessEmittedEvent } from "./reemit-capture.js";
import type { State, StateInit } from "./state.js";
import { peerRelation, relation, remoteAppName, remoteUnitNames, state as buildState, subordinateRelation } from "./state.js";
import { modelFromState, stateFromModel, type UnitIdentity } from "./state-model.js";
import { CommitRefusedError } from "./commit-refused-error.js";
import { UncaughtCharmError } from "./uncaught-charm-error.js";
import { logicalStoredValues } from "./ops-state.js";
import { UnitStateFile } from "./unit-state-file.js";

/** The runtime entry point the harness drives; lib/ops's `dispatch` by default. */
export type CharmDispatcher<C> = (charm: C, options: DispatchOptions) => Promise<DispatchOutcome>;

/** Options of a `Context`. */
export interface ContextOptions<C, M extends MetadataInput = MetadataInput, A extends ActionsInput = ActionsInput> {
  /** metadata.yaml as an object or YAML text; as an object, its endpoint names type `ctx.on.hook()`. */
  readonly metadata: M;
  /** config.yaml (`{options: ...}`) as an object or YAML text. */
  readonly config?: ConfigInput;
  /** actions.yaml as an object or YAML text; as an object, its action names type `ctx.on.action()`. */
  readonly actions?: A;
  /** Application name (default: the charm name from metadata). */
  readonly appName?: string;
  /** Unit number (default 0). */
  readonly unitId?: number;
  /** Juju version (default 3.6.14); a state's `model.jujuVersion` overrides it for that run. */
  readonly jujuVersion?: string;
  /** Replaces lib/ops's `dispatch` (required when the charm is not a lib/ops `CharmClass`). */
  readonly dispatch?: CharmDispatcher<C>;
  /**
   * The charm directory (`JUJU_CHARM_DIR`), like Scenario's `charm_root`: files the charm reads
   * from its directory go here. Each run writes metadata.yaml, config.yaml and actions.yaml into
   * it and restores what was there afterwards. Default: a temporary directory per run.
   */
  readonly charmRoot?: string;
  /**
   * Where the unit keeps `State.storedState` (deferred events, stored state) between hooks, as
   * `main()` chooses on a real unit (docs/state-storage.md): `local`, the state file of a machine
   * unit's charm directory (its hooks make no `state-get`/`state-set`), `mirrored`, that file
   * with Juju's unit state kept as its copy, as on Kubernetes (a hook that changes the state
   * makes one `state-set`, unless every change may lag), or `controller`, Juju's unit state alone. Default `local` for lib/ops
   * charms; `controller` with a `dispatch` of your own, since the file is lib/ops's.
   */
  readonly stateStorage?: StateStorage;
  /**
   * When the charm throws, record the error in `ctx.error` and return the input state instead of
   * throwing `UncaughtCharmError` (for tests about failures). Default false.
   */
  readonly catchCharmErrors?: boolean;
  /**
   * Called after every run of this Context with what the charm logged, printed and set, and
   * the input and output states (run-observer.ts; `observeRuns` observes every Context).
   */
  readonly observer?: RunObserver;
}

/** Context options: `dispatch` may be left out only for lib/ops charm classes. */
export type ContextOptionsFor<C, M extends MetadataInput = MetadataInput, A extends ActionsInput = ActionsInput> = C extends CharmClass
  ? ContextOptions<C, M, A>
  : ContextOptions<C, M, A> & { readonly dispatch: CharmDispatcher<C> };

/** Action outcome of the last run. */
export interface ActionOutput {
  readonly results: Readonly<Record<string, string>>;
  readonly logs: readonly string[];
  /** The `action-fail` message, if the charm failed the action. */
  readonly failure?: string;
}

/**
 * Runs events of one charm against states. Side channels describe the last run.
 * `Hook` and `Action` are the names `ctx.on.hook()` and `ctx.on.action()` accept; `new Context`
 * derives them from metadata and actions given as objects (hook-names.ts).
 */
class ContextImpl<C = CharmClass, Hook extends string = string, Action extends string = string> {
  /** Event constructors: `ctx.on.install()`, `ctx.on.relationChanged(rel)`, ... (names typed by the metadata and actions). */
  readonly on = new EventFactory<Hook, Action>();
  /** The charm as the fake Juju sees it. */
  readonly charm: CharmSpec;
  readonly appName: string;
  readonly unitId: number;
  readonly jujuVersion: string;
  /** Where the unit keeps its stored state between hooks (the `stateStorage` option). */
  readonly stateStorage: StateStorage;

  /** `juju-log` lines of the last run. */
  logs: readonly LogRecord[] = [];
  /** Unit statuses set during the last run, in order. */
  unitStatusHistory: readonly StatusInfo[] = [];
  /** Application statuses set during the last run, in order. */
  appStatusHistory: readonly StatusInfo[] = [];
  /** Every hook-tool call of the last run (command and argv). */
  toolCalls: readonly ToolCallRecord[] = [];
  /** Calls of the last run to tools its Juju version lacks (each failed as "not found"; docs/juju-behaviour.md). */
  absentToolCalls: readonly AbsentToolCallRecord[] = [];
  /** The action output of the last run, if it was an action. */
  actionOutput: ActionOutput | undefined;
  /** What the last run committed (undefined when it failed). */
  commitReport: CommitReport | undefined;
  /**
   * Why the last run failed, if it did: what the charm threw (also the `cause` of the
   * `UncaughtCharmError` thrown), or the `CommitRefusedError` of a commit Juju refused.
   */
  error: Error | undefined;
  /** What the charm process wrote to stdout in the last run (lib/ops writes its failure line to stderr). */
  stdout = "";
  /** What the charm wrote to stderr in the last run. */
  stderr = "";
  private emittedEvents: HarnessEmittedEvent[] = [];
  private readonly charmRoot: string | undefined;
  private readonly catchCharmErrors: boolean;
  private readonly observer: RunObserver | undefined;

  private readonly metadataText: string;
  private readonly configText: string;
  private readonly actionsText: string;
  // The charm bound to its dispatcher: keeps C out of the instance type, so a
  // Context<typeof MyCharm> is usable wherever a Context<CharmClass> is expected.
  private readonly runCharm: (options: DispatchOptions) => Promise<DispatchOutcome>;

  /** @param charmClass the charm, as lib/ops's `dispatch` takes it */
  constructor(charmClass: C, options: ContextOptionsFor<C>) {
    const record = (event: HarnessEmittedEvent): void => {
      this.emittedEvents.push(event);
    };
    // Without options.dispatch, C is a CharmClass (ContextOptionsFor enforces it); lib/ops's
    // dispatch then also reports deferred events it re-emits (reemit-capture.ts).
    this.runCharm =
      options.dispatch === undefined
        ? (dispatchOptions) => ops.dispatch(capturingReemits(charmClass as unknown as CharmClass, record), dispatchOptions)
        : (dispatchOptions) => (options.dispatch as CharmDispatcher<C>)(charmClass, dispatchOptions);
    this.charmRoot = options.charmRoot;
    this.catchCharmErrors = options.catchCharmErrors ?? false;
    this.observer = options.observer;
    this.charm = charmSpecFrom(options.metadata, options.config, options.actions);
    this.appName = options.appName ?? this.charm.name;
    this.unitId = options.unitId ?? 0;
    this.jujuVersion = options.jujuVersion ?? "3.6.14";
    this.stateStorage = options.stateStorage ?? (options.dispatch === undefined ? "local" : "controller");
    const text = (input: MetadataInput | undefined): string => (typeof input === "string" ? input : stringify(input ?? {}));
    this.metadataText = text(options.metadata);
    this.configText = text(options.config);
    this.actionsText = text(options.actions);
  }

  /** The unit under test, `<app>/<id>`. */
  get unitName(): string {
    return `${this.appName}/${this.unitId}`;
  }

  private identity(state: State): UnitIdentity {
    return { charm: this.charm, appName: this.appName, unitId: this.unitId, jujuVersion: state.model.jujuVersion ?? this.jujuVersion };
  }

  /**
   * Runs `event` against `state` and returns the state after the hook committed. When the charm
   * throws, nothing is committed, `error` holds what it threw, and the run throws
   * `UncaughtCharmError` (its `cause` is that error), as Scenario does; with `catchCharmErrors`
   * the input state comes back instead. When the charm succeeded but Juju refuses the commit
   * (a `secret-set` on a secret the unit may not manage, say), the run throws
   * `CommitRefusedError`; with `catchCharmErrors` the state after the part Juju applied comes
   * back and `error` holds it. The side channels (logs, statuses, tool calls, `emitted()`)
   * describe the run either way.
   * @throws InconsistentScenarioError when the state or event could not happen under Juju.
   * @throws UncaughtCharmError when the charm threw (unless `catchCharmErrors`).
   * @throws CommitRefusedError when Juju refused the hook's changes (unless `catchCharmErrors`).
   */
  async run(event: HarnessEvent, state: State): Promise<State> {
    this.reset();
    const identity = this.identity(state);
    checkConsistency(identity, state, event);
    // A unit's state file is in its charm directory, kept in memory for the run; a mirrored
    // unit's copy in the controller starts as the same values.
    const stateFile = this.stateStorage === "controller" ? undefined : new UnitStateFile(logicalStoredValues(state.storedState));
    const model = modelFromState(identity, state, this.stateStorage !== "local");
    const root = prepareCharmRoot(this.charmRoot, { "metadata.yaml": this.metadataText, "config.yaml": this.configText, "actions.yaml": this.actionsText });
    try {
      const session = new HookToolServer(model, this.unitName, this.hookSpec(event, state), { charmDir: root.dir });
      const outcome = await this.dispatchIn(session, stateFile);
      this.collect(session);
      if (outcome.ok) {
        this.commitReport = session.commit();
        this.collectAction(session);
        const next = stateFromModel(identity, state, model, stateFile === undefined ? undefined : (stateFile.writtenValues() ?? state.storedState));
        this.notify(session, event, state, next);
        const refused = this.commitReport.failure;
        if (refused === undefined) return next;
        // The handlers succeeded but Juju refused the commit: the hook failed, with part applied.
        this.error = new CommitRefusedError(event, refused);
        if (this.catchCharmErrors) return next;
        throw this.error;
      }
      // An uncaught error ends the charm's process with exit status 1 (ops and this library alike).
      session.discard(actionProcessError(1, null));
      this.collectAction(session);
      this.error = outcome.error;
      this.notify(session, event, state, undefined);
      if (this.catchCharmErrors) return state;
      throw new UncaughtCharmError(event, outcome.error);
    } finally {
      root.cleanup();
    }
  }

  /**
   * A state with one relation per endpoint of the metadata (the right kind for each: peer,
   * subordinate or regular), like Scenario's `State.from_context`; `init` overrides fields.
   */
  defaultState(init: StateInit = {}): State {
    const relations = Object.entries(this.charm.endpoints).map(([endpoint, ep]) =>
      ep.role === "peers" ? peerRelation({ endpoint }) : ep.scope === "container" ? subordinateRelation({ endpoint }) : relation({ endpoint }),
    );
    return buildState({ relations, ...init });
  }

  /**
   * Events emitted during the last run, in order: Juju's own (source `charm`, kind = hook name)
   * and libraries' custom events (source = the event source path, e.g. `database`), with the
   * payloads handlers received. Deferred events re-delivered from the queue come first, marked
   * `reemitted: true` (lib/ops charm classes only, not custom dispatchers). Filter by kind
   * (`databaseCreated`) and optionally by source.
   */
  emitted(kind?: string, source?: string): readonly HarnessEmittedEvent[] {
    return this.emittedEvents.filter((e) => (kind === undefined || e.kind === kind) && (source === undefined || e.source === source));
  }

  /** Log lines of the last run at `level` (all levels when omitted). */
  logLines(level?: LogLevel): string[] {
    return this.logs.filter((l) => level === undefined || l.level === level).map((l) => l.message);
  }

  private async dispatchIn(session: HookToolServer, stateFile: UnitStateFile | undefined): Promise<DispatchOutcome> {
    try {
      const context = ops.parseHookContext(session.env());
      const backend = new ops.HookToolBackend(toolServerRunner(session));
      return await this.runCharm({
        context,
        backend,
        stateStorage: this.stateStorage,
        ...(stateFile === undefined ? {} : { stateFiles: stateFile }),
        // Every charm log line goes through juju-log so `logs` holds all levels, as Scenario's juju_log does.
        logSink: { write: (level, message) => backend.jujuLog(level, message) },
        stdout: (text) => {
          this.stdout += text;
        },
        stderr: (text) => {
          this.stderr += text;
        },
        onEmit: (event) => {
          this.emittedEvents.push(event);
        },
      });
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e : new Error(String(e)) };
    }
  }

  private reset(): void {
    this.logs = [];
    this.unitStatusHistory = [];
    this.appStatusHistory = [];
    this.toolCalls = [];
    this.absentToolCalls = [];
    this.actionOutput = undefined;
    this.commitReport = undefined;
    this.error = undefined;
    this.stdout = "";
    this.stderr = "";
    this.emittedEvents = [];
  }

  private collect(session: HookToolServer): void {
    this.logs = [...session.logs];
    this.toolCalls = [...session.calls];
    this.absentToolCalls = [...session.absentToolCalls];
    this.unitStatusHistory = session.statuses.filter((s) => s.target === "unit").map(({ status, message }) => ({ status, message }));
    this.appStatusHistory = session.statuses.filter((s) => s.target === "application").map(({ status, message }) => ({ status, message }));
  }

  /** Hands the run to the run observers (run-observer.ts). */
  private notify(session: HookToolServer, event: HarnessEvent, input: State, output: State | undefined): void {
    const action = session.action;
    const hook = session.hookName || (event.kind === "action" ? `action ${event.name}` : event.kind);
    notifyRunObservers(
      {
        kind: "harness",
        label: `harness ${this.unitName} ${hook}`,
        unit: this.unitName,
        hook,
        ok: output !== undefined,
        logs: this.logs,
        statuses: session.statuses,
        error: this.error === undefined ? undefined : `${this.error.name}: ${this.error.message}`,
        stdout: this.stdout,
        stderr: this.stderr,
        action:
          action === undefined || event.kind !== "action"
            ? undefined
            : { name: action.name, params: event.params, results: action.results, log: action.log, failure: action.failure },
        input,
        output,
      },
      this.observer,
    );
  }

  private collectAction(session: HookToolServer): void {
    const action = session.action;
    if (!action) return;
    this.actionOutput = {
      results: { ...action.results },
      logs: [...action.log],
      ...(action.failure === undefined ? {} : { failure: action.failure }),
    };
  }

  private hookSpec(event: HarnessEvent, state: State): HookSpec {
    switch (event.kind) {
      case "hook":
        return { kind: "hook", name: event.name };
      case "action":
        return { kind: "action", name: event.name, id: event.id, params: structuredClone(event.params) as JsonObject };
      case "secret":
        return { kind: "secret", event: event.event, id: event.secret.id, ...(event.revision === undefined ? {} : { revision: event.revision }) };
      case "relation": {
        const rel = state.relations.find((r) => r.id === event.relation.id) ?? event.relation;
        const units = remoteUnitNames(rel, this.appName);
        let remoteUnit: string | undefined;
        if (event.remoteUnit !== undefined) remoteUnit = unitName(event.remoteUnit, rel, this.appName);
        else if (event.event !== "created" && event.event !== "broken" && units.length === 1) remoteUnit = units[0];
        const departing = event.departingUnit === undefined ? remoteUnit : unitName(event.departingUnit, rel, this.appName);
        return {
          kind: "relation",
          event: event.event,
          relationId: rel.id,
          remoteApp: remoteAppName(rel, this.appName),
          ...(remoteUnit === undefined ? {} : { remoteUnit }),
          ...(event.event === "departed" && departing !== undefined ? { departingUnit: departing } : {}),
        };
      }
    }
  }
}

/**
 * `new Context(charm, options)`: the hook and action names of the instance come from the types
 * of `options.metadata` and `options.actions`. (The class is exported through this constructor
 * type because a class type parameter cannot be derived from another; deriving them here keeps
 * `Context<typeof MyCharm>` assignable from any typed instance.)
 */
export interface ContextConstructor {
  new <C, const M extends MetadataInput = MetadataInput, const A extends ActionsInput = ActionsInput>(
    charmClass: C,
    options: ContextOptionsFor<C, M, A>,
  ): ContextImpl<C, UnitHookName<M>, ActionsOf<A>>;
  readonly prototype: ContextImpl;
}

/** Runs events of one charm against states: the instance type of `new Context(...)`. */
export type Context<C = CharmClass, Hook extends string = string, Action extends string = string> = ContextImpl<C, Hook, Action>;
/** Runs events of one charm against states: `new Context(MyCharm, { metadata, config, actions })`. */
export const Context = ContextImpl as ContextConstructor;
