/**
 * relation-ids, relation-list, relation-get, relation-set and relation-model-get with Juju's
 * argv rules, output shapes, name rules and databag access rules (docs/juju-contract.md#relation-tools, docs/juju-contract.md#databag-access).
 */
import { FORMAT_FLAG, type FlagSpec, noMoreThan, parseArgs, ToolFailure } from "../flags.js";
import type { JsonValue } from "../model.js";
import { appOfUnit, inHookContext, localEnd, remoteAppOf } from "../model.js";
import { format, formatOutput } from "../output.js";
import type { ToolContext } from "../tool-context.js";
import { brokenRelationId, isLeader, relationFlag, relationRefText, targetRelation } from "../tool-context.js";
import { mergeIntoBag, readSettings } from "./settings-input.js";

const APP_FLAG: FlagSpec = { name: "app", kind: "bool" };

/**
 * `relation-ids [<endpoint>]`: sorted `<endpoint>:<id>` list of the relations in the unit's hook
 * context (none before its first relation-created, model.ts `inContext`); the relation being
 * broken is left out.
 */
export function relationIds(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [FORMAT_FLAG]);
  noMoreThan(args, 1);
  let endpoint = args.positional[0];
  if (endpoint === undefined) {
    if (ctx.hook.kind !== "relation") throw new ToolFailure("no endpoint name specified", 2);
    const rel = targetRelation(ctx, undefined);
    endpoint = localEnd(rel, ctx.appName)?.endpoint ?? "";
  }
  const broken = brokenRelationId(ctx);
  const ids = ctx.work.relations
    .filter((r) => r.id !== broken && localEnd(r, ctx.appName)?.endpoint === endpoint && inHookContext(r, ctx.unitName))
    .map((r) => r.id)
    .sort((a, b) => a - b)
    .map((id) => `${endpoint}:${id}`);
  return formatOutput(ids, format(args));
}

/** `relation-list [-r R] [--app]`: remote units this unit has seen, or with `--app` the remote app name. */
export function relationList(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [FORMAT_FLAG, relationFlag(ctx), APP_FLAG]);
  noMoreThan(args, 0);
  const rel = targetRelation(ctx, args.strings.get("relation"));
  if (args.bools.get("app")) return formatOutput(remoteAppOf(rel, ctx.appName) ?? null, format(args));
  let units = [...(rel.joined[ctx.unitName] ?? [])].filter((u) => u !== ctx.unitName);
  if (ctx.hook.kind === "relation" && ctx.hook.relationId === rel.id) {
    if (ctx.hook.event === "broken") units = [];
    if (ctx.hook.event === "departed") {
      const leaving = ctx.hook.departingUnit ?? ctx.hook.remoteUnit;
      units = units.filter((u) => u !== leaving);
    }
  }
  return formatOutput(units.sort(compareUnits), format(args));
}

function compareUnits(a: string, b: string): number {
  const [appA, nA] = [appOfUnit(a), Number(a.slice(a.indexOf("/") + 1))];
  const [appB, nB] = [appOfUnit(b), Number(b.slice(b.indexOf("/") + 1))];
  return appA === appB ? nA - nB : appA < appB ? -1 : 1;
}

/** `relation-get [-r R] [--app] [<key>|-] [<unit-or-app>]`. */
export function relationGet(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [FORMAT_FLAG, relationFlag(ctx), APP_FLAG]);
  noMoreThan(args, 2);
  const rel = targetRelation(ctx, args.strings.get("relation"));
  const key = args.positional[0] ?? "-";
  let name = args.positional[1];
  let app = args.bools.get("app") ?? false;
  if (name === undefined) {
    const remoteUnit = ctx.hook.kind === "relation" ? ctx.hook.remoteUnit : undefined;
    const remoteApp = ctx.hook.kind === "relation" ? (ctx.hook.remoteApp ?? remoteAppOf(rel, ctx.appName)) : undefined;
    if (remoteUnit && !app) name = remoteUnit;
    else if (remoteApp) {
      name = remoteApp;
      app = true;
    } else throw new ToolFailure("no unit or application specified", 2);
  }
  if (app) name = appOfUnit(name);
  else if (!name.includes("/")) throw new ToolFailure(`expected unit name, got application name "${name}"`, 2);

  const ref = relationRefText(ctx, rel);
  const ownerApp = appOfUnit(name);
  if (!rel.ends.some((e) => e.app === ownerApp)) {
    throw new ToolFailure(`cannot read settings for ${app ? "application" : "unit"} "${name}" in relation "${ref}": settings not found`);
  }
  // A unit's settings are made when it enters the relation's scope, then kept for the relation's
  // life (st-ru in docs/juju-behaviour.md): a unit that has not entered yet (added, its install
  // not committed, O8) has none to read, though other units may already name it.
  if (!app && !inHookContext(rel, name)) {
    throw new ToolFailure(`cannot read settings for unit "${name}" in relation "${ref}": settings not found`);
  }
  const isPeer = rel.ends.length === 1;
  if (app && name === ctx.appName && !isPeer && !isLeader(ctx)) throw new ToolFailure("permission denied");
  const bag = (app ? rel.appData[name] : rel.unitData[name]) ?? {};
  const value: JsonValue = key === "-" ? { ...bag } : (bag[key] ?? null);
  return formatOutput(value, format(args));
}

/** `relation-set [-r R] [--app] [--file F] key=value...`: queued until commit; `""` deletes. */
export function relationSet(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [FORMAT_FLAG, relationFlag(ctx), APP_FLAG, { name: "file", kind: "string" }]);
  const rel = targetRelation(ctx, args.strings.get("relation"));
  const settings = readSettings(args.strings.get("file"), args.positional, ctx.stdin);
  if (args.bools.get("app")) {
    if (!isLeader(ctx)) throw new ToolFailure("cannot write relation settings");
    mergeIntoBag((rel.appData[ctx.appName] ??= {}), settings);
  } else {
    mergeIntoBag((rel.unitData[ctx.unitName] ??= {}), settings);
  }
  return "";
}

/** `relation-model-get [-r R]`: `{"uuid": ...}` of the model on the other side. */
export function relationModelGet(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [FORMAT_FLAG, relationFlag(ctx)]);
  noMoreThan(args, 0);
  const rel = targetRelation(ctx, args.strings.get("relation"));
  return formatOutput({ uuid: rel.remoteModelUuid ?? ctx.work.uuid }, format(args));
}
