/**
 * Relation aliases: each unit picks, at relation-created, the first configured alias
 * not yet used by its other relations of the endpoint and keeps it in its unit databag.
 */
import { AliasExhaustedError } from "./errors.js";

/** Unit databag key holding the alias (also mirrored to the app databag by the leader). */
export const ALIAS_KEY = "alias";

/**
 * The alias for a relation. `own` is the alias already in this relation's unit databag;
 * `usedElsewhere` the aliases in this unit's databags of the endpoint's other relations.
 * Returns undefined when no aliases are configured; throws when all are taken.
 */
export function chooseAlias(
  endpoint: string,
  configured: readonly string[],
  own: string | undefined,
  usedElsewhere: readonly string[],
): string | undefined {
  if (configured.length === 0) return undefined;
  if (own !== undefined && own !== "") return own;
  const free = configured.find((a) => !usedElsewhere.includes(a));
  if (free === undefined) throw new AliasExhaustedError(endpoint, configured);
  return free;
}
