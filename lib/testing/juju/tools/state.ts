/**
 * state-get, state-set and state-delete: the unit's controller-side key/value store.
 * Writes are queued with the rest of the hook; reads see them. Limits: keys ≤ 256 bytes,
 * values ≤ 64 KiB (docs/juju-contract.md#state-tools).
 */
import { FORMAT_FLAG, noMoreThan, parseArgs, ToolFailure } from "../flags.js";
import { format, formatOutput } from "../output.js";
import type { ToolContext } from "../tool-context.js";
import { mergeIntoBag, readSettings } from "./settings-input.js";

const MAX_KEY_BYTES = 256;
const MAX_VALUE_BYTES = 64 * 1024;

function unitState(ctx: ToolContext): Record<string, string> {
  const unit = ctx.work.units[ctx.unitName];
  if (!unit) throw new ToolFailure(`unit "${ctx.unitName}" not found`);
  return unit.state;
}

/** `state-get [--strict] [<key>]`. */
export function stateGet(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [FORMAT_FLAG, { name: "strict", kind: "bool" }]);
  noMoreThan(args, 1);
  const state = unitState(ctx);
  const key = args.positional[0];
  if (key === undefined) return formatOutput({ ...state }, format(args));
  const value = state[key];
  if (value === undefined && args.bools.get("strict")) throw new ToolFailure(`"${key}" not found`);
  return formatOutput(value ?? null, format(args));
}

/** `state-set [--file F] key=value ...`. */
export function stateSet(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [{ name: "file", kind: "string" }]);
  const settings = readSettings(args.strings.get("file"), args.positional, ctx.stdin);
  for (const [k, v] of Object.entries(settings)) {
    if (Buffer.byteLength(k) > MAX_KEY_BYTES) throw new ToolFailure(`key "${k.slice(0, 32)}..." exceeds ${MAX_KEY_BYTES} bytes`);
    if (Buffer.byteLength(v) > MAX_VALUE_BYTES) throw new ToolFailure(`value of key "${k}" exceeds ${MAX_VALUE_BYTES} bytes`);
  }
  mergeIntoBag(unitState(ctx), settings);
  return "";
}

/** `state-delete <key>`. */
export function stateDelete(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, []);
  const key = args.positional[0];
  if (key === undefined) throw new ToolFailure("no key specified", 2);
  noMoreThan(args, 1);
  delete unitState(ctx)[key];
  return "";
}
