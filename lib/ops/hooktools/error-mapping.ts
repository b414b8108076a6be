import {
  ActionNotRunningError,
  HookToolError,
  ModelError,
  NotLeaderError,
  PermissionDeniedError,
  RelationNotFoundError,
  SecretNotFoundError,
} from "../errors.js";

/**
 * Turns a failed hook-tool run into the typed error a charm can catch (docs/juju-contract.md#hook-tool-errors).
 *
 * Matching is a case-insensitive substring test on stderr, as ops does. The original
 * {@link HookToolError} is kept as `cause` so the command line and exit code stay inspectable.
 */
export function mapToolFailure(cmd: string, argv: readonly string[], code: number, stderr: string): ModelError {
  const failure = new HookToolError(cmd, argv, code, stderr);
  const text = stderr.toLowerCase();
  const failed = failure.failureText;
  if ((cmd.startsWith("relation-") || cmd.startsWith("network-")) && text.includes("relation not found")) {
    return new RelationNotFoundError(`${failed}; the relation is gone or the id is stale: look it up again with model.relations(endpoint) in this hook`, { cause: failure });
  }
  if (cmd.startsWith("secret-") && text.includes("not found")) {
    return new SecretNotFoundError(`${failed}; the secret was removed or is not granted to this unit (yet): check its URI or label, or wait for the owner to grant it`, { cause: failure });
  }
  if (text.includes("permission denied") || text.includes("access denied")) {
    return new PermissionDeniedError(`${failed}; only the owner (the leader, for application secrets) may change a secret and a consumer needs a grant: check unit.isLeader() and the grant`, { cause: failure });
  }
  if (text.includes("not the leader") || text.includes("cannot write relation settings")) {
    return new NotLeaderError(`${failed}; only the leader may do this: check unit.isLeader() first`, { cause: failure });
  }
  if (text.includes("not running an action")) {
    return new ActionNotRunningError(`${failed}; action tools work only while an action runs: call them from an action handler`, { cause: failure });
  }
  return failure;
}
