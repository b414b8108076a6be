/**
 * The checked-in JSON schemas in interfaces/ are generated from the models: `<side>.json` describes
 * the databags as they travel, `<side>.decoded.json` the decoded values. This test fails when
 * they drift; regenerate with:
 *   UPDATE_SCHEMAS=1 npx jest test/interfaces/schemas
 * and compares the wire schemas field by field with the published ones (types, required-ness,
 * enums and patterns), which are read from ../shared/reference/schemas and never copied here.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { SCHEMA_SOURCES, decodedInterfaceJsonSchema, interfaceJsonSchema, renderSchemaFile, schemaPath, type SchemaForm } from "../../lib/interfaces/index.js";
import { describeWithPublishedSchemas, loadPublished, PUBLISHED_INTERFACES, REPO_ROOT } from "./published-schemas.js";
import { comparePart } from "./schema-compat.js";

const update = process.env["UPDATE_SCHEMAS"] === "1";
const FORMS: readonly SchemaForm[] = ["wire", "decoded"];

describe("generated schemas are checked in and up to date", () => {
  test.each(SCHEMA_SOURCES.flatMap((s) => FORMS.map((form) => [schemaPath(s, form), s, form] as const)))("%s", (file, source, form) => {
    const full = path.join(REPO_ROOT, file);
    const expected = renderSchemaFile(source, form);
    if (update) {
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, expected);
    }
    expect(existsSync(full)).toBe(true);
    // On failure: run `UPDATE_SCHEMAS=1 npx jest test/interfaces/schemas` and commit the result.
    expect(readFileSync(full, "utf8")).toBe(expected);
  });

  test("no stray schema files: every .json under interfaces/ is generated", () => {
    const generated = new Set(SCHEMA_SOURCES.flatMap((s) => FORMS.map((form) => schemaPath(s, form))));
    const onDisk = SCHEMA_SOURCES.map((s) => `interfaces/${s.iface}/v0`)
      .filter((dir, i, all) => all.indexOf(dir) === i)
      .flatMap((dir) => readdirJson(path.join(REPO_ROOT, dir)).map((f) => `${dir}/${f}`));
    expect(onDisk.filter((f) => !generated.has(f))).toEqual([]);
  });
});

function readdirJson(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(".json"));
}

describe("the wire schemas describe strings only", () => {
  // Juju databags hold nothing but strings: every modelled key, and every unknown one.
  test.each(SCHEMA_SOURCES.map((s) => [schemaPath(s), s] as const))("%s", (_file, source) => {
    const doc = interfaceJsonSchema(source) as { properties: Record<string, { properties: Record<string, { type?: unknown }>; additionalProperties: unknown }> };
    for (const part of ["app", "unit"]) {
      const bag = doc.properties[part];
      if (bag === undefined) throw new Error(`no ${part}`);
      const notStrings = Object.entries(bag.properties).filter(([, p]) => p.type !== "string").map(([k]) => k);
      expect(notStrings).toEqual([]);
      expect(bag.additionalProperties).toEqual({ type: "string" });
    }
  });
});

// Deliberate differences from the published schemas, each explained in the interface README.
const REQUIRED_ONLY_IN_PUBLISHED: Record<string, Record<"requirer" | "provider", string[]>> = {
  // requested-secrets is absent on Juju < 3.0.3 (docs/protocol.md#v0-request); username/password/endpoints arrive
  // one hook apart or not at all for entity requests (docs/protocol.md#v0-answer), so the model cannot require them.
  postgresql_client: { requirer: ["requested-secrets"], provider: ["database", "endpoints", "password", "username"] },
  mysql_client: { requirer: ["requested-secrets"], provider: ["database", "endpoints", "password", "username"] },
  mongodb_client: { requirer: ["requested-secrets"], provider: ["database", "endpoints", "password", "username"] },
};
// `state` is a unit-level key (docs/protocol.md#subordinated-providers); the published PostgreSQL schema lists it at app level.
const APP_PROPERTIES_WE_KEEP_IN_UNIT: Record<string, string[]> = { postgresql_client: ["state"] };
// The published requirer schemas type requested-secrets as the JSON-decoded array (J-01); on the
// wire, and in ours, it is a string holding that array.
const JSON_LIFTED: Record<"requirer" | "provider", string[]> = { requirer: ["requested-secrets"], provider: [] };

describeWithPublishedSchemas("generated wire schemas compared field by field with the published ones", () => {
  const cases = PUBLISHED_INTERFACES.flatMap((iface) => (["requirer", "provider"] as const).map((side) => [iface, side] as const));
  const ours = (iface: string, side: string) => {
    const source = SCHEMA_SOURCES.find((s) => s.iface === iface && s.side === side);
    if (source === undefined) throw new Error("missing source");
    return interfaceJsonSchema(source);
  };

  test.each(cases)("%s %s app: every published property exists with a compatible type, enum and pattern", (iface, side) => {
    const app = comparePart(ours(iface, side), loadPublished(iface, side), "app");
    expect(app.incompatible).toEqual([]);
    expect(app.missing).toEqual(side === "provider" ? (APP_PROPERTIES_WE_KEEP_IN_UNIT[iface] ?? []) : []);
    expect(app.jsonLifted).toEqual(JSON_LIFTED[side]);
  });

  test.each(cases)("%s %s: app properties kept in the unit databag are compatible there", (iface, side) => {
    const kept = side === "provider" ? (APP_PROPERTIES_WE_KEEP_IN_UNIT[iface] ?? []) : [];
    const published = loadPublished(iface, side) as { $defs: Record<string, { properties: Record<string, unknown> }>; properties: { app: { $ref: string } } };
    const appDef = published.$defs[published.properties.app.$ref.replace("#/$defs/", "")];
    if (appDef === undefined) throw new Error("published app definition not found");
    // Re-home the kept properties into a published unit part and compare that with our unit part.
    const asUnit = { ...published, properties: { ...published.properties, unit: { type: "object", properties: Object.fromEntries(kept.map((k) => [k, appDef.properties[k]])) } } };
    const unit = comparePart(ours(iface, side), asUnit, "unit");
    expect(unit.missing).toEqual([]);
    expect(unit.incompatible).toEqual([]);
  });

  test.each(cases)("%s %s unit: compatible with the published unit part", (iface, side) => {
    const unit = comparePart(ours(iface, side), loadPublished(iface, side), "unit");
    expect(unit).toEqual({ missing: [], incompatible: [], jsonLifted: [], requiredOnlyInOurs: [], requiredOnlyInPublished: [] });
  });

  // Issue 16, item 5: the schema published as requirer.json used to be the decoded one.
  test("issue 16 item 5: the decoded-typed schema (formerly requirer.json) disagrees with the published types", () => {
    const source = SCHEMA_SOURCES.find((s) => s.iface === "postgresql_client" && s.side === "requirer");
    if (source === undefined) throw new Error("missing source");
    const app = comparePart(decodedInterfaceJsonSchema(source), loadPublished("postgresql_client", "requirer"), "app");
    expect(app.incompatible.map((i) => `${i.path}: ${i.problem}`)).toEqual([
      "app/external-node-connectivity: published type string, ours boolean",
      "app/extra-user-roles: published type string, ours array",
      "app/extra-group-roles: published type string, ours array",
      "app/entity-permissions: published type string, ours array",
    ]);
  });

  test.each(cases)("%s %s: required fields match, except the documented relaxations", (iface, side) => {
    const app = comparePart(ours(iface, side), loadPublished(iface, side), "app");
    expect(app.requiredOnlyInOurs).toEqual([]);
    expect(app.requiredOnlyInPublished).toEqual(REQUIRED_ONLY_IN_PUBLISHED[iface]?.[side]);
  });
});
