// The request rules live once, in lib/interfaces (request-rules.ts); the requirer words each broken
// rule in terms of the charm's options. These pin that wording, option by option.
import { validateRequestOptions, type RequestOptions } from "../../lib/requires/options.js";
import { RequestConfigError } from "../../lib/requires/errors.js";

function refusal(options: Partial<RequestOptions>): RequestConfigError {
  try {
    validateRequestOptions({ relationName: "database", ...options });
  } catch (e) {
    if (e instanceof RequestConfigError) return e;
    throw e;
  }
  throw new Error("accepted");
}

describe("each request rule is refused with its option's message", () => {
  test.each<[string, Partial<RequestOptions>, string, string]>([
    ["database with a space", { database: "my db" }, "database", "must not contain spaces or commas"],
    ["database with a comma", { database: "a,b" }, "database", "must not contain spaces or commas"],
    ["star in the middle", { database: "ab*cd" }, "database", 'a "*" is only allowed at the end (prefix request)'],
    ["two stars, one at the end", { database: "abc**" }, "database", 'a prefix request has exactly one "*", at the end'],
    ["short prefix given as database", { database: "ab*" }, "database", "a prefix needs at least 3 characters before the *"],
    ["short prefix given as prefix", { prefix: "ab" }, "prefix", "a prefix needs at least 3 characters before the *"],
    ["prefix matching with nothing requested", { prefixMatching: "all" }, "prefixMatching", "needs a prefix request"],
    ["prefix matching on a plain name", { database: "db", prefixMatching: "all" }, "prefixMatching", 'needs a prefix request (database ending in "*")'],
    ["empty prefix matching", { prefix: "abc", prefixMatching: " " }, "prefixMatching", "must not be empty"],
    ["USER entity with group roles", { database: "db", entityType: "USER", extraGroupRoles: "r" }, "extraGroupRoles", "a USER entity takes extraUserRoles; use extra user roles instead"],
    ["GROUP entity with user roles", { database: "db", entityType: "GROUP", extraUserRoles: ["r"] }, "extraUserRoles", "a GROUP entity takes extraGroupRoles; use extra group roles instead"],
    [
      "permissions without an entity",
      { database: "db", entityPermissions: [{ resource_name: "t", resource_type: "TABLE", privileges: ["SELECT"] }] },
      "entityPermissions",
      "only applies to an entity request; set entityType",
    ],
  ])("%s", (_name, options, option, message) => {
    const e = refusal(options);
    expect(e.option).toBe(option);
    expect(e.message).toContain(message);
  });

  test("the first broken rule wins in the old order: database before entity roles, entity roles before permissions", () => {
    expect(refusal({ database: "ab*", entityType: "USER", extraGroupRoles: "r" }).option).toBe("database");
    expect(refusal({ database: "db", entityType: "USER", extraGroupRoles: "r", entityPermissions: "{nope" }).option).toBe("extraGroupRoles");
  });

  test("a consistent request passes every rule, with the prefix strategy defaulting to all", () => {
    const spec = validateRequestOptions({ relationName: "database", prefix: "abc", entityType: "GROUP", extraGroupRoles: "g" });
    expect(spec.database).toBe("abc*");
    expect(spec.prefixMatching).toBe("all");
    expect(validateRequestOptions({ relationName: "database", database: "db" }).prefixMatching).toBeUndefined();
  });
});
