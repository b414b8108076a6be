/**
 * zod schema of `ModelState`, for models read from disk or another process (a trust boundary):
 * `parseModelState(raw)` checks every field and fails naming the path of the first bad one.
 */
import { z } from "zod";

import { JsonValueSchema as Json } from "../../ops/index.js";
import type { ModelState } from "./model.js";

const StringMap = z.record(z.string(), z.string());
const ConfigValue = z.union([z.string(), z.number(), z.boolean()]);
const Status = z.object({
  status: z.enum(["active", "blocked", "maintenance", "waiting", "error", "unknown"]),
  message: z.string(),
});

const CharmSpecSchema = z.object({
  name: z.string(),
  endpoints: z.record(
    z.string(),
    z.object({
      role: z.enum(["requires", "provides", "peers"]),
      interface: z.string(),
      scope: z.enum(["global", "container"]).optional(),
      limit: z.number().int().positive().optional(),
    }),
  ),
  extraBindings: z.array(z.string()).optional(),
  config: z.record(
    z.string(),
    z.object({ type: z.enum(["string", "int", "float", "boolean", "secret"]), default: ConfigValue.optional(), description: z.string().optional() }),
  ),
  actions: z.record(
    z.string(),
    z.object({
      description: z.string().optional(),
      params: z.record(z.string(), z.object({ type: z.string().optional(), description: z.string().optional(), default: z.optional(Json) })).optional(),
      required: z.array(z.string()).optional(),
      additionalProperties: z.boolean().optional(),
    }),
  ),
  subordinate: z.boolean().optional(),
});

const End = z.object({ app: z.string(), endpoint: z.string() });

/** The schema of a serialised `ModelState`. */
export const ModelStateSchema = z.object({
  name: z.string(),
  uuid: z.string(),
  jujuVersion: z.string().regex(/^\d+\.\d+/),
  applications: z.record(
    z.string(),
    z.object({
      name: z.string(),
      charm: CharmSpecSchema,
      config: z.record(z.string(), ConfigValue),
      leader: z.string().optional(),
      status: Status,
      workloadVersion: z.string(),
      leaderSettings: StringMap.optional(),
    }),
  ),
  units: z.record(
    z.string(),
    z.object({
      name: z.string(),
      status: Status,
      state: StringMap,
      address: z.string(),
      egressSubnets: z.array(z.string()),
      openedPorts: z.array(z.string()).optional(),
      principal: z.string().optional(),
    }),
  ),
  relations: z.array(
    z.object({
      id: z.number().int().nonnegative(),
      ends: z.union([z.tuple([End]), z.tuple([End, End])]),
      appData: z.record(z.string(), StringMap),
      unitData: z.record(z.string(), StringMap),
      joined: z.record(z.string(), z.array(z.string())),
      inContext: z.array(z.string()).optional(),
      remoteModelUuid: z.string().optional(),
    }),
  ),
  secrets: z.array(
    z.object({
      id: z.string().regex(/^secret:[0-9a-z]{20}$/),
      ownerKind: z.enum(["application", "unit"]),
      owner: z.string(),
      revisions: z.array(z.object({ revision: z.number().int().positive(), content: StringMap })),
      latestRevision: z.number().int().positive(),
      label: z.string().optional(),
      description: z.string().optional(),
      expire: z.string().optional(),
      rotate: z.enum(["never", "hourly", "daily", "weekly", "monthly", "quarterly", "yearly"]).optional(),
      consumers: z.record(z.string(), z.object({ label: z.string().optional(), trackedRevision: z.number().int().positive().optional() })),
      grants: z.record(z.string(), z.array(z.string())),
    }),
  ),
  actions: z.record(
    z.string(),
    z.object({
      id: z.string(),
      name: z.string(),
      unit: z.string(),
      params: z.record(z.string(), Json),
      status: z.enum(["pending", "running", "completed", "failed"]),
      results: StringMap,
      log: z.array(z.string()),
      failure: z.string().optional(),
    }),
  ),
  lastRelationId: z.number().int().nonnegative().optional(),
});

/** Checks `raw` is a `ModelState`; throws naming `source` and the first bad field (never its value). */
export function parseModelState(raw: unknown, source = "model"): ModelState {
  const result = ModelStateSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${source}: field "${issue?.path.join(".") ?? ""}": ${issue?.message ?? "invalid"}`);
  }
  return result.data as ModelState;
}
