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

/**
 * `goal-state`, as Juju's uniter facade builds it (apiserver/facades/agent/uniter `GoalState`,
 * `goalStateRelations`, `goalStateUnits` on 3.x): every unit of the unit's application with its
 * workload status; per local endpoint of each non-peer relation (peer relations are left out),
 * the related application with the relation's status and every unit of that application with
 * its workload status, whether or not this unit has seen it join. The fake has no relation
 * status of its own: a relation in the model counts as `joined`. Both lists leave out every
 * subordinate unit whose principal is not the calling unit (`goalStateUnits(app, unit.Name())`
 * skips a unit when `PrincipalName()` is set and differs; the same on 2.9, 3.x and 4.0): a
 * principal sees only its own subordinates, and a subordinate unit sees no unit of its own
 * application, itself included, nor of another subordinate application.
 */
export function goalState(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [FORMAT_FLAG]);
  noMoreThan(args, 0);
  const unitsOf = (app: string): JsonObject => {
    const out: JsonObject = {};
    for (const [name, unit] of Object.entries(ctx.work.units)) {
      if (!name.startsWith(`${app}/`)) continue;
      if (unit.principal !== undefined && unit.principal !== ctx.unitName) continue;
      out[name] = { status: unit.status.status, since: SINCE };
    }
    return out;
  };
  const relations: Record<string, JsonObject> = {};
  for (const rel of ctx.work.relations) {
    const end = localEnd(rel, ctx.appName);
    const remote = remoteAppOf(rel, ctx.appName);
    if (!end || remote === undefined || rel.ends.length === 1) continue;
    relations[end.endpoint] = { ...relations[end.endpoint], [remote]: { status: "joined", since: SINCE }, ...unitsOf(remote) };
  }
  return formatOutput({ units: unitsOf(ctx.appName), relations }, format(args));
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
