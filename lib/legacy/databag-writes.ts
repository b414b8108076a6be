/** Writing only what changed, so re-asserting a request does not cost a `relation-set` per hook. */
import type { Databag } from "../ops/index.js";

/** Sets the keys of `values` that differ from the bag's current content (`""` deletes). */
export function writeChanged(bag: Databag, values: Readonly<Record<string, string>>): void {
  const current = bag.toObject();
  const changed: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if ((current[key] ?? "") !== value) changed[key] = value;
  if (Object.keys(changed).length > 0) bag.update(changed);
}
