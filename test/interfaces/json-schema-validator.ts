/**
 * A small JSON-schema validator for the subset used by the published charm-relation-interfaces
 * schemas and by our generated ones: type, properties, required, items, enum, const, anyOf,
 * oneOf, allOf, $ref into $defs, additionalProperties, propertyNames, minLength, pattern,
 * minimum, maximum. Unknown keywords (title, description, examples, default) are annotations.
 * `contentSchema` is an annotation too (as in JSON Schema 2020-12), unless `checkContent` is set:
 * then a string with `contentMediaType: application/json` is parsed and checked against it.
 */

/** One validation failure, with a JSON-pointer-like path. */
export interface SchemaViolation {
  readonly path: string;
  readonly message: string;
}

type Schema = { [keyword: string]: unknown } | boolean;

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === "number" && actual === "integer");
}

function resolveRef(root: Schema, ref: string): Schema {
  if (!ref.startsWith("#/")) throw new Error(`unsupported $ref ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split("/")) {
    node = (node as Record<string, unknown>)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    if (node === undefined) throw new Error(`unresolvable $ref ${ref}`);
  }
  return node as Schema;
}

/** Options of {@link validateJsonSchema}. */
export interface ValidateOptions {
  /** Parse JSON-in-string values and validate them against their `contentSchema`. */
  readonly checkContent?: boolean;
}

function checkContent(root: Schema, s: { [keyword: string]: unknown }, value: string, path: string, out: SchemaViolation[], opts: ValidateOptions): void {
  if (opts.checkContent !== true || s["contentMediaType"] !== "application/json") return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value) as unknown;
  } catch {
    out.push({ path, message: "content is not JSON" });
    return;
  }
  if (s["contentSchema"] !== undefined) check(root, s["contentSchema"] as Schema, parsed, `${path}(content)`, out, opts);
}

function check(root: Schema, schema: Schema, value: unknown, path: string, out: SchemaViolation[], opts: ValidateOptions): void {
  if (schema === true) return;
  if (schema === false) {
    out.push({ path, message: "no value is allowed here" });
    return;
  }
  const s = schema;
  if (typeof s["$ref"] === "string") check(root, resolveRef(root, s["$ref"]), value, path, out, opts);
  if (s["type"] !== undefined) {
    const types = Array.isArray(s["type"]) ? (s["type"] as string[]) : [s["type"] as string];
    if (!types.some((t) => matchesType(value, t))) {
      out.push({ path, message: `expected ${types.join(" or ")}, got ${typeOf(value)}` });
      return;
    }
  }
  if (Array.isArray(s["enum"]) && !s["enum"].some((e: unknown) => JSON.stringify(e) === JSON.stringify(value))) {
    out.push({ path, message: "value is not one of the enumerated values" });
  }
  if ("const" in s && JSON.stringify(s["const"]) !== JSON.stringify(value)) out.push({ path, message: "value differs from const" });
  for (const key of ["anyOf", "oneOf"] as const) {
    const options = s[key];
    if (!Array.isArray(options)) continue;
    const passing = options.filter((opt: Schema) => {
      const sub: SchemaViolation[] = [];
      check(root, opt, value, path, sub, opts);
      return sub.length === 0;
    }).length;
    if (passing === 0 || (key === "oneOf" && passing > 1)) out.push({ path, message: `${key}: ${passing} alternatives match` });
  }
  if (Array.isArray(s["allOf"])) for (const sub of s["allOf"] as Schema[]) check(root, sub, value, path, out, opts);
  if (typeof value === "string") {
    if (typeof s["minLength"] === "number" && [...value].length < s["minLength"]) out.push({ path, message: "string too short" });
    if (typeof s["pattern"] === "string" && !new RegExp(s["pattern"], "u").test(value)) out.push({ path, message: "string does not match pattern" });
    checkContent(root, s, value, path, out, opts);
  }
  if (typeof value === "number") {
    if (typeof s["minimum"] === "number" && value < s["minimum"]) out.push({ path, message: "number below minimum" });
    if (typeof s["maximum"] === "number" && value > s["maximum"]) out.push({ path, message: "number above maximum" });
  }
  if (Array.isArray(value) && s["items"] !== undefined) {
    value.forEach((item: unknown, i) => check(root, s["items"] as Schema, item, `${path}/${i}`, out, opts));
  }
  if (typeOf(value) === "object") {
    const obj = value as Record<string, unknown>;
    const props = (s["properties"] ?? {}) as Record<string, Schema>;
    for (const req of (s["required"] ?? []) as string[]) {
      if (!(req in obj)) out.push({ path, message: `missing required property "${req}"` });
    }
    for (const [key, v] of Object.entries(obj)) {
      if (s["propertyNames"] !== undefined) check(root, s["propertyNames"] as Schema, key, `${path}/${key}`, out, opts);
      const propSchema = props[key];
      if (propSchema !== undefined) check(root, propSchema, v, `${path}/${key}`, out, opts);
      else if (s["additionalProperties"] !== undefined) check(root, s["additionalProperties"] as Schema, v, `${path}/${key}`, out, opts);
    }
  }
}

/** Validates `value` against `schema`; an empty list means valid. */
export function validateJsonSchema(schema: unknown, value: unknown, opts: ValidateOptions = {}): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  check(schema as Schema, schema as Schema, value, "", out, opts);
  return out;
}
