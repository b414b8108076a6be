/** This unit and this application. */
import type { SecretMetadata } from "../backend.js";
import { NotLeaderError } from "../errors.js";
import type { HookSession } from "./hook-session.js";
import { Secret } from "./secret.js";
import { StatusBase } from "./status.js";
import { defined } from "../defined.js";

/** The application this unit belongs to. */
export class Application {
  /** The application name. */
  readonly name: string;
  private readonly session: HookSession;

  /** @internal */
  constructor(session: HookSession) {
    this.session = session;
    this.name = session.hook.appName;
  }

  private requireLeader(what: string): void {
    if (!this.session.isLeader()) throw new NotLeaderError(`only the leader unit can ${what} (this is ${this.session.hook.unitName}); check unit.isLeader() first`);
  }

  /** Leader only. Applied when the hook ends successfully; the last one set wins. */
  setStatus(status: StatusBase): void {
    this.requireLeader("set the application status");
    this.session.setAppStatus(status);
  }

  /** Leader only. Applied at once (for long-running maintenance work). */
  setStatusNow(status: StatusBase): void {
    this.requireLeader("set the application status");
    this.session.setStatusNow(status, true);
  }

  /** Leader only. The status set in this hook, else Juju's. */
  getStatus(): StatusBase {
    this.requireLeader("read the application status");
    const pending = this.session.pendingStatus(true);
    if (pending !== undefined) return pending;
    const info = this.session.backend.statusGet(true);
    return StatusBase.fromName(info.status, info.message);
  }

  /** Leader only: creates an application-owned secret (committed when the hook succeeds). */
  addSecret(content: Readonly<Record<string, string>>, options: SecretMetadata = {}): Secret {
    this.requireLeader("create an application-owned secret");
    const id = this.session.backend.secretAdd(content, { ...options, owner: "application" });
    return new Secret(this.session, { id, ...defined({ label: options.label }) }, { ...content });
  }
}

/** The unit running this hook. */
export class Unit {
  /** `app/N`. */
  readonly name: string;
  /** Its application. */
  readonly app: Application;
  private readonly session: HookSession;

  /** @internal */
  constructor(session: HookSession, app: Application) {
    this.session = session;
    this.name = session.hook.unitName;
    this.app = app;
  }

  /** is-leader, cached for 30 s (Juju's leadership lease). */
  isLeader(): boolean {
    return this.session.isLeader();
  }

  /** Applied when the hook ends successfully; the last one set wins. */
  setStatus(status: StatusBase): void {
    this.session.setUnitStatus(status);
  }

  /** Applied at once, e.g. `MaintenanceStatus` before long work. */
  setStatusNow(status: StatusBase): void {
    this.session.setStatusNow(status, false);
  }

  /** The status set in this hook, else Juju's. */
  getStatus(): StatusBase {
    const pending = this.session.pendingStatus(false);
    if (pending !== undefined) return pending;
    const info = this.session.backend.statusGet(false);
    return StatusBase.fromName(info.status, info.message);
  }

  /** The workload version shown in `juju status` (applied when the hook ends successfully). */
  setWorkloadVersion(version: string): void {
    this.session.setWorkloadVersion(version);
  }

  /** Creates a unit-owned secret (committed when the hook succeeds). */
  addSecret(content: Readonly<Record<string, string>>, options: SecretMetadata = {}): Secret {
    const id = this.session.backend.secretAdd(content, { ...options, owner: "unit" });
    return new Secret(this.session, { id, ...defined({ label: options.label }) }, { ...content });
  }
}
