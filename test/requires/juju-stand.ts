// A small stand for engine-over-ops tests: a fake Juju model (lib/testing/juju) with a requirer
// "myapp" and a provider "postgresql-k8s", and a helper that runs one hook of a requirer unit
// through the real lib/ops Model and HookToolBackend, committing like the framework does.
import { HookToolBackend, Model, parseHookContext } from "../../lib/ops/index.js";
import {
  addApplication,
  addRelation,
  addUnit,
  enterScope,
  hookEnv,
  HookToolServer,
  markJoined,
  emptyModel,
  toolServerRunner,
  type HookSpec,
  type ModelState,
  type RelationState,
  type ToolCallRecord,
} from "../../lib/testing/index.js";
import { EndpointModel } from "../../lib/requires/endpoint-model.js";
import { VolatileMemoryStore } from "../../lib/requires/memory.js";

export interface Stand {
  model: ModelState;
  rel: RelationState;
  /** Each unit's engine memory (what its controller state holds between hooks). */
  memory: Map<string, VolatileMemoryStore>;
}

export function requirerStand(options: { jujuVersion?: string; providerApp?: string; requirerUnits?: number } = {}): Stand {
  const model = emptyModel({ jujuVersion: options.jujuVersion ?? "3.6.4", uuid: "bfbb8095-aaaa-4bbb-8ccc-123456789abc" });
  const provider = options.providerApp ?? "postgresql-k8s";
  addApplication(model, "myapp", { name: "myapp", endpoints: { database: { role: "requires", interface: "postgresql_client", limit: 1 } }, config: {}, actions: {} });
  addApplication(model, provider, { name: provider, endpoints: { database: { role: "provides", interface: "postgresql_client" } }, config: {}, actions: {} });
  const requirerUnits = Array.from({ length: options.requirerUnits ?? 2 }, (_, i) => `myapp/${i}`);
  for (const u of [...requirerUnits, `${provider}/0`]) addUnit(model, u);
  const rel = addRelation(model, [
    { app: "myapp", endpoint: "database" },
    { app: provider, endpoint: "database" },
  ], { id: 0 });
  for (const u of [...requirerUnits, `${provider}/0`]) enterScope(model, rel, u);
  for (const u of requirerUnits) markJoined(rel, u, `${provider}/0`);
  for (const u of requirerUnits) markJoined(rel, `${provider}/0`, u);
  return { model, rel, memory: new Map() };
}

let secretCounter = 0;
/** A provider-owned secret granted to the relation; returns its URI. */
export function providerSecret(stand: Stand, content: Record<string, string>, owner = "postgresql-k8s"): string {
  const id = `secret:d0mvo2fmp25c77a4r${String(secretCounter++).padStart(3, "0")}`;
  stand.model.secrets.push({
    id,
    ownerKind: "application",
    owner,
    revisions: [{ revision: 1, content }],
    latestRevision: 1,
    consumers: {},
    grants: { [String(stand.rel.id)]: ["myapp"] },
  });
  return id;
}

/** A new revision of a secret (what the provider does when it rotates a password). */
export function rotateSecret(stand: Stand, uri: string, content: Record<string, string>): void {
  const s = stand.model.secrets.find((x) => x.id === uri);
  if (s === undefined) throw new Error(`no secret ${uri}`);
  s.latestRevision += 1;
  s.revisions.push({ revision: s.latestRevision, content });
}

/** Runs one hook on `unit`, gives `fn` the Model and the port, commits, and reports the tool calls. */
export function runHook<T>(stand: Stand, unit: string, hook: HookSpec, fn: (port: EndpointModel, model: Model) => T): { result: T; calls: ToolCallRecord[] } {
  const session = new HookToolServer(stand.model, unit, hook);
  const model = new Model(new HookToolBackend(toolServerRunner(session)), parseHookContext(hookEnv(stand.model, unit, hook)));
  let memory = stand.memory.get(unit);
  if (memory === undefined) stand.memory.set(unit, (memory = new VolatileMemoryStore()));
  const port = new EndpointModel(model, "database", undefined, memory);
  const result = fn(port, model);
  model.commit();
  session.commit();
  return { result, calls: session.calls };
}
