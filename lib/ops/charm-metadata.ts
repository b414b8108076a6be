/**
 * The parts of the charm's own metadata the runtime and libraries need: the declared endpoints,
 * their role (peer app databags are readable by every unit, juju-hook-contract.md §3.1),
 * interface, `limit` and `scope`. Parsed once per hook; libraries read it from the framework
 * instead of parsing the file again.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { OpsError } from "./errors.js";

/** One endpoint as the charm declares it. */
export interface EndpointMetadata {
  /** Where it is declared. */
  readonly role: "requires" | "provides" | "peers";
  /** The interface name, when declared. */
  readonly interface?: string;
  /** The most relations Juju allows on it, when declared. */
  readonly limit?: number;
  /** `container` for subordinate relations. */
  readonly scope?: "global" | "container";
}

/** What the runtime knows about the charm's declared endpoints. */
export interface CharmMetadata {
  /** The charm name, when declared. */
  readonly name?: string;
  /** Peer endpoints (`peers:`). */
  readonly peers: readonly string[];
  /** Requirer endpoints (`requires:`). */
  readonly requires: readonly string[];
  /** Provider endpoints (`provides:`). */
  readonly provides: readonly string[];
  /** Every declared endpoint by name. */
  readonly endpoints: Readonly<Record<string, EndpointMetadata>>;
}

const Endpoint = z
  .looseObject({
    interface: z.string().optional(),
    limit: z.number().int().positive().optional(),
    scope: z.enum(["global", "container"]).optional(),
  })
  .nullable();
const Endpoints = z.record(z.string(), Endpoint).nullable().optional();
const MetadataFile = z.object({ name: z.string().optional(), peers: Endpoints, requires: Endpoints, provides: Endpoints });

/** Parses metadata YAML text (metadata.yaml or charmcraft.yaml); throws OpsError naming `source`. */
export function parseCharmMetadata(text: string, source = "metadata.yaml"): CharmMetadata {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw new OpsError(`${source}: not valid YAML (${(e as Error).message}); fix the file`);
  }
  const parsed = MetadataFile.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new OpsError(`${`${source}: ${issue?.path.join(".") ?? ""} ${issue?.message ?? "invalid"}`.trim()}; fix that field of the file`);
  }
  const m = parsed.data;
  const endpoints: Record<string, EndpointMetadata> = {};
  for (const role of ["requires", "provides", "peers"] as const) {
    for (const [name, decl] of Object.entries(m[role] ?? {})) {
      endpoints[name] = {
        role,
        ...(decl?.interface === undefined ? {} : { interface: decl.interface }),
        ...(decl?.limit === undefined ? {} : { limit: decl.limit }),
        ...(decl?.scope === undefined ? {} : { scope: decl.scope }),
      };
    }
  }
  return {
    ...(m.name === undefined ? {} : { name: m.name }),
    peers: Object.keys(m.peers ?? {}),
    requires: Object.keys(m.requires ?? {}),
    provides: Object.keys(m.provides ?? {}),
    endpoints,
  };
}

/** Reads `<charmDir>/metadata.yaml`, else `<charmDir>/charmcraft.yaml`; undefined when neither exists. */
export function loadCharmMetadata(charmDir: string): CharmMetadata | undefined {
  for (const file of ["metadata.yaml", "charmcraft.yaml"]) {
    let text: string;
    try {
      text = readFileSync(join(charmDir, file), "utf8");
    } catch {
      continue;
    }
    return parseCharmMetadata(text, file);
  }
  return undefined;
}
