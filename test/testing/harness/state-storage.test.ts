/**
 * The harness runs a unit where `main()` would keep its state (docs/state-storage.md): a machine
 * unit's state file by default (no `state-get`/`state-set`), that file with Juju's
 * controller-side unit state as its copy with `stateStorage: "mirrored"` (a Kubernetes unit: a
 * `state-set` where the state changes), the controller state alone with `"controller"`. Each way
 * `State.storedState` holds what lib/ops keeps between hooks, and stored state and deferred
 * events carry from run to run.
 */
import { CharmBase, STATE_VALUE_MAX_BYTES, type StateStorage } from "../../../lib/ops/index.js";
import { Context, state, type State } from "../../../lib/testing/index.js";

const metadata = { name: "counter" };

class CounterCharm extends CharmBase {
  private readonly counter = this.storedState("counter", { runs: 0, note: "" });

  protected override setup(): void {
    this.on("update-status", () => {
      const { runs, note } = this.counter.get();
      this.counter.set({ runs: runs + 1, note });
    });
    this.on("config-changed", (e) => {
      if (this.config["ready"] !== true) e.defer();
    });
    // A long value: over the controller's 64 KiB per key, so the controller splits it.
    this.on("leader-elected", () => this.counter.set({ runs: this.counter.get().runs, note: "n".repeat(STATE_VALUE_MAX_BYTES + 10) }));
    this.on("start", () => {
      this.counter.set({ runs: -1, note: "" });
      throw new Error("start is broken");
    });
  }
}

const config = { options: { ready: { type: "boolean", default: false } } };
const stateCalls = (c: Context): string[] => c.toolCalls.map((t) => t.cmd).filter((cmd) => cmd.startsWith("state-"));

describe.each([
  ["local", [], []],
  ["mirrored", ["state-set"], []],
  ["controller", ["state-get", "state-set"], ["state-get"]],
] as const)("stateStorage %s", (storage: StateStorage, writing: readonly string[], reading: readonly string[]) => {
  const ctx = (): Context => new Context(CounterCharm, { metadata, config, stateStorage: storage, catchCharmErrors: true });

  test("stored state carries from run to run; the state calls are those of the store", async () => {
    const c = ctx();
    expect(c.stateStorage).toBe(storage);
    let st: State = state();
    for (const runs of [1, 2]) {
      st = await c.run(c.on.updateStatus(), st);
      expect(st.getStoredState("counter")).toEqual({ runs, note: "" });
      expect(stateCalls(c)).toEqual(writing);
    }
  });

  test("a deferred event waits in the stored state and comes back in the next hook", async () => {
    const c = ctx();
    const deferred = await c.run(c.on.configChanged(), state());
    expect(deferred.getDeferred().map((n) => n.event)).toEqual(["charm/config-changed[1]"]);
    expect(stateCalls(c)).toEqual(writing);
    const out = await c.run(c.on.updateStatus(), { ...deferred, config: { ready: true } });
    expect(c.emitted("config-changed").map((e) => e.reemitted)).toEqual([true]);
    expect(out.getDeferred()).toEqual([]);
  });

  test("a failed hook leaves the stored state as it was", async () => {
    const c = ctx();
    const before = await c.run(c.on.updateStatus(), state());
    const after = await c.run(c.on.start(), before);
    expect(c.error?.message).toContain("start is broken");
    expect(after.storedState).toEqual(before.storedState);
    expect(stateCalls(c)).toEqual(reading);
  });
});

describe("moving a State between the stores", () => {
  test("a value the controller split over several keys is one value in the state file, and the charm reads it whole", async () => {
    const k8s = new Context(CounterCharm, { metadata, config, stateStorage: "controller" });
    const split = await k8s.run(k8s.on.leaderElected(), state({ leader: true }));
    const key = "ops-ts/stored/charm/counter";
    expect(split.storedState[`${key}#1`]).toBeDefined();
    const machine = new Context(CounterCharm, { metadata, config });
    const out = await machine.run(machine.on.updateStatus(), split);
    expect(stateCalls(machine)).toEqual([]);
    expect(Object.keys(out.storedState)).toEqual([key]);
    expect(out.getStoredState("counter")).toEqual({ runs: 1, note: "n".repeat(STATE_VALUE_MAX_BYTES + 10) });
  });

  test("a stored value whose parts are missing is refused before the run, naming its key", async () => {
    const machine = new Context(CounterCharm, { metadata, config });
    const broken = state({ storedState: { "ops-ts/stored/charm/counter": "ops-ts-chunks:2", "ops-ts/stored/charm/counter#1": "{" } });
    await expect(machine.run(machine.on.updateStatus(), broken)).rejects.toThrow('stored values "ops-ts/stored/charm/counter" have broken parts');
  });
});
