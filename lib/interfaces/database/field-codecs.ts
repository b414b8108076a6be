/**
 * Field codecs: how one typed value is carried in one databag string. Every interface model is
 * assembled from these, so each wire encoding (flags, comma lists, JSON text, endpoints, secret
 * URIs) is implemented exactly once.
 */
import * as z from "zod/mini";
import "../../zod-english.js";
import { Endpoint, formatEndpoints, parseEndpoints, TcpEndpoint } from "./endpoints.js";
import { commaItems } from "./comma-lists.js";
import { parseJsonText, toPythonJson } from "./json-text.js";
import { parseMongoUri } from "./mongodb-uri.js";
import { isBlankPem, parsePemCertificates } from "./pem-certificates.js";
import type { ValueShower } from "./redaction.js";
import { SCHEMA_DOCS, WIRE_FORM_LEFT_OUT } from "./schema-docs.js";

/** Result of decoding one field: the value, or a problem (with an optional path inside the value). */
export type FieldDecode<T> =
  | {
      /** The text decoded. */
      readonly ok: true;
      /** The typed value. */
      readonly value: T;
    }
  | {
      /** The text did not decode. */
      readonly ok: false;
      /** What is wrong (secret values shown as `<redacted>`). */
      readonly problem: string;
      /** Path inside the value where it went wrong, e.g. `[1]`. */
      readonly at?: string;
    };

/**
 * What the databag string of a field looks like, for the JSON schemas of the wire
 * (json-schemas.ts). Every value on the wire is a string; this says which strings. In a charm
 * bundle built by `charm-data-interfaces build` every field has `WIRE_FORM_LEFT_OUT`
 * instead (schema-docs.ts): the hooks never read it.
 */
export interface WireForm {
  /** Name of the encoding, shown in the generated schemas (e.g. `comma-separated list`). */
  readonly encoding: string;
  /** Anchored regular expression matched by exactly the strings the decoder accepts. */
  readonly pattern?: string;
  /** The only strings the decoder accepts. */
  readonly enum?: readonly string[];
  /** JSON-in-string fields: zod model whose input side is the JSON as written. */
  readonly json?: z.ZodMiniType;
}

/** How one typed field is read from and written to a databag string. */
export interface FieldSpec<T> {
  /** zod model of the decoded value (used for types, validation of local values and JSON schemas). */
  readonly schema: z.ZodMiniType<T>;
  /** The field's databag string (the generated schemas of the wire are made from it). */
  readonly wire: WireForm;
  /** True when the value may be a credential: errors then print `<redacted>`. */
  readonly secret: boolean;
  /** Wire key when it is not the kebab-case form of the property name (legacy `root_password`). */
  readonly wireKey?: string;
  /** Decodes a non-empty raw string. */
  decode(raw: string, show: ValueShower): FieldDecode<T>;
  /** Encodes a value; `undefined` means "leave the key out" (e.g. a false flag). */
  encode(value: T): string | undefined;
}

/** Options common to the field builders. */
export interface FieldOptions {
  /** Marks the field as secret-bearing (redacted in errors). */
  readonly secret?: boolean;
}

function ok<T>(value: T): FieldDecode<T> {
  return { ok: true, value };
}

function fail<T>(problem: string, at?: string): FieldDecode<T> {
  return at === undefined ? { ok: false, problem } : { ok: false, problem, at };
}

/** Formats a zod issue path as a suffix: `[0].privileges`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
}

/** A plain string. */
export function text(opts: FieldOptions = {}): FieldSpec<string> {
  return { schema: z.string(), wire: SCHEMA_DOCS ? { encoding: "text" } : WIRE_FORM_LEFT_OUT, secret: opts.secret ?? false, decode: (raw) => ok(raw), encode: (v) => v };
}

const SECRET_URI = /^secret:(\/\/[A-Za-z0-9-]+\/)?[A-Za-z0-9][A-Za-z0-9-]*$/;

/** Zod model of a Juju secret URI (`secret:<id>` or `secret://<model-uuid>/<id>`). */
export const SecretUri = z.string().check(z.regex(SECRET_URI, "expected a Juju secret URI"));

/** Whether `value` is a Juju secret URI (the test of {@link SecretUri}, for code outside the models). */
export function isSecretUri(value: unknown): value is string {
  return typeof value === "string" && SECRET_URI.test(value);
}

/** A Juju secret URI; both the short and the long form are accepted. */
export function secretUri(): FieldSpec<string> {
  return {
    schema: SecretUri,
    wire: SCHEMA_DOCS ? { encoding: "Juju secret URI", pattern: SECRET_URI.source } : WIRE_FORM_LEFT_OUT,
    secret: false,
    decode: (raw, show) =>
      SECRET_URI.test(raw) ? ok(raw) : fail(`expected a Juju secret URI (secret:<id> or secret://<model-uuid>/<id>), got ${show(raw)}`),
    encode: (v) => v,
  };
}

/** One of a fixed set of strings (e.g. `entity-type`: USER or GROUP). */
export function oneOf<const V extends readonly [string, ...string[]]>(values: V): FieldSpec<V[number]> {
  const allowed: readonly string[] = values;
  return {
    schema: z.enum(values) as unknown as z.ZodMiniType<V[number]>,
    wire: SCHEMA_DOCS ? { encoding: "one of a fixed set of words", enum: values } : WIRE_FORM_LEFT_OUT,
    secret: false,
    decode: (raw, show) =>
      allowed.includes(raw) ? ok(raw as V[number]) : fail(`expected one of ${values.join(", ")}, got ${show(raw)}`),
    encode: (v) => v,
  };
}

// The strings parseBoolean reads, as a pattern for the schemas of the wire (empty in a charm bundle, schema-docs.ts).
const BOOLEAN_TEXT = SCHEMA_DOCS ? "^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$" : "";

function parseBoolean(raw: string): boolean | undefined {
  const lower = raw.toLowerCase();
  return lower === "true" ? true : lower === "false" ? false : undefined;
}

/** The literal a set flag is written as (`external-node-connectivity`, `subordinated`). */
export const FLAG_ON = "true";

/**
 * Whether a flag is on the way the Python library decides on it: the exact literal `true`
 * (data_interfaces compares `subordinated == "true"`, docs/protocol.md#value-encodings).
 */
export function flagIsOn(value: string | undefined): boolean {
  return value === FLAG_ON;
}

// The strings a flag reads as a value, as a pattern for the schemas of the wire.
const FLAG_TEXT = SCHEMA_DOCS ? "^(true|[Ff][Aa][Ll][Ss][Ee])$" : "";

/**
 * A flag written as the literal `true` and absent otherwise (`external-node-connectivity`,
 * `subordinated`). Reading follows data_interfaces, which compares with the exact literal
 * ({@link flagIsOn}): `true` is on, `false` in any case off; any other text is a problem,
 * `True` included (Python reads it as off). Writing `false` omits the key.
 */
export function flag(): FieldSpec<boolean> {
  return {
    schema: z.boolean(),
    wire: SCHEMA_DOCS ? { encoding: "flag (the word true; false in any case, or no key, means off)", pattern: FLAG_TEXT } : WIRE_FORM_LEFT_OUT,
    secret: false,
    decode: (raw, show) => {
      if (flagIsOn(raw)) return ok(true);
      const b = parseBoolean(raw);
      if (b === false) return ok(false);
      return fail(b === true ? `only the exact word "true" turns this flag on; data_interfaces reads ${show(raw)} as off` : `expected "true" or "false", got ${show(raw)}`);
    },
    encode: (v) => (v ? FLAG_ON : undefined),
  };
}

/** The `tls` field: `True`/`true`/`False`/`false` (docs/protocol.md#p-12); written lowercase like v1 providers. */
export function tlsFlag(opts: FieldOptions = {}): FieldSpec<boolean> {
  return {
    schema: z.boolean(),
    wire: SCHEMA_DOCS ? { encoding: "true or false in any case (Python providers write True/False)", pattern: BOOLEAN_TEXT } : WIRE_FORM_LEFT_OUT,
    secret: opts.secret ?? false,
    decode: (raw, show) => {
      const b = parseBoolean(raw);
      return b === undefined ? fail(`expected true or false (any case), got ${show(raw)}`) : ok(b);
    },
    encode: (v) => (v ? "true" : "false"),
  };
}

/**
 * A PEM CA chain (`tls-ca`): one or more X.509 certificates node's `X509Certificate` parses
 * (see pem_certificates.ts). A whitespace-only value is kept as is and means "no CA".
 */
export function pemCertificates(opts: FieldOptions = {}): FieldSpec<string> {
  return {
    schema: z.string(),
    wire: SCHEMA_DOCS ? { encoding: "PEM X.509 certificates" } : WIRE_FORM_LEFT_OUT,
    secret: opts.secret ?? false,
    decode: (raw) => {
      if (isBlankPem(raw)) return ok(raw);
      const parsed = parsePemCertificates(raw);
      return parsed.ok ? ok(raw) : fail(parsed.problem);
    },
    encode: (v) => v,
  };
}

/** A MongoDB connection string (mongodb_client / mongos_client `uris`), checked by {@link parseMongoUri}. */
export function mongoUri(opts: FieldOptions = {}): FieldSpec<string> {
  return {
    schema: z.string(),
    wire: SCHEMA_DOCS ? { encoding: "MongoDB connection string" } : WIRE_FORM_LEFT_OUT,
    secret: opts.secret ?? false,
    decode: (raw) => {
      const parsed = parseMongoUri(raw);
      return parsed.ok ? ok(raw) : fail(`not a MongoDB connection string: ${parsed.problem}`);
    },
    encode: (v) => v,
  };
}

// One or more comma-separated items, each with a non-blank character (items are trimmed).
const COMMA_LIST = SCHEMA_DOCS ? "^[^,]*[^,\\s][^,]*(,[^,]*[^,\\s][^,]*)*$" : "";

/** A comma-separated list without empty entries (roles, `prefix-databases`). */
export function commaList(opts: FieldOptions = {}): FieldSpec<string[]> {
  return {
    schema: z.array(z.string().check(z.minLength(1))),
    wire: SCHEMA_DOCS ? { encoding: "comma-separated list", pattern: COMMA_LIST } : WIRE_FORM_LEFT_OUT,
    secret: opts.secret ?? false,
    decode: (raw) => {
      const items = commaItems(raw);
      const empty = items.findIndex((s) => s === "");
      if (empty >= 0) return fail(`expected a comma-separated list, got an empty entry at position ${empty + 1}`);
      return ok(items);
    },
    encode: (v) => (v.length === 0 ? undefined : v.join(",")),
  };
}

/**
 * `host:port[,host:port…]` endpoints; `defaultPort` fills in items without a port (MongoDB),
 * `fileSockets` accepts `file://<path>` socket items (mysql_client, see endpoints.ts).
 */
export function endpointList(defaultPort?: number, fileSockets = false): FieldSpec<Endpoint[]> {
  return {
    schema: fileSockets ? z.array(Endpoint) : z.array(TcpEndpoint),
    wire: SCHEMA_DOCS ? { encoding: fileSockets ? "comma-separated host:port or file://<socket path> list" : "comma-separated host:port list" } : WIRE_FORM_LEFT_OUT,
    secret: false,
    decode: (raw) => {
      const parsed = parseEndpoints(raw, { defaultPort, fileSockets });
      return parsed.ok ? ok(parsed.value) : fail(parsed.problem);
    },
    encode: (v) => (v.length === 0 ? undefined : formatEndpoints(v)),
  };
}

/**
 * A JSON value inside the string. `fromWire` validates (and may reshape) the parsed JSON;
 * `toWire` turns the decoded value back into what is serialised.
 */
export function jsonText<T>(
  schema: z.ZodMiniType<T>,
  fromWire: z.ZodMiniType<T, unknown>,
  toWire: (value: T) => unknown,
  opts: FieldOptions = {},
): FieldSpec<T> {
  return {
    schema,
    wire: SCHEMA_DOCS ? { encoding: "JSON text", json: fromWire } : WIRE_FORM_LEFT_OUT,
    secret: opts.secret ?? false,
    decode: (raw) => {
      const parsed = parseJsonText(raw);
      if (parsed === undefined) return fail("expected JSON text, but it does not parse as JSON");
      const result = fromWire.safeParse(parsed.value, { reportInput: false });
      if (result.success) return ok(result.data);
      const issue = result.error.issues[0];
      const at = issue === undefined ? "" : formatPath(issue.path);
      return fail(issue === undefined ? "invalid JSON content" : issue.message, at === "" ? undefined : at);
    },
    encode: (v) => toPythonJson(toWire(v)),
  };
}

/** A JSON array of strings (`requested-secrets`, `provided-secrets`). */
export function jsonStringList(): FieldSpec<string[]> {
  const schema = z.array(z.string().check(z.minLength(1)));
  return jsonText(schema, schema, (v) => v);
}

/** Returns the same field with another wire key. */
export function withWireKey<T>(spec: FieldSpec<T>, wireKey: string): FieldSpec<T> {
  return { ...spec, wireKey };
}

/** Returns the same field marked secret-bearing. */
export function asSecret<T>(spec: FieldSpec<T>): FieldSpec<T> {
  return { ...spec, secret: true };
}

/** A comma-separated list written sorted (legacy pgsql `roles`, `extensions`). */
export function sortedCommaList(opts: FieldOptions = {}): FieldSpec<string[]> {
  const base = commaList(opts);
  return { ...base, encode: (v) => base.encode([...v].sort()) };
}

// 1 to 65535 in at most five digits (leading zeros allowed), what portNumber's decoder accepts.
const PORT_TEXT = SCHEMA_DOCS ? "^(0{0,4}[1-9]|0{0,3}[1-9][0-9]|0{0,2}[1-9][0-9]{2}|0?[1-9][0-9]{3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$" : "";

/** A TCP port number written as decimal text. */
export function portNumber(): FieldSpec<number> {
  return {
    schema: z.int().check(z.gte(1), z.lte(65535)),
    wire: SCHEMA_DOCS ? { encoding: "decimal port number", pattern: PORT_TEXT } : WIRE_FORM_LEFT_OUT,
    secret: false,
    decode: (raw, show) => {
      const n = /^[0-9]{1,5}$/.test(raw) ? Number(raw) : NaN;
      return n >= 1 && n <= 65535 ? ok(n) : fail(`expected a port number between 1 and 65535, got ${show(raw)}`);
    },
    encode: (v) => String(v),
  };
}

/** Newline-separated lines, blank lines dropped (legacy pgsql `standbys`). */
export function lineList(opts: FieldOptions = {}): FieldSpec<string[]> {
  return {
    schema: z.array(z.string().check(z.minLength(1))),
    wire: SCHEMA_DOCS ? { encoding: "newline-separated lines" } : WIRE_FORM_LEFT_OUT,
    secret: opts.secret ?? false,
    decode: (raw) => ok(raw.split("\n").map((s) => s.trim()).filter((s) => s !== "")),
    encode: (v) => (v.length === 0 ? undefined : v.join("\n")),
  };
}

/**
 * Returns the same field with a description (shown in the generated JSON schemas). The field
 * tables pass `SCHEMA_DOCS && "..."` (schema-docs.ts): `false` in a charm bundle, where the field
 * is returned as is.
 */
export function described<T>(spec: FieldSpec<T>, description: string | false): FieldSpec<T> {
  return description === false ? spec : { ...spec, schema: spec.schema.check(z.describe(description)) };
}

/** The description {@link described} gave a field, if any (zod keeps it in its global registry). */
export function descriptionOf(spec: Pick<FieldSpec<unknown>, "schema">): string | undefined {
  return z.globalRegistry.get(spec.schema)?.description;
}
