// docs/value-limits.md is the table of lib/interfaces/database/value-limits.ts: this keeps them equal,
// and checks the policy's edges (issue 14 defect 5: one documented cap policy for every key).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PgsqlProviderDatabag, PostgreSQLResolvedProviderView, VALUE_CLASS_OF_KEY, VALUE_LIMITS, valueClassOf, valueLimitProblem } from "../../lib/interfaces/index.js";

const doc = readFileSync(join(__dirname, "..", "..", "docs", "value-limits.md"), "utf8");

/** Rows of the markdown table whose header starts with `first`. */
function tableRows(first: string): string[][] {
  const lines = doc.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`| ${first} |`));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(line.split("|").slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

test("issue 14 defect 5: docs/value-limits.md lists every key with the class the code gives it, and nothing else", () => {
  const documented = tableRows("Key").filter(([key]) => key !== "any other key").map(([key, cls]) => [key?.replace(/`/g, ""), cls]);
  expect(documented).toEqual([...VALUE_CLASS_OF_KEY.entries()]);
  expect(tableRows("Key").at(-1)).toEqual(["any other key", valueClassOf("x-unknown")]);
});

test("issue 14 defect 5: docs/value-limits.md states the limits the code applies", () => {
  const classes = tableRows("Class").map(([cls, longest]) => [cls?.replace(/`/g, ""), Number(/^(\d+)/.exec(longest ?? "")?.[1])]);
  expect(classes).toEqual(Object.entries(VALUE_LIMITS).map(([cls, limit]) => [cls, limit.maxLength]));
});

test.each([
  ["host", "a".repeat(VALUE_LIMITS.line.maxLength), undefined],
  ["host", "a".repeat(VALUE_LIMITS.line.maxLength + 1), `is ${VALUE_LIMITS.line.maxLength + 1} characters long; at most ${VALUE_LIMITS.line.maxLength} are accepted`],
  ["password", "pw\tx", "contains control characters or a line break"],
  ["tls-ca", "line 1\r\nline 2\tx", undefined],
  ["tls-ca", "x\u0000", "contains control characters"],
  ["data", "a".repeat(VALUE_LIMITS.text.maxLength + 1), undefined],
  ["a-new-key", "a".repeat(VALUE_LIMITS.text.maxLength + 1), `is ${VALUE_LIMITS.text.maxLength + 1} characters long; at most ${VALUE_LIMITS.text.maxLength} are accepted`],
])("issue 14 defect 5: %s: the policy's verdict on a value at the edge", (key, value, problem) => {
  expect(valueLimitProblem(key, value)).toBe(problem);
});

test("issue 14 defect 5: the modern and legacy models refuse the same NUL byte, before their own parsers, without quoting it", () => {
  const modern = PostgreSQLResolvedProviderView.decode({ endpoints: "db\u0000:5432", password: "s3cr3t\u0000" });
  const legacy = PgsqlProviderDatabag.decode({ host: "db\u0000", password: "s3cr3t\u0000" });
  expect(modern).toEqual({ ok: false, problems: [{ field: "endpoints", problem: "contains control characters or a line break" }, { field: "password", problem: "contains control characters or a line break" }] });
  expect(legacy).toEqual({ ok: false, problems: [{ field: "host", problem: "contains control characters or a line break" }, { field: "password", problem: "contains control characters or a line break" }] });
});
