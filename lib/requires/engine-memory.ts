/**
 * What the engine remembers between hooks, per unit: for each relation the provider view it last
 * announced (secret-bearing values only as keyed digests), which requests already had their
 * creation event, and the relation's alias. It lives in the unit's controller-side state (lib/ops
 * stored state, `state-get`/`state-set`), never in a relation databag, so remembering something
 * runs no hook on any other unit (issue 13, defects 8 and 9).
 *
 * Digests are HMAC-SHA256 under a random key made once per unit and kept in the same local state:
 * whoever reads a databag or the digests alone cannot test password guesses offline.
 */
import { createHmac, randomBytes } from "node:crypto";
import { z } from "zod";

/** Prefix of a keyed digest in a remembered snapshot. */
export const KEYED_DIGEST_PREFIX = "hmac:";

/** The remembered state of one relation. */
export interface RelationMemory {
  /** The relation's alias as recorded at relation-created (absent when the endpoint has none). */
  readonly alias?: string;
  /** Request ids whose creation event was announced (`""` for a v0 request). */
  readonly created: readonly string[];
  /** The last announced provider view, encoded as the snapshot codecs write it (absent: none yet). */
  readonly seen?: string;
  /** True while the relation is held back because the endpoint's `limit` is exceeded. */
  readonly overLimit?: boolean;
}

/** Where the memory is persisted (the port maps it to lib/ops stored state). */
export interface MemoryStore {
  /** The stored object, or undefined when nothing was stored yet. */
  load(): unknown;
  /** Replaces the stored object (persisted when the hook commits). */
  save(value: Readonly<Record<string, unknown>>): void;
}

const RelationMemorySchema = z.object({
  alias: z.string().optional(),
  created: z.array(z.string()),
  seen: z.string().optional(),
  overLimit: z.boolean().optional(),
});

const MemorySchema = z.object({
  v: z.literal(1),
  key: z.string().regex(/^[0-9a-f]{64}$/),
  relations: z.record(z.string().regex(/^\d+$/), RelationMemorySchema),
});

type MemoryData = z.infer<typeof MemorySchema>;

/** The engine's unit-local memory for one endpoint, loaded lazily once per hook. */
export class EngineMemory {
  private data: MemoryData | undefined;

  constructor(
    private readonly store: MemoryStore,
    private readonly warn: (message: string) => void,
  ) {}

  private load(): MemoryData {
    if (this.data !== undefined) return this.data;
    const raw = this.store.load();
    const parsed = raw === undefined ? undefined : MemorySchema.safeParse(raw);
    if (parsed?.success === true) {
      this.data = parsed.data;
    } else {
      // Unreadable memory must not brick the unit: start afresh (events may be announced again).
      if (raw !== undefined && !isEmptyObject(raw)) this.warn("the requirer's remembered relation state is unreadable and was reset; events of live relations may be announced once more");
      this.data = { v: 1, key: randomBytes(32).toString("hex"), relations: {} };
    }
    return this.data;
  }

  /** What is remembered of relation `id`, or undefined when nothing is. */
  relation(id: number): RelationMemory | undefined {
    return this.load().relations[String(id)];
  }

  /** Replaces what is remembered of relation `id` (written only when it changed). */
  setRelation(id: number, memory: RelationMemory): void {
    const data = this.load();
    const next = {
      ...(memory.alias === undefined ? {} : { alias: memory.alias }),
      created: [...memory.created],
      ...(memory.seen === undefined ? {} : { seen: memory.seen }),
      ...(memory.overLimit === true ? { overLimit: true } : {}),
    };
    if (JSON.stringify(data.relations[String(id)]) === JSON.stringify(next)) return;
    this.data = { ...data, relations: { ...data.relations, [String(id)]: next } };
    this.save();
  }

  /** Forgets relation `id` (its relation is broken). */
  forget(id: number): void {
    const data = this.load();
    if (data.relations[String(id)] === undefined) return;
    const relations = { ...data.relations };
    delete relations[String(id)];
    this.data = { ...data, relations };
    this.save();
  }

  /** Keyed digest of a secret-bearing value (the field name is part of the message). */
  digest(field: string, value: string): string {
    const mac = createHmac("sha256", Buffer.from(this.load().key, "hex")).update(`${field}\n${value}`, "utf8").digest("hex");
    return KEYED_DIGEST_PREFIX + mac;
  }

  private save(): void {
    if (this.data !== undefined) this.store.save(this.data);
  }
}

function isEmptyObject(v: unknown): boolean {
  return v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0;
}

/** A store kept in memory only (engine tests and ports without a framework). */
export class VolatileMemoryStore implements MemoryStore {
  value: Readonly<Record<string, unknown>> | undefined;
  load(): unknown {
    return this.value === undefined ? undefined : structuredClone(this.value);
  }
  save(value: Readonly<Record<string, unknown>>): void {
    this.value = structuredClone(value);
  }
}
