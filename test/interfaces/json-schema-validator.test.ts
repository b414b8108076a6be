import { validateJsonSchema } from "./json-schema-validator.js";

// The validator is itself test code; these cases make sure it can reject what it must.
const schema = {
  $defs: { Item: { type: "object", properties: { n: { type: "integer", minimum: 1 } }, required: ["n"] } },
  type: "object",
  properties: {
    name: { type: "string", minLength: 1, pattern: "^[a-z]+$" },
    kind: { enum: ["USER", "GROUP"] },
    maybe: { anyOf: [{ type: "string" }, { type: "null" }] },
    items: { type: "array", items: { $ref: "#/$defs/Item" } },
  },
  required: ["name"],
  additionalProperties: false,
};

test.each([
  [{ name: "abc" }, 0],
  [{ name: "abc", kind: "USER", maybe: null, items: [{ n: 2 }] }, 0],
  [{}, 1],
  [{ name: 3 }, 1],
  [{ name: "ABC" }, 1],
  [{ name: "" }, 2],
  [{ name: "a", kind: "ROLE" }, 1],
  [{ name: "a", maybe: 5 }, 1],
  [{ name: "a", items: [{ n: 0 }] }, 1],
  [{ name: "a", items: [{}] }, 1],
  [{ name: "a", extra: 1 }, 1],
])("validate %j → %i violations", (value, count) => {
  expect(validateJsonSchema(schema, value)).toHaveLength(count);
});

describe("contentSchema: an annotation unless checkContent is set", () => {
  const jsonList = { type: "string", contentMediaType: "application/json", contentSchema: { type: "array", items: { type: "string" } } };
  test.each([
    ['["a"]', false, 0],
    ['["a", 1]', false, 0],
    ['["a"]', true, 0],
    ['["a", 1]', true, 1],
    ["not json", true, 1],
    ['{"a": 1}', true, 1],
  ])("%s with checkContent=%s → %i violations", (value, checkContent, count) => {
    expect(validateJsonSchema(jsonList, value, { checkContent })).toHaveLength(count);
  });
});
