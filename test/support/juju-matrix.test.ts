// The matrix helper itself: every run of a guarded Context is checked, not only the last one.
import { CharmBase, dispatch as opsDispatch } from "../../lib/ops/index.js";
import { relation, state } from "../../lib/testing/index.js";
import { drainAbsentToolCalls, JUJU_CASES } from "./juju-matrix.js";

class Quiet extends CharmBase {}
const metadata = { name: "myapp", requires: { database: { interface: "postgresql_client" } } };

// A charm that bypasses lib/ops's version gate and calls relation-model-get directly (defect 1's shape).
const ungatedDispatch: typeof opsDispatch = (charm, options) => {
  try {
    options.backend.relationModelGet({ id: 1, endpoint: "database" });
  } catch {
    // The fake agent answers "not found", as a real one without the tool does.
  }
  return opsDispatch(charm, options);
};

test("the matrix covers 2.9 without secrets and every later line with them", () => {
  expect(JUJU_CASES.map((c) => [c.version, c.secrets])).toEqual([
    ["2.9.51", false], ["3.1.10", true], ["3.4.6", true], ["3.6.0", true], ["3.6.1", true], ["3.6.14", true], ["4.0.0", true],
  ]);
});

test("a guarded run that calls a tool its version lacks is recorded, even when a later run is clean", async () => {
  const juju = JUJU_CASES.find((c) => c.version === "3.4.6");
  if (juju === undefined) throw new Error("3.4.6 left the matrix");
  const c = juju.context(Quiet, { metadata, dispatch: ungatedDispatch });
  const rel = relation({ id: 1, endpoint: "database" });
  await c.run(c.on.relationChanged(rel), state({ relations: [rel] }));
  const clean = juju.context(Quiet, { metadata });
  await clean.run(clean.on.updateStatus(), state({ relations: [rel] }));
  expect(clean.absentToolCalls).toEqual([]);
  expect(drainAbsentToolCalls()).toMatchObject([{ cmd: "relation-model-get", jujuVersion: "3.4.6" }]);
  expect(drainAbsentToolCalls()).toEqual([]);
});

test("the same call on 3.6.14, which has the tool, is not recorded", async () => {
  const juju = JUJU_CASES.find((c) => c.version === "3.6.14");
  if (juju === undefined) throw new Error("3.6.14 left the matrix");
  const c = juju.context(Quiet, { metadata, dispatch: ungatedDispatch });
  const rel = relation({ id: 1, endpoint: "database" });
  await c.run(c.on.relationChanged(rel), state({ relations: [rel] }));
  expect(drainAbsentToolCalls()).toEqual([]);
});
