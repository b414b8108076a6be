/**
 * The databag codec, written once for every interface: Juju's string-only databags
 * (`Record<string, string>`) ⇄ typed objects. Wire keys are kebab-case, properties camelCase;
 * each value goes through its {@link FieldSpec}. Unknown keys are kept verbatim in `otherKeys`
 * and written back (docs/protocol.md#p-09). An empty string means "absent", as in Juju. Decoding first applies the
 * package's value policy (value_limits.ts: size caps, control characters) to every key.
 */
import * as z from "zod/mini";
import "../../zod-english.js";
import { DatabagError, type DatabagSide, type DecodeResult, type FieldProblem } from "./databag-error.js";
import { formatPath, type FieldSpec } from "./field-codecs.js";
import { camelToKebab } from "./key-names.js";
import { showerFor } from "./redaction.js";
import { valueLimitProblems } from "./value-limits.js";

/** Property name → field codec. */
export type FieldTable = { readonly [property: string]: FieldSpec<unknown> };

/** The decoded value type of a field codec. */
export type FieldValueOf<F> = F extends FieldSpec<infer T> ? T : never;
/** Flattens an intersection type so editors show one object type. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** Keys of the databag that are not modelled, kept verbatim (wire key → raw value). */
export type OtherKeys = Readonly<Record<string, string>>;

/** The decoded object described by a field table with the required properties `R`. */
export type BagValue<S extends FieldTable, R extends keyof S = never> = Simplify<
  // Key remapping over `keyof S` keeps each property linked to its field-table entry, so the
  // field's doc comment shows on the decoded type.
  { [K in keyof S as K extends R ? K : never]: FieldValueOf<S[K]> } & { [K in keyof S as K extends R ? never : K]?: FieldValueOf<S[K]> } & {
    /** Keys this model does not know, kept verbatim (wire key → raw value). */
    otherKeys?: OtherKeys;
  }
>;

/** Juju's view of a databag: every value is a string. */
export const RawDatabag = z.record(z.string(), z.string());
/** Juju's view of a databag: every value is a string. */
export type RawDatabag = Record<string, string>;

/** Encodes and decodes one kind of databag. */
export interface BagCodec<T> {
  /** Human name of the databag, e.g. "postgresql_client v0 provider app databag". */
  readonly name: string;
  /** Side that writes this databag. */
  readonly side: DatabagSide;
  /** zod model of the decoded value. */
  readonly model: z.ZodMiniType<T>;
  /** Property → field codec. */
  readonly fields: FieldTable;
  /** Properties that must be present. */
  readonly required: readonly string[];
  /** Property name → wire key. */
  wireKeyOf(property: string): string;
  /** Decodes remote data without throwing. */
  decode(raw: unknown): DecodeResult<T>;
  /** Decodes, throwing a {@link DatabagError} listing every problem; `relation` is `endpoint:id`. */
  decodeOrThrow(raw: unknown, relation?: string): T;
  /** Validates a local value and writes it in wire form; throws {@link DatabagError} on bad input. */
  encode(value: T, relation?: string): RawDatabag;
}

/** The decoded type a codec produces. */
export type DecodedOf<C> = C extends BagCodec<infer T> ? T : never;

/** Options of {@link defineBag}. */
export interface BagOptions<R> {
  /** Human name used in documentation and schemas. */
  readonly name: string;
  /** Side that writes this databag. */
  readonly side: DatabagSide;
  /** Properties that must be present. */
  readonly required?: readonly R[];
}

/** Builds the codec and zod model of a databag from its field table. */
export function defineBag<const S extends FieldTable, const R extends keyof S & string = never>(
  fields: S,
  options: BagOptions<R>,
): BagCodec<BagValue<S, R>> {
  const required: readonly string[] = options.required ?? [];
  const wireKeys = new Map<string, string>();
  const propertyOf = new Map<string, string>();
  const shape: Record<string, z.ZodMiniType> = {};
  for (const [prop, spec] of Object.entries(fields)) {
    const wire = spec.wireKey ?? camelToKebab(prop);
    wireKeys.set(prop, wire);
    propertyOf.set(wire, prop);
    shape[prop] = required.includes(prop) ? spec.schema : z.optional(spec.schema);
  }
  shape["otherKeys"] = z.optional(z.record(z.string(), z.string()));
  const model = z.object(shape) as unknown as z.ZodMiniType<BagValue<S, R>>;
  const wireKeyOf = (prop: string): string => wireKeys.get(prop) ?? camelToKebab(prop);

  function decode(raw: unknown): DecodeResult<BagValue<S, R>> {
    const bag = RawDatabag.safeParse(raw);
    if (!bag.success) {
      const issue = bag.error.issues[0];
      const field = issue?.path[0] === undefined ? "(databag)" : String(issue.path[0]);
      return { ok: false, problems: [{ field, problem: "databag values must be strings" }] };
    }
    const out: Record<string, unknown> = {};
    // The package's one value policy (size, control characters) comes before any field codec,
    // for modelled and unmodelled keys alike: a value it refuses is never parsed.
    const problems: FieldProblem[] = valueLimitProblems(bag.data);
    const refused = new Set(problems.map((p) => p.field));
    for (const [prop, spec] of Object.entries(fields)) {
      const wire = wireKeyOf(prop);
      const value = bag.data[wire];
      if (value === undefined || value === "") {
        if (required.includes(prop)) problems.push({ field: wire, problem: "is required but missing" });
        continue;
      }
      if (refused.has(wire)) continue;
      const decoded = spec.decode(value, showerFor(spec.secret));
      if (decoded.ok) out[prop] = decoded.value;
      else problems.push({ field: wire + (decoded.at ?? ""), problem: decoded.problem });
    }
    const others: Record<string, string> = {};
    for (const [key, value] of Object.entries(bag.data)) {
      if (!propertyOf.has(key) && value !== "") others[key] = value;
    }
    if (Object.keys(others).length > 0) out["otherKeys"] = others;
    if (problems.length > 0) return { ok: false, problems };
    return { ok: true, value: out as BagValue<S, R> };
  }

  return {
    name: options.name,
    side: options.side,
    model,
    fields,
    required,
    wireKeyOf,
    decode,
    decodeOrThrow(raw, relation) {
      const result = decode(raw);
      if (result.ok) return result.value;
      throw DatabagError.fromProblems({ relation, side: options.side }, result.problems);
    },
    encode(value, relation) {
      const checked = model.safeParse(value, { reportInput: false });
      if (!checked.success) {
        const problems = checked.error.issues.map((issue): FieldProblem => {
          const [head, ...rest] = issue.path;
          const field = head === undefined ? "(databag)" : wireKeyOf(String(head)) + formatPath(rest);
          return { field, problem: issue.message };
        });
        throw DatabagError.fromProblems({ relation, side: options.side }, problems);
      }
      const typed = checked.data as Record<string, unknown>;
      const out: RawDatabag = {};
      const others = typed["otherKeys"] as OtherKeys | undefined;
      for (const [key, raw] of Object.entries(others ?? {})) if (raw !== "") out[key] = raw;
      for (const [prop, spec] of Object.entries(fields)) {
        const v = typed[prop];
        if (v === undefined) continue;
        const encoded = spec.encode(v);
        if (encoded !== undefined && encoded !== "") out[wireKeyOf(prop)] = encoded;
      }
      return out;
    },
  };
}
