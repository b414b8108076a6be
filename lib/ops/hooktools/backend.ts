import type {
  Backend,
  ConfigValue,
  LogLevel,
  NetworkInfo,
  RelationRef,
  SecretAddOptions,
  SecretGetOptions,
  SecretInfo,
  SecretLocator,
  SecretMetadata,
  SettableStatusName,
  StatusInfo,
} from "../backend.js";
import * as action from "./action.js";
import * as config from "./config.js";
import * as leader from "./leader.js";
import * as log from "./log.js";
import * as network from "./network.js";
import * as relation from "./relation.js";
import * as secret from "./secret.js";
import * as state from "./state.js";
import * as status from "./status.js";
import { JujuVersion } from "../juju-version.js";
import { GatedToolRunner } from "./gated-runner.js";
import { processRunner } from "./process-runner.js";
import type { ToolRunner } from "./runner.js";

/** Options of {@link HookToolBackend}. */
export interface HookToolBackendOptions {
  /**
   * The agent version (`JUJU_VERSION`). When given, every call is checked against the hook-tool
   * table first (a tool or flag this version lacks throws `ToolUnavailableError`, nothing runs).
   * `main()` and `dispatch()` always supply it; without it the backend runs whatever it is asked.
   */
  readonly jujuVersion?: JujuVersion | string;
}

/**
 * The {@link Backend} that talks to Juju through hook tools. Stateless: every call runs one tool
 * through the given {@link ToolRunner}; caching and buffering are the model's job.
 */
export class HookToolBackend implements Backend {
  /** The runner every tool call goes through (version-gated when the version is known). */
  readonly runner: ToolRunner;
  /** The version calls are checked against; undefined: not gated. */
  readonly jujuVersion: JujuVersion | undefined;

  /** Uses `runner` (default: {@link processRunner}, the real tools on PATH). */
  constructor(runner: ToolRunner = processRunner, options: HookToolBackendOptions = {}) {
    const version = options.jujuVersion;
    this.jujuVersion = version === undefined ? undefined : typeof version === "string" ? new JujuVersion(version) : version;
    this.runner = this.jujuVersion === undefined ? runner : new GatedToolRunner(runner, this.jujuVersion);
  }

  /** The same backend, gated by `jujuVersion` (the runner underneath is shared). */
  withJujuVersion(jujuVersion: JujuVersion | string): HookToolBackend {
    const inner = this.runner instanceof GatedToolRunner ? this.runner.inner : this.runner;
    return new HookToolBackend(inner, { jujuVersion });
  }

  relationIds(endpoint: string): RelationRef[] {
    return relation.relationIds(this.runner, endpoint);
  }
  relationList(rel: RelationRef): string[] {
    return relation.relationList(this.runner, rel);
  }
  relationRemoteApp(rel: RelationRef): string | undefined {
    return relation.relationRemoteApp(this.runner, rel);
  }
  relationGet(rel: RelationRef, owner: string, app: boolean): Record<string, string> {
    return relation.relationGet(this.runner, rel, owner, app);
  }
  relationSet(rel: RelationRef, data: Readonly<Record<string, string>>, app: boolean): void {
    relation.relationSet(this.runner, rel, data, app);
  }
  relationModelGet(rel: RelationRef): {
    /** The remote model's UUID. */
    readonly uuid: string;
  } {
    return relation.relationModelGet(this.runner, rel);
  }
  isLeader(): boolean {
    return leader.isLeader(this.runner);
  }
  configGet(): Record<string, ConfigValue> {
    return config.configGet(this.runner);
  }
  statusGet(app: boolean): StatusInfo {
    return status.statusGet(this.runner, app);
  }
  statusSet(name: SettableStatusName, message: string, app: boolean): void {
    status.statusSet(this.runner, name, message, app);
  }
  applicationVersionSet(version: string): void {
    status.applicationVersionSet(this.runner, version);
  }
  jujuLog(level: LogLevel, message: string): void {
    log.jujuLog(this.runner, level, message);
  }
  actionGet(): Record<string, unknown> {
    return action.actionGet(this.runner);
  }
  actionSet(results: Readonly<Record<string, string>>): void {
    action.actionSet(this.runner, results);
  }
  actionLog(message: string): void {
    action.actionLog(this.runner, message);
  }
  actionFail(message?: string): void {
    action.actionFail(this.runner, message);
  }
  secretAdd(content: Readonly<Record<string, string>>, options: SecretAddOptions): string {
    return secret.secretAdd(this.runner, content, options);
  }
  secretGet(options: SecretGetOptions): Record<string, string> {
    return secret.secretGet(this.runner, options);
  }
  secretSet(id: string, content: Readonly<Record<string, string>> | undefined, metadata: SecretMetadata): void {
    secret.secretSet(this.runner, id, content, metadata);
  }
  secretInfoGet(locator: SecretLocator): SecretInfo {
    return secret.secretInfoGet(this.runner, locator);
  }
  secretIds(): string[] {
    return secret.secretIds(this.runner);
  }
  secretGrant(id: string, relationId: number, unit?: string): void {
    secret.secretGrant(this.runner, id, relationId, unit);
  }
  secretRevoke(id: string, relationId: number, unit?: string): void {
    secret.secretRevoke(this.runner, id, relationId, unit);
  }
  secretRemove(id: string, revision?: number): void {
    secret.secretRemove(this.runner, id, revision);
  }
  stateGet(): Record<string, string> {
    return state.stateGet(this.runner);
  }
  stateSet(data: Readonly<Record<string, string>>): void {
    state.stateSet(this.runner, data);
  }
  stateDelete(key: string): void {
    state.stateDelete(this.runner, key);
  }
  finishWrites(): void {
    this.runner.finishWrites?.();
  }
  networkGet(binding: string, relationId?: number): NetworkInfo {
    return network.networkGet(this.runner, binding, relationId);
  }
}

/**
 * `backend`, gated by `jujuVersion` when it talks to hook tools: a {@link HookToolBackend} without
 * that version is rebuilt over the same runner with it. Other backends (in-memory test doubles)
 * spawn nothing and are returned as they are. `dispatch()` and `Model` call this, so the backend
 * a charm or library reaches through the model is always the gated one.
 */
export function gateBackend(backend: Backend, jujuVersion: JujuVersion): Backend {
  if (!(backend instanceof HookToolBackend)) return backend;
  if (backend.jujuVersion !== undefined && backend.jujuVersion.compare(jujuVersion) === 0) return backend;
  return backend.withJujuVersion(jujuVersion);
}
