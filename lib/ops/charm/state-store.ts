/**
 * Where a unit keeps its framework state (deferred events, stored state) between hooks.
 *
 * Three stores: Juju's controller-side unit state (controller-state.ts, `state-get`/`state-set`),
 * a file in the charm directory (local-file-state.ts), and that file with the controller state
 * kept in step as its copy (local-file-state.ts, mirrored). Each reads lazily and writes once, at the end of
 * a successful hook; docs/state-storage.md says which a unit uses and why.
 */

/** Which store a unit's framework state lives in. */
export type StateStorage = "controller" | "local" | "mirrored";

/** The state of one hook, as the stored-state cells and the deferred-event queue use it. */
export interface StateStore {
  /** The logical value at `key` (pending writes included). Throws StateLimitError when it is unreadable. */
  get(key: string): string | undefined;
  /** Like `get`, but an unreadable value comes back as `{ broken }` with what is wrong. */
  read(key: string): { readonly value: string | undefined } | { readonly broken: string };
  /**
   * Buffers `value` (undefined deletes) for commit. `copyMayLag`: a mirrored store may send it
   * to the controller's copy with a later hook (StoredState.set); the others ignore it.
   */
  set(key: string, value: string | undefined, copyMayLag?: boolean): void;
  /**
   * Persists the buffered values together with the hook's other writes, which
   * `applyHookWrites` applies (relation data, statuses) and `finishHookWrites` waits for
   * (Backend.finishWrites): each store orders them so that a failure leaves no state that
   * Juju's discard of the hook would contradict.
   */
  commit(applyHookWrites?: () => void, finishHookWrites?: () => void): void;
}

/**
 * The storage a unit uses when the charm does not choose: its charm directory on a machine; on
 * Kubernetes the charm directory with the controller's copy, since the directory lives in the
 * pod and is lost when the pod is replaced (every container of a pod has
 * `KUBERNETES_SERVICE_HOST`, and Juju passes it on to hooks: juju/juju `ContextAllowedEnvVars`,
 * since 2.9); the controller alone when the environment names no charm directory.
 */
export function defaultStateStorage(env: Readonly<Record<string, string | undefined>>): StateStorage {
  if ((env["JUJU_CHARM_DIR"] ?? env["CHARM_DIR"] ?? "") === "") return "controller";
  return (env["KUBERNETES_SERVICE_HOST"] ?? "") === "" ? "local" : "mirrored";
}
