/**
 * unit-get, goal-state, credential-get and resource-get: read-only facts about the unit and
 * its surroundings. The test stand has no cloud credentials and no charm resources.
 */
import { FORMAT_FLAG, noMoreThan, parseArgs, ToolFailure } from "../flags.js";
import type { JsonObject } from "../model.js";
import { localEnd, remoteAppOf } from "../model.js";
import { format, formatOutput } from "../output.js";
import type { ToolContext } from "../tool-context.js";

// goal-state reports "since"; the fake has no clock worth reporting, so it is fixed.
const SINCE = "2024-01-01T00:00:00Z";

/** `unit-get private-address|public-address`. */
export function unitGet(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [FORMAT_FLAG]);
  const [setting] = args.positional;
  noMoreThan(args, 1);
  if (setting !== "private-address" && setting !== "public-address") {
    throw new ToolFailure(setting === undefined ? "no setting specified" : `unknown setting "${setting}"`, 2);
  }
  return formatOutput(ctx.work.units[ctx.unitName]?.address ?? null, format(args));
}

/** `goal-state`: the own application's units and, per endpoint, the related apps and units. */
export function goalState(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [FORMAT_FLAG]);
  noMoreThan(args, 0);
  const units: JsonObject = {};
  for (const name of Object.keys(ctx.work.units).filter((u) => u.startsWith(`${ctx.appName}/`))) units[name] = { status: "active", since: SINCE };
  const relations: Record<string, JsonObject> = {};
  for (const rel of ctx.work.relations) {
    const end = localEnd(rel, ctx.appName);
    const remote = remoteAppOf(rel, ctx.appName);
    if (!end || remote === undefined) continue;
    const entry = (relations[end.endpoint] ??= {});
    if (rel.ends.length === 2) entry[remote] = { status: "joined", since: SINCE };
    for (const unit of rel.joined[ctx.unitName] ?? []) entry[unit] = { status: "active", since: SINCE };
  }
  return formatOutput({ units, relations }, format(args));
}

/** `credential-get`: the stand's applications are never trusted with cloud credentials. */
export function credentialGet(_ctx: ToolContext, argv: readonly string[]): string {
  parseArgs(argv, [FORMAT_FLAG]);
  throw new ToolFailure("cannot access cloud credentials: permission denied");
}

/** `resource-get <name>`: the stand has no charm resources. */
export function resourceGet(_ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, []);
  const [name] = args.positional;
  if (name === undefined) throw new ToolFailure("missing required resource name", 2);
  throw new ToolFailure(`could not download resource: resource "${name}" not found`);
}
