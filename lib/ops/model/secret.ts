/** A Juju secret, by URI and/or this entity's label (docs/juju-contract.md#secrets). */
import type { SecretInfo, SecretMetadata, SecretRotatePolicy } from "../backend.js";
import { InvalidArgumentError } from "../errors.js";
import type { HookSession } from "./hook-session.js";
import { defined } from "../defined.js";

const ROTATE_POLICIES: readonly string[] = ["never", "hourly", "daily", "weekly", "monthly", "quarterly", "yearly"];
function isRotatePolicy(value: string): value is SecretRotatePolicy {
  return ROTATE_POLICIES.includes(value);
}

/** What Secret needs from a relation to grant or revoke. */
export interface SecretGrantTarget {
  readonly id: number;
}

/**
 * A secret handle. Nothing runs until first use, so a missing or not-yet-granted secret surfaces
 * as `SecretNotFoundError` (or `PermissionDeniedError`) from the call that needed it.
 *
 * Content is cached on the handle: `getContent()` returns the tracked revision and keeps
 * returning it; `getContent({ refresh: true })` moves tracking to the latest revision;
 * `peekContent()` reads the latest revision without moving tracking.
 */
export class Secret {
  private readonly session: HookSession;
  private idValue: string | undefined;
  private labelValue: string | undefined;
  private content: Readonly<Record<string, string>> | undefined;

  /** @internal Built by Model.getSecret, Unit.addSecret, Application.addSecret and secret events. */
  constructor(session: HookSession, locator: { readonly id?: string; readonly label?: string }, content?: Record<string, string>) {
    if (locator.id === undefined && locator.label === undefined) throw new InvalidArgumentError("a secret needs an id (URI) or a label");
    this.session = session;
    this.idValue = locator.id;
    this.labelValue = locator.label;
    this.content = content === undefined ? undefined : Object.freeze({ ...content });
  }

  /** The URI, when known (it is resolved from the label on first management call). */
  get id(): string | undefined {
    return this.idValue;
  }

  /** This entity's label for the secret, when known. */
  get label(): string | undefined {
    return this.labelValue;
  }

  /** The content of the tracked revision (cached), or the latest with `refresh`. */
  getContent(options: { readonly refresh?: boolean } = {}): Record<string, string> {
    if (this.content === undefined || options.refresh === true) {
      // URI and label together make Juju (re)attach this entity's label to the secret.
      const locator = defined({ id: this.idValue, label: this.labelValue });
      this.content = Object.freeze(this.session.backend.secretGet({ ...locator, ...(options.refresh === true ? { refresh: true } : {}) }));
    }
    return { ...this.content };
  }

  /** The latest revision's content, without moving tracking or touching the cache. */
  peekContent(): Record<string, string> {
    const locator = this.idValue !== undefined ? { id: this.idValue } : { label: this.labelValue ?? "" };
    return this.session.backend.secretGet({ ...locator, peek: true });
  }

  /** Owner only: the metadata Juju holds (needs manage rights). */
  getInfo(): SecretInfo {
    const info = this.session.backend.secretInfoGet(this.idValue !== undefined ? { id: this.idValue } : { label: this.labelValue ?? "" });
    this.idValue ??= info.id;
    if (info.label !== undefined) this.labelValue = info.label;
    return info;
  }

  private resolvedId(): string {
    return this.idValue ?? this.getInfo().id;
  }

  // Before Juju 3.6, several secret-set calls on one secret within a hook do not merge (LP#2081034):
  // the last one wins. There, like ops, every update re-sends the current content and metadata.
  private get updatesOverwrite(): boolean {
    return !this.session.hook.jujuVersion.isAtLeast("3.6.0");
  }

  private currentMetadata(): SecretMetadata {
    const info = this.getInfo();
    return {
      ...defined({ label: info.label, description: info.description, expire: info.expiry }),
      ...(info.rotation === undefined || !isRotatePolicy(info.rotation) ? {} : { rotate: info.rotation }),
    };
  }

  /** Owner only: a new revision with this content (committed when the hook succeeds). */
  setContent(content: Readonly<Record<string, string>>): void {
    const id = this.resolvedId();
    this.session.backend.secretSet(id, content, this.updatesOverwrite ? this.currentMetadata() : {});
    this.content = undefined;
  }

  /** Owner only: updates label, description, expiry or rotation without a new revision. */
  setInfo(metadata: SecretMetadata): void {
    if (Object.values(metadata).every((v) => v === undefined)) {
      throw new InvalidArgumentError("setInfo needs at least one of label, description, expire, rotate");
    }
    const id = this.resolvedId();
    if (this.updatesOverwrite) {
      this.session.backend.secretSet(id, this.peekContent(), { ...this.currentMetadata(), ...metadata });
    } else {
      this.session.backend.secretSet(id, undefined, metadata);
    }
    if (metadata.label !== undefined) this.labelValue = metadata.label;
  }

  /** Owner only: lets the remote app of `relation` (or one of its units) read the secret. */
  grant(relation: SecretGrantTarget, unit?: string): void {
    this.session.backend.secretGrant(this.resolvedId(), relation.id, unit);
  }

  /** Owner only: withdraws a grant. */
  revoke(relation: SecretGrantTarget, unit?: string): void {
    this.session.backend.secretRevoke(this.resolvedId(), relation.id, unit);
  }

  /** Owner only: removes one revision, or every revision (the whole secret) without one. */
  remove(options: { readonly revision?: number } = {}): void {
    this.session.backend.secretRemove(this.resolvedId(), options.revision);
  }
}
