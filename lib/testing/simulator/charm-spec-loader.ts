/**
 * Reads a charm directory's `metadata.yaml`, `config.yaml` and `actions.yaml` (or the same
 * sections of a unified `charmcraft.yaml`) into the fake Juju's `CharmSpec`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { ActionSpec, CharmSpec, ConfigOptionSpec, EndpointSpec } from "../juju/model.js";

/** The charm directory's metadata is missing or malformed; the message names the file and field. */
export class CharmSpecError extends Error {
  override readonly name = "CharmSpecError";
}

const EndpointEntry = z
  .object({
    interface: z.string().min(1),
    scope: z.enum(["global", "container"]).optional(),
    limit: z.number().int().positive().optional(),
  })
  .passthrough();
const Endpoints = z.record(z.string(), EndpointEntry).optional();

const Metadata = z
  .object({
    name: z.string().min(1),
    subordinate: z.boolean().optional(),
    requires: Endpoints,
    provides: Endpoints,
    peers: Endpoints,
    "extra-bindings": z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();

const ConfigValue = z.union([z.string(), z.number(), z.boolean()]);
const ConfigFile = z
  .object({
    options: z
      .record(
        z.string(),
        z
          .object({
            type: z.enum(["string", "int", "float", "boolean", "secret"]),
            default: ConfigValue.nullable().optional(),
            description: z.string().optional(),
          })
          .passthrough(),
      )
      .optional(),
  })
  .passthrough();

const ActionEntry = z
  .object({
    description: z.string().optional(),
    params: z
      .record(z.string(), z.object({ type: z.string().optional(), description: z.string().optional(), default: z.unknown().optional() }).passthrough())
      .optional(),
    required: z.array(z.string()).optional(),
    additionalProperties: z.boolean().optional(),
  })
  .passthrough();
const ActionsFile = z.record(z.string(), ActionEntry);

function readYaml(file: string): unknown {
  if (!fs.existsSync(file)) return undefined;
  try {
    return parseYaml(fs.readFileSync(file, "utf8")) ?? {};
  } catch (error) {
    throw new CharmSpecError(`${file}: not valid YAML (${error instanceof Error ? error.message : String(error)})`);
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? "" : ` field "${issue.path.join(".")}"`;
  throw new CharmSpecError(`${file}${where}: ${issue?.message ?? "invalid"}`);
}

/** Loads the `CharmSpec` of the charm in `charmDir`. */
export function loadCharmSpec(charmDir: string): CharmSpec {
  const unified = readYaml(path.join(charmDir, "charmcraft.yaml"));
  const metadataFile = path.join(charmDir, "metadata.yaml");
  const metaSource = readYaml(metadataFile);
  const metaFile = metaSource === undefined ? path.join(charmDir, "charmcraft.yaml") : metadataFile;
  const meta = metaSource ?? unified;
  if (meta === undefined) throw new CharmSpecError(`${charmDir}: no metadata.yaml or charmcraft.yaml; pass the charm's root directory (the one holding its metadata)`);
  const metadata = parseWith(Metadata, meta, metaFile);

  const endpoints: Record<string, EndpointSpec> = {};
  for (const role of ["requires", "provides", "peers"] as const) {
    for (const [name, entry] of Object.entries(metadata[role] ?? {})) {
      if (endpoints[name] !== undefined) throw new CharmSpecError(`${metaFile}: endpoint "${name}" is declared twice`);
      endpoints[name] = {
        role,
        interface: entry.interface,
        ...(entry.scope === undefined ? {} : { scope: entry.scope }),
        ...(entry.limit === undefined ? {} : { limit: entry.limit }),
      };
    }
  }

  const configFile = path.join(charmDir, "config.yaml");
  const configSource = readYaml(configFile) ?? (unified as { config?: unknown } | undefined)?.config ?? {};
  const config: Record<string, ConfigOptionSpec> = {};
  for (const [name, option] of Object.entries(parseWith(ConfigFile, configSource, configFile).options ?? {})) {
    config[name] = {
      type: option.type,
      ...(option.default === undefined || option.default === null ? {} : { default: option.default }),
      ...(option.description === undefined ? {} : { description: option.description }),
    };
  }

  const actionsFile = path.join(charmDir, "actions.yaml");
  const actionsSource = readYaml(actionsFile) ?? (unified as { actions?: unknown } | undefined)?.actions ?? {};
  const actions: Record<string, ActionSpec> = {};
  for (const [name, action] of Object.entries(parseWith(ActionsFile, actionsSource, actionsFile))) {
    actions[name] = action as ActionSpec;
  }

  return {
    name: metadata.name,
    endpoints,
    config,
    actions,
    ...(metadata.subordinate === undefined ? {} : { subordinate: metadata.subordinate }),
    ...(metadata["extra-bindings"] === undefined ? {} : { extraBindings: Object.keys(metadata["extra-bindings"]) }),
  };
}

/**
 * Refuses a charm directory without an executable `dispatch`: Juju runs `<charm dir>/dispatch`
 * for every hook when the file exists (juju/juju worker/uniter/runner/context, "hook dispatching
 * script"), and the simulator runs nothing else (no legacy `hooks/<name>` fallback).
 */
export function assertExecutableDispatch(charmDir: string): void {
  const file = path.join(charmDir, "dispatch");
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new CharmSpecError(`${charmDir}: the charm has no "dispatch" file; Juju runs <charm dir>/dispatch for every hook. Build the charm (its dispatch script starts the bundle), or add a dispatch script and chmod +x it`);
  }
  if (!stat.isFile()) throw new CharmSpecError(`${file}: "dispatch" must be a file (an executable script or program)`);
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    throw new CharmSpecError(`${file}: "dispatch" is not executable; run chmod +x on it (Juju executes it directly)`);
  }
}
