/**
 * Reads a charm's metadata, config and actions (as objects or as the YAML text of
 * metadata.yaml / config.yaml / actions.yaml) into the fake Juju's `CharmSpec`, with a zod
 * check that names the file and field when something is malformed.
 */
import { parse } from "yaml";
import { z } from "zod";

import type { ActionSpec, CharmSpec, ConfigOptionSpec, EndpointSpec } from "../juju/model.js";

const EndpointSpecSchema = z
  .object({
    interface: z.string(),
    scope: z.enum(["global", "container"]).optional(),
    limit: z.number().int().positive().optional(),
  })
  .passthrough();
const Endpoints = z.record(z.string(), EndpointSpecSchema).nullable().optional();

const MetadataSchema = z
  .object({
    name: z.string(),
    requires: Endpoints,
    provides: Endpoints,
    peers: Endpoints,
    subordinate: z.boolean().optional(),
    "extra-bindings": z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .passthrough();

const ScalarValue = z.union([z.string(), z.number(), z.boolean()]);
const ConfigSchema = z.object({
  options: z
    .record(
      z.string(),
      z.object({
        type: z.enum(["string", "int", "float", "boolean", "secret"]),
        default: ScalarValue.nullable().optional(),
        description: z.string().optional(),
      }),
    )
    .nullable()
    .optional(),
});

const JsonLike: z.ZodType<unknown> = z.unknown();
const ActionsSchema = z.record(
  z.string(),
  z
    .object({
      description: z.string().optional(),
      params: z.record(z.string(), z.object({ type: z.string().optional(), description: z.string().optional(), default: JsonLike.optional() }).passthrough()).nullable().optional(),
      required: z.array(z.string()).optional(),
      additionalProperties: z.boolean().optional(),
    })
    .passthrough()
    .nullable(),
);

/** Charm metadata as an object (metadata.yaml parsed) or its YAML text. */
export type MetadataInput = string | Readonly<Record<string, unknown>>;
/** Config schema as an object (`{options: {...}}`) or config.yaml text. */
export type ConfigInput = string | Readonly<Record<string, unknown>>;
/** Actions as an object (`{name: {params: ...}}`) or actions.yaml text. */
export type ActionsInput = string | Readonly<Record<string, unknown>>;

function load<T>(input: string | Readonly<Record<string, unknown>> | undefined, schema: z.ZodType<T>, file: string, empty: unknown): T {
  let raw: unknown = input;
  if (typeof input === "string") {
    try {
      raw = parse(input);
    } catch (e) {
      throw new Error(`${file}: not valid YAML (${(e as Error).message})`);
    }
  }
  const result = schema.safeParse(raw ?? empty);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join(".") || "(top level)"}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}

/** Builds the fake Juju's `CharmSpec` from metadata, config and actions. */
export function charmSpecFrom(metadata: MetadataInput, config?: ConfigInput, actions?: ActionsInput): CharmSpec {
  const meta = load(metadata, MetadataSchema, "metadata.yaml", {});
  const conf = load(config, ConfigSchema, "config.yaml", {});
  const acts = load(actions, ActionsSchema, "actions.yaml", {});
  const endpoints: Record<string, EndpointSpec> = {};
  for (const role of ["requires", "provides", "peers"] as const) {
    for (const [name, ep] of Object.entries(meta[role] ?? {})) {
      if (endpoints[name]) throw new Error(`metadata.yaml: endpoint "${name}" is declared twice`);
      endpoints[name] = {
        role,
        interface: ep.interface,
        ...(ep.scope === undefined ? {} : { scope: ep.scope }),
        ...(ep.limit === undefined ? {} : { limit: ep.limit }),
      };
    }
  }
  const options: Record<string, ConfigOptionSpec> = {};
  for (const [name, opt] of Object.entries(conf.options ?? {})) {
    options[name] = {
      type: opt.type,
      ...(opt.default === undefined || opt.default === null ? {} : { default: opt.default }),
      ...(opt.description === undefined ? {} : { description: opt.description }),
    };
  }
  const actionSpecs: Record<string, ActionSpec> = {};
  for (const [name, act] of Object.entries(acts)) {
    actionSpecs[name] = (act ?? {}) as ActionSpec;
  }
  return {
    name: meta.name,
    endpoints,
    extraBindings: Object.keys(meta["extra-bindings"] ?? {}),
    config: options,
    actions: actionSpecs,
    subordinate: meta.subordinate ?? false,
  };
}
