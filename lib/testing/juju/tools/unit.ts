/**
 * Unit-level tools: is-leader, config-get, status-get, status-set, application-version-set,
 * juju-log and network-get. Status, workload version and log lines take effect immediately
 * (docs/juju-contract.md#hook-commit); everything else here only reads.
 */
import type { ConfigValue, LogLevel, SettableStatusName } from "../../../ops/index.js";
import { FORMAT_FLAG, noMoreThan, parseArgs, ToolFailure } from "../flags.js";
import type { JsonObject, JsonValue } from "../model.js";
import { SETTABLE_STATUSES } from "../model.js";
import { format, formatOutput } from "../output.js";
import type { ToolContext } from "../tool-context.js";
import { isLeader, relationFlag, relationRefText, resolveRelationRef } from "../tool-context.js";

/** `is-leader`: `true`/`false` (smart format: `True`/`False`). */
export function isLeaderTool(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [FORMAT_FLAG]);
  noMoreThan(args, 0);
  return formatOutput(isLeader(ctx), format(args));
}

/** Effective config: operator values over schema defaults; with `all`, null options too. */
export function effectiveConfig(ctx: ToolContext, all: boolean): Record<string, ConfigValue | null> {
  const app = ctx.work.applications[ctx.appName];
  const out: Record<string, ConfigValue | null> = {};
  if (!app) return out;
  for (const [name, option] of Object.entries(app.charm.config)) {
    const value = app.config[name] ?? option.default;
    if (value !== undefined) out[name] = value;
    else if (all) out[name] = null;
  }
  for (const [name, value] of Object.entries(app.config)) out[name] = value;
  return out;
}

/** `config-get [--all] [<key>]`. */
export function configGet(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [FORMAT_FLAG, { name: "all", short: "a", kind: "bool" }]);
  noMoreThan(args, 1);
  const key = args.positional[0];
  const all = args.bools.get("all") ?? false;
  if (key !== undefined && all) throw new ToolFailure(`cannot use argument --all together with key "${key}"`, 2);
  const config = effectiveConfig(ctx, all);
  return formatOutput(key === undefined ? config : (config[key] ?? null), format(args));
}

/** `status-get [--application] [--include-data]`. */
export function statusGet(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [FORMAT_FLAG, { name: "application", kind: "bool" }, { name: "include-data", kind: "bool" }]);
  noMoreThan(args, 0);
  const unitStatus = (name: string): JsonObject => {
    const s = ctx.work.units[name]?.status ?? { status: "unknown", message: "" };
    return { status: s.status, message: s.message, "status-data": {} };
  };
  if (!args.bools.get("application")) return formatOutput(unitStatus(ctx.unitName), format(args));
  if (!isLeader(ctx)) throw new ToolFailure("finding application status: this unit is not the leader");
  const app = ctx.work.applications[ctx.appName];
  const units: JsonObject = {};
  for (const name of Object.keys(ctx.work.units).filter((u) => u.startsWith(`${ctx.appName}/`))) units[name] = unitStatus(name);
  const s = app?.status ?? { status: "unknown", message: "" };
  return formatOutput({ "application-status": { status: s.status, message: s.message, "status-data": {}, units } }, format(args));
}

/** `status-set [--application] <status> [message]`: immediate, on the live model too. */
export function statusSet(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [{ name: "application", kind: "bool" }]);
  const [status, message = ""] = args.positional;
  if (status === undefined) throw new ToolFailure("invalid args, require <status> [message] [data]", 2);
  if (!(SETTABLE_STATUSES as readonly string[]).includes(status)) {
    throw new ToolFailure(`invalid status "${status}", expected one of [${SETTABLE_STATUSES.join(" ")}]`, 2);
  }
  noMoreThan(args, 2);
  const value = { status: status as SettableStatusName, message };
  if (args.bools.get("application")) {
    if (!isLeader(ctx)) throw new ToolFailure("this unit is not the leader");
    for (const model of [ctx.work, ctx.live]) {
      const app = model.applications[ctx.appName];
      if (app) app.status = { ...value };
    }
    ctx.statuses.push({ target: "application", ...value });
  } else {
    for (const model of [ctx.work, ctx.live]) {
      const unit = model.units[ctx.unitName];
      if (unit) unit.status = { ...value };
    }
    ctx.statuses.push({ target: "unit", ...value });
  }
  return "";
}

/** `application-version-set <version>`: immediate. */
export function applicationVersionSet(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, []);
  const [version] = args.positional;
  if (version === undefined) throw new ToolFailure("no version specified", 2);
  noMoreThan(args, 1);
  for (const model of [ctx.work, ctx.live]) {
    const app = model.applications[ctx.appName];
    if (app) app.workloadVersion = version;
  }
  return "";
}

const LOG_LEVELS: readonly LogLevel[] = ["TRACE", "DEBUG", "INFO", "WARNING", "ERROR"];

/** `juju-log [-l LEVEL] [--debug] <message...>`; in a relation hook the message gets `<ep>:<id>: `. */
export function jujuLog(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [
    { name: "log-level", short: "l", kind: "string" },
    { name: "debug", kind: "bool" },
    FORMAT_FLAG,
  ]);
  if (args.positional.length === 0) throw new ToolFailure("no message specified", 2);
  const given = (args.strings.get("log-level") ?? (args.bools.get("debug") ? "DEBUG" : "INFO")).toUpperCase();
  let level: LogLevel = "INFO";
  if ((LOG_LEVELS as readonly string[]).includes(given)) level = given as LogLevel;
  else ctx.logs.push({ level: "WARNING", message: `Specified log level (${given}) is not valid, using INFO` });
  let message = args.positional.join(" ");
  if (ctx.hook.kind === "relation") {
    const rel = ctx.work.relations.find((r) => r.id === (ctx.hook.kind === "relation" ? ctx.hook.relationId : -1));
    if (rel) message = `${relationRefText(ctx, rel)}: ${message}`;
  }
  ctx.logs.push({ level, message });
  return "";
}

/** `network-get [-r R] <binding>` with the single-value flags. */
export function networkGet(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [
    FORMAT_FLAG,
    relationFlag(ctx),
    { name: "primary-address", kind: "bool" },
    { name: "bind-address", kind: "bool" },
    { name: "ingress-address", kind: "bool" },
    { name: "egress-subnets", kind: "bool" },
  ]);
  const [binding] = args.positional;
  if (binding === undefined) throw new ToolFailure("no arguments specified", 2);
  noMoreThan(args, 1);
  const relValue = args.strings.get("relation");
  if (relValue !== undefined) resolveRelationRef(ctx, relValue);
  const charm = ctx.work.applications[ctx.appName]?.charm;
  const known = binding === "juju-info" || (charm && (binding in charm.endpoints || (charm.extraBindings ?? []).includes(binding)));
  if (!known) throw new ToolFailure(`no network config found for binding "${binding}"`);
  const unit = ctx.work.units[ctx.unitName];
  const address = unit?.address ?? "10.1.0.2";
  const subnets = unit?.egressSubnets ?? [`${address}/32`];
  const cidr = `${address.split(".").slice(0, 3).join(".")}.0/24`;
  const single: Record<string, JsonValue> = {};
  if (args.bools.get("primary-address") || args.bools.get("bind-address")) single["bind-address"] = address;
  if (args.bools.get("ingress-address")) single["ingress-address"] = address;
  if (args.bools.get("egress-subnets")) single["egress-subnets"] = subnets.join(",");
  const keys = Object.keys(single);
  if (keys.length === 1) return formatOutput(single[keys[0] as string] ?? null, format(args));
  if (keys.length > 1) return formatOutput(single, format(args));
  return formatOutput(
    {
      "bind-addresses": [
        { "mac-address": "", "interface-name": "eth0", addresses: [{ hostname: "", value: address, cidr }] },
      ],
      "egress-subnets": subnets,
      "ingress-addresses": [address],
    },
    format(args),
  );
}
