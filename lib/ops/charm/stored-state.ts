/**
 * Stored state: small JSON objects a charm keeps between hooks, persisted in Juju's
 * controller-side unit state (so it survives the pod being replaced) and written at commit
 * only when changed. Data other units need belongs in a peer relation instead.
 */
import { InvalidArgumentError, OpsError } from "../errors.js";
import type { ControllerState } from "./controller-state.js";
import { canonicalJson, JsonObjectSchema, type JsonObject } from "./json.js";

/** The controller-state key of stored state `name` of `owner` (`charm` for CharmBase.storedState). */
export function storedStateKey(owner: string, name: string): string {
  return `ops-ts/stored/${owner}/${name}`;
}

/** A persisted JSON object with defaults. */
export interface StoredState<T extends JsonObject> {
  /** The current value (a frozen copy). */
  get(): Readonly<T>;
  /** Merges `patch` into the value (top-level keys). */
  set(patch: Partial<T>): void;
}

/** @internal */
export class StoredStateCell<T extends JsonObject> implements StoredState<T> {
  private readonly state: ControllerState;
  readonly key: string;
  private readonly defaults: T;
  private value: T | undefined;
  private loadedText: string | undefined;

  constructor(state: ControllerState, key: string, defaults: T) {
    const parsed = JsonObjectSchema.safeParse(defaults);
    if (!parsed.success) throw new InvalidArgumentError(`stored state "${key}": defaults must be a JSON object`);
    this.state = state;
    this.key = key;
    this.defaults = structuredClone(defaults);
  }

  private load(): T {
    if (this.value === undefined) {
      const text = this.state.get(this.key);
      let stored: JsonObject = {};
      if (text !== undefined) {
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch {
          throw new OpsError(`controller state "${this.key}" is not JSON`);
        }
        const parsed = JsonObjectSchema.safeParse(raw);
        if (!parsed.success) throw new OpsError(`controller state "${this.key}" is not a JSON object`);
        stored = parsed.data;
        this.loadedText = canonicalJson(stored);
      }
      // Defaults fill in only the keys that are missing.
      this.value = { ...structuredClone(this.defaults), ...stored } as T;
    }
    return this.value;
  }

  get(): Readonly<T> {
    return Object.freeze(structuredClone(this.load()));
  }

  set(patch: Partial<T>): void {
    const next = { ...this.load(), ...structuredClone(patch) };
    const parsed = JsonObjectSchema.safeParse(next);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join(".") ?? "";
      throw new InvalidArgumentError(`stored state "${this.key}": "${where}" is not JSON (strings, finite numbers, booleans, null, arrays, objects)`);
    }
    this.value = next as T;
  }

  /** Buffers the value into controller state if it differs from what was loaded. */
  save(): void {
    if (this.value === undefined) return;
    const text = canonicalJson(this.value);
    if (text !== this.loadedText && !(this.loadedText === undefined && text === canonicalJson(this.defaults))) {
      this.state.set(this.key, JSON.stringify(this.value));
    }
  }
}
