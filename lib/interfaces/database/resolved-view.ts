/**
 * The resolved provider view (docs/protocol.md#j-02, docs/protocol.md#resolving-a-field): the provider app databag without its `secret-*`
 * keys, merged with the contents of the group secrets; a field found in a secret wins over the
 * same field in the databag (plaintext fallback, docs/protocol.md#s-04, docs/protocol.md#r-04).
 *
 * Two readers, two functions: a requirer takes from each secret only the fields it requested
 * ({@link resolveFields}, what lib/requires hands to charms, as data_interfaces does), while the
 * validator and the simulator's provider models look at everything a secret holds
 * ({@link mergeSecretContents}).
 */
import type { RawDatabag } from "./bag-codec.js";
import { fieldsOfGroup, groupOfField, secretKeyOf, SECRET_GROUPS, type SecretGroup } from "./secret-groups.js";

/** Raw contents of the group secrets that could be read, keyed by group. */
export type SecretContents = Partial<Readonly<Record<SecretGroup, Readonly<Record<string, string>>>>>;

/** Merges a raw provider app databag with raw secret contents into the raw resolved view. */
export function mergeSecretContents(appBag: Readonly<RawDatabag>, secrets: SecretContents): RawDatabag {
  const merged: RawDatabag = {};
  for (const [key, value] of Object.entries(appBag)) {
    if (!key.startsWith("secret-")) merged[key] = value;
  }
  for (const group of SECRET_GROUPS) {
    for (const [key, value] of Object.entries(secrets[group] ?? {})) {
      if (value !== "") merged[key] = value;
    }
  }
  return merged;
}

/** Secret contents by group, as read for this relation (absent = not published or unreadable). */
export type GroupContents = Partial<Record<SecretGroup, Readonly<Record<string, string>>>>;

/** Groups whose `secret-<group>` key is published and that carry at least one requested field. */
export function groupsToRead(bag: Readonly<Record<string, string>>, requestedFields: readonly string[]): SecretGroup[] {
  return SECRET_GROUPS.filter((g) => g !== "mtls" && bag[secretKeyOf(g)] !== undefined && fieldsOfGroup(g, requestedFields).length > 0);
}

/**
 * The resolved view: every non-`secret-*` key of `bag` (the provider's own `data` included only
 * when `includeData`) plus each requested secret field, from its group secret first and the
 * databag second.
 */
export function resolveFields(
  bag: Readonly<Record<string, string>>,
  contents: GroupContents,
  requestedFields: readonly string[],
  includeData = true,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(bag)) {
    if (k.startsWith("secret-")) continue;
    if (k === "data" && !includeData) continue;
    out[k] = v;
  }
  for (const f of requestedFields) {
    const fromSecret = contents[groupOfField(f)]?.[f];
    if (fromSecret !== undefined) out[f] = fromSecret;
  }
  return out;
}
