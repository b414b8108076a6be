/**
 * The simulator's on-disk state, so successive CLI calls continue one model:
 *
 * ```
 * <model-dir>/model.json       the fake Juju's ModelState
 * <model-dir>/simulator.json   charms, unit counters, pending queue, unit errors
 * <model-dir>/log.jsonl        one HookRunRecord per line
 * <model-dir>/units/<app>-<n>/charm   each unit's own copy of its charm (Juju gives every unit one)
 * ```
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import type { ModelState } from "../juju/model.js";
import { emptyModel } from "../juju/model.js";
import { parseModelState } from "../juju/model-schema.js";
import { SimulatorError } from "./errors.js";
import type { HookRunRecord } from "./hook-log.js";
import type { HookEntry, QueueEntry } from "./queue.js";

/** Simulator bookkeeping that is not part of Juju's model. */
export interface SimulatorBook {
  /** Charm source directory per application. */
  charms: Record<string, string>;
  /** Next unit number per application (Juju never reuses unit numbers). */
  nextUnit: Record<string, number>;
  nextAction: number;
  nextHookSeq: number;
  queue: QueueEntry[];
  /** Units whose last hook failed: the hook name, exit code and (for hooks, not actions) the entry to retry. */
  /** Units in error: the failed hook, its exit code, why Juju refused its commit if it did, and the hook to retry. */
  unitErrors: Record<string, { hook: string; code: number | null; commitRefused?: string; retry?: HookEntry }>;
  /** Secret revisions for which `secret-remove` was already queued, per secret id. */
  removalNotified: Record<string, number[]>;
  /**
   * The principal unit of each subordinate unit, as saved before the model held it
   * (`UnitState.principal`); moved into the model when such a directory is opened.
   */
  principals?: Record<string, string>;
}

const HookSpecShape = z.object({ kind: z.enum(["hook", "relation", "secret", "action"]) }).passthrough();
const QueueEntryShape = z.union([
  z.object({ type: z.literal("hook"), unit: z.string(), hook: HookSpecShape }),
  z.object({ type: z.literal("drop-unit"), unit: z.string() }),
  z.object({ type: z.literal("drop-relation"), relationId: z.number().int() }),
  z.object({ type: z.literal("enter-scope"), unit: z.string(), relationId: z.number().int() }),
]);
const BookShape = z.object({
  charms: z.record(z.string(), z.string()),
  nextUnit: z.record(z.string(), z.number().int().nonnegative()),
  nextAction: z.number().int().positive(),
  nextHookSeq: z.number().int().positive(),
  queue: z.array(QueueEntryShape),
  unitErrors: z.record(
    z.string(),
    z.object({
      hook: z.string(),
      code: z.number().int().nullable(),
      commitRefused: z.string().optional(),
      retry: z.object({ type: z.literal("hook"), unit: z.string(), hook: HookSpecShape }).optional(),
    }),
  ),
  removalNotified: z.record(z.string(), z.array(z.number().int())),
  principals: z.record(z.string(), z.string()).optional(),
});
function readRawJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new SimulatorError(`${file}: cannot read simulator state (${error instanceof Error ? error.message : String(error)}); fix or delete the file, or open a new model directory`);
  }
}

function readJson<T>(file: string, shape: z.ZodType<unknown>): T {
  const raw = readRawJson(file);
  const parsed = shape.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SimulatorError(`${file}: not simulator state (field "${issue?.path.join(".") ?? ""}": ${issue?.message ?? "invalid"}); open a new model directory, or delete this one to start over`);
  }
  return raw as T;
}

function writeJsonAtomic(file: string, value: unknown): void {
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value, null, 1));
  fs.renameSync(tmp, file);
}

/** Reads and writes one model directory. */
export class ModelDirectory {
  /** Absolute path of the directory. */
  readonly dir: string;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
  }

  private get modelFile(): string {
    return path.join(this.dir, "model.json");
  }
  private get bookFile(): string {
    return path.join(this.dir, "simulator.json");
  }
  /** Path of the hook log. */
  get logFile(): string {
    return path.join(this.dir, "log.jsonl");
  }

  /** Loads the model and bookkeeping, or starts an empty model when the directory holds none. */
  load(options: { modelName?: string; jujuVersion?: string } = {}): { model: ModelState; book: SimulatorBook } {
    if (!fs.existsSync(this.modelFile)) {
      fs.mkdirSync(this.dir, { recursive: true });
      return {
        model: emptyModel({
          ...(options.modelName === undefined ? {} : { name: options.modelName }),
          ...(options.jujuVersion === undefined ? {} : { jujuVersion: options.jujuVersion }),
        }),
        book: { charms: {}, nextUnit: {}, nextAction: 1, nextHookSeq: 1, queue: [], unitErrors: {}, removalNotified: {} },
      };
    }
    let model: ModelState;
    try {
      model = parseModelState(readRawJson(this.modelFile), this.modelFile);
    } catch (error) {
      throw new SimulatorError(`${error instanceof Error ? error.message : String(error)}; open a new model directory, or delete this one to start over`);
    }
    const book = readJson<SimulatorBook>(this.bookFile, BookShape);
    // Saved before the model recorded principals: move them there.
    for (const [sub, principal] of Object.entries(book.principals ?? {})) {
      const unit = model.units[sub];
      if (unit !== undefined) unit.principal ??= principal;
    }
    delete book.principals;
    return { model, book };
  }

  /** Persists both files (each replaced atomically). */
  save(model: ModelState, book: SimulatorBook): void {
    writeJsonAtomic(this.modelFile, model);
    writeJsonAtomic(this.bookFile, book);
  }

  /** The charm directory of `unit` (`app/3` → `<dir>/units/app-3/charm`). */
  unitCharmDir(unit: string): string {
    return path.join(this.dir, "units", unit.replace("/", "-"), "charm");
  }

  /** Gives `unit` its own copy of the charm at `source`. */
  installCharm(unit: string, source: string): string {
    const target = this.unitCharmDir(unit);
    fs.rmSync(path.dirname(target), { recursive: true, force: true });
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.cpSync(source, target, { recursive: true });
    return target;
  }

  /** Deletes `unit`'s directory. */
  removeUnitDir(unit: string): void {
    fs.rmSync(path.dirname(this.unitCharmDir(unit)), { recursive: true, force: true });
  }

  /** Appends one record to the hook log. */
  appendLog(record: HookRunRecord): void {
    fs.appendFileSync(this.logFile, `${JSON.stringify(record)}\n`);
  }

  /** Every record of the hook log, oldest first. */
  readLog(): HookRunRecord[] {
    if (!fs.existsSync(this.logFile)) return [];
    return fs
      .readFileSync(this.logFile, "utf8")
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as HookRunRecord);
  }
}
