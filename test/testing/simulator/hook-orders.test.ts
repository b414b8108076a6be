/**
 * The hook orders Juju may choose for one relation (lib/testing/juju/hook-orders.ts, rules
 * O1-O6 in docs/juju-behaviour.md): the enumeration, the checker, and the simulator's own
 * scheduling staying inside them.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  countEstablishmentOrders,
  establishmentOrderProblems,
  establishmentOrders,
  teardownOrderProblems,
  teardownOrders,
  type RelationHookEvent,
} from "../../../lib/testing/juju/hook-orders.js";
import { Simulator, type HookRunRecord } from "../../../lib/simulator.js";

const ONE_ONE = { requirers: ["app/0"], providers: ["db/0"] };
const TWO_ONE = { requirers: ["app/0", "app/1"], providers: ["db/0"] };

describe("establishing a relation", () => {
  test("1x1: every admissible order, and only those, is enumerated", () => {
    const orders = [...establishmentOrders(ONE_ONE)].map((o) => o.map((e) => `${e.unit} ${e.event}${e.remoteUnit ? ` ${e.remoteUnit}` : ""}`).join(" | "));
    // Each unit's own relation-created first (O2); a unit may see the other join before the other
    // has run its relation-created (O3: it entered the scope just before), so the two units'
    // sequences interleave freely: 4!/(2!2!) = 6 orders.
    expect(orders.sort()).toEqual(
      [
        "app/0 created | db/0 created | app/0 joined db/0 | app/0 changed db/0 | db/0 joined app/0 | db/0 changed app/0",
        "app/0 created | db/0 created | db/0 joined app/0 | db/0 changed app/0 | app/0 joined db/0 | app/0 changed db/0",
        "db/0 created | app/0 created | app/0 joined db/0 | app/0 changed db/0 | db/0 joined app/0 | db/0 changed app/0",
        "db/0 created | app/0 created | db/0 joined app/0 | db/0 changed app/0 | app/0 joined db/0 | app/0 changed db/0",
        "app/0 created | app/0 joined db/0 | app/0 changed db/0 | db/0 created | db/0 joined app/0 | db/0 changed app/0",
        "db/0 created | db/0 joined app/0 | db/0 changed app/0 | app/0 created | app/0 joined db/0 | app/0 changed db/0",
      ].sort(),
    );
    expect(new Set(orders).size).toBe(orders.length);
  });

  test("every enumerated order passes the checker; the count grows with the units", () => {
    for (const order of establishmentOrders(TWO_ONE)) expect(establishmentOrderProblems(order, TWO_ONE)).toEqual([]);
    expect(countEstablishmentOrders(ONE_ONE)).toBe(6);
    expect(countEstablishmentOrders(TWO_ONE)).toBeGreaterThan(countEstablishmentOrders(ONE_ONE));
  });

  test("the checker names the broken rule", () => {
    const e = (unit: string, event: RelationHookEvent["event"], remoteUnit?: string): RelationHookEvent => ({ unit, event, ...(remoteUnit ? { remoteUnit } : {}) });
    // db/0 is seen joining before its relation-created has run: admissible (O3).
    expect(establishmentOrderProblems([e("app/0", "created"), e("app/0", "joined", "db/0"), e("app/0", "changed", "db/0"), e("db/0", "created"), e("db/0", "joined", "app/0"), e("db/0", "changed", "app/0")], ONE_ONE)).toEqual([]);
    expect(establishmentOrderProblems([e("app/0", "joined", "db/0"), e("app/0", "changed", "db/0"), e("app/0", "created"), e("db/0", "created"), e("db/0", "joined", "app/0"), e("db/0", "changed", "app/0")], ONE_ONE)).toEqual([
      "hook 1 (app/0 joined db/0): before the unit's relation-created (O2)",
      "hook 2 (app/0 changed db/0): before the unit's relation-created (O2)",
      "hook 3 (app/0 created): relation-created after joined (O2)",
    ]);
    expect(establishmentOrderProblems([e("app/0", "created"), e("db/0", "created"), e("app/0", "joined", "db/0"), e("db/0", "joined", "app/0"), e("app/0", "changed", "db/0"), e("db/0", "changed", "app/0")], ONE_ONE)).toEqual([]);
    expect(establishmentOrderProblems([e("app/0", "created"), e("db/0", "created"), e("app/0", "joined", "db/0"), e("app/0", "created")], ONE_ONE)[0]).toContain("(O4)");
  });
});

describe("removing a relation", () => {
  test("each unit departs every remote unit in name order, then breaks; units interleave freely", () => {
    const orders = [...teardownOrders(TWO_ONE)];
    // app/0: 2 hooks, app/1: 2 hooks, db/0: 3 hooks -> 7!/(2!2!3!) interleavings.
    expect(orders).toHaveLength(210);
    for (const order of orders) expect(teardownOrderProblems(order, TWO_ONE)).toEqual([]);
    const db = orders[0]?.filter((h) => h.unit === "db/0").map((h) => `${h.event} ${h.remoteUnit ?? ""}`.trim());
    expect(db).toEqual(["departed app/0", "departed app/1", "broken"]);
  });
});

describe("the simulator's relation hooks", () => {
  const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "charms");
  let dir: string;
  let sim: Simulator;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-orders-"));
    sim = Simulator.open(dir);
  });
  afterAll(() => {
    sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const asEvents = (hooks: readonly HookRunRecord[], relationId: number): RelationHookEvent[] =>
    hooks.flatMap((h) =>
      h.spec.kind === "relation" && h.spec.relationId === relationId
        ? [{ unit: h.unit, event: h.spec.event, ...(h.spec.remoteUnit === undefined ? {} : { remoteUnit: h.spec.remoteUnit }) }]
        : [],
    );

  test("integrate and remove-relation produce orders Juju may choose", async () => {
    await sim.deploy("db", path.join(FIXTURES, "shell-db"));
    await sim.deploy("app", path.join(FIXTURES, "shell-app"), { units: 2 });
    const integrated = await sim.integrate("app", "db");
    expect(integrated.failed).toBeUndefined();
    const sides = { requirers: ["app/0", "app/1"], providers: ["db/0"] };
    expect(establishmentOrderProblems(asEvents(integrated.hooks, integrated.relationId), sides)).toEqual([]);
    const removed = await sim.removeRelation("app", "db");
    expect(removed.failed).toBeUndefined();
    expect(teardownOrderProblems(asEvents(removed.hooks, integrated.relationId), sides)).toEqual([]);
  });
});
