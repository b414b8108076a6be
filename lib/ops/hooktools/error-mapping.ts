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
 * Turns a failed hook-tool run into the typed error a charm can catch (juju-hook-contract.md §2.2).
 *
 * Matching is a case-insensitive substring test on stderr, as ops does. The original
 * {@link HookToolError} is kept as `cause` so the command line and exit code stay inspectable.
 */
export function mapToolFailure(cmd: string, argv: readonly string[], code: number, stderr: string): ModelError {
  const failure = new HookToolError(cmd, argv, code, stderr);
  const text = stderr.toLowerCase();
  const message = failure.message;
  if ((cmd.startsWith("relation-") || cmd.startsWith("network-")) && text.includes("relation not found")) {
    return new RelationNotFoundError(message, { cause: failure });
  }
  if (cmd.startsWith("secret-") && text.includes("not found")) {
    return new SecretNotFoundError(message, { cause: failure });
  }
  if (text.includes("permission denied") || text.includes("access denied")) {
    return new PermissionDeniedError(message, { cause: failure });
  }
  if (text.includes("not the leader") || text.includes("cannot write relation settings")) {
    return new NotLeaderError(message, { cause: failure });
  }
  if (text.includes("not running an action")) {
    return new ActionNotRunningError(message, { cause: failure });
  }
  return failure;
}
