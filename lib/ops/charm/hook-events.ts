/**
 * Building hook event payloads, from the running hook's context or from a deferred snapshot.
 *
 * A snapshot holds only identifiers (relation endpoint and id, unit names, secret URI and label,
 * container and storage names), never databag or secret content, so deferred events are safe
 * to keep in controller state.
 */
import * as z from "zod/mini";
import "../../zod-english.js";
import type { Backend } from "../backend.js";
import type { HookContext } from "../context.js";
import { InvalidArgumentError } from "../errors.js";
import type { Model } from "../model/model.js";
import type { ActionEvent, LifecycleEvent, RelationEvent, SecretEvent, StorageEvent, WorkloadEvent } from "./events.js";
import type { JsonObject } from "./json.js";
import { defined } from "../defined.js";

const Snapshot = z.object({
  relation: z.optional(
    z.object({
      endpoint: z.string(),
      id: z.int(),
      remoteApp: z.optional(z.string()),
      remoteUnit: z.optional(z.string()),
      departingUnit: z.optional(z.string()),
    }),
  ),
  secret: z.optional(z.object({ id: z.string(), label: z.optional(z.string()), revision: z.optional(z.int()) })),
  workload: z.optional(
    z.object({
      name: z.string(),
      notice: z.optional(z.object({ id: z.string(), type: z.string(), key: z.string() })),
      checkName: z.optional(z.string()),
    }),
  ),
  storage: z.optional(z.object({ name: z.string(), index: z.int(), location: z.optional(z.string()) })),
});
type HookSnapshot = z.infer<typeof Snapshot>;

/** The deferrable identity of the running hook's event. */
export function snapshotOfHook(ctx: HookContext): JsonObject {
  const snap: JsonObject = {};
  if (ctx.relation !== undefined) snap["relation"] = { ...ctx.relation };
  if (ctx.secret !== undefined) snap["secret"] = { ...ctx.secret };
  if (ctx.workload !== undefined) {
    snap["workload"] = { name: ctx.workload.name, ...(ctx.workload.notice === undefined ? {} : { notice: { ...ctx.workload.notice } }), ...defined({ checkName: ctx.workload.checkName }) };
  }
  if (ctx.storage !== undefined) snap["storage"] = { ...ctx.storage };
  return snap;
}

/** Everything but `defer`, which the emitter adds per handler. */
export type HookPayload =
  | Omit<LifecycleEvent, "defer">
  | Omit<RelationEvent, "defer">
  | Omit<SecretEvent, "defer">
  | Omit<WorkloadEvent, "defer">
  | Omit<StorageEvent, "defer">
  | Omit<ActionEvent, "defer">;

/**
 * The payload of hook `kind` described by `snapshot`, against the current model. Undefined
 * when the snapshot does not fit the kind (e.g. a deferred event stored by another version).
 */
export function hookPayload(kind: string, snapshot: JsonObject, model: Model): HookPayload | undefined {
  const parsed = Snapshot.safeParse(snapshot);
  if (!parsed.success) return undefined;
  const s: HookSnapshot = parsed.data;
  if (s.relation !== undefined) {
    const r = s.relation;
    const relation = model.getRelation(r.endpoint, r.id);
    if (relation === undefined) return undefined;
    return {
      kind,
      relation,
      ...defined({ app: r.remoteApp, unit: r.remoteUnit, departingUnit: r.departingUnit }),
    } satisfies Omit<RelationEvent, "defer">;
  }
  if (s.secret !== undefined) {
    const { id, label, revision } = s.secret;
    const secret = model.getSecret({ id, ...defined({ label }) });
    return { kind, secret, ...defined({ revision }) } satisfies Omit<SecretEvent, "defer">;
  }
  if (s.workload !== undefined) {
    const w = s.workload;
    return {
      kind,
      workload: w.name,
      ...defined({ notice: w.notice, checkName: w.checkName }),
    } satisfies Omit<WorkloadEvent, "defer">;
  }
  if (s.storage !== undefined) {
    const st = s.storage;
    return { kind, storage: { name: st.name, index: st.index, ...defined({ location: st.location }) } };
  }
  return { kind };
}

/** Flattens nested results to Juju's dotted keys with string values. */
export function flattenActionResults(results: Readonly<Record<string, unknown>>, prefix = "", out: Record<string, string> = {}): Record<string, string> {
  for (const [key, value] of Object.entries(results)) {
    const full = prefix === "" ? key : `${prefix}.${key}`;
    if (value === undefined || value === null) continue;
    if (typeof value === "object" && !Array.isArray(value)) {
      flattenActionResults(value as Record<string, unknown>, full, out);
      continue;
    }
    const text = typeof value === "string" ? value : Array.isArray(value) ? JSON.stringify(value) : String(value);
    if (full in out) throw new InvalidArgumentError(`action result key "${full}" is given twice (nested and dotted)`);
    out[full] = text;
  }
  return out;
}

/** The payload of the running action. */
export function actionPayload(kind: string, id: string, backend: Backend): Omit<ActionEvent, "defer"> {
  const params = Object.freeze(backend.actionGet());
  return {
    kind,
    id,
    params,
    parseParams<S extends z.core.$ZodType>(schema: S): z.infer<S> {
      const parsed = z.safeParse(schema, params);
      if (parsed.success) return parsed.data;
      const issue = parsed.error.issues[0];
      const where = issue === undefined || issue.path.length === 0 ? "parameters" : `parameter "${issue.path.join(".")}"`;
      throw new InvalidArgumentError(`action ${kind.slice("action:".length)}: ${where}: ${issue?.message ?? "invalid"}`);
    },
    setResults: (results) => backend.actionSet(flattenActionResults(results)),
    log: (message) => backend.actionLog(message),
    fail: (message) => backend.actionFail(message),
  };
}
