/** Running exactly one hook or action against a charm class. */
import type { Backend } from "../backend.js";
import { loadCharmMetadata, type CharmMetadata } from "../charm-metadata.js";
import type { HookContext } from "../context.js";
import { gateBackend } from "../hooktools/backend.js";
import { jujuLogSink, Logger, type LogSink, type TextWriter } from "../logger.js";
import { Model } from "../model/model.js";
import type { CharmBase } from "./charm-base.js";
import { CHARM_SOURCE, Framework, type EmittedEvent } from "./framework.js";
import { actionPayload, hookPayload, snapshotOfHook } from "./hook-events.js";
import { isRestrictedHook } from "./hook-kinds.js";
import type { StateFiles } from "./local-file-state.js";
import type { StateStorage } from "./state-store.js";
import { defined } from "../defined.js";

/** A charm class as `main()` and `dispatch()` take it. */
export type CharmClass = new (framework: Framework) => CharmBase;

/** What `dispatch()` needs. */
export interface DispatchOptions {
  /** The parsed hook context. */
  readonly context: HookContext;
  /** The backend (HookToolBackend in production, an in-memory one in tests). */
  readonly backend: Backend;
  /** Where charm log lines go; default: DEBUG/INFO to stdout, WARNING/ERROR through juju-log. */
  readonly logSink?: LogSink;
  /** The charm's metadata; default: the metadata embedded at build time, else `<charmDir>/metadata.yaml` or `charmcraft.yaml` if present. */
  readonly metadata?: CharmMetadata;
  /** Standard output; default `process.stdout`. */
  readonly stdout?: TextWriter;
  /** Standard error, which also receives the failure line; default `process.stderr`. */
  readonly stderr?: TextWriter;
  /** Clock for the leadership lease; default `Date.now`. */
  readonly now?: () => number;
  /** Observes every new event as it is emitted (Juju's and libraries'), e.g. for a test harness. */
  readonly onEmit?: (event: EmittedEvent) => void;
  /**
   * Where deferred events and stored state live: `controller` (default here: test stands model
   * Juju's unit state), `local`, a file in the context's charm directory, or `mirrored`, that
   * file with the controller state kept as its copy. `main()` chooses by the unit's substrate
   * (docs/state-storage.md).
   */
  readonly stateStorage?: StateStorage;
  /** The file system of `local` and `mirrored` state (tests); default the real one. */
  readonly stateFiles?: StateFiles;
}

/** The result of one dispatch. When `ok` is false nothing was flushed. */
export type DispatchOutcome =
  | {
      /** The handlers ran without throwing. */
      readonly ok: true;
    }
  | {
      /** A handler (or the runtime) threw. */
      readonly ok: false;
      /** What it threw. */
      readonly error: Error;
    };

/** The event kind the context describes: the hook name, or `action:<name>`. */
export function eventKindOf(context: HookContext): string {
  return context.kind === "action" ? `action:${context.action?.name ?? ""}` : (context.hookName ?? "");
}

/** `Name: message` only: no stack (it can carry values) and nothing else. */
function describeFailure(error: Error): string {
  return `${error.name}: ${error.message}`;
}

/**
 * Dispatches one hook: builds the charm, re-emits deferred events (except in restricted hooks),
 * emits the hook's event, then commits deferred events, stored state, relation data and statuses.
 *
 * If any handler throws, nothing buffered is applied (no databag, state or status writes), the
 * error is logged as `Name: message` at ERROR and on stderr, and the outcome is `{ ok: false }`.
 */
export async function dispatch(Charm: CharmClass, options: DispatchOptions): Promise<DispatchOutcome> {
  const { context } = options;
  // Every path to a hook tool in this hook (model, framework, logger, actions) uses the gated backend.
  const backend = gateBackend(options.backend, context.jujuVersion);
  const stdout: TextWriter = options.stdout ?? ((text) => void process.stdout.write(text));
  const stderr: TextWriter = options.stderr ?? ((text) => void process.stderr.write(text));
  const logger = new Logger(options.logSink ?? jujuLogSink(backend, stdout, stderr));
  try {
    const metadata = options.metadata ?? loadCharmMetadata(context.charmDir);
    const model = new Model(backend, context, {
      ...defined({ metadata, now: options.now }),
    });
    const kind = eventKindOf(context);
    const framework = new Framework(model, backend, {
      logger,
      restricted: isRestrictedHook(kind),
      ...defined({ onEmit: options.onEmit, metadata }),
      ...(options.stateStorage === undefined
        ? {}
        : { state: { storage: options.stateStorage, charmDir: context.charmDir, install: kind === "install", upgrade: kind === "upgrade-charm", ...defined({ files: options.stateFiles }) } }),
    });
    const charm = new Charm(framework);
    // setup() is protected so charm authors do not call it; the framework is its one caller.
    (charm as unknown as { setup(): void }).setup();

    await framework.reemit();
    await framework.emit(
      CHARM_SOURCE,
      kind,
      () =>
        context.kind === "action"
          ? actionPayload(kind, context.action?.id ?? "", backend)
          : (hookPayload(kind, snapshotOfHook(context), model) ?? { kind }),
      () => snapshotOfHook(context),
    );
    framework.commit();
    return { ok: true };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    const line = describeFailure(error);
    try {
      logger.error(`${eventKindOf(context)} failed: ${line}`);
    } catch {
      // Logging must not hide the original failure.
    }
    stderr(`${line}\n`);
    return { ok: false, error };
  }
}
