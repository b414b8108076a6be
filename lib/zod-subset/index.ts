/**
 * The part of `zod/mini` the library's own models use, for bundled charms: `charm-data-interfaces
 * build` puts this module in place of `zod/mini` for the library's modules when nothing else in
 * the charm imports zod (lib/cli/build-plugins.ts `zodSubset`), which takes zod's run time (about
 * 33 kB) out of the bundle. Same names, same parse results, same issues and English messages;
 * test/zod-subset/ checks that against zod itself, construct by construct and model by model.
 * Not a general zod: what the library does not use is not here (docs/build.md#zod-in-a-bundle).
 */
import { Check, Schema, finalizeIssue, prefixIssues, safeParse, aborted, type ErrorMap, type Issue, type Payload } from "./schema.js";

export { Schema as ZodMiniType, safeParse };

type Params = string | { error?: string | ErrorMap; message?: string } | undefined;

function errorOf(params: Params): ErrorMap | undefined {
  if (params === undefined) return undefined;
  if (typeof params === "string") return () => params;
  const error = params.message ?? params.error;
  return typeof error === "string" ? () => error : error;
}

function typeIssue(expected: string, input: unknown, inst: Schema): Issue {
  return { expected, code: "invalid_type", input, inst };
}

function leaf(type: string, accepts: (value: unknown) => boolean, params?: Params): Schema {
  return new Schema({
    type,
    error: errorOf(params),
    parse: (payload, self) => {
      if (!accepts(payload.value)) payload.issues.push(typeIssue(type, payload.value, self));
      return payload;
    },
  });
}

export function string(params?: Params): Schema {
  return leaf("string", (v) => typeof v === "string", params);
}

function numberParse(payload: Payload, self: Schema): Payload {
  const input = payload.value;
  if (typeof input === "number" && Number.isFinite(input)) return payload;
  const received = typeof input === "number" ? (Number.isNaN(input) ? "NaN" : String(input)) : undefined;
  payload.issues.push({ ...typeIssue("number", input, self), ...(received ? { received } : {}) });
  return payload;
}

export function number(params?: Params): Schema {
  return new Schema({ type: "number", error: errorOf(params), parse: numberParse });
}

/** `z.int()`: a number, then zod's safe-integer format check, which is the schema itself. */
export function int(params?: Params): Schema {
  return new Schema({
    type: "number",
    error: errorOf(params),
    parse: numberParse,
    ownCheck: (payload, self) => {
      const input = payload.value as number;
      if (!Number.isInteger(input)) {
        payload.issues.push({ expected: "int", format: "safeint", code: "invalid_type", continue: false, input, inst: self });
      } else if (!Number.isSafeInteger(input)) {
        const big = input > 0;
        payload.issues.push({
          input,
          code: big ? "too_big" : "too_small",
          [big ? "maximum" : "minimum"]: big ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER,
          note: "Integers must be within the safe integer range.",
          inst: self,
          origin: "int",
          inclusive: true,
          continue: true,
        });
      }
    },
  });
}

export function boolean(params?: Params): Schema {
  return leaf("boolean", (v) => typeof v === "boolean", params);
}

function nullSchema(params?: Params): Schema {
  return leaf("null", (v) => v === null, params);
}
export { nullSchema as null };

export function unknown(): Schema {
  return new Schema({ type: "unknown", parse: (payload) => payload });
}

const isObject = (value: unknown): value is Record<PropertyKey, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** One property's result into the object's, with zod's rules for absent and optional keys. */
function addProperty(result: Payload, final: Payload, key: string, input: Record<string, unknown>, el: Schema): void {
  const present = key in input;
  const optin = el.optin;
  const optionalOut = el.optout === "optional";
  if (!present && optionalOut && optin === "optional") return;
  if (result.issues.length > 0) {
    if (optin !== undefined && optionalOut && !present) return;
    final.issues.push(...prefixIssues(key, result.issues));
  }
  const out = final.value as Record<string, unknown>;
  if (!present && optin === undefined) {
    if (result.issues.length === 0) final.issues.push({ code: "invalid_type", expected: "nonoptional", input: undefined, path: [key] });
    return;
  }
  if (result.value === undefined) {
    if (present || (optin === "defaulted" && !optionalOut)) out[key] = undefined;
  } else out[key] = result.value;
}

type Shape = Record<string, Schema>;

function objectSchema(shape: Shape, rest: "strip" | "loose" | "strict", params?: Params): Schema {
  const keys = Object.keys(shape);
  const known = new Set(keys);
  return new Schema({
    type: "object",
    error: errorOf(params),
    fields: { shape },
    parse: (payload, self) => {
      const input = payload.value;
      if (!isObject(input)) {
        payload.issues.push({ expected: "object", code: "invalid_type", input, inst: self });
        return payload;
      }
      payload.value = {};
      for (const key of keys) {
        if (key === "__proto__") continue;
        const el = shape[key]!;
        addProperty(el.run({ value: input[key], issues: [] }), payload, key, input, el);
      }
      if (rest === "strip") return payload;
      const unrecognized: string[] = [];
      for (const key in input) {
        if (known.has(key)) continue;
        if (rest === "strict") unrecognized.push(key);
        else if (key !== "__proto__") (payload.value as Record<string, unknown>)[key] = input[key];
      }
      if (unrecognized.length > 0) payload.issues.push({ code: "unrecognized_keys", keys: unrecognized, input, inst: self, continue: true });
      return payload;
    },
  });
}

export function object(shape: Shape, params?: Params): Schema {
  return objectSchema(shape, "strip", params);
}
export function looseObject(shape: Shape, params?: Params): Schema {
  return objectSchema(shape, "loose", params);
}
export function strictObject(shape: Shape, params?: Params): Schema {
  return objectSchema(shape, "strict", params);
}

export function array(element: Schema, params?: Params): Schema {
  return new Schema({
    type: "array",
    error: errorOf(params),
    parse: (payload, self) => {
      const input = payload.value;
      if (!Array.isArray(input)) {
        payload.issues.push(typeIssue("array", input, self));
        return payload;
      }
      const out: unknown[] = Array(input.length);
      payload.value = out;
      for (let i = 0; i < input.length; i++) {
        const result = element.run({ value: input[i], issues: [] });
        if (result.issues.length > 0) payload.issues.push(...prefixIssues(i, result.issues));
        out[i] = result.value;
      }
      return payload;
    },
  });
}

export function union(options: readonly Schema[], params?: Params): Schema {
  return new Schema({
    type: "union",
    error: errorOf(params),
    optin: () => (options.some((o) => o.optin === "defaulted") ? "defaulted" : options.some((o) => o.optin !== undefined) ? "optional" : undefined),
    optout: () => (options.some((o) => o.optout === "optional") ? "optional" : undefined),
    parse: (payload, self) => {
      if (options.length === 1) return options[0]!.run(payload);
      const results: Payload[] = [];
      for (const option of options) {
        const result = option.run({ value: payload.value, issues: [] });
        if (result.issues.length === 0) return result;
        results.push(result);
      }
      const standing = results.filter((r) => !aborted(r));
      if (standing.length === 1) {
        payload.value = standing[0]!.value;
        return standing[0]!;
      }
      payload.issues.push({ code: "invalid_union", input: payload.value, inst: self, errors: results.map((r) => r.issues.map(finalizeIssue)) });
      return payload;
    },
  });
}

const NUMERIC = /^-?\d+(?:\.\d+)?$/;

export function record(keyType: Schema, valueType: Schema, params?: Params): Schema {
  return new Schema({
    type: "record",
    error: errorOf(params),
    parse: (payload, self) => {
      const input = payload.value;
      if (!isPlainObject(input)) {
        payload.issues.push(typeIssue("record", input, self));
        return payload;
      }
      const out: Record<PropertyKey, unknown> = {};
      payload.value = out;
      for (const key of Reflect.ownKeys(input)) {
        if (key === "__proto__" || !Object.prototype.propertyIsEnumerable.call(input, key)) continue;
        let keyResult = keyType.run({ value: key, issues: [] });
        if (typeof key === "string" && keyResult.issues.length > 0 && NUMERIC.test(key)) {
          const retry = keyType.run({ value: Number(key), issues: [] });
          if (retry.issues.length === 0) keyResult = retry;
        }
        if (keyResult.issues.length > 0) {
          payload.issues.push({ code: "invalid_key", origin: "record", issues: keyResult.issues.map(finalizeIssue), input: key, path: [key], inst: self });
          continue;
        }
        const outKey = keyResult.value as PropertyKey;
        if (outKey === "__proto__") continue;
        const result = valueType.run({ value: input[key], issues: [] });
        if (result.issues.length > 0) payload.issues.push(...prefixIssues(key, result.issues));
        out[outKey] = result.value;
      }
      return payload;
    },
  });
}

function isPlainObject(value: unknown): value is Record<PropertyKey, unknown> {
  if (!isObject(value)) return false;
  const ctor: unknown = value.constructor;
  if (ctor === undefined || typeof ctor !== "function") return true;
  const proto: unknown = ctor.prototype;
  return isObject(proto) && Object.hasOwn(proto, "isPrototypeOf");
}

function valuesSchema(type: string, values: readonly unknown[], params?: Params, fields?: Record<string, unknown>): Schema {
  const set = new Set(values);
  return new Schema({
    type,
    error: errorOf(params),
    fields,
    parse: (payload, self) => {
      if (!set.has(payload.value)) payload.issues.push({ code: "invalid_value", values, input: payload.value, inst: self });
      return payload;
    },
  });
}

function enumSchema(values: readonly string[] | Record<string, string | number>, params?: Params): Schema {
  const list = Array.isArray(values) ? [...(values as readonly string[])] : enumValues(values as Record<string, string | number>);
  return valuesSchema("enum", list, params, { options: list });
}
export { enumSchema as enum };

function enumValues(entries: Record<string, string | number>): unknown[] {
  const numeric = Object.values(entries).filter((v) => typeof v === "number");
  return Object.entries(entries)
    .filter(([k]) => !numeric.includes(+k))
    .map(([, v]) => v);
}

export function literal(value: unknown, params?: Params): Schema {
  return valuesSchema("literal", Array.isArray(value) ? value : [value], params);
}

export function transform(fn: (value: unknown, payload: Payload) => unknown): Schema {
  return new Schema({
    type: "transform",
    optin: () => "optional",
    parse: (payload) => {
      const out = fn(payload.value, payload);
      if (out instanceof Promise) throw new Error("Encountered Promise during synchronous parse. Use .parseAsync() instead.");
      payload.value = out;
      return payload;
    },
  });
}

export function optional(inner: Schema): Schema {
  return new Schema({
    type: "optional",
    optin: () => (inner.optin === "defaulted" ? "defaulted" : "optional"),
    optout: () => "optional",
    parse: (payload) => {
      if (payload.value !== undefined) return inner.run(payload);
      if (inner.optin !== "defaulted") return payload;
      // A default inside: its value stands for absence, unless it failed (then undefined).
      const result = inner.run({ value: undefined, issues: [] });
      payload.value = result.issues.length > 0 ? undefined : result.value;
      return payload;
    },
  });
}

/** `z._default(inner, value)`: the value (a copy of a plain object or array, or a function's result) for undefined. */
export function _default(inner: Schema, value: unknown): Schema {
  const fallback = (): unknown => {
    if (typeof value === "function") return (value as () => unknown)();
    if (Array.isArray(value)) return [...(value as unknown[])];
    return isPlainObject(value) ? { ...value } : value;
  };
  return new Schema({
    type: "default",
    optin: () => "defaulted",
    parse: (payload) => {
      if (payload.value === undefined) {
        payload.value = fallback();
        return payload;
      }
      const result = inner.run(payload);
      if (result.value === undefined) result.value = fallback();
      return result;
    },
  });
}

export function nullable(inner: Schema): Schema {
  return new Schema({
    type: "nullable",
    optin: () => inner.optin,
    optout: () => inner.optout,
    parse: (payload) => (payload.value === null ? payload : inner.run(payload)),
  });
}

export function nullish(inner: Schema): Schema {
  return optional(nullable(inner));
}

export function pipe(first: Schema, second: Schema): Schema {
  return new Schema({
    type: "pipe",
    optin: () => first.optin,
    optout: () => second.optout,
    parse: (payload) => {
      const left = first.run(payload);
      if (left.issues.some((i) => i.code !== "unrecognized_keys")) {
        left.aborted = true;
        return left;
      }
      return second.run({ value: left.value, issues: left.issues });
    },
  });
}

export function readonly(inner: Schema): Schema {
  return new Schema({
    type: "readonly",
    optin: () => inner.optin,
    optout: () => inner.optout,
    parse: (payload) => {
      const result = inner.run(payload);
      result.value = Object.freeze(result.value);
      return result;
    },
  });
}

export function lazy(getter: () => Schema): Schema {
  let inner: Schema | undefined;
  const resolved = (): Schema => (inner ??= getter());
  return new Schema({
    type: "lazy",
    optin: () => resolved().optin,
    optout: () => resolved().optout,
    parse: (payload) => resolved().run(payload),
  });
}

const hasLength = (payload: Payload): boolean => payload.value != null && (payload.value as { length?: unknown }).length !== undefined;

/** Code points, as zod counts a string's length: a surrogate pair is one. */
function codePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    if ((text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}

export function minLength(minimum: number, params?: Params): Check {
  const check: Check = new Check(
    (payload) => {
      const input = payload.value as string | unknown[];
      const units = input.length;
      const length = typeof input === "string" && units >= minimum && units < minimum * 2 ? codePoints(input) : units;
      if (length >= minimum) return;
      const origin = Array.isArray(input) ? "array" : typeof input === "string" ? "string" : "unknown";
      payload.issues.push({ origin, code: "too_small", minimum, inclusive: true, input, inst: check, continue: true });
    },
    errorOf(params),
    hasLength,
  );
  return check;
}

function stringCheck(test: (text: string) => boolean, fields: Record<string, unknown>, params?: Params): Check {
  const check: Check = new Check((payload) => {
    const input = payload.value as string;
    if (!test(input)) payload.issues.push({ origin: "string", code: "invalid_format", ...fields, input, inst: check, continue: true });
  }, errorOf(params));
  return check;
}

export function regex(pattern: RegExp, params?: Params): Check {
  return stringCheck(
    (text) => {
      pattern.lastIndex = 0;
      return pattern.test(text);
    },
    { format: "regex", pattern: pattern.toString() },
    params,
  );
}

export function startsWith(prefix: string, params?: Params): Check {
  return stringCheck((text) => text.startsWith(prefix), { format: "starts_with", prefix }, params);
}

function bound(value: number, lower: boolean, inclusive: boolean, params?: Params): Check {
  const check: Check = new Check((payload) => {
    const input = payload.value as number;
    if (lower ? (inclusive ? input >= value : input > value) : inclusive ? input <= value : input < value) return;
    const origin = ({ number: "number", bigint: "bigint", object: "date" } as Record<string, string>)[typeof input] ?? "number";
    payload.issues.push({ origin, code: lower ? "too_small" : "too_big", [lower ? "minimum" : "maximum"]: value, input, inclusive, inst: check, continue: true });
  }, errorOf(params));
  return check;
}

export const gte = (value: number, params?: Params): Check => bound(value, true, true, params);
export const lte = (value: number, params?: Params): Check => bound(value, false, true, params);
export const positive = (params?: Params): Check => bound(0, true, false, params);
export const nonnegative = (params?: Params): Check => bound(0, true, true, params);

/** Zod's registry of schema metadata, kept for `describe` and the library's schema ids. */
class Registry {
  private readonly entries = new WeakMap<Schema, Record<string, unknown>>();
  add(schema: Schema, meta: Record<string, unknown>): this {
    this.entries.set(schema, meta);
    return this;
  }
  get(schema: Schema): Record<string, unknown> | undefined {
    return this.entries.get(schema);
  }
  has(schema: Schema): boolean {
    return this.entries.has(schema);
  }
}
export const globalRegistry = new Registry();

export function describe(description: string): Check {
  return new Check(
    () => undefined,
    undefined,
    undefined,
    (schema) => globalRegistry.add(schema, { ...globalRegistry.get(schema), description }),
  );
}

/** What a transform returns after it reported an issue. */
export const NEVER: never = Object.freeze({ status: "aborted" }) as never;

export function toJSONSchema(): never {
  throw new Error("JSON Schema generation is left out of a bundled charm, which carries only the zod subset the library parses with (docs/build.md#zod-in-a-bundle)");
}
