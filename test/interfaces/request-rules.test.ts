// The one copy of the request rules: wire rules for any peer's bag, strict rules for what the engine writes.
import { requestProblems, requestRuleBreaks } from "../../lib/interfaces/index.js";

describe("request rules, wire and strict", () => {
  const permissions = [{ resource_name: "t", resource_type: "TABLE", privileges: ["SELECT"] }];
  test.each<[string, Parameters<typeof requestRuleBreaks>[0], string[]]>([
    ["space in the name", { database: "my db" }, ["database-with-separator"]],
    ["prefix-matching on a plain name", { database: "db", prefixMatching: "all" }, ["prefix-matching-without-prefix"]],
    ["prefix-matching without a database", { prefixMatching: "all" }, ["prefix-matching-without-prefix"]],
    ["empty prefix-matching", { database: "abc*", prefixMatching: "" }, ["prefix-matching-empty"]],
    ["permissions without entity-type", { database: "db", entityPermissions: permissions }, ["permissions-without-entity"]],
  ])("%s: only a strict check reports it", (_name, request, rules) => {
    expect(requestRuleBreaks(request, { strict: true }).map((b) => b.rule)).toEqual(rules);
    expect(requestRuleBreaks(request)).toEqual([]);
    expect(requestProblems(request)).toEqual([]);
  });

  test("wire rules are reported by both checks, database rules first", () => {
    const request = { database: "ab*", entityType: "USER" as const, extraGroupRoles: ["r"] };
    const rules = ["prefix-too-short", "user-entity-with-group-roles"];
    expect(requestRuleBreaks(request).map((b) => b.rule)).toEqual(rules);
    expect(requestRuleBreaks(request, { strict: true }).map((b) => b.rule)).toEqual(rules);
    expect(requestProblems(request).map((p) => p.field)).toEqual(["database", "extra-group-roles"]);
  });

  test("the validator's problems carry no rule name (its output is unchanged)", () => {
    expect(requestProblems({ database: "a*b" })).toEqual([{ field: "database", problem: "a prefix request may only have * as its last character" }]);
  });
});
