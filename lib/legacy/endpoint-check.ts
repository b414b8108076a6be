/** Construction-time checks of the endpoints a legacy adapter is given. */
import type { CharmBase } from "../ops/index.js";
import { LegacyConfigError } from "./legacy-errors.js";

/** Throws {@link LegacyConfigError} unless `name` is a non-empty endpoint the metadata declares (when metadata is known). */
export function checkEndpoint(charm: CharmBase, option: string, name: string, kinds: readonly ("requires" | "provides" | "peers")[]): void {
  if (typeof name !== "string" || name === "") throw new LegacyConfigError(option, "must name an endpoint of the charm");
  const meta = charm.framework.metadata;
  if (meta === undefined) return;
  if (!kinds.some((k) => meta[k].includes(name))) {
    throw new LegacyConfigError(option, `the charm's metadata declares no endpoint "${name}" under ${kinds.map((k) => `${k}:`).join(" or ")}; fix the name or declare the endpoint in metadata.yaml`);
  }
}
