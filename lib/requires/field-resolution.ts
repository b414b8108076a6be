/**
 * Resolving provider fields (S-04, R-04): secret fields come from the group secret when the
 * provider published one, otherwise from the plain databag key (Juju 2 or old providers).
 */
import { fieldsOfGroup, groupOfField, secretKeyOf, SECRET_GROUPS, type SecretGroup } from "./secret-groups.js";

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
