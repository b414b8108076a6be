/**
 * The typed errors of the ops runtime.
 *
 * Every message names what went wrong and where (variable, relation, tool), and never carries a
 * secret value: hook-tool stdin, databag values and secret contents are left out on purpose.
 */

/** Base class of every error the runtime throws on purpose. */
export class OpsError extends Error {
  /** Always `"OpsError"`. */
  override readonly name: string = "OpsError";
}

/** Something Juju (through a hook tool) refused or could not do. */
export class ModelError extends OpsError {
  /** Always `"ModelError"`. */
  override readonly name: string = "ModelError";
}

const BAD_ARGUMENTS_HINT = "Juju rejected the arguments: check that this Juju version (JUJU_VERSION) supports them";
const TOOL_FAILED_HINT = "see `juju debug-log` for the controller's side of the failure";

/** `hook tool <cmd> failed with exit code <n>: <stderr>`, the start of every tool-failure message. */
function toolFailureText(cmd: string, code: number, stderr: string): string {
  const detail = stderr.trim() === "" ? "no error output" : stderr.trim();
  return `hook tool ${cmd} failed with exit code ${code}: ${detail}`;
}

/** A hook tool exited non-zero. Carries the command line and stderr, never the stdin it was fed. */
export class HookToolError extends ModelError {
  /** Always `"HookToolError"`. */
  override readonly name: string = "HookToolError";
  /** The tool that failed, e.g. `relation-get`. */
  readonly cmd: string;
  /** Its arguments (values that could be secret are redacted before they reach this error). */
  readonly argv: readonly string[];
  /** The exit code: 1 the command ran and failed, 2 bad flags or arguments. */
  readonly code: number;
  /** What the tool wrote to stderr, trimmed. */
  readonly stderr: string;

  constructor(cmd: string, argv: readonly string[], code: number, stderr: string) {
    super(`${toolFailureText(cmd, code, stderr)}; ${code === 2 ? BAD_ARGUMENTS_HINT : TOOL_FAILED_HINT}`);
    this.cmd = cmd;
    this.argv = Object.freeze([...argv]);
    this.code = code;
    this.stderr = stderr.trim();
  }

  /** The failure without the generic hint, for the typed errors that give a specific one. */
  get failureText(): string {
    return toolFailureText(this.cmd, this.code, this.stderr);
  }
}

/** A hook tool could not be started at all (not on PATH: not running inside a Juju hook?). */
export class HookToolNotFoundError extends OpsError {
  /** Always `"HookToolNotFoundError"`. */
  override readonly name: string = "HookToolNotFoundError";
  /** The tool that was looked for. */
  readonly cmd: string;
  constructor(cmd: string, message: string) {
    super(message);
    this.cmd = cmd;
  }
}

/**
 * The running Juju version has no such hook tool, or no such flag of it (lib/ops/hook-tool-versions.ts),
 * so nothing was spawned. A real agent would not have the tool on PATH (or would reject the flag):
 * this error says so before the call, with the version that would have it.
 */
export class ToolUnavailableError extends HookToolNotFoundError {
  /** Always `"ToolUnavailableError"`. */
  override readonly name: string = "ToolUnavailableError";
  /** The tool asked for, e.g. `relation-model-get`. */
  readonly tool: string;
  /** The flag the version lacks (e.g. `--app`), when the tool itself exists. */
  readonly flag: string | undefined;
  /** The running agent version (`JUJU_VERSION`). */
  readonly jujuVersion: string;
  /** The first version that has it, when the version is too old. */
  readonly minimumVersion: string | undefined;
  /** The version that removed it, when it is gone. */
  readonly removedIn: string | undefined;

  constructor(details: {
    readonly tool: string;
    readonly flag?: string;
    readonly jujuVersion: string;
    readonly minimumVersion?: string;
    readonly removedIn?: string;
    readonly feature?: string;
  }) {
    const what = details.flag === undefined ? `hook tool ${details.tool}` : `hook tool ${details.tool} ${details.flag}`;
    const why =
      details.removedIn !== undefined
        ? `Juju ${details.removedIn} removed it`
        : `it needs Juju >= ${details.minimumVersion ?? "?"}${details.feature === undefined ? "" : ` (${details.feature})`}`;
    super(
      details.tool,
      `${what} is not available on Juju ${details.jujuVersion}: ${why}; nothing was run. ` +
        `Check model.jujuVersion.hasTool("${details.tool}"${details.flag === undefined ? "" : `, "${details.flag}"`}) first, or upgrade the model`,
    );
    this.tool = details.tool;
    this.flag = details.flag;
    this.jujuVersion = details.jujuVersion;
    this.minimumVersion = details.minimumVersion;
    this.removedIn = details.removedIn;
  }
}

/** A hook tool exited 0 but printed something that does not match the documented shape. */
export class HookToolOutputError extends ModelError {
  /** Always `"HookToolOutputError"`. */
  override readonly name: string = "HookToolOutputError";
}

/** The relation does not exist (any more), or the id does not belong to that endpoint. */
export class RelationNotFoundError extends ModelError {
  /** Always `"RelationNotFoundError"`. */
  override readonly name: string = "RelationNotFoundError";
}

/** The secret does not exist, or is not (yet) visible to this unit. */
export class SecretNotFoundError extends ModelError {
  /** Always `"SecretNotFoundError"`. */
  override readonly name: string = "SecretNotFoundError";
}

/** Juju denied access ("permission denied", "access denied"). */
export class PermissionDeniedError extends ModelError {
  /** Always `"PermissionDeniedError"`. */
  override readonly name: string = "PermissionDeniedError";
}

/** The operation needs leadership and this unit is not the leader. */
export class NotLeaderError extends ModelError {
  /** Always `"NotLeaderError"`. */
  override readonly name: string = "NotLeaderError";
}

/** An action tool was used outside an action. */
export class ActionNotRunningError extends ModelError {
  /** Always `"ActionNotRunningError"`. */
  override readonly name: string = "ActionNotRunningError";
}

/** The hook environment is missing a variable or holds a malformed one. */
export class ContextError extends OpsError {
  /** Always `"ContextError"`. */
  override readonly name: string = "ContextError";
  /** The environment variable at fault, e.g. `JUJU_RELATION_ID`. */
  readonly variable: string;
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem} (Juju sets the JUJU_* variables of each hook: run the charm through its dispatch script, or give them in tests)`);
    this.variable = variable;
  }
}

/** A databag read or write that Juju's access rules forbid (docs/juju-contract.md#databag-access). */
export class RelationDataAccessError extends OpsError {
  /** Always `"RelationDataAccessError"`. */
  override readonly name: string = "RelationDataAccessError";
}

/** `getRelation(endpoint)` without an id while more than one relation exists on that endpoint. */
export class TooManyRelatedAppsError extends OpsError {
  /** Always `"TooManyRelatedAppsError"`. */
  override readonly name: string = "TooManyRelatedAppsError";
  /** The endpoint asked for. */
  readonly endpoint: string;
  constructor(endpoint: string, count: number) {
    super(`endpoint "${endpoint}" has ${count} relations; pass the relation id to choose one`);
    this.endpoint = endpoint;
  }
}

/** Invalid input handed to the runtime by charm code (bad key, bad status, non-deferrable event...). */
export class InvalidArgumentError extends OpsError {
  /** Always `"InvalidArgumentError"`. */
  override readonly name: string = "InvalidArgumentError";
}

/** Stored state or deferred events that exceed Juju's controller-state limits. */
export class StateLimitError extends OpsError {
  /** Always `"StateLimitError"`. */
  override readonly name: string = "StateLimitError";
}

/** The charm directory's state file could not be written (disk full, permissions). */
export class StateFileError extends OpsError {
  /** Always `"StateFileError"`. */
  override readonly name: string = "StateFileError";
}
