/**
 * What every fake hook tool sees: the session's working copy of the model (where queued
 * changes go), the live model (for immediate effects such as `status-set`), who is running,
 * and the lookups several tools share (relation ids, leadership, secret access).
 */
import type { LogLevel, StatusName } from "../../ops/index.js";
import type { FlagSpec } from "./flags.js";
import { ToolFailure } from "./flags.js";
import type { HookSpec } from "./hook.js";
import type { ActionRunState, ModelState, RelationState, SecretState } from "./model.js";
import { findRelation, findSecret, inHookContext, localEnd } from "./model.js";

/** One `juju-log` line. */
export interface LogRecord {
  /** The `juju-log` level. */
  readonly level: LogLevel;
  /** The logged text. */
  readonly message: string;
}

/** One `status-set` call. */
export interface StatusRecord {
  /** Whose status was set. */
  readonly target: "unit" | "application";
  /** The status name. */
  readonly status: StatusName;
  /** Its message. */
  readonly message: string;
}

/** The state a tool runs against. */
export interface ToolContext {
  /** The session's working copy: queued changes land here and reach the model on commit. */
  readonly work: ModelState;
  /** The live model: only immediate effects (status, workload version, action output) go here. */
  readonly live: ModelState;
  readonly unitName: string;
  readonly appName: string;
  readonly hook: HookSpec;
  readonly stdin: string | undefined;
  /** The action this session runs (the live record), if any. */
  readonly action: ActionRunState | undefined;
  readonly logs: LogRecord[];
  readonly statuses: StatusRecord[];
  /** Keys written by `leader-set` (immediate). */
  readonly leaderSettingsKeys: string[];
  /** Secrets whose consumer record or owner label `secret-get` saved at once (kept if the hook fails). */
  readonly secretsSavedNow: Set<string>;
  /** Changes the tools accepted that the controller refuses when the hook commits (commit.ts). */
  readonly refusedAtCommit: CommitRefusal[];
}

/**
 * A change Juju's hook context queues without looking and the controller refuses at commit:
 * `secret-set`, `secret-remove` and `secret-revoke` of a secret outside the context's secret
 * metadata (worker/uniter/runner/context `UpdateSecret`, `RemoveSecret`, `RevokeSecret` check
 * leadership only for secrets in `ctx.secretMetadata`), and `secret-remove --revision` of a
 * revision the secret does not have.
 */
export interface CommitRefusal {
  /** The commit step it belongs to: secrets are removed, created, updated, granted, revoked in that order. */
  readonly step: "remove" | "update" | "revoke";
  /** The controller's answer, e.g. `permission denied`. */
  readonly message: string;
  /**
   * A secret none of whose removals the controller applies: it refuses a secret's removal
   * request as a whole when one of its revisions does not exist (apiserver/common/secrets
   * `removeSecrets` reads every revision before deleting any).
   */
  readonly secretId?: string;
}

/** Whether the unit is its application's leader. */
export function isLeader(ctx: ToolContext): boolean {
  return ctx.work.applications[ctx.appName]?.leader === ctx.unitName;
}

/** The relation id of the running relation hook, if any. */
export function hookRelationId(ctx: ToolContext): number | undefined {
  return ctx.hook.kind === "relation" ? ctx.hook.relationId : undefined;
}

/** The relation being broken in this hook; Juju hides it from `relation-ids`. */
export function brokenRelationId(ctx: ToolContext): number | undefined {
  return ctx.hook.kind === "relation" && ctx.hook.event === "broken" ? ctx.hook.relationId : undefined;
}

/**
 * Resolves a `-r` value: `<int>` or `<endpoint>:<int>`; Juju keeps the number after the last `:`
 * (jujuc `relationIdValue.Set`). Whether it also checks the endpoint is disputed: ops #2499
 * (commit 208af9b8) passes the endpoint "so that Juju checks the id belongs to that endpoint",
 * but `relationIdValue.Set` in the juju/juju sources read (2.9, 3.x, and main's
 * internal/worker/uniter/runner/jujuc/context.go) checks only that the id is in the hook's
 * context. The fake refuses a mismatch, the stricter reading: a charm that names the wrong
 * endpoint fails here, where Juju may act on the id's relation silently (docs/juju-contract.md).
 */
export function resolveRelationRef(ctx: ToolContext, value: string): RelationState {
  const colon = value.lastIndexOf(":");
  const numberText = colon < 0 ? value : value.slice(colon + 1);
  // `-r=db:3` leaves the `=` in the value (gnuflag short-flag rule); ignore it before the endpoint.
  const endpoint = colon < 0 ? undefined : value.slice(0, colon).replace(/^=/, "");
  if (!/^\d+$/.test(numberText)) throw new Error("invalid relation id");
  const rel = findRelation(ctx.work, Number(numberText));
  const end = rel && localEnd(rel, ctx.appName);
  // A relation outside the unit's hook context (before its relation-created) is unknown to the
  // hook, as in Juju's `ctx.Relation(id)` (model.ts `inContext`).
  if (!rel || !end || (endpoint !== undefined && endpoint !== "" && endpoint !== end.endpoint) || !inHookContext(rel, ctx.unitName)) {
    throw new Error("relation not found");
  }
  return rel;
}

/** The `-r/--relation` flag, validated against the model. */
export function relationFlag(ctx: ToolContext): FlagSpec {
  return { name: "relation", short: "r", kind: "string", check: (v) => void resolveRelationRef(ctx, v) };
}

/** The relation a tool acts on: `-r` if given, else the hook's relation, else `no relation id specified`. */
export function targetRelation(ctx: ToolContext, flagValue: string | undefined): RelationState {
  if (flagValue !== undefined) return resolveRelationRef(ctx, flagValue);
  const id = hookRelationId(ctx);
  const rel = id === undefined ? undefined : findRelation(ctx.work, id);
  if (!rel) throw new ToolFailure("no relation id specified", 2);
  return rel;
}

/** `<endpoint>:<id>` of a relation as seen from the unit's application. */
export function relationRefText(ctx: ToolContext, rel: RelationState): string {
  return `${localEnd(rel, ctx.appName)?.endpoint ?? "?"}:${rel.id}`;
}

/** Whether the unit's application or the unit itself owns `secret`. */
export function ownsSecret(ctx: ToolContext, secret: SecretState): boolean {
  return secret.ownerKind === "unit" ? secret.owner === ctx.unitName : secret.owner === ctx.appName;
}

/** Whether the unit may manage `secret` (set, grant, revoke, remove, info-get). */
export function canManageSecret(ctx: ToolContext, secret: SecretState): boolean {
  return secret.ownerKind === "unit" ? secret.owner === ctx.unitName : secret.owner === ctx.appName && isLeader(ctx);
}

/**
 * Whether `secret` is granted to the unit or its application over a relation that still exists,
 * or without a relation (grant key `"*"`, as `juju grant-secret` does for user secrets).
 */
export function isGranted(ctx: ToolContext, secret: SecretState): boolean {
  return Object.entries(secret.grants).some(
    ([relId, targets]) =>
      (relId === "*" || findRelation(ctx.work, Number(relId)) !== undefined) && (targets.includes(ctx.appName) || targets.includes(ctx.unitName)),
  );
}

/**
 * Finds a secret the unit may look at by URI; `not found` when the model has no such secret,
 * `permission denied` when it exists but is neither owned by nor granted to the unit.
 */
export function visibleSecretByUri(ctx: ToolContext, uri: string): SecretState {
  const secret = findSecret(ctx.work, uri);
  if (!secret) throw new ToolFailure(`secret "${uri}" not found`);
  if (!ownsSecret(ctx, secret) && !isGranted(ctx, secret)) throw new ToolFailure("permission denied");
  return secret;
}

/**
 * Resolves a label as Juju does: labels of secrets the unit (or its application) owns first,
 * then the unit's consumer labels.
 */
export function secretByLabel(ctx: ToolContext, label: string): SecretState | undefined {
  const owned = ctx.work.secrets.find((s) => ownsSecret(ctx, s) && s.label === label);
  return owned ?? ctx.work.secrets.find((s) => s.consumers[ctx.unitName]?.label === label);
}
