// Issue 9 point 3 (and 5): every legal order of relation-created/joined/changed on two requirer
// units and a provider, a leader change, the secret grant before or after the data naming it,
// a password rotation, a failed and re-run hook and a deferred event, in-process on the fake
// Juju (lib/testing HookSession + lib/ops dispatch); invariants checked in every final world.
// The full cross product of scenario dimensions runs in bench/explore.ts.
import { PASSWORD, ROTATED_PASSWORD } from "./provider-inputs.js";
import { allScenarios, explore, INVARIANTS, replay, type ExplorationReport } from "./exploration/explorer.js";
import { recordReliabilityNumbers } from "./reliability-numbers.js";

/** The scenarios `npm test` explores: every dimension on, in both credential modes. */
const IN_TEST = ["secrets+leader-change+rotate+fail-once+defer-once", "databag+leader-change+rotate+fail-once+defer-once"];
const reports: ExplorationReport[] = [];

describe.each(allScenarios().filter((s) => IN_TEST.includes(s.name)).map((s) => [s.name, s] as const))("%s", (_name, scenario) => {
  test("every order keeps every invariant", async () => {
    const report = await explore(scenario);
    reports.push(report);
    expect(report.violations).toEqual([]);
    // The exploration really covered the faults it claims.
    expect(report.failedHooks).toBeGreaterThan(0);
    expect(report.finalsWithDeferral).toBeGreaterThan(0);
    expect(report.orders).toBeGreaterThan(report.worlds);
  });
});

test("regression: a deferred databaseCreated re-delivered after a rotation is not followed by credentialsRotated for the same revision", async () => {
  const scenario = allScenarios().find((s) => s.name === "secrets+rotate+defer-once");
  if (scenario === undefined) throw new Error("scenario missing");
  const order = ["0:created", "0:joined", "0:changed", "1:created", "1:joined", "1:changed", "P:grant", "P:provide", "0:changed", "1:changed", "P:rotate", "0:secret-changed", "1:secret-changed"];
  const w = await replay(scenario, order);
  const seen = w.units["myapp/0"].seen.filter((e) => e.name !== "databaseRemoved").map((e) => [e.name, e.password === PASSWORD ? "rev1" : e.password === ROTATED_PASSWORD ? "rev2" : "?", e.deferred]);
  expect(seen).toEqual([
    ["databaseCreated", "rev1", true],
    ["databaseCreated", "rev2", false],
  ]);
});

test("regression: the same in a Juju 2.9 model (credentials in the databag)", async () => {
  const scenario = allScenarios().find((s) => s.name === "databag+rotate+defer-once");
  if (scenario === undefined) throw new Error("scenario missing");
  const order = ["0:created", "0:joined", "0:changed", "1:created", "1:joined", "1:changed", "P:provide", "0:changed", "1:changed", "P:rotate", "0:changed", "1:changed"];
  const w = await replay(scenario, order);
  const names = w.units["myapp/0"].seen.filter((e) => !e.deferred && e.name !== "databaseRemoved").map((e) => e.name);
  expect(names).toEqual(["databaseCreated"]);
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
      invariants: INVARIANTS.length,
    });
  }
});
