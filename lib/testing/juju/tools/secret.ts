/**
 * secret-add, secret-get, secret-set, secret-info-get, secret-ids, secret-grant,
 * secret-revoke and secret-remove with Juju's ownership, label, tracking and grant rules
 * (docs/juju-contract.md#secret-tools, docs/juju-contract.md#secrets). Everything is queued in the
 * session's working copy, except what `secret-get` saves at once (`saveNow`).
 */
import type { SecretRotatePolicy } from "../../../ops/index.js";
import { FORMAT_FLAG, type FlagSpec, noMoreThan, parseArgs, type ParsedArgs, ToolFailure } from "../flags.js";
import type { JsonObject, SecretState } from "../model.js";
import { bareSecretId, findSecret, printedSecretUri, remoteAppOf, secretRevisionContent } from "../model.js";
import { consumerLabelTakenMessage, identicalContentIsNoop, ownersTrack, secretSetCallsMerge } from "../secret-rules.js";
import { format, formatOutput } from "../output.js";
import type { CommitRefusal, ToolContext } from "../tool-context.js";
import {
  canManageSecret,
  hookRelationId,
  isLeader,
  ownsSecret,
  relationFlag,
  resolveRelationRef,
  secretByLabel,
  visibleSecretByUri,
} from "../tool-context.js";
import { expiryTime, newSecretUri, SECRET_METADATA_FLAGS, secretContent } from "./secret-content.js";

function applyMetadata(secret: SecretState, args: ParsedArgs): void {
  const description = args.strings.get("description");
  const expire = args.strings.get("expire");
  const rotate = args.strings.get("rotate");
  if (description !== undefined) secret.description = description;
  if (expire !== undefined) secret.expire = expiryTime(expire, new Date());
  if (rotate !== undefined) secret.rotate = rotate as SecretRotatePolicy;
}

/**
 * Owner labels are unique per owner (the unit, or the application), also against the consumer
 * labels that same owner holds: a unit-owned secret cannot take a label the unit uses as a
 * consumer (st-3 `uniqueSecretOwnerLabelOps`, checked against owner and consumer label keys of
 * the owner's tag).
 */
function setOwnerLabel(ctx: ToolContext, secret: SecretState, label: string): void {
  const clash = ctx.work.secrets.find(
    (s) =>
      s !== secret &&
      ((s.owner === secret.owner && s.ownerKind === secret.ownerKind && s.label === label) || (secret.ownerKind === "unit" && s.consumers[secret.owner]?.label === label)),
  );
  if (clash) throw new ToolFailure(`secret with label "${label}" already exists`);
  secret.label = label;
}

/**
 * Consumer labels are unique per consumer unit, also against the owner labels of secrets the
 * unit or its application owns (state/secrets.go uniqueSecretConsumerLabelOps; secret-rules.ts).
 */
function setConsumerLabel(ctx: ToolContext, secret: SecretState, label: string): void {
  const clash = ctx.work.secrets.find((s) => s !== secret && (s.consumers[ctx.unitName]?.label === label || (ownsSecret(ctx, s) && s.label === label)));
  if (clash) throw new ToolFailure(consumerLabelTakenMessage(ctx.work.jujuVersion, label, ctx.unitName));
  (secret.consumers[ctx.unitName] ??= {}).label = label;
}

/**
 * What `secret-get` changed of `secret` (this unit's consumer record, or the owner's label) also
 * goes into the live model at once, so it stays if the hook fails: Juju's secretsmanager facade
 * saves it during the call, not at the hook's commit (sec-get in docs/juju-behaviour.md:
 * `getSecretContent` renames the owner's label through `UpdateSecret`, and `getConsumedRevision`
 * runs `SaveSecretConsumer` for `--refresh`, a label, or a unit reading the secret for the first
 * time). A secret made in this hook is not in the live model yet; its first commit carries it.
 */
function saveNow(ctx: ToolContext, secret: SecretState, ownerLabel: string | undefined): void {
  const live = findSecret(ctx.live, secret.id);
  if (live === undefined) return;
  const consumer = secret.consumers[ctx.unitName];
  if (consumer !== undefined) live.consumers[ctx.unitName] = structuredClone(consumer);
  if (ownerLabel !== undefined) live.label = ownerLabel;
  ctx.secretsSavedNow.add(secret.id);
}

/**
 * The secret behind `uri` when the hook context holds its metadata: the secrets the unit owns,
 * and its application's when the unit leads (the secretsmanager facade's `GetSecretMetadata`
 * adds the application's secrets for the leader only, in 3.x and 4.0 alike).
 */
function contextSecret(ctx: ToolContext, uri: string): SecretState | undefined {
  const secret = findSecret(ctx.work, uri);
  return secret !== undefined && canManageSecret(ctx, secret) ? secret : undefined;
}

/**
 * For tools that read the context's metadata at the call (`secret-info-get`, `secret-grant`):
 * anything outside it is `secret "<id>" not found`, the id bare (jujuc secret-info-get.go; the
 * context's `GrantSecret`), whoever owns it; a non-leader does not see its application's secrets.
 */
function managedSecret(ctx: ToolContext, uri: string): SecretState {
  const secret = contextSecret(ctx, uri);
  if (!secret) throw new ToolFailure(`secret "${bareSecretId(uri)}" not found`);
  return secret;
}

/**
 * For tools Juju queues without looking (`secret-set`, `secret-remove`, `secret-revoke`): the
 * secret when the context holds its metadata; otherwise the call succeeds, changes nothing, and
 * the hook's commit fails at that step with the controller's refusal (`permission denied` for a
 * secret the unit may not manage; for one that does not exist, state's `GetSecret` answer,
 * `secret "secret:<id>" not found`, the URI as the charm gave it).
 */
function queuedSecret(ctx: ToolContext, uri: string, step: CommitRefusal["step"]): SecretState | undefined {
  const secret = contextSecret(ctx, uri);
  if (secret) return secret;
  const exists = findSecret(ctx.work, uri) !== undefined;
  ctx.refusedAtCommit.push({ step, message: exists ? "permission denied" : `secret "${printedSecretUri(uri)}" not found` });
  return undefined;
}

/** `secret-add [--owner application|unit] [metadata flags] content...`: prints the new URI. */
export function secretAdd(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, SECRET_METADATA_FLAGS);
  const content = secretContent(args.positional, args.strings.get("file"), ctx.stdin);
  if (Object.keys(content).length === 0) throw new ToolFailure("missing secret value or filename", 2);
  const ownerKind = (args.strings.get("owner") ?? "application") as "application" | "unit";
  if (ownerKind === "application" && !isLeader(ctx)) throw new ToolFailure("this unit is not the leader");
  let id = newSecretUri();
  while (findSecret(ctx.work, id)) id = newSecretUri();
  const secret: SecretState = {
    id,
    ownerKind,
    owner: ownerKind === "unit" ? ctx.unitName : ctx.appName,
    revisions: [{ revision: 1, content }],
    latestRevision: 1,
    consumers: {},
    grants: {},
  };
  const label = args.strings.get("label");
  if (label !== undefined) setOwnerLabel(ctx, secret, label);
  applyMetadata(secret, args);
  ctx.work.secrets.push(secret);
  return `${id}\n`;
}

/** `secret-get [<uri> [<key>]] [--label L] [--peek | --refresh]`. */
export function secretGet(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [FORMAT_FLAG, { name: "label", kind: "string" }, { name: "peek", kind: "bool" }, { name: "refresh", kind: "bool" }]);
  noMoreThan(args, 2);
  const [uri, key] = args.positional;
  const label = args.strings.get("label");
  const peek = args.bools.get("peek") ?? false;
  const refresh = args.bools.get("refresh") ?? false;
  if (uri === undefined && label === undefined) throw new ToolFailure("require either a secret URI or label", 2);
  if (peek && refresh) throw new ToolFailure("specify one of --peek or --refresh but not both", 2);

  let secret: SecretState;
  let ownerLabel: string | undefined;
  if (uri !== undefined) {
    secret = visibleSecretByUri(ctx, uri);
    if (label !== undefined) {
      if (canManageSecret(ctx, secret)) {
        setOwnerLabel(ctx, secret, label);
        ownerLabel = label;
      } else setConsumerLabel(ctx, secret, label);
    }
  } else {
    const found = secretByLabel(ctx, label as string);
    if (!found) throw new ToolFailure(`secret "${label}" not found`);
    secret = visibleSecretByUri(ctx, found.id);
  }

  let revision = secret.latestRevision;
  const owner = ownsSecret(ctx, secret);
  // Before owners tracked revisions, Juju refused an owner's --refresh (LP#2042596); --peek was allowed.
  if (owner && refresh && !ownersTrack(ctx.work.jujuVersion)) throw new ToolFailure("secret owner cannot use --refresh");
  let saved = label !== undefined && uri !== undefined;
  if (!owner || ownersTrack(ctx.work.jujuVersion)) {
    const consumer = (secret.consumers[ctx.unitName] ??= {});
    // A unit without a record is given one tracking the latest revision, even with --peek
    // (getConsumedRevision treats "not found" as --refresh).
    if (refresh || consumer.trackedRevision === undefined) {
      saved ||= consumer.trackedRevision !== secret.latestRevision;
      consumer.trackedRevision = secret.latestRevision;
    }
    revision = peek ? secret.latestRevision : consumer.trackedRevision;
  }
  if (saved) saveNow(ctx, secret, ownerLabel);
  // A tracked revision the owner removed is gone for the consumer too: Juju reads exactly that
  // revision and answers not found (st-3 `getSecretValue`: `secret revision "<id>/<n>" not found`).
  const content = secretRevisionContent(secret, revision);
  if (content === undefined) throw new ToolFailure(`secret revision "${bareSecretId(secret.id)}/${revision}" not found`);
  if (key !== undefined) {
    if (!(key in content)) throw new ToolFailure(`secret key "${key}" not found`);
    return formatOutput(content[key] ?? null, format(args));
  }
  return formatOutput({ ...content }, format(args));
}

/** What a secret looked like before this hook's first `secret-set` on it (the fields that call can change). */
export type SecretBeforeUpdate = Pick<SecretState, "label" | "description" | "expire" | "rotate" | "latestRevision"> & { readonly revisions: SecretState["revisions"] };

/**
 * `secret-set <uri> [metadata flags] [content...]`: new content makes one new revision per hook.
 * `beforeUpdate` holds, per secret id, the secret as this hook's first `secret-set` found it:
 * on agents whose calls do not merge (`secretSetCallsMerge`), a later call starts again from it.
 */
export function secretSet(ctx: ToolContext, argv: readonly string[], baseRevisions: (id: string) => number | undefined, beforeUpdate: Map<string, SecretBeforeUpdate> = new Map()): string {
  const args = parseArgs(argv, SECRET_METADATA_FLAGS);
  const [uri, ...contentArgs] = args.positional;
  if (uri === undefined) throw new ToolFailure("missing secret URI", 2);
  const content = secretContent(contentArgs, args.strings.get("file"), ctx.stdin);
  const secret = queuedSecret(ctx, uri, "update");
  if (!secret) return "";
  // A secret created in this hook is one pending create, which every version folds updates into.
  if (baseRevisions(secret.id) !== undefined) {
    const before = beforeUpdate.get(secret.id);
    if (before === undefined) {
      beforeUpdate.set(secret.id, { label: secret.label, description: secret.description, expire: secret.expire, rotate: secret.rotate, latestRevision: secret.latestRevision, revisions: secret.revisions.map((r) => ({ ...r })) });
    } else if (!secretSetCallsMerge(ctx.work.jujuVersion)) {
      // This call replaces the pending update whole: what the earlier calls set is gone.
      restoreSecret(secret, before);
    }
  }
  if (Object.keys(content).length > 0) {
    const latest = secretRevisionContent(secret, secret.latestRevision);
    const identical = latest !== undefined && JSON.stringify(sortKeys(latest)) === JSON.stringify(sortKeys(content));
    const committedLatest = baseRevisions(secret.id);
    if (committedLatest !== undefined && secret.latestRevision > committedLatest) {
      // This hook already made the new revision: Juju sends one update per secret at commit.
      const pending = secret.revisions.find((r) => r.revision === secret.latestRevision);
      if (pending) pending.content = content;
    } else if (committedLatest === undefined) {
      // Created in this hook and not yet committed: replace the first revision's content.
      const first = secret.revisions.find((r) => r.revision === secret.latestRevision);
      if (first) first.content = content;
    } else if (!(identical && identicalContentIsNoop(ctx.work.jujuVersion))) {
      secret.latestRevision += 1;
      secret.revisions.push({ revision: secret.latestRevision, content });
    }
  }
  const label = args.strings.get("label");
  if (label !== undefined) setOwnerLabel(ctx, secret, label);
  applyMetadata(secret, args);
  return "";
}

function restoreSecret(secret: SecretState, before: SecretBeforeUpdate): void {
  for (const field of ["label", "description", "expire", "rotate"] as const) {
    if (before[field] === undefined) delete secret[field];
    else (secret as Record<typeof field, unknown>)[field] = before[field];
  }
  secret.latestRevision = before.latestRevision;
  secret.revisions = before.revisions.map((r) => ({ ...r }));
}

function sortKeys(obj: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(obj).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `secret-info-get <uri> | --label L`: owners only; keyed by the bare id. */
export function secretInfoGet(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [FORMAT_FLAG, { name: "label", kind: "string" }]);
  noMoreThan(args, 1);
  const [uri] = args.positional;
  const label = args.strings.get("label");
  if (uri === undefined && label === undefined) throw new ToolFailure("require either a secret URI or label", 2);
  if (uri !== undefined && label !== undefined) throw new ToolFailure("specify either a secret URI or label but not both", 2);
  let secret: SecretState;
  if (uri !== undefined) secret = managedSecret(ctx, uri);
  else {
    const found = ctx.work.secrets.find((s) => canManageSecret(ctx, s) && s.label === label);
    if (!found) throw new ToolFailure(`secret "${label}" not found`);
    secret = found;
  }
  const info: JsonObject = { revision: secret.latestRevision, owner: secret.ownerKind };
  if (secret.label !== undefined) info.label = secret.label;
  if (secret.description !== undefined) info.description = secret.description;
  if (secret.rotate !== undefined) info.rotation = secret.rotate;
  if (secret.expire !== undefined) info.expiry = secret.expire;
  return formatOutput({ [bareSecretId(secret.id)]: info }, format(args));
}

/** `secret-ids`: bare ids of the secrets this unit manages. */
export function secretIds(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [FORMAT_FLAG]);
  noMoreThan(args, 0);
  const ids = ctx.work.secrets.filter((s) => canManageSecret(ctx, s)).map((s) => bareSecretId(s.id)).sort();
  return formatOutput(ids, format(args));
}

/**
 * The relation and target of a grant or revoke. `-r` defaults to the hook's own relation, and
 * without either the command stops in its `Init` (exit 2), as does a unit of another
 * application (juju/juju worker/uniter/runner/jujuc/secret-grant.go: `NewRelationIdValue`
 * takes the hook relation; `Init` checks both).
 */
function grantTarget(ctx: ToolContext, args: ParsedArgs): { relationId: number; target: string } {
  const relValue = args.strings.get("relation");
  const hookRel = hookRelationId(ctx);
  if (relValue === undefined && hookRel === undefined) throw new ToolFailure("no relation id specified", 2);
  const rel = relValue !== undefined ? resolveRelationRef(ctx, relValue) : resolveRelationRef(ctx, String(hookRel));
  const remoteApp = remoteAppOf(rel, ctx.appName) ?? "";
  const unit = args.strings.get("unit");
  if (unit !== undefined && !unit.startsWith(`${remoteApp}/`)) {
    throw new ToolFailure(`cannot specify unit "${unit}" in relation to application "${remoteApp}"`, 2);
  }
  return { relationId: rel.id, target: unit ?? remoteApp };
}

/** secret-grant's flags: `-r/--relation` and `--unit` only (jujuc secret-grant.go `SetFlags`). */
function grantFlags(ctx: ToolContext): FlagSpec[] {
  return [relationFlag(ctx), { name: "unit", kind: "string" }];
}

/** secret-revoke's: also `--app`/`--application` (parsed; the fake revokes per relation only). */
function revokeFlags(ctx: ToolContext): FlagSpec[] {
  return [...grantFlags(ctx), { name: "app", kind: "string", aliases: ["application"] }];
}

/** `secret-grant <uri> [-r <id>] [--unit U]`. */
export function secretGrant(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, grantFlags(ctx));
  const [uri] = args.positional;
  if (uri === undefined) throw new ToolFailure("missing secret URI", 2);
  noMoreThan(args, 1);
  const { relationId, target } = grantTarget(ctx, args);
  const secret = managedSecret(ctx, uri);
  const targets = (secret.grants[String(relationId)] ??= []);
  if (!targets.includes(target)) targets.push(target);
  return "";
}

/** `secret-revoke <uri> [-r <id>] [--unit U]`. */
export function secretRevoke(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, revokeFlags(ctx));
  const [uri] = args.positional;
  if (uri === undefined) throw new ToolFailure("missing secret URI", 2);
  noMoreThan(args, 1);
  const { relationId, target } = grantTarget(ctx, args);
  const secret = queuedSecret(ctx, uri, "revoke");
  if (!secret) return "";
  const key = String(relationId);
  const remaining = (secret.grants[key] ?? []).filter((t) => t !== target);
  if (remaining.length > 0) secret.grants[key] = remaining;
  else delete secret.grants[key];
  return "";
}

/** `secret-remove <uri> [--revision N]`: one revision, or the whole secret. */
export function secretRemove(ctx: ToolContext, argv: readonly string[]): string {
  const args = parseArgs(argv, [{ name: "revision", kind: "string", check: (v) => {
    if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error("revision must be a positive integer");
  } }]);
  const [uri] = args.positional;
  if (uri === undefined) throw new ToolFailure("missing secret URI", 2);
  noMoreThan(args, 1);
  const secret = queuedSecret(ctx, uri, "remove");
  if (!secret) return "";
  const revisionText = args.strings.get("revision");
  if (revisionText === undefined) {
    ctx.work.secrets = ctx.work.secrets.filter((s) => s !== secret);
    return "";
  }
  const revision = Number(revisionText);
  if (!secret.revisions.some((r) => r.revision === revision)) {
    // Queued as asked; the controller reads each revision before deleting any, so the secret's
    // whole removal request fails at commit (st-3 `GetSecretRevision`, spelled as Juju does).
    ctx.refusedAtCommit.push({ step: "remove", message: `revison ${revision} for secret "${printedSecretUri(uri)}" not found`, secretId: secret.id });
    return "";
  }
  secret.revisions = secret.revisions.filter((r) => r.revision !== revision);
  if (secret.revisions.length === 0) ctx.work.secrets = ctx.work.secrets.filter((s) => s !== secret);
  return "";
}
