// A minimal in-memory RequirerPort for engine tests (the lib/testing harness replaces it later).
import { VolatileMemoryStore } from "../../lib/requires/memory.js";
import type { RelationHandle, RequirerPort, SecretRead } from "../../lib/requires/engine.js";

export interface FakeSecret {
  content: Record<string, string>;
  revision: number;
  label?: string;
  owned?: boolean;
}

export interface FakeRelation {
  id: number;
  remoteApp: string;
  remoteAppBag: Record<string, string>;
  remoteUnits: Record<string, Record<string, string>>;
  localUnit: Record<string, string>;
  localApp: Record<string, string>;
}

export class FakePort implements RequirerPort {
  appName = "myapp";
  modelUuid = "bfbb8095";
  secretsAvailable = true;
  leader = true;
  relationsById = new Map<number, FakeRelation>();
  secrets = new Map<string, FakeSecret>();
  calls: string[] = [];
  /** The engine's unit-local memory (stands for the unit's controller state). */
  memoryStore = new VolatileMemoryStore();
  /** Failures the next secret reads meet (each entry is used once). */
  failReads: ("tool-failed" | "not-found")[] = [];
  logs: string[] = [];
  private nextSecret = 0;

  constructor(readonly endpoint = "database") {}

  addRelation(id: number, remoteApp = "postgresql-k8s", remoteAppBag: Record<string, string> = {}): FakeRelation {
    const r: FakeRelation = { id, remoteApp, remoteAppBag, remoteUnits: { [`${remoteApp}/0`]: {} }, localUnit: {}, localApp: {} };
    this.relationsById.set(id, r);
    return r;
  }
  handle(id: number): RelationHandle {
    const r = this.relationsById.get(id);
    if (r === undefined) throw new Error(`no relation ${id}`);
    return { id, endpoint: this.endpoint, remoteApp: r.remoteApp };
  }
  providerSecret(content: Record<string, string>): string {
    const uri = `secret:p${this.nextSecret++}`;
    this.secrets.set(uri, { content, revision: 1 });
    return uri;
  }
  rotate(uri: string, content: Record<string, string>): void {
    const s = this.secrets.get(uri);
    if (s === undefined) throw new Error("no secret");
    s.content = content;
    s.revision++;
  }
  private rel(h: RelationHandle): FakeRelation {
    const r = this.relationsById.get(h.id);
    if (r === undefined) throw new Error(`no relation ${h.id}`);
    return r;
  }

  crossModelIds = new Set<number>();
  isCrossModel(h: RelationHandle): boolean {
    this.calls.push("relation-model-get");
    return this.crossModelIds.has(h.id);
  }
  isLeader(): boolean {
    this.calls.push("is-leader");
    return this.leader;
  }
  relationIds(): readonly number[] {
    this.calls.push("relation-ids");
    return [...this.relationsById.keys()];
  }
  relations(): readonly RelationHandle[] {
    this.calls.push("relation-ids");
    return [...this.relationsById.keys()].map((id) => this.handle(id));
  }
  remoteAppBag(h: RelationHandle): Readonly<Record<string, string>> {
    this.calls.push("relation-get remote-app");
    return { ...this.rel(h).remoteAppBag };
  }
  remoteUnitBags(h: RelationHandle): Readonly<Record<string, Readonly<Record<string, string>>>> {
    this.calls.push("relation-list+get remote-units");
    return this.rel(h).remoteUnits;
  }
  localUnitBag(h: RelationHandle): Readonly<Record<string, string>> {
    this.calls.push("relation-get local-unit");
    return { ...this.rel(h).localUnit };
  }
  localAppBag(h: RelationHandle): Readonly<Record<string, string>> {
    if (!this.leader) throw new Error("non-leader cannot read its app databag");
    this.calls.push("relation-get local-app");
    return { ...this.rel(h).localApp };
  }
  private merge(bag: Record<string, string>, data: Readonly<Record<string, string>>): void {
    for (const [k, v] of Object.entries(data)) {
      if (v === "") delete bag[k];
      else bag[k] = v;
    }
  }
  writeLocalUnit(h: RelationHandle, data: Readonly<Record<string, string>>): void {
    this.calls.push("relation-set unit");
    this.merge(this.rel(h).localUnit, data);
  }
  writeLocalApp(h: RelationHandle, data: Readonly<Record<string, string>>): void {
    if (!this.leader) throw new Error("non-leader cannot write its app databag");
    this.calls.push("relation-set app");
    this.merge(this.rel(h).localApp, data);
  }
  readSecret(locator: { readonly id?: string; readonly label?: string }, how: "refresh" | "peek"): SecretRead {
    this.calls.push(`secret-get --${how}`);
    const failure = this.failReads.shift();
    if (failure !== undefined) return { failure, detail: `secret-get exited with ${failure === "not-found" ? 1 : 2}` };
    if (locator.id !== undefined) {
      const s = this.secrets.get(locator.id);
      if (s === undefined) return { failure: "not-found", detail: "secret-get: not found" };
      if (how === "refresh" && locator.label !== undefined && s.label !== locator.label) {
        // Juju keeps consumer labels unique: another secret holding it refuses the label (read by URI instead).
        if ([...this.secrets.values()].some((other) => other !== s && other.label === locator.label)) return { content: { ...s.content }, labelTaken: true };
        s.label = locator.label;
      }
      return { content: { ...s.content } };
    }
    for (const s of this.secrets.values()) if (s.label === locator.label) return { content: { ...s.content } };
    return { failure: "not-found", detail: "secret-get: not found" };
  }
  addGrantedAppSecret(content: Readonly<Record<string, string>>, label: string, _rel: RelationHandle): string {
    this.calls.push("secret-add", "secret-grant");
    const uri = `secret:own${this.nextSecret++}`;
    this.secrets.set(uri, { content: { ...content }, revision: 1, label, owned: true });
    return uri;
  }
  removeAppSecret(label: string): void {
    this.calls.push("secret-remove");
    for (const [uri, s] of this.secrets) if (s.owned === true && s.label === label) this.secrets.delete(uri);
  }
  log(level: string, message: string): void {
    this.logs.push(`${level} ${message}`);
  }
}
