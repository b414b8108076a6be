// Issue 9 point 3 and issue 13 point 6: every legal order of relation-created/joined/changed on
// two requirer units and a provider, in-process on the versioned fake Juju (lib/testing
// HookToolServer + lib/ops dispatch), invariants checked in every final world. Dimensions: the Juju
// version (every one of the matrix is explored here at least once), credentials in a secret or
// the databag, the provider's change (rotation, rotation with moved endpoints, secret-user
// repointed while the old secret holds the label, secrets <-> plaintext switches), a transient
// secret-get/relation-get failure, a leader change, a failing and a deferring handler.
// secret-changed is delivered or dropped by the fake Juju's own version rule. The full cross
// product runs in bench/explore.ts (`npm run explore`).
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { JUJU_VERSIONS } from "../../lib/testing/juju/tool-registry.js";
import { PASSWORD, ROTATED_PASSWORD } from "./provider-inputs.js";
import { explore, INVARIANTS, replay, scenarioOf, type ExplorationReport } from "./exploration/explorer.js";
import type { Scenario } from "./exploration/world.js";
import { recordReliabilityNumbers } from "./reliability-numbers.js";

const base = { leaderChange: false, failOnce: false, deferOnce: false, transient: "none", change: "none" } as const;
/** The scenarios `npm test` explores: one or more per version, every dimension on somewhere. */
export const IN_TEST: readonly Scenario[] = [
  scenarioOf({ ...base, jujuVersion: "2.9.51", mode: "databag", change: "rotate", transient: "relation-get", failOnce: true, deferOnce: true }),
  scenarioOf({ ...base, jujuVersion: "3.1.10", mode: "databag", change: "to-secrets", leaderChange: true, failOnce: true, deferOnce: true }),
  scenarioOf({ ...base, jujuVersion: "3.4.6", mode: "secrets", change: "to-plaintext", transient: "relation-get" }),
  scenarioOf({ ...base, jujuVersion: "3.6.0", mode: "secrets", change: "rotate" }),
  scenarioOf({ ...base, jujuVersion: "3.6.1", mode: "secrets", change: "rotate", transient: "secret-get" }),
  scenarioOf({ ...base, jujuVersion: "3.6.14", mode: "secrets", change: "repoint", transient: "secret-get" }),
  scenarioOf({ ...base, jujuVersion: "4.0.0", mode: "secrets", change: "rotate-move" }),
];
const reports: ExplorationReport[] = [];
const doc = readFileSync(join(__dirname, "..", "RELIABILITY.md"), "utf8");
const n = (x: number): string => x.toLocaleString("en-US");

/** The row test/RELIABILITY.md must carry for a report (the exploration is deterministic). */
export function reportRow(r: ExplorationReport): string {
  return `| \`${r.scenario}\` | ${[r.orders, r.worlds, r.finals, r.invariantChecks, r.hooks, r.failedHooks, r.finalsWithDroppedSecretChanged].map(n).join(" | ")} |`;
}

test("npm test explores every version of the matrix", () => {
  expect([...new Set(IN_TEST.map((s) => s.jujuVersion))].sort()).toEqual([...JUJU_VERSIONS].sort());
});

describe.each(IN_TEST.map((s) => [s.name, s] as const))("%s", (_name, scenario) => {
  test("every order keeps every invariant", async () => {
    const report = await explore(scenario);
    reports.push(report);
    expect(report.violations).toEqual([]);
    expect(report.orders).toBeGreaterThan(report.worlds);
    // The exploration really covered the faults it claims.
    if (scenario.failOnce) expect(report.failedHooks).toBeGreaterThan(0);
    if (scenario.deferOnce) expect(report.finalsWithDeferral).toBeGreaterThan(0);
    if (scenario.transient !== "none") expect(report.finalsWithToolFailure).toBe(report.finals);
    // secret-changed for a unit that refreshed meanwhile: dropped on 4.0 only (docs/juju-behaviour.md).
    if (scenario.jujuVersion.startsWith("4.")) expect(report.finalsWithDroppedSecretChanged).toBeGreaterThan(0);
    else expect(report.finalsWithDroppedSecretChanged).toBe(0);
    // test/RELIABILITY.md records this run's numbers.
    expect(doc).toContain(reportRow(report));
  });
});

test("regression: a deferred databaseCreated re-delivered after a rotation is not followed by credentialsRotated for the same revision", async () => {
  const scenario = scenarioOf({ ...base, jujuVersion: "3.6.14", mode: "secrets", change: "rotate", deferOnce: true });
  const order = ["0:created", "0:joined", "0:changed", "1:created", "1:joined", "1:changed", "P:grant", "P:provide", "0:changed", "1:changed", "P:change", "0:secret-changed", "1:secret-changed"];
  const w = await replay(scenario, order);
  const seen = w.units["myapp/0"].seen.filter((e) => e.name !== "databaseRemoved").map((e) => [e.name, e.password === PASSWORD ? "rev1" : e.password === ROTATED_PASSWORD ? "rev2" : "?", e.deferred]);
  expect(seen).toEqual([
    ["databaseCreated", "rev1", true],
    ["databaseCreated", "rev2", false],
  ]);
});

test("regression: the same in a Juju 2.9 model (credentials in the databag)", async () => {
  const scenario = scenarioOf({ ...base, jujuVersion: "2.9.51", mode: "databag", change: "rotate", deferOnce: true });
  const order = ["0:created", "0:joined", "0:changed", "1:created", "1:joined", "1:changed", "P:provide", "0:changed", "1:changed", "P:change", "0:changed", "1:changed"];
  const w = await replay(scenario, order);
  const names = w.units["myapp/0"].seen.filter((e) => !e.deferred && e.name !== "databaseRemoved").map((e) => e.name);
  expect(names).toEqual(["databaseCreated"]);
});

test("on Juju 4.0 a unit whose relation-changed refreshed the new revision gets no secret-changed, and still one credentialsRotated", async () => {
  const scenario = scenarioOf({ ...base, jujuVersion: "4.0.0", mode: "secrets", change: "rotate-move" });
  const order = ["0:created", "0:joined", "0:changed", "1:created", "1:joined", "1:changed", "P:grant", "P:provide", "0:changed", "1:changed", "P:change", "0:changed", "1:changed"];
  const w = await replay(scenario, order);
  for (const unit of ["myapp/0", "myapp/1"] as const) {
    expect(w.units[unit].secretChanged).toBe(true); // queued at the rotation, never run
    expect(w.units[unit].seen.map((e) => e.name)).toEqual(["databaseCreated", "endpointsChanged", "credentialsRotated", "databaseRemoved"]);
  }
});

afterAll(() => {
  for (const r of reports) {
    recordReliabilityNumbers(`hook orders: ${r.scenario}`, {
      "orders covered": r.orders,
      "distinct worlds": r.worlds,
      "final worlds checked": r.finals,
      "invariant checks": r.invariantChecks,
      "hooks run": r.hooks,
      "failed (re-run) hooks": r.failedHooks,
      "finals with secret-changed dropped": r.finalsWithDroppedSecretChanged,
      invariants: INVARIANTS.length,
    });
  }
});
