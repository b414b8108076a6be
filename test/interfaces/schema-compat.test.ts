// The field-by-field comparison is itself test code; these cases show what it reports.
import { comparePart } from "./schema-compat.js";

const published = {
  $defs: {
    Data: {
      type: "object",
      properties: {
        name: { type: "string" },
        kind: { anyOf: [{ type: "string", enum: ["A", "B"] }, { type: "null" }] },
        code: { anyOf: [{ type: "string", pattern: "^[0-9]+$" }, { type: "null" }] },
        list: { type: "array", items: { type: "string" } },
      },
      required: ["name", "list"],
    },
  },
  properties: { app: { $ref: "#/$defs/Data" } },
};
const wireList = { type: "string", contentMediaType: "application/json", contentSchema: { type: "array", items: { type: "string" } } };
const doc = (props: Record<string, unknown>, required: string[] = ["name"]) => ({ properties: { app: { type: "object", properties: props, required } } });
const good = { name: { type: "string" }, kind: { type: "string", enum: ["A"] }, code: { type: "string", pattern: "^[0-9]+$" }, list: wireList };

test("a compatible wire schema: only the JSON-in-string list is reported, as a lift", () => {
  expect(comparePart(doc(good), published, "app")).toEqual({
    missing: [],
    incompatible: [],
    jsonLifted: ["list"],
    requiredOnlyInOurs: [],
    requiredOnlyInPublished: ["list"],
  });
});

test.each([
  ["a decoded type where the published one is a string", { name: { type: "array", items: { type: "string" } } }, "app/name"],
  ["an enum wider than the published one", { kind: { type: "string", enum: ["A", "C"] } }, "app/kind"],
  ["no enum where the published one states one", { kind: { type: "string" } }, "app/kind"],
  ["another pattern", { code: { type: "string", pattern: "^[0-9]*$" } }, "app/code"],
  ["a plain string for a published array", { list: { type: "string" } }, "app/list"],
  ["JSON content of the wrong type", { list: { ...wireList, contentSchema: { type: "array", items: { type: "integer" } } } }, "app/list(content)/items"],
])("reports %s", (_what, change, path) => {
  expect(comparePart(doc({ ...good, ...change }), published, "app").incompatible.map((i) => i.path)).toEqual([path]);
});

test("reports missing properties and required-ness in both directions", () => {
  const { name: _n, ...withoutName } = good;
  const result = comparePart(doc(withoutName, ["code"]), published, "app");
  expect(result.missing).toEqual(["name"]);
  expect(result.requiredOnlyInOurs).toEqual(["code"]);
  expect(result.requiredOnlyInPublished).toEqual(["list", "name"]);
});
