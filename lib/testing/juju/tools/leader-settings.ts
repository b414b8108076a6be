/**
 * leader-get and leader-set: Juju's legacy leader settings. `leader-set` writes straight to the
 * controller (immediate, like status) and only on the leader (docs/juju-contract.md#leadership-tools).
 */
import { FORMAT_FLAG, noMoreThan, parseArgs, ToolFailure } from "../flags.js";
import { format, formatOutput } from "../output.js";
import type { ToolContext } from "../tool-context.js";
import { isLeader } from "../tool-context.js";
import { keyValueArgs, mergeIntoBag } from "./settings-input.js";

/** `leader-get [<key>|-]`. */
export function leaderGet(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [FORMAT_FLAG]);
  noMoreThan(args, 1);
  const key = args.positional[0] ?? "-";
  if (key !== "-" && key.includes("=")) throw new ToolFailure(`invalid key "${key}"`, 2);
  const settings = ctx.work.applications[ctx.appName]?.leaderSettings ?? {};
  return formatOutput(key === "-" ? { ...settings } : (settings[key] ?? null), format(args));
}

/** `leader-set key=value ...`: immediate; `""` deletes. */
export function leaderSet(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, []);
  const settings = keyValueArgs(args.positional);
  if (!isLeader(ctx)) throw new ToolFailure("cannot write leadership settings: this unit is not the leader");
  // Only keys whose value changes count: leader settings are a settings document (key
  // `a#<app>#leader` in state's settings collection, juju/juju state/leadership.go), written as a
  // delta, and a write that changes nothing runs no transaction (st-set in docs/juju-behaviour.md).
  const before = ctx.live.applications[ctx.appName]?.leaderSettings ?? {};
  const changed = Object.entries(settings).filter(([k, v]) => (v === "" ? k in before : before[k] !== v)).map(([k]) => k);
  for (const model of [ctx.work, ctx.live]) {
    const app = model.applications[ctx.appName];
    if (app) mergeIntoBag((app.leaderSettings ??= {}), settings);
  }
  ctx.leaderSettingsKeys.push(...changed);
  return "";
}
