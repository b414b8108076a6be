// test/RELIABILITY.md records the inputs tried and the invariants checked: it must list every
// row of the bad-input table and every exploration invariant (fails when they drift apart).
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { JUJU_VERSIONS } from "../../lib/testing/juju/tool-registry.js";
import { allScenarios, INVARIANTS } from "./exploration/explorer.js";
import { INPUT_ROWS } from "./provider-inputs.js";

const doc = readFileSync(join(__dirname, "..", "RELIABILITY.md"), "utf8");

test.each(INPUT_ROWS.map((r) => [r.name]))("RELIABILITY.md lists the input %s", (name) => {
  expect(doc).toContain(`| ${name} |`);
});

test.each(INVARIANTS.map((i) => [i]))("RELIABILITY.md lists the invariant %s", (invariant) => {
  expect(doc).toContain(invariant);
});

test("RELIABILITY.md states the row count of the table", () => {
  expect(doc).toContain(`**${INPUT_ROWS.length} rows`);
});

test("RELIABILITY.md states how many scenarios npm run explore crosses", () => {
  expect(doc).toContain(`(all ${allScenarios().length} scenarios:`);
});

test.each(JUJU_VERSIONS.map((v) => [v]))("RELIABILITY.md names Juju %s among the explored versions", (version) => {
  expect(doc).toContain(version);
});
