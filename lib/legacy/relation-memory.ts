/**
 * What a legacy adapter remembers about each relation between hooks, kept in ops stored state
 * (Juju controller state). Only digests and unit names are stored: never a password or a
 * connection string. The stored JSON is validated on load; a corrupt entry is forgotten (the
 * next hook then re-announces what it sees) rather than failing the hook.
 */
import * as z from "zod/mini";
import "../zod-english.js";
import type { CharmBase, JsonObject, StoredState } from "../ops/index.js";

/** One relation's memory. */
export interface RelationMemoryEntry {
  /** The deprecation warning for this relation has been logged on this unit. */
  readonly warned: boolean;
  /** pgsql: `relation-joined` was seen (the legacy joined event fired). */
  readonly joined: boolean;
  /** Digest of the last announced primary connection (pgsql `master`, or the mysql tuple). */
  readonly primary: string | null;
  /** pgsql: digest of the last announced `standbys` list. */
  readonly standbys: string | null;
  /** mysql: the remote unit whose bag was chosen last. */
  readonly unit: string | null;
}

const EntrySchema = z.object({
  warned: z._default(z.boolean(), false),
  joined: z._default(z.boolean(), false),
  primary: z._default(z.nullable(z.string()), null),
  standbys: z._default(z.nullable(z.string()), null),
  unit: z._default(z.nullable(z.string()), null),
});

/** An entry for a relation never seen before. */
export const EMPTY_MEMORY: RelationMemoryEntry = Object.freeze({ warned: false, joined: false, primary: null, standbys: null, unit: null });

/** Per-relation memory of one adapter instance (one endpoint). */
export class RelationMemory {
  private readonly cell: StoredState<{ relations: JsonObject }>;

  constructor(charm: CharmBase, owner: string) {
    this.cell = charm.framework.storedState<{ relations: JsonObject }>(owner, "relations", { relations: {} });
  }

  /** The entry of `relationId` (the empty entry when unknown or unreadable). */
  get(relationId: number): RelationMemoryEntry {
    const raw = this.cell.get().relations[String(relationId)];
    const parsed = EntrySchema.safeParse(raw ?? {});
    return parsed.success ? parsed.data : EMPTY_MEMORY;
  }

  /** Whether anything is remembered about `relationId`. */
  has(relationId: number): boolean {
    return Object.hasOwn(this.cell.get().relations, String(relationId));
  }

  /** Merges `patch` into the entry of `relationId`. */
  update(relationId: number, patch: Partial<RelationMemoryEntry>): void {
    const relations = { ...this.cell.get().relations };
    relations[String(relationId)] = { ...this.get(relationId), ...patch };
    this.cell.set({ relations });
  }

  /** Forgets `relationId` (relation-broken). */
  forget(relationId: number): void {
    const relations = { ...this.cell.get().relations };
    delete relations[String(relationId)];
    this.cell.set({ relations });
  }
}
