// The engine's test stand: a fake Juju model (lib/testing/juju) with the requirer unit myapp/0,
// read and written only through the engine's real path (a lib/ops Model over the version-gated
// hook-tool runner). The test-facing API (relations with live bags, provider secrets, the tool
// calls and log lines of the hooks run so far) stays small; each `hook()` is one hook of
// myapp/0, committed like the framework commits it as soon as the test looks at the world.
import { HookToolBackend, Logger, Model, parseHookContext, type LogLevel } from "../../lib/ops/index.js";
import { EndpointModel, type RelationHandle } from "../../lib/requires/endpoint-model.js";
import { VolatileMemoryStore } from "../../lib/requires/memory.js";
import {
  addApplication,
  addRelation,
  addUnit,
  emptyModel,
  enterScope,
  findSecret,
  hookEnv,
  HookToolServer,
  markJoined,
  toolServerRunner,
  type HookSpec,
  type ModelState,
  type RelationState,
} from "../../lib/testing/index.js";

const UNIT = "myapp/0";

/** One relation of the requirer's endpoint, its bags live (mutating them is the provider writing). */
export interface FakeRelation {
  readonly id: number;
  readonly remoteApp: string;
  readonly remoteAppBag: Record<string, string>;
  readonly remoteUnits: Record<string, Record<string, string>>;
  readonly localUnit: Record<string, string>;
  readonly localApp: Record<string, string>;
}

/** A secret as the tests look at it: its newest content, and the label this unit sees it by. */
export interface FakeSecretView {
  readonly content: Record<string, string>;
  readonly label: string | undefined;
}

export class FakePort {
  readonly appName = "myapp";
  readonly modelUuid = "bfbb8095";
  /** Juju ≥ 3.0.3 (3.6.14), else 2.9.44. */
  secretsAvailable = true;
  leader = true;
  /** Relations whose provider lives in another model. */
  readonly crossModelIds = new Set<number>();
  readonly relationsById = new Map<number, FakeRelation>();
  /** The engine's unit-local memory (stands for the unit's controller state). */
  readonly memoryStore = new VolatileMemoryStore();
  private readonly state: ModelState;
  private readonly states = new Map<number, RelationState>();
  private pending: { session: HookToolServer; model: Model } | undefined;
  private callLog: string[] = [];
  private skipCalls = 0;
  private readonly logLines: string[] = [];
  private nextSecret = 0;

  constructor(readonly endpoint = "database") {
    this.state = emptyModel({ uuid: this.modelUuid });
    addApplication(this.state, "myapp", { name: "myapp", endpoints: { [endpoint]: { role: "requires", interface: "postgresql_client" } }, config: {}, actions: {} });
    addUnit(this.state, UNIT);
  }

  /** The hook tools run by the hooks so far (tool names); assigning starts a new count. */
  get calls(): string[] {
    this.commit();
    return this.callLog;
  }
  set calls(value: string[]) {
    // The running hook goes on: only the calls made from now on count.
    this.callLog = value;
    this.skipCalls = this.pending?.session.calls.length ?? 0;
  }

  /** `LEVEL message` of every line the engine logged. */
  get logs(): string[] {
    this.commit();
    return this.logLines;
  }

  /** Newest content and label of a secret, by URI. */
  get secrets(): { get(uri: string): FakeSecretView | undefined; has(uri: string): boolean } {
    this.commit();
    const find = (uri: string) => (uri === "" ? undefined : findSecret(this.state, uri));
    return {
      get: (uri) => {
        const s = find(uri);
        if (s === undefined) return undefined;
        const content = s.revisions.find((r) => r.revision === s.latestRevision)?.content ?? {};
        return { content: { ...content }, label: s.owner === "myapp" ? s.label : s.consumers[UNIT]?.label };
      },
      has: (uri) => find(uri) !== undefined,
    };
  }

  addRelation(id: number, remoteApp = "postgresql-k8s", remoteAppBag: Record<string, string> = {}): FakeRelation {
    this.commit();
    if (this.state.applications[remoteApp] === undefined) {
      addApplication(this.state, remoteApp, { name: remoteApp, endpoints: { [this.endpoint]: { role: "provides", interface: "postgresql_client" } }, config: {}, actions: {} });
      addUnit(this.state, `${remoteApp}/0`);
    }
    const rel = addRelation(this.state, [
      { app: "myapp", endpoint: this.endpoint },
      { app: remoteApp, endpoint: this.endpoint },
    ], { id });
    for (const u of [UNIT, `${remoteApp}/0`]) enterScope(this.state, rel, u);
    markJoined(rel, UNIT, `${remoteApp}/0`);
    markJoined(rel, `${remoteApp}/0`, UNIT);
    // Plain bags, as the engine tests expect them (no Juju-written addresses).
    rel.unitData[UNIT] = {};
    rel.unitData[`${remoteApp}/0`] = {};
    rel.appData[remoteApp] = remoteAppBag;
    this.states.set(id, rel);
    const self = this;
    const live = (f: () => Record<string, string>) => () => (self.commit(), f());
    const fake = Object.defineProperties({ id, remoteApp } as FakeRelation, {
      remoteAppBag: { get: live(() => (rel.appData[remoteApp] ??= {})) },
      remoteUnits: { get: () => (self.commit(), { [`${remoteApp}/0`]: rel.unitData[`${remoteApp}/0`] ?? {} }) },
      localUnit: { get: live(() => (rel.unitData[UNIT] ??= {})) },
      localApp: { get: live(() => (rel.appData["myapp"] ??= {})) },
    });
    this.relationsById.set(id, fake);
    return fake;
  }

  handle(id: number): RelationHandle {
    const r = this.relationsById.get(id);
    if (r === undefined) throw new Error(`no relation ${id}`);
    return { id, endpoint: this.endpoint, remoteApp: r.remoteApp };
  }

  /** A provider-owned secret granted on every relation; returns its URI. */
  providerSecret(content: Record<string, string>): string {
    const id = `secret:d0mvo2fmp25c77a4r${String(this.nextSecret++).padStart(3, "0")}`;
    const owner = [...this.relationsById.values()][0]?.remoteApp ?? "postgresql-k8s";
    const grants = Object.fromEntries([...this.states.keys()].map((rid) => [String(rid), ["myapp"]]));
    this.state.secrets.push({ id, ownerKind: "application", owner, revisions: [{ revision: 1, content }], latestRevision: 1, consumers: {}, grants });
    return id;
  }

  /** A new revision of a provider secret. */
  rotate(uri: string, content: Record<string, string>): void {
    this.commit();
    const s = findSecret(this.state, uri);
    if (s === undefined) throw new Error("no secret");
    s.latestRevision += 1;
    s.revisions.push({ revision: s.latestRevision, content });
  }

  /** Starts one hook of myapp/0 (committing the previous one) and returns the engine's view of it. */
  hook(): EndpointModel {
    this.commit();
    this.state.jujuVersion = this.secretsAvailable ? "3.6.14" : "2.9.44";
    const app = this.state.applications["myapp"];
    if (app !== undefined) app.leader = this.leader ? UNIT : undefined;
    for (const [id, rel] of this.states) {
      if (this.crossModelIds.has(id)) rel.remoteModelUuid = "cccccccc-dddd-4eee-8fff-000000000000";
      else delete rel.remoteModelUuid;
    }
    const spec: HookSpec = { kind: "hook", name: "update-status" };
    const session = new HookToolServer(this.state, UNIT, spec);
    const model = new Model(new HookToolBackend(toolServerRunner(session)), parseHookContext(hookEnv(this.state, UNIT, spec)));
    this.pending = { session, model };
    const logger = new Logger({ write: (level: LogLevel, message: string) => void this.logLines.push(`${level} ${message}`) });
    return new EndpointModel(model, this.endpoint, logger, this.memoryStore);
  }

  private commit(): void {
    const p = this.pending;
    if (p === undefined) return;
    this.pending = undefined;
    p.model.commit();
    p.session.commit();
    this.callLog.push(...p.session.calls.slice(this.skipCalls).map((c) => (c.cmd === "secret-get" ? `secret-get ${c.argv.includes("--refresh") ? "--refresh" : "--peek"}` : c.cmd)));
    this.skipCalls = 0;
  }
}
