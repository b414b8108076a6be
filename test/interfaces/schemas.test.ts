/**
 * The checked-in JSON schemas in interfaces/ are generated from the models. This test fails
 * when they drift; regenerate with:
 *   UPDATE_SCHEMAS=1 npx jest test/interfaces/schemas
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import * as path from "node:path";
import { SCHEMA_SOURCES, interfaceJsonSchema, renderSchemaFile, schemaPath } from "../../lib/interfaces/index.js";
import { describeWithPublishedSchemas, loadPublished, PUBLISHED_INTERFACES, REPO_ROOT } from "./published-schemas.js";

const update = process.env["UPDATE_SCHEMAS"] === "1";

describe("generated schemas are checked in and up to date", () => {
  test.each(SCHEMA_SOURCES.map((s) => [schemaPath(s), s] as const))("%s", (file, source) => {
    const full = path.join(REPO_ROOT, file);
    const expected = renderSchemaFile(source);
    if (update) {
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, expected);
    }
    expect(existsSync(full)).toBe(true);
    // On failure: run `UPDATE_SCHEMAS=1 npx jest test/interfaces/schemas` and commit the result.
    expect(readFileSync(full, "utf8")).toBe(expected);
  });
});

type Doc = { properties: Record<string, { properties?: Record<string, unknown>; required?: string[]; $ref?: string }>; $defs?: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };

/** The schema object of `part` (app/unit), following one `$ref` into `$defs`. */
function part(doc: unknown, name: "app" | "unit"): { props: string[]; required: string[] } {
  const d = doc as Doc;
  let node = d.properties[name] as { properties?: Record<string, unknown>; required?: string[]; $ref?: string; anyOf?: { $ref?: string }[] };
  const ref = node.$ref ?? node.anyOf?.find((a) => a.$ref !== undefined)?.$ref;
  if (ref !== undefined) node = d.$defs?.[ref.replace("#/$defs/", "")] ?? {};
  return { props: Object.keys(node.properties ?? {}).sort(), required: [...(node.required ?? [])].sort() };
}

// Deliberate differences from the published schemas, each explained in the interface README.
const REQUIRED_ONLY_IN_PUBLISHED: Record<string, Record<"requirer" | "provider", string[]>> = {
  // requested-secrets is absent on Juju < 3.0.3 (§1.3.4); username/password/endpoints arrive
  // one hook apart or not at all for entity requests (§1.4.1), so the model cannot require them.
  postgresql_client: { requirer: ["requested-secrets"], provider: ["database", "endpoints", "password", "username"] },
  mysql_client: { requirer: ["requested-secrets"], provider: ["database", "endpoints", "password", "username"] },
  mongodb_client: { requirer: ["requested-secrets"], provider: ["database", "endpoints", "password", "username"] },
};
// `state` is a unit-level key (§1.10); the published PostgreSQL schema lists it at app level.
const APP_PROPERTIES_WE_KEEP_IN_UNIT: Record<string, string[]> = { postgresql_client: ["state"] };

describeWithPublishedSchemas("generated schemas compared with the published ones", () => {
  const cases = PUBLISHED_INTERFACES.flatMap((iface) => (["requirer", "provider"] as const).map((side) => [iface, side] as const));

  test.each(cases)("%s %s: every published app property exists in ours", (iface, side) => {
    const source = SCHEMA_SOURCES.find((s) => s.iface === iface && s.side === side);
    if (source === undefined) throw new Error("missing source");
    const ours = interfaceJsonSchema(source);
    const published = part(loadPublished(iface, side), "app");
    const mine = part(ours, "app");
    const missing = published.props.filter((p) => !mine.props.includes(p));
    const expectedMissing = side === "provider" ? (APP_PROPERTIES_WE_KEEP_IN_UNIT[iface] ?? []) : [];
    expect(missing).toEqual(expectedMissing);
    for (const p of expectedMissing) expect(part(ours, "unit").props).toContain(p);
  });

  test.each(cases)("%s %s: required fields match, except the documented relaxations", (iface, side) => {
    const source = SCHEMA_SOURCES.find((s) => s.iface === iface && s.side === side);
    if (source === undefined) throw new Error("missing source");
    const published = part(loadPublished(iface, side), "app");
    const mine = part(interfaceJsonSchema(source), "app");
    expect(mine.required.filter((r) => !published.required.includes(r))).toEqual([]);
    expect(published.required.filter((r) => !mine.required.includes(r))).toEqual(REQUIRED_ONLY_IN_PUBLISHED[iface]?.[side]);
  });
});
