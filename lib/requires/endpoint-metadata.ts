/**
 * What the requirer needs from the charm's metadata about its endpoint: where it is declared
 * (`requires:` or, for mongos, `provides:`, A-04) and its `limit`. Read from
 * `<charmDir>/metadata.yaml` or `charmcraft.yaml`; absent files mean "unknown".
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { RequestConfigError } from "./errors.js";

/** The endpoint's declaration. */
export interface EndpointDeclaration {
  /** Where metadata.yaml declares the endpoint. */
  readonly role: "requires" | "provides";
  /** Its interface name, when given. */
  readonly interface: string | undefined;
  /** Its relation limit, when given. */
  readonly limit: number | undefined;
}

const Endpoint = z.looseObject({ interface: z.string().optional(), limit: z.number().int().positive().optional() });
const Metadata = z.looseObject({
  requires: z.record(z.string(), Endpoint.nullable()).nullable().optional(),
  provides: z.record(z.string(), Endpoint.nullable()).nullable().optional(),
});

/** Finds `endpoint` in metadata YAML text; undefined when it is not declared there. */
export function findEndpoint(text: string, endpoint: string, source = "metadata.yaml"): EndpointDeclaration | undefined {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch {
    throw new RequestConfigError("relationName", `${source} is not valid YAML`);
  }
  const parsed = Metadata.safeParse(raw ?? {});
  if (!parsed.success) throw new RequestConfigError("relationName", `${source}: requires/provides must map endpoint names to {interface, limit}`);
  for (const role of ["requires", "provides"] as const) {
    const decl = parsed.data[role]?.[endpoint];
    if (decl !== undefined) return { role, interface: decl?.interface, limit: decl?.limit };
  }
  return undefined;
}

/** Reads the endpoint declaration from the charm directory; undefined when no metadata file exists. */
export function loadEndpoint(charmDir: string, endpoint: string): EndpointDeclaration | undefined | "no-metadata" {
  for (const file of ["metadata.yaml", "charmcraft.yaml"]) {
    let text: string;
    try {
      text = readFileSync(join(charmDir, file), "utf8");
    } catch {
      continue;
    }
    return findEndpoint(text, endpoint, file);
  }
  return "no-metadata";
}
