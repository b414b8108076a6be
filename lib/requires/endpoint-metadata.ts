/**
 * What the requirer needs from the charm's metadata about its endpoint: where it is declared
 * (`requires:` or, for mongos, `provides:`, A-04) and its `limit`. The runtime parses the
 * metadata once per hook (lib/ops `CharmMetadata`); this only looks the endpoint up in it.
 */
import { OpsError, parseCharmMetadata, type CharmMetadata } from "../ops/index.js";
import { RequestConfigError } from "./errors.js";

/** The endpoint's declaration. */
export interface EndpointDeclaration {
  /** `requires:` or `provides:` (mongos principals declare the requirer side under provides). */
  readonly role: "requires" | "provides";
  /** The declared interface name. */
  readonly interface: string | undefined;
  /** The declared `limit`, if any. */
  readonly limit: number | undefined;
}

/** Finds `endpoint` among the requires/provides endpoints of parsed metadata; undefined when not declared there. */
export function endpointDeclaration(metadata: CharmMetadata, endpoint: string): EndpointDeclaration | undefined {
  const decl = Object.prototype.hasOwnProperty.call(metadata.endpoints, endpoint) ? metadata.endpoints[endpoint] : undefined;
  if (decl === undefined || decl.role === "peers") return undefined;
  return { role: decl.role, interface: decl.interface, limit: decl.limit };
}

/** Finds `endpoint` in metadata YAML text; undefined when it is not declared there. */
export function findEndpoint(text: string, endpoint: string, source = "metadata.yaml"): EndpointDeclaration | undefined {
  try {
    return endpointDeclaration(parseCharmMetadata(text, source), endpoint);
  } catch (e) {
    if (e instanceof OpsError) throw new RequestConfigError("relationName", e.message);
    throw e;
  }
}
