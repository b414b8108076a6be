/**
 * Run observers: a test suite's view of every charm run, without wrapping each test. The
 * harness (`Context.run`) hands each run to its observers, the simulator each hook and action
 * (the charm ran in a child process; what it printed and every tool call it made was collected
 * by the simulator, so the observer sees it all). Typical use: a suite-wide check that no
 * secret value ever shows up in a log line, a status or an error (this repository's own test
 * suite does exactly that, in test/support/hygiene).
 *
 * An observer is given to one `Context` or `Simulator` (their `observer` option), or to every
 * one in the process with {@link observeRuns} (e.g. from a jest `setupFilesAfterEnv` file).
 * Observers run synchronously after the run, in registration order; one that throws fails the
 * run, which is what a test tool wants. What they receive holds secret content in clear: keep
 * it in memory or in the test run's temporary files, never in logs.
 */
import type { State } from "./harness/state.js";
import type { JsonObject, ModelState } from "./juju/model.js";
import type { LogRecord, StatusRecord } from "./juju/tool-context.js";

/** The action part of a run, when the run was an action. */
export interface ObservedAction {
  readonly name: string;
  /** The parameters the action was given (they may hold credentials). */
  readonly params: Readonly<JsonObject>;
  /** Flat dotted keys, as `action-set` stored them. */
  readonly results: Readonly<Record<string, string>>;
  /** `action-log` lines. */
  readonly log: readonly string[];
  /** The `action-fail` message, if any. */
  readonly failure?: string | undefined;
}

/** What a charm said and showed during one run, whoever ran it. */
export interface ObservedOutput {
  /** Who ran what: `harness myapp/0 database-relation-changed`, `simulator myapp/1 action get-password`. */
  readonly label: string;
  /** The unit that ran, `<app>/<n>`. */
  readonly unit: string;
  /** The hook name, or `action <name>`. */
  readonly hook: string;
  /** Whether the run committed (exit 0, no uncaught error). */
  readonly ok: boolean;
  readonly logs: readonly LogRecord[];
  /** Every status the charm set during the run, in order. */
  readonly statuses: readonly StatusRecord[];
  /** What the charm threw (harness) as `Name: message`, when it failed. */
  readonly error?: string | undefined;
  readonly stdout: string;
  readonly stderr: string;
  readonly action?: ObservedAction | undefined;
}

/** One `Context.run`, with the state it started from and the state it returned (none when the charm failed). */
export interface ObservedHarnessRun extends ObservedOutput {
  readonly kind: "harness";
  readonly input: State;
  readonly output?: State | undefined;
}

/** One hook or action of a simulator, with the whole model after it. */
export interface ObservedSimulatorHook extends ObservedOutput {
  readonly kind: "simulator";
  /** The model directory of the simulator. */
  readonly modelDir: string;
  /** The unit's charm directory (where a machine unit keeps its state file, lib/ops LOCAL_STATE_FILE). */
  readonly charmDir: string;
  /** The model after the hook (read-only: it is the simulator's live model). */
  readonly model: Readonly<ModelState>;
}

/** A run as observers receive it. */
export type ObservedRun = ObservedHarnessRun | ObservedSimulatorHook;

/** Receives every run it observes. */
export type RunObserver = (run: ObservedRun) => void;

const processObservers: RunObserver[] = [];

/**
 * Observes every harness run and simulator hook in this process from now on (in addition to
 * any `observer` option). Returns a function that stops observing.
 */
export function observeRuns(observer: RunObserver): () => void {
  processObservers.push(observer);
  return () => {
    const at = processObservers.indexOf(observer);
    if (at >= 0) processObservers.splice(at, 1);
  };
}

/**
 * Hands `run` to the process-wide observers, then to `own` (the Context's or Simulator's option).
 * @internal
 */
export function notifyRunObservers(run: ObservedRun, own: RunObserver | undefined): void {
  for (const observer of [...processObservers]) observer(run);
  own?.(run);
}
