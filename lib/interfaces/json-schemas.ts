/**
 * Generates the JSON schemas in the top-level `interfaces/` folder from the field tables, two per
 * interface side, both wrapped like the published charm-relation-interfaces schemas (`{ unit, app }`):
 *
 * - `<side>.json`, the databags **as they travel**: every value is a string (Juju databags hold
 *   nothing else), described by the field's {@link WireForm} (pattern, enum, or the JSON inside the
 *   string as `contentSchema`). A real databag validates against it as is; it is the one to compare
 *   with the published schemas.
 * - `<side>.decoded.json`, the values {@link BagCodec.decode} returns, under the same wire keys:
 *   lists are arrays, flags booleans, endpoints objects. Provider: the resolved view.
 */
import * as z from "zod/mini";
import "../zod-english.js";
import type { BagCodec } from "./database/bag-codec.js";
import { descriptionOf, type FieldSpec } from "./database/field-codecs.js";
import { MongoDBProviderAppDatabag, MongoDBProviderUnitDatabag, MongoDBResolvedProviderView } from "./mongodb_client/v0/provider.js";
import { MongoDBRequirerAppDatabag, MongoDBRequirerUnitDatabag } from "./mongodb_client/v0/requirer.js";
import { MongosProviderAppDatabag, MongosProviderUnitDatabag, MongosResolvedProviderView } from "./mongos_client/v0/provider.js";
import { MongosRequirerAppDatabag, MongosRequirerUnitDatabag } from "./mongos_client/v0/requirer.js";
import { MySQLProviderAppDatabag, MySQLProviderUnitDatabag, MySQLResolvedProviderView } from "./mysql_client/v0/provider.js";
import { MySQLRequirerAppDatabag, MySQLRequirerUnitDatabag } from "./mysql_client/v0/requirer.js";
import { PostgreSQLProviderAppDatabag, PostgreSQLProviderUnitDatabag, PostgreSQLResolvedProviderView } from "./postgresql_client/v0/provider.js";
import { PostgreSQLRequirerAppDatabag, PostgreSQLRequirerUnitDatabag } from "./postgresql_client/v0/requirer.js";

/** A JSON schema document as plain data. */
export type JsonSchema = { [keyword: string]: unknown };

/** Which of the two generated schemas: the databag as it travels, or the decoded value. */
export type SchemaForm = "wire" | "decoded";

/** One interface side: the codecs its two generated schema files are made from. */
export interface SchemaSource {
  /** Interface name, e.g. `postgresql_client`. */
  readonly iface: string;
  /** Which side's databags the schemas describe. */
  readonly side: "requirer" | "provider";
  /** Codec of the app databag as written (provider: with `secret-*` URIs and the plaintext fallback). */
  readonly app: BagCodec<unknown>;
  /** Codec of a unit databag. */
  readonly unit: BagCodec<unknown>;
  /** Codec whose decoded value the decoded schema's `app` describes (provider: the resolved view); default `app`. */
  readonly decodedApp?: BagCodec<unknown>;
}

/** Every interface side whose schemas are generated into `interfaces/<iface>/v0/`. */
export const SCHEMA_SOURCES: readonly SchemaSource[] = [
  { iface: "postgresql_client", side: "requirer", app: PostgreSQLRequirerAppDatabag, unit: PostgreSQLRequirerUnitDatabag },
  { iface: "postgresql_client", side: "provider", app: PostgreSQLProviderAppDatabag, unit: PostgreSQLProviderUnitDatabag, decodedApp: PostgreSQLResolvedProviderView },
  { iface: "mysql_client", side: "requirer", app: MySQLRequirerAppDatabag, unit: MySQLRequirerUnitDatabag },
  { iface: "mysql_client", side: "provider", app: MySQLProviderAppDatabag, unit: MySQLProviderUnitDatabag, decodedApp: MySQLResolvedProviderView },
  { iface: "mongodb_client", side: "requirer", app: MongoDBRequirerAppDatabag, unit: MongoDBRequirerUnitDatabag },
  { iface: "mongodb_client", side: "provider", app: MongoDBProviderAppDatabag, unit: MongoDBProviderUnitDatabag, decodedApp: MongoDBResolvedProviderView },
  { iface: "mongos_client", side: "requirer", app: MongosRequirerAppDatabag, unit: MongosRequirerUnitDatabag },
  { iface: "mongos_client", side: "provider", app: MongosProviderAppDatabag, unit: MongosProviderUnitDatabag, decodedApp: MongosResolvedProviderView },
];

/** Path of a generated schema relative to the repository root. */
export function schemaPath(source: SchemaSource, form: SchemaForm = "wire"): string {
  return `interfaces/${source.iface}/v0/${source.side}${form === "decoded" ? ".decoded" : ""}.json`;
}

/** Rewrites every `#/$defs/<name>` reference to `#/$defs/<prefix><name>`. */
function prefixRefs(value: unknown, prefix: string): unknown {
  if (Array.isArray(value)) return value.map((v: unknown) => prefixRefs(v, prefix));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = k === "$ref" && typeof v === "string" ? v.replace("#/$defs/", `#/$defs/${prefix}`) : prefixRefs(v, prefix);
  }
  return out;
}

/** Collects shared definitions for the document root; the same name must mean the same schema. */
class Definitions {
  readonly all: Record<string, unknown> = {};

  add(defs: Record<string, unknown>): void {
    for (const [name, def] of Object.entries(defs)) {
      const known = this.all[name];
      if (known !== undefined && JSON.stringify(known) !== JSON.stringify(def)) throw new Error(`two different schemas are both named ${name}`);
      this.all[name] = def;
    }
  }
}

/** A zod model as a schema fragment; its `$defs` go to the document root. */
function zodFragment(model: z.ZodMiniType, io: "input" | "output", defs: Definitions): JsonSchema {
  const { $schema: _dialect, $defs, ...rest } = z.toJSONSchema(model, { io, unrepresentable: "any" }) as JsonSchema;
  if ($defs !== undefined) defs.add($defs as Record<string, unknown>);
  return rest;
}

/** The schema of one field's databag string. */
function wireFieldSchema(spec: FieldSpec<unknown>, defs: Definitions): JsonSchema {
  const out: JsonSchema = { type: "string" };
  const { wire } = spec;
  if (wire.enum !== undefined) out["enum"] = [...wire.enum];
  if (wire.pattern !== undefined) out["pattern"] = wire.pattern;
  if (wire.json !== undefined) {
    out["contentMediaType"] = "application/json";
    out["contentSchema"] = zodFragment(wire.json, "input", defs);
  }
  const meaning = descriptionOf(spec);
  out["description"] = `${meaning === undefined ? "" : `${meaning} `}Encoding: ${wire.encoding}.`;
  return out;
}

function wireBag(codec: BagCodec<unknown>, defs: Definitions): JsonSchema {
  const properties: Record<string, unknown> = {};
  for (const [prop, spec] of Object.entries(codec.fields)) properties[codec.wireKeyOf(prop)] = wireFieldSchema(spec, defs);
  const out: JsonSchema = { title: codec.name, type: "object", properties };
  if (codec.required.length > 0) out["required"] = codec.required.map((p) => codec.wireKeyOf(p));
  // Unknown keys are kept, not refused (docs/protocol.md#p-09); whatever they are, Juju only stores strings.
  out["additionalProperties"] = { type: "string" };
  return out;
}

/**
 * JSON schema of one databag as it travels: every modelled key is a string in its encoding.
 * Definitions used by `contentSchema` are returned separately for the document root.
 */
export function wireBagJsonSchema(codec: BagCodec<unknown>): {
  /** The databag's schema, with references into `defs`. */
  schema: JsonSchema;
  /** The shared definitions it references. */
  defs: JsonSchema;
} {
  const defs = new Definitions();
  const schema = wireBag(codec, defs);
  return { schema, defs: defs.all };
}

/**
 * JSON schema of one decoded databag, with properties renamed to their wire keys. Shared
 * definitions are returned separately (names prefixed) so they can live at the document root.
 */
export function bagJsonSchema(
  codec: BagCodec<unknown>,
  defsPrefix = "",
): {
  /** The databag's schema, with references into `defs`. */
  schema: JsonSchema;
  /** The shared definitions it references. */
  defs: JsonSchema;
} {
  const generated = prefixRefs(z.toJSONSchema(codec.model, { io: "output", unrepresentable: "any" }), defsPrefix) as JsonSchema;
  const properties = (generated["properties"] ?? {}) as Record<string, unknown>;
  const renamed: Record<string, unknown> = {};
  for (const [prop, schema] of Object.entries(properties)) {
    if (prop === "otherKeys") continue; // unknown keys are allowed instead (docs/protocol.md#p-09)
    renamed[codec.wireKeyOf(prop)] = schema;
  }
  const defs: JsonSchema = {};
  for (const [name, def] of Object.entries((generated["$defs"] ?? {}) as Record<string, unknown>)) defs[`${defsPrefix}${name}`] = def;
  const out: JsonSchema = { title: codec.name, type: "object", properties: renamed };
  if (codec.required.length > 0) out["required"] = codec.required.map((p) => codec.wireKeyOf(p));
  out["additionalProperties"] = true;
  return { schema: out, defs };
}

function fileName(source: SchemaSource, form: SchemaForm): string {
  return schemaPath(source, form).split("/").pop() ?? "";
}

/** The schema of one interface side's databags as they travel: `{ unit, app }`, `app` required. */
export function interfaceJsonSchema(source: SchemaSource): JsonSchema {
  const defs = new Definitions();
  const unit = wireBag(source.unit, defs);
  const app = wireBag(source.app, defs);
  const provider = source.side === "provider"
    ? " The provider app databag carries secret-* URIs, or (Juju < 3.0.3) the credentials in plaintext; the view resolved with the secret contents uses the same keys and encodings."
    : "";
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: `${source.iface} v0 ${source.side}`,
    description:
      `The ${source.side} databags of ${source.iface} v0 as they travel: every value is a string, JSON-in-string values are described by contentSchema.${provider}` +
      ` Decoded values: ${fileName(source, "decoded")}. Generated from lib/interfaces by lib/interfaces/json-schemas.ts.`,
    type: "object",
    ...(Object.keys(defs.all).length > 0 ? { $defs: defs.all } : {}),
    properties: { unit, app },
    required: ["app"],
  };
}

/** The schema of the values the codecs decode, under wire keys: `{ unit, app }`, `app` required. */
export function decodedInterfaceJsonSchema(source: SchemaSource): JsonSchema {
  const appCodec = source.decodedApp ?? source.app;
  let unit = bagJsonSchema(source.unit);
  let app = bagJsonSchema(appCodec);
  const clash = Object.keys(unit.defs).some((k) => k in app.defs && JSON.stringify(unit.defs[k]) !== JSON.stringify(app.defs[k]));
  if (clash) {
    unit = bagJsonSchema(source.unit, "unit");
    app = bagJsonSchema(appCodec, "app");
  }
  const defs = { ...unit.defs, ...app.defs };
  const what = source.side === "provider" ? "the resolved view (app databag without secret-*, merged with the secret contents) and the unit databag" : "the databags";
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: `${source.iface} v0 ${source.side}, decoded`,
    description:
      `Decoded ${source.side} values of ${source.iface} v0: ${what} as lib/interfaces decodes them, under their wire keys. Not the databag itself: that is ${fileName(source, "wire")}.` +
      " Generated from lib/interfaces by lib/interfaces/json-schemas.ts.",
    type: "object",
    ...(Object.keys(defs).length > 0 ? { $defs: defs } : {}),
    properties: { unit: unit.schema, app: app.schema },
    required: ["app"],
  };
}

/** The exact text of a generated schema file. */
export function renderSchemaFile(source: SchemaSource, form: SchemaForm = "wire"): string {
  const doc = form === "wire" ? interfaceJsonSchema(source) : decodedInterfaceJsonSchema(source);
  return `${JSON.stringify(doc, null, 2)}\n`;
}
