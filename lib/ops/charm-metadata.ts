/**
 * The parts of the charm's own metadata the runtime needs: which endpoints are peer relations
 * (their app databag is readable by every unit, juju-hook-contract.md §3.1).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { OpsError } from "./errors.js";

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
}

const Endpoints = z.record(z.string(), z.unknown()).nullable().optional();
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
  return {
    ...(m.name === undefined ? {} : { name: m.name }),
    peers: Object.keys(m.peers ?? {}),
    requires: Object.keys(m.requires ?? {}),
    provides: Object.keys(m.provides ?? {}),
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
