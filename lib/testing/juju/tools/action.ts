/**
 * action-get, action-set, action-log and action-fail. Outside an action every one of them fails
 * with `not running an action`. Results, log and failure go to the live action record at once:
 * Juju reports them when the action finishes, whether or not the hook succeeded.
 */
import { FORMAT_FLAG, noMoreThan, parseArgs, ToolFailure } from "../flags.js";
import type { ActionRunState, JsonValue } from "../model.js";
import { format, formatOutput } from "../output.js";
import type { ToolContext } from "../tool-context.js";

function runningAction(ctx: ToolContext): ActionRunState {
  if (!ctx.action) throw new ToolFailure("not running an action");
  return ctx.action;
}

/** `action-get [<dotted.key>]`: the params object, or the value at a dotted path (null if absent). */
export function actionGet(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [FORMAT_FLAG]);
  const action = runningAction(ctx);
  noMoreThan(args, 1);
  const path = args.positional[0];
  if (path === undefined) return formatOutput(action.params, format(args));
  let node: JsonValue | undefined = action.params;
  for (const part of path.split(".")) {
    node = node !== null && typeof node === "object" && !Array.isArray(node) ? node[part] : undefined;
  }
  return formatOutput(node ?? null, format(args));
}

const KEY_PART = /^[a-z0-9](([a-z0-9-.]+)?[a-z0-9])?$/;
const RESERVED = new Set(["stdout", "stdout-encoding", "stderr", "stderr-encoding"]);

/** `action-set key=value ...`: dotted keys, string values. */
export function actionSet(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, []);
  const action = runningAction(ctx);
  if (args.positional.length === 0) throw new ToolFailure("no key=value pairs specified", 2);
  const updates: Record<string, string> = {};
  for (const arg of args.positional) {
    const eq = arg.indexOf("=");
    if (eq <= 0) throw new ToolFailure(`argument "${arg}" must be of the form key=value`, 2);
    const key = arg.slice(0, eq);
    if (!key.split(".").every((part) => KEY_PART.test(part))) {
      throw new ToolFailure(`key "${key}" must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods`, 2);
    }
    if (RESERVED.has(key)) throw new ToolFailure(`cannot set reserved action key "${key}"`, 2);
    updates[key] = arg.slice(eq + 1);
  }
  Object.assign(action.results, updates);
  return "";
}

/** `action-log <message...>`. */
export function actionLog(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, []);
  const action = runningAction(ctx);
  if (args.positional.length === 0) throw new ToolFailure("no message specified", 2);
  action.log.push(args.positional.join(" "));
  return "";
}

/** Juju's message when `action-fail` is called without one (jujuc action-fail.go `Init`). */
export const DEFAULT_ACTION_FAILURE = "action failed without reason given, check action for errors";

/**
 * The message of an action whose process failed: Juju reports the process error in place of any
 * `action-fail` message (runner/context `finalizeAction`: `message = err.Error()`), in Go's
 * words, `exit status <n>` or `signal: <name>`.
 */
export function actionProcessError(code: number | null, signal: string | null): string {
  if (signal !== null) return `signal: ${GO_SIGNAL_NAMES[signal] ?? signal.toLowerCase()}`;
  return `exit status ${String(code ?? 1)}`;
}

const GO_SIGNAL_NAMES: Readonly<Record<string, string>> = { SIGKILL: "killed", SIGTERM: "terminated", SIGINT: "interrupt", SIGSEGV: "segmentation fault", SIGABRT: "aborted" };

/** `action-fail [<message>]`. */
export function actionFail(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, []);
  const action = runningAction(ctx);
  noMoreThan(args, 1);
  action.failure = args.positional[0] ?? DEFAULT_ACTION_FAILURE;
  return "";
}
