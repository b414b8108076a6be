import { parseConnectionFacts } from "../../lib/engines/connection-facts.js";
import { ConnectionFactsError } from "../../lib/engines/engine-errors.js";
import { pgFacts } from "./facts-fixtures.js";

describe("parseConnectionFacts", () => {
  test("accepts a complete provider answer unchanged", () => {
    expect(parseConnectionFacts(pgFacts)).toEqual(pgFacts);
  });

  test("accepts endpoints without a port (older MongoDB providers)", () => {
    expect(parseConnectionFacts({ ...pgFacts, endpoints: [{ host: "10.0.0.1" }] }).endpoints).toEqual([{ host: "10.0.0.1" }]);
  });

  test.each([
    [{ ...pgFacts, endpoints: [{ host: "h", port: 0 }] }, "endpoints.0.port"],
    [{ ...pgFacts, endpoints: [{ host: "", port: 5432 }] }, "endpoints.0.host"],
    [{ ...pgFacts, username: "" }, "username"],
    [{ ...pgFacts, side: "replica" }, "side"],
  ])("rejects bad input naming the field (%#)", (input, field) => {
    expect(() => parseConnectionFacts(input)).toThrow(ConnectionFactsError);
    try {
      parseConnectionFacts(input);
    } catch (error) {
      expect((error as ConnectionFactsError).field).toBe(field);
      expect((error as Error).message).toContain(`"${field}"`);
    }
  });

  test("never echoes a secret field's value", () => {
    const input = { ...pgFacts, password: 12345678 };
    expect(() => parseConnectionFacts(input)).toThrow(/field "password": invalid value <redacted>/);
    const withUri = { ...pgFacts, uris: ["postgresql://u:SuperSecret@h/db"] };
    expect(() => parseConnectionFacts(withUri)).toThrow(ConnectionFactsError);
    try {
      parseConnectionFacts(withUri);
    } catch (error) {
      expect((error as Error).message).not.toContain("SuperSecret");
    }
  });
});
