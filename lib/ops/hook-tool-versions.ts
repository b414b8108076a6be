/**
 * Which hook tools, and which of their version-dependent flags, each Juju version has: the one
 * table every hook-tool call is checked against before anything is spawned (see
 * hooktools/gated-runner.ts), and the source of `JujuVersion.hasTool()`.
 *
 * A row without `since` names a tool (or flag) that predates the oldest Juju this runtime
 * supports (2.9), so it is available on every version, including the `0.0.0` ops assumes when
 * `JUJU_VERSION` is missing. Versions in support: 2.9.x, 3.1.x, 3.4.x, 3.6.x, 4.0.
 *
 * Sources, cited per row by key:
 * - `juju3-jujuc`: juju/juju `worker/uniter/runner/jujuc/server.go` on the 3.x branches, the
 *   uniter's hook-tool registration (`baseCommands`, `secretCommands`, `leaderCommands`, ...).
 * - `juju4-jujuc`: juju/juju `internal/worker/uniter/runner/jujuc/server.go` on main (4.0): the
 *   same registration after the 4.0 removals (no `leader-get`/`leader-set`, `add-metric`,
 *   `k8s-spec-*`, `pod-spec-*`, `payload-*`).
 * - `ops-jujuversion`: canonical/operator `ops/jujuversion.py` (`has_app_data` 2.7.0,
 *   `has_controller_storage` 2.8.0, `has_secrets` 3.0.3 with its reasons).
 * - `ops-remote-model`: canonical/operator `ops/model.py`, `Relation.remote_model`
 *   (`.. jujuadded:: 3.6.2`, raises on agents without `relation-model-get`).
 * - `ops-remote-app`: canonical/operator commit f5218414 (`ops/model.py`
 *   `relation_remote_app_name`): `relation-list --app` first appeared in Juju 2.8.1.
 * - `juju-docs`: Juju's "List of hook commands" pages, which replicate `juju help hook-tool`:
 *   https://documentation.ubuntu.com/juju/2.9/reference/hook-command/list-of-hook-commands (no
 *   `relation-model-get`) and .../juju/latest/... (4.0: `relation-model-get`, no `leader-get`/`leader-set`).
 */
import type { JujuVersion } from "./juju-version.js";

/** Where a row's facts come from (see the module comment). */
export type HookToolSource = "juju3-jujuc" | "juju4-jujuc" | "juju-docs" | "ops-jujuversion" | "ops-remote-model" | "ops-remote-app";

/** One hook tool, or one version-dependent flag of it. */
export interface HookToolRow {
  /** The tool, e.g. `relation-list`. */
  readonly tool: string;
  /** The flag this row is about (e.g. `--app`); absent for the tool itself. */
  readonly flag?: string;
  /** The first Juju version where it is usable; absent: older than every supported version. */
  readonly since?: string;
  /** The first Juju version without it, when Juju removed it. */
  readonly removedIn?: string;
  /** What it gives a charm, for error messages (e.g. `Juju secrets`). */
  readonly feature?: string;
  /** The sources of this row. */
  readonly sources: readonly HookToolSource[];
}

// Why a row's version is what it is lives in the comments beside the row, not in the table: the
// table ships in every charm bundle and the runtime reads only what it gates on.

// Each key once in the bundle: the table ships in every charm.
const JUJUC: readonly HookToolSource[] = Object.freeze(["juju3-jujuc", "juju4-jujuc"]);
const OPS_VERSION: HookToolSource = "ops-jujuversion";

// Secret tools are registered from Juju 3.0, but 3.0.2 renamed `secret-get --update` to
// `--refresh` and split out `secret-info-get`, and 3.0.3 fixed consumer labels (juju/juju#14916);
// ops uses secrets from 3.0.3 only (ops-jujuversion), and so does this runtime.
function secretTool(tool: string): HookToolRow {
  return { tool, since: "3.0.3", feature: "Juju secrets", sources: [...JUJUC, OPS_VERSION] };
}

function baseline(tool: string): HookToolRow {
  return { tool, sources: JUJUC };
}

function controllerState(tool: string): HookToolRow {
  return { tool, since: "2.8.0", feature: "controller-side unit state", sources: [...JUJUC, OPS_VERSION] };
}

function removedIn4(tool: string): HookToolRow {
  return { tool, removedIn: "4.0.0", sources: [...JUJUC, "juju-docs"] };
}

/** `--app` of relation-get and relation-set: application databags. */
const APP_DATABAGS = { flag: "--app", since: "2.7.0", feature: "application databags", sources: [OPS_VERSION] } as const;

/** The table. Tools of the {@link Backend} first, then tools Juju removed that charms may still know. */
export const HOOK_TOOL_VERSIONS: readonly HookToolRow[] = Object.freeze([
  baseline("relation-ids"),
  baseline("relation-list"),
  { tool: "relation-list", flag: "--app", since: "2.8.1", feature: "the remote application's name", sources: ["ops-remote-app"] },
  baseline("relation-get"),
  { tool: "relation-get", ...APP_DATABAGS },
  baseline("relation-set"),
  { tool: "relation-set", ...APP_DATABAGS },
  // Absent from 2.9, 3.1 to 3.5, 3.6.0 and 3.6.1; present on 4.0.
  {
    tool: "relation-model-get",
    since: "3.6.2",
    feature: "the remote model of a relation",
    sources: [...JUJUC, "juju-docs", "ops-remote-model"],
  },
  baseline("is-leader"),
  baseline("config-get"),
  baseline("status-get"),
  baseline("status-set"),
  baseline("application-version-set"),
  baseline("juju-log"),
  baseline("action-get"),
  baseline("action-set"),
  baseline("action-log"),
  baseline("action-fail"),
  secretTool("secret-add"),
  secretTool("secret-get"),
  // `--refresh` was called `--update` before Juju 3.0.2 (ops-jujuversion).
  { ...secretTool("secret-get"), flag: "--refresh" },
  { ...secretTool("secret-get"), flag: "--peek" },
  secretTool("secret-set"),
  // A tool of its own from Juju 3.0.2 (ops-jujuversion); usable from 3.0.3 like every secret tool.
  secretTool("secret-info-get"),
  secretTool("secret-ids"),
  secretTool("secret-grant"),
  secretTool("secret-revoke"),
  secretTool("secret-remove"),
  controllerState("state-get"),
  controllerState("state-set"),
  controllerState("state-delete"),
  baseline("network-get"),
  // Not called by this runtime; listed so a charm or test stand asking about them gets the truth.
  // Charms use a peer relation's application databag instead.
  removedIn4("leader-get"),
  removedIn4("leader-set"),
] satisfies HookToolRow[]);

/** Why a tool (or flag) cannot be used on a version. */
export interface ToolAbsence {
  /** The row that rules it out. */
  readonly row: HookToolRow;
  /** `too-old`: the version predates `row.since`; `removed`: it is at or after `row.removedIn`. */
  readonly reason: "too-old" | "removed";
}

/** The table's rows by tool, in table order; made at first use (while the start-up snapshot is made, so hooks find it made). */
let rowsByTool: Map<string, readonly HookToolRow[]> | undefined;

/** The rows of `tool`: its own row and its flag rows. Empty when the table does not know the tool. */
export function hookToolRows(tool: string): readonly HookToolRow[] {
  // Every hook-tool call asks for its tool's rows two or three times (gated-runner.ts).
  rowsByTool ??= new Map(HOOK_TOOL_VERSIONS.map((row) => [row.tool, Object.freeze(HOOK_TOOL_VERSIONS.filter((r) => r.tool === row.tool))]));
  return rowsByTool.get(tool) ?? [];
}

/** Whether the table knows `tool` at all. */
export function isKnownHookTool(tool: string): boolean {
  return HOOK_TOOL_VERSIONS.some((row) => row.tool === tool && row.flag === undefined);
}

/** The flags of `tool` the table has a row for. */
export function versionedFlags(tool: string): readonly string[] {
  return hookToolRows(tool).flatMap((row) => (row.flag === undefined ? [] : [row.flag]));
}

function absence(row: HookToolRow, version: JujuVersion): ToolAbsence | undefined {
  if (row.since !== undefined && !version.isAtLeast(row.since)) return { row, reason: "too-old" };
  if (row.removedIn !== undefined && version.isAtLeast(row.removedIn)) return { row, reason: "removed" };
  return undefined;
}

/**
 * Why `tool` (with `flag`, when given) is unavailable on `version`, or undefined when it is
 * available. A tool the table does not know is treated as available: the table gates what it
 * knows and never invents an absence.
 */
export function toolAbsence(version: JujuVersion, tool: string, flag?: string): ToolAbsence | undefined {
  const rows = hookToolRows(tool);
  const own = rows.find((row) => row.flag === undefined);
  const ownAbsence = own === undefined ? undefined : absence(own, version);
  if (ownAbsence !== undefined || flag === undefined) return ownAbsence;
  const flagRow = rows.find((row) => row.flag === flag);
  return flagRow === undefined ? undefined : absence(flagRow, version);
}

/** Whether `tool` (with `flag`, when given) exists on `version`. */
export function hasHookTool(version: JujuVersion, tool: string, flag?: string): boolean {
  return toolAbsence(version, tool, flag) === undefined;
}
