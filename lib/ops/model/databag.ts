/** One databag of a relation, with Juju's read/write rules (docs/juju-contract.md#databag-access). */
import type { RelationRef } from "../backend.js";
import { InvalidArgumentError, RelationDataAccessError } from "../errors.js";
import type { HookSession } from "./hook-session.js";

/** Whose databag this is, seen from the running unit. */
export type DatabagOwner = "local-unit" | "local-app" | "peer-unit" | "remote-unit" | "remote-app";

/** What a Databag needs from its relation. */
export interface DatabagRelation {
  readonly ref: RelationRef;
  readonly isPeer: boolean;
  toString(): string;
}

/**
 * A relation databag: string keys to string values. Reads are cached for the hook and your own
 * bags show your pending writes; writes are buffered and sent once at the end of a successful hook.
 */
export class Databag {
  /** The unit or application name this bag belongs to. */
  readonly owner: string;
  /** Whose bag it is relative to this unit. */
  readonly kind: DatabagOwner;
  private readonly session: HookSession;
  private readonly relation: DatabagRelation;

  /** @internal Built by Relation. */
  constructor(session: HookSession, relation: DatabagRelation, owner: string, kind: DatabagOwner) {
    this.session = session;
    this.relation = relation;
    this.owner = owner;
    this.kind = kind;
  }

  private get isApp(): boolean {
    return this.kind === "local-app" || this.kind === "remote-app";
  }

  private describe(): string {
    return `relation ${this.relation.toString()}: the ${this.kind.replace("-", " ")} databag of ${this.owner}`;
  }

  private checkRead(): void {
    // The own app bag of a non-peer relation is private to the leader; every other bag is readable.
    if (this.kind === "local-app" && !this.relation.isPeer && !this.session.isLeader()) {
      throw new RelationDataAccessError(`${this.describe()} can only be read by the leader; check unit.isLeader() first`);
    }
  }

  private checkWrite(): void {
    if (this.kind === "local-unit") return;
    if (this.kind === "local-app") {
      if (!this.session.isLeader()) throw new RelationDataAccessError(`${this.describe()} can only be written by the leader; check unit.isLeader() first`);
      return;
    }
    throw new RelationDataAccessError(`${this.describe()} is read-only: a unit writes only its own unit bag and, as leader, its app bag`);
  }

  /** The value of `key`, or undefined. */
  get(key: string): string | undefined {
    return this.toObject()[key];
  }

  /** A copy of the whole bag. */
  toObject(): Record<string, string> {
    this.checkRead();
    return this.session.readBag(this.relation.ref, this.owner, this.isApp);
  }

  /** Sets `key`; `""` deletes it. */
  set(key: string, value: string): void {
    this.update({ [key]: value });
  }

  /** Sets several keys at once; `""` deletes. */
  update(data: Readonly<Record<string, string>>): void {
    this.checkWrite();
    for (const [key, value] of Object.entries(data)) {
      if (key === "") throw new InvalidArgumentError(`${this.describe()}: keys must not be empty`);
      if (typeof value !== "string") {
        throw new InvalidArgumentError(`${this.describe()}: value of "${key}" must be a string, got ${typeof value}; convert it first (String(value) or JSON.stringify(value))`);
      }
    }
    this.session.writeBag(this.relation.ref, this.owner, this.isApp, data);
  }

  /** Deletes `key`. */
  delete(key: string): void {
    this.update({ [key]: "" });
  }
}
