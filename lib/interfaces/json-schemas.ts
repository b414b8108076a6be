/**
 * Generates the JSON schemas in the top-level `interfaces/` folder from the zod models (J-01).
 * The schemas describe DECODED values under their wire (kebab-case) keys, wrapped like the
 * published charm-relation-interfaces schemas: `{ unit, app }`. Provider schemas describe the
 * resolved view (secret contents merged in), the requirer ones the request.
 */
import { z } from "zod";
import type { BagCodec } from "./database/bag-codec.js";
import { MongoDBResolvedProviderView, MongoDBProviderUnitDatabag } from "./mongodb_client/v0/provider.js";
import { MongoDBRequirerAppDatabag, MongoDBRequirerUnitDatabag } from "./mongodb_client/v0/requirer.js";
import { MongosProviderUnitDatabag, MongosResolvedProviderView } from "./mongos_client/v0/provider.js";
import { MongosRequirerAppDatabag, MongosRequirerUnitDatabag } from "./mongos_client/v0/requirer.js";
import { MySQLProviderUnitDatabag, MySQLResolvedProviderView } from "./mysql_client/v0/provider.js";
import { MySQLRequirerAppDatabag, MySQLRequirerUnitDatabag } from "./mysql_client/v0/requirer.js";
import { PostgreSQLProviderUnitDatabag, PostgreSQLResolvedProviderView } from "./postgresql_client/v0/provider.js";
import { PostgreSQLRequirerAppDatabag, PostgreSQLRequirerUnitDatabag } from "./postgresql_client/v0/requirer.js";

/** A JSON schema document as plain data. */
export type JsonSchema = { [keyword: string]: unknown };

/** One generated schema file: interface, side, and the codecs of its app and unit databags. */
export interface SchemaSource {
  /** Interface name, e.g. `postgresql_client`. */
  readonly iface: string;
  /** Which side's databags the schema describes. */
  readonly side: "requirer" | "provider";
  /** Codec of the app-level data (provider: the resolved view). */
  readonly app: BagCodec<unknown>;
  /** Codec of a unit databag. */
  readonly unit: BagCodec<unknown>;
}

/** Every schema file generated into `interfaces/<iface>/v0/<side>.json`. */
export const SCHEMA_SOURCES: readonly SchemaSource[] = [
  { iface: "postgresql_client", side: "requirer", app: PostgreSQLRequirerAppDatabag, unit: PostgreSQLRequirerUnitDatabag },
  { iface: "postgresql_client", side: "provider", app: PostgreSQLResolvedProviderView, unit: PostgreSQLProviderUnitDatabag },
  { iface: "mysql_client", side: "requirer", app: MySQLRequirerAppDatabag, unit: MySQLRequirerUnitDatabag },
  { iface: "mysql_client", side: "provider", app: MySQLResolvedProviderView, unit: MySQLProviderUnitDatabag },
  { iface: "mongodb_client", side: "requirer", app: MongoDBRequirerAppDatabag, unit: MongoDBRequirerUnitDatabag },
  { iface: "mongodb_client", side: "provider", app: MongoDBResolvedProviderView, unit: MongoDBProviderUnitDatabag },
  { iface: "mongos_client", side: "requirer", app: MongosRequirerAppDatabag, unit: MongosRequirerUnitDatabag },
  { iface: "mongos_client", side: "provider", app: MongosResolvedProviderView, unit: MongosProviderUnitDatabag },
];

/** Path of a generated schema relative to the repository root. */
export function schemaPath(source: SchemaSource): string {
  return `interfaces/${source.iface}/v0/${source.side}.json`;
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
    if (prop === "otherKeys") continue; // unknown keys are allowed instead (P-09)
    renamed[codec.wireKeyOf(prop)] = schema;
  }
  const defs: JsonSchema = {};
  for (const [name, def] of Object.entries((generated["$defs"] ?? {}) as Record<string, unknown>)) defs[`${defsPrefix}${name}`] = def;
  const out: JsonSchema = { title: codec.name, type: "object", properties: renamed };
  if (codec.required.length > 0) out["required"] = codec.required.map((p) => codec.wireKeyOf(p));
  out["additionalProperties"] = true;
  return { schema: out, defs };
}

/** The full schema document of one interface side: `{ unit, app }`, `app` required. */
export function interfaceJsonSchema(source: SchemaSource): JsonSchema {
  let unit = bagJsonSchema(source.unit);
  let app = bagJsonSchema(source.app);
  const clash = Object.keys(unit.defs).some((k) => k in app.defs && JSON.stringify(unit.defs[k]) !== JSON.stringify(app.defs[k]));
  if (clash) {
    unit = bagJsonSchema(source.unit, "unit");
    app = bagJsonSchema(source.app, "app");
  }
  const defs = { ...unit.defs, ...app.defs };
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: `${source.iface} v0 ${source.side}`,
    description: `Decoded ${source.side} databags of ${source.iface} v0, generated from lib/interfaces by lib/interfaces/json-schemas.ts.`,
    type: "object",
    ...(Object.keys(defs).length > 0 ? { $defs: defs } : {}),
    properties: { unit: unit.schema, app: app.schema },
    required: ["app"],
  };
}

/** The exact text of a generated schema file. */
export function renderSchemaFile(source: SchemaSource): string {
  return `${JSON.stringify(interfaceJsonSchema(source), null, 2)}\n`;
}
