/**
 * Stored state: small JSON objects a charm keeps between hooks, persisted in the unit's state
 * store (a file in the charm directory on machines, Juju's controller-side unit state on
 * Kubernetes: docs/state-storage.md) and written at commit only when changed. Data other units
 * need belongs in a peer relation instead.
 *
 * A stored value that cannot be read back (not JSON, not an object, broken chunks) must not fail
 * every later hook: it is dropped with a WARNING naming its key (never its content), the charm
 * sees the defaults, and the key is rewritten cleanly at commit.
 */
import { InvalidArgumentError } from "../errors.js";
import type { StateStore } from "./state-store.js";
import { canonicalJson, JsonObjectSchema, type JsonObject } from "./json.js";

/** The controller-state key of stored state `name` of `owner` (`charm` for CharmBase.storedState). */
export function storedStateKey(owner: string, name: string): string {
  return `ops-ts/stored/${owner}/${name}`;
}

/** A persisted JSON object with defaults. */
export interface StoredState<T extends JsonObject> {
  /** The current value (a frozen copy). */
  get(): Readonly<T>;
  /**
   * Merges `patch` into the value (top-level keys). With `copyMayLag`, a Kubernetes unit (whose
   * controller state is the copy of its file, docs/state-storage.md) may send this hook's change
   * to the copy with a later hook's `state-set` instead of one of its own: for values the charm
   * can rebuild should a replaced pod start without them. One `set` without it in the hook sends
   * the value as usual.
   */
  set(patch: Partial<T>, options?: { readonly copyMayLag?: boolean }): void;
}

/** @internal */
export class StoredStateCell<T extends JsonObject> implements StoredState<T> {
  private readonly state: StateStore;
  readonly key: string;
  private readonly defaults: T;
  private readonly warn: (message: string) => void;
  private value: T | undefined;
  private loadedText: string | undefined;
  /** The stored value was unreadable and dropped: it must be rewritten at commit. */
  private dropped = false;
  /** Every `set` of this hook allowed the copy to lag (StoredState.set). */
  private lag: boolean | undefined;

  /** `warn` receives the WARNING line when the stored value is unreadable and dropped. */
  constructor(state: StateStore, key: string, defaults: T, warn: (message: string) => void = () => undefined) {
    const parsed = JsonObjectSchema.safeParse(defaults);
    if (!parsed.success) throw new InvalidArgumentError(`stored state "${key}": defaults must be a JSON object`);
    this.state = state;
    this.key = key;
    this.defaults = structuredClone(defaults);
    this.warn = warn;
  }

  private load(): T {
    if (this.value === undefined) {
      const stored = this.readStored();
      if (stored !== undefined) this.loadedText = canonicalJson(stored);
      // Defaults fill in only the keys that are missing.
      this.value = { ...structuredClone(this.defaults), ...(stored ?? {}) } as T;
    }
    return this.value;
  }

  /** The stored object, or undefined when there is none or it was unreadable (then dropped and logged). */
  private readStored(): JsonObject | undefined {
    const read = this.state.read(this.key);
    if ("broken" in read) return this.drop(`its chunks are broken (${read.broken})`);
    if (read.value === undefined) return undefined;
    let raw: unknown;
    try {
      raw = JSON.parse(read.value);
    } catch {
      return this.drop("it is not JSON");
    }
    const parsed = JsonObjectSchema.safeParse(raw);
    if (!parsed.success) return this.drop("it is not a JSON object");
    return parsed.data;
  }

  private drop(problem: string): undefined {
    this.dropped = true;
    this.warn(`dropping stored state "${this.key}": ${problem}; the defaults apply, the hook goes on, and the key is rewritten at commit`);
    return undefined;
  }

  get(): Readonly<T> {
    return Object.freeze(structuredClone(this.load()));
  }

  set(patch: Partial<T>, options?: { readonly copyMayLag?: boolean }): void {
    const next = { ...this.load(), ...structuredClone(patch) };
    const parsed = JsonObjectSchema.safeParse(next);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join(".") ?? "";
      throw new InvalidArgumentError(`stored state "${this.key}": "${where}" is not JSON (strings, finite numbers, booleans, null, arrays, objects)`);
    }
    this.value = next as T;
    this.lag = (this.lag ?? true) && options?.copyMayLag === true;
  }

  /** Buffers the value into controller state if it differs from what was loaded. */
  save(): void {
    if (this.value === undefined) return;
    if (this.dropped) {
      this.state.set(this.key, JSON.stringify(this.value));
      return;
    }
    const text = canonicalJson(this.value);
    if (text !== this.loadedText && !(this.loadedText === undefined && text === canonicalJson(this.defaults))) {
      this.state.set(this.key, JSON.stringify(this.value), this.lag);
    }
  }
}
