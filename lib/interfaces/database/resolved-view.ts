/**
 * The resolved provider view (docs/protocol.md#j-02, docs/protocol.md#resolving-a-field): the provider app databag without its `secret-*`
 * keys, overlaid with the contents of the group secrets (plaintext fallback, docs/protocol.md#s-04,
 * docs/protocol.md#r-04).
 *
 * One overlay, two readers:
 * - {@link requirerView}: what a requirer sees, as data_interfaces `_fetch_relation_data_with_secrets`
 *   computes it: from a secret only the requested fields; a group whose secret yields none of them
 *   falls back to the databag as a whole, and a group whose secret yields some hides the databag's
 *   copies of the others (data_interfaces reads requested fields from the databag only on fallback).
 * - {@link completeView}: what a validator or the simulator's provider models check: everything
 *   every readable secret holds, over the databag.
 * Both take a secret value as it is, the empty string included (data_interfaces filters keys, never values).
 */
import type { RawDatabag } from "./bag-codec.js";
import { fieldsOfGroup, groupOfField, secretKeyOf, SECRET_GROUPS, type SecretGroup } from "./secret-groups.js";

/** Raw contents of the group secrets that could be read, keyed by group (absent = not published or unreadable). */
export type SecretContents = Partial<Readonly<Record<SecretGroup, Readonly<Record<string, string>>>>>;
/** Secret contents by group, as read for this relation (same shape as {@link SecretContents}). */
export type GroupContents = Partial<Record<SecretGroup, Readonly<Record<string, string>>>>;

/** The shared core: `bag` without `secret-*` keys (nor `hidden`), then `fromSecrets` on top. */
function overlay(
  bag: Readonly<Record<string, string>>,
  fromSecrets: Readonly<Record<string, string>>,
  hidden: ReadonlySet<string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(bag)) {
    if (!k.startsWith("secret-") && !hidden.has(k)) out[k] = v;
  }
  return Object.assign(out, fromSecrets);
}

/** Groups whose `secret-<group>` key is published and that carry at least one requested field. */
export function groupsToRead(bag: Readonly<Record<string, string>>, requestedFields: readonly string[]): SecretGroup[] {
  return SECRET_GROUPS.filter((g) => g !== "mtls" && bag[secretKeyOf(g)] !== undefined && fieldsOfGroup(g, requestedFields).length > 0);
}

/**
 * The requirer's view: every non-`secret-*` key of `bag` (the provider's own `data` only when
 * `includeData`) plus the requested secret fields, per group from its secret, or from the
 * databag when that group's secret yields no requested field.
 */
export function requirerView(
  bag: Readonly<Record<string, string>>,
  contents: GroupContents,
  requestedFields: readonly string[],
  includeData = true,
): Record<string, string> {
  const requested = new Set(requestedFields);
  const fromSecrets: Record<string, string> = {};
  const hidden = new Set<string>(includeData ? [] : ["data"]);
  const groups = new Set(requestedFields.map(groupOfField));
  for (const group of groups) {
    const picked = Object.entries(contents[group] ?? {}).filter(([k]) => requested.has(k));
    if (picked.length === 0) continue; // fallback: the databag's plaintext copies stay
    for (const f of fieldsOfGroup(group, requestedFields)) hidden.add(f);
    Object.assign(fromSecrets, Object.fromEntries(picked));
  }
  return overlay(bag, fromSecrets, hidden);
}

/** The complete view: the databag without `secret-*` keys, overlaid with everything each secret holds. */
export function completeView(appBag: Readonly<RawDatabag>, secrets: SecretContents): RawDatabag {
  const fromSecrets: Record<string, string> = {};
  for (const group of SECRET_GROUPS) Object.assign(fromSecrets, secrets[group] ?? {});
  return overlay(appBag, fromSecrets, new Set());
}

/** Former name of {@link requirerView}, kept for lib/requires/index.ts's public export and older docs. */
export const resolveFields = requirerView;
/** Former name of {@link completeView}, kept for the public export of lib/interfaces. */
export const mergeSecretContents = completeView;
