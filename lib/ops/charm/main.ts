/** The production entry point of a charm's `dispatch` script. */
import { parseHookContext } from "../context.js";
import { HookToolBackend } from "../hooktools/backend.js";
import { processRunner } from "../hooktools/process-runner.js";
import { claimToolServer } from "../hooktools/tool-server.js";
import { sureReadsOf } from "../hooktools/read-ahead.js";
import { lastCheckedMetadata } from "../charm-metadata.js";
import type { ToolRunner } from "../hooktools/runner.js";
import type { LogSink } from "../logger.js";
import { dispatch, type CharmClass } from "./dispatch.js";
import { rehearse } from "./rehearsal.js";
import { DISPATCH_GUARD_VARIABLE } from "./dispatch-guard.js";
import { deferToStartupSnapshot } from "./startup-snapshot.js";
import { defaultStateStorage, type StateStorage } from "./state-store.js";
import { defined } from "../defined.js";

export { DISPATCH_GUARD_VARIABLE };

/** Options of {@link main}. */
export interface MainOptions {
  /** The environment; default `process.env`. */
  readonly env?: Record<string, string | undefined>;
  /** How hook tools run; default: the real tools on PATH. */
  readonly runner?: ToolRunner;
  /** Where charm logs go (see `dispatch`). */
  readonly logSink?: LogSink;
  /**
   * Where deferred events and stored state live; default: a file in the charm directory on a
   * machine, and on Kubernetes that file with Juju's controller-side unit state kept as its
   * copy, since the pod's files die with it (docs/state-storage.md).
   */
  readonly stateStorage?: StateStorage;
}

/**
 * Runs the charm for the hook or action Juju started this process for, and sets
 * `process.exitCode`: 0 on success or when nothing handles the event, 1 when a handler threw
 * or the environment is not a hook context. In a process building a start-up snapshot it only
 * registers itself to run in the processes started from that snapshot (startup-snapshot.ts).
 */
export async function main(Charm: CharmClass, options: MainOptions = {}): Promise<void> {
  // Building a start-up snapshot (the generated dispatch does, once per charm file): the
  // hook runs in the processes started from it, not in this one; this one rehearses the
  // library's hook paths so that the snapshot keeps them compiled (rehearsal.ts).
  if (deferToStartupSnapshot(() => void main(Charm, options), () => rehearse(options.env ?? process.env))) return;
  const env = options.env ?? process.env;
  if (env[DISPATCH_GUARD_VARIABLE] === "1") {
    process.exitCode = 0;
    return;
  }
  // Hook tools and anything the charm spawns inherit this, so a re-invocation is recognised.
  process.env[DISPATCH_GUARD_VARIABLE] = "1";
  // Claimed whatever the runner, so that nothing the charm starts inherits the server's variable.
  const served = claimToolServer(process.env, processRunner);
  // Reads the hook makes for sure run in the server while the charm is built (read-ahead.ts).
  if (served?.readAhead) for (const read of sureReadsOf(env, lastCheckedMetadata())) served.readAhead(read.cmd, read.argv);
  let context;
  try {
    context = parseHookContext(env);
  } catch (e) {
    process.stderr.write(`${(e as Error).name}: ${(e as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  const backend = new HookToolBackend(options.runner ?? served, { jujuVersion: context.jujuVersion });
  const stateStorage = options.stateStorage ?? defaultStateStorage(env);
  const outcome = await dispatch(Charm, { context, backend, stateStorage, ...defined({ logSink: options.logSink }) });
  process.exitCode = outcome.ok ? 0 : 1;
}
