/**
 * Defect 10, first sentence (issue 13): "A corrupted deferred-event queue or stored state bricks
 * every later hook until an operator runs state-delete." Each corrupt form of each value must
 * now be dropped with a WARNING naming the key (and, for the queue, the event kinds it held),
 * never its content; the hook goes on; the value is rewritten cleanly at commit, so the next hook
 * reads it without any warning.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  CharmBase,
  DEFERRED_QUEUE_KEY,
  STATE_CHUNK_MARKER,
  dispatch,
  parseHookContext,
  storedStateKey,
  type CharmClass,
  type DispatchOutcome,
  type LogLevel,
} from "../../lib/ops/index.js";
import { fakeToolStand } from "./fake-tools.js";

const SECRETISH = "hunter2-recovery-canary";
const COUNTER_KEY = storedStateKey("charm", "counter");

const { fake, backend } = fakeToolStand();
let stateFile: string;
let logs: Array<[LogLevel, string]>;
let testNo = 0;

beforeEach(() => {
  stateFile = join(fake.root, `recovery-${testNo++}.json`);
  fake.persistentState(stateFile);
  logs = [];
});

const seed = (state: Record<string, string>): void => writeFileSync(stateFile, JSON.stringify(state));
const persisted = (): Record<string, string> => (existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, "utf8")) as Record<string, string>) : {});
const warnings = (): string[] => logs.filter(([level]) => level === "WARNING").map(([, m]) => m);

function run(Charm: CharmClass, hook: string): Promise<DispatchOutcome> {
  const env = { JUJU_UNIT_NAME: "webapp/0", JUJU_MODEL_NAME: "m", JUJU_MODEL_UUID: "uuid-1", JUJU_VERSION: "3.6.14", JUJU_CHARM_DIR: "/nonexistent", JUJU_DISPATCH_PATH: `hooks/${hook}`, JUJU_HOOK_NAME: hook };
  return dispatch(Charm, {
    context: parseHookContext(env),
    backend,
    logSink: { write: (level, message) => void logs.push([level, message]) },
    stdout: () => undefined,
    stderr: () => undefined,
  });
}

/** A queue whose snapshots hold a value that must never be logged, with one field of the wrong type. */
const wrongShapeQueue = JSON.stringify({
  count: "three",
  notices: [
    { event: "charm/config-changed[2]", observer: "charm/config-changed#0" },
    { event: "database/databaseCreated[3]", observer: "database/databaseCreated#0" },
  ],
  snapshots: { "charm/config-changed[2]": { password: SECRETISH } },
});

const QUEUE_FORMS: ReadonlyArray<readonly [label: string, state: Record<string, string>, named: readonly string[]]> = [
  ["not JSON", { [DEFERRED_QUEUE_KEY]: `{"count":1,"notices":[{"event":"charm/install[1]","password":"${SECRETISH}"` }, ["is not JSON"]],
  ["JSON of the wrong shape", { [DEFERRED_QUEUE_KEY]: wrongShapeQueue }, ["is not a deferred-event queue", "charm/config-changed", "database/databaseCreated"]],
  ["JSON null", { [DEFERRED_QUEUE_KEY]: "null" }, ["is not a deferred-event queue"]],
  [
    "a truncated chunk (chunk 2 of 3 missing)",
    { [DEFERRED_QUEUE_KEY]: `${STATE_CHUNK_MARKER}3`, [`${DEFERRED_QUEUE_KEY}#1`]: `{"count":1,"notices":[],"snap`, [`${DEFERRED_QUEUE_KEY}#3`]: `shots":{"x":{"p":"${SECRETISH}"}}}` },
    ["chunks are broken", "missing chunk 2 of 3"],
  ],
  ["a malformed chunk marker", { [DEFERRED_QUEUE_KEY]: `${STATE_CHUNK_MARKER}lots`, [`${DEFERRED_QUEUE_KEY}#1`]: SECRETISH }, ["chunks are broken", "malformed chunk marker"]],
];

describe("defect 10: an unreadable deferred-event queue is dropped, not fatal", () => {
  test.each(QUEUE_FORMS)("%s: the hook runs, a WARNING names it, the queue is deleted at commit", async (_label, state, named) => {
    seed({ ...state, unrelated: "kept" });
    const seen: string[] = [];
    class Charm extends CharmBase {
      protected override setup(): void {
        this.on("config-changed", () => void seen.push("config-changed"));
        this.on("update-status", () => void seen.push("update-status"));
      }
    }
    const outcome = await run(Charm, "config-changed");
    expect(outcome.ok).toBe(true);
    expect(seen).toEqual(["config-changed"]);
    const [warning, ...more] = warnings();
    expect(more).toEqual([]);
    expect(warning).toContain(`"${DEFERRED_QUEUE_KEY}"`);
    expect(warning).toContain("the hook goes on");
    for (const text of named) expect(warning).toContain(text);
    expect(warning).not.toContain(SECRETISH);
    // Every physical key of the queue is gone; other keys are untouched.
    expect(persisted()).toEqual({ unrelated: "kept" });

    // The next hook reads clean state: no warning, nothing re-delivered.
    logs = [];
    expect((await run(Charm, "update-status")).ok).toBe(true);
    expect(warnings()).toEqual([]);
    expect(seen).toEqual(["config-changed", "update-status"]);
  });

  test("an event deferred in the recovering hook is written as a clean queue and re-delivered next hook", async () => {
    seed({ [DEFERRED_QUEUE_KEY]: wrongShapeQueue });
    let ready = false;
    const seen: string[] = [];
    class Charm extends CharmBase {
      protected override setup(): void {
        this.on("config-changed", (e) => {
          seen.push(`config-changed ready=${ready}`);
          if (!ready) e.defer();
        });
        this.on("update-status", () => void seen.push("update-status"));
      }
    }
    expect((await run(Charm, "config-changed")).ok).toBe(true);
    const queue = JSON.parse(persisted()[DEFERRED_QUEUE_KEY] ?? "null") as { count: number; notices: Array<{ event: string }> };
    expect(queue.notices.map((n) => n.event)).toEqual(["charm/config-changed[1]"]);
    expect(persisted()[DEFERRED_QUEUE_KEY]).not.toContain(SECRETISH);
    ready = true;
    logs = [];
    expect((await run(Charm, "update-status")).ok).toBe(true);
    expect(warnings()).toEqual([]);
    expect(seen).toEqual(["config-changed ready=false", "config-changed ready=true", "update-status"]);
    expect(persisted()).toEqual({});
  });
});

const STORED_FORMS: ReadonlyArray<readonly [label: string, state: Record<string, string>, named: string]> = [
  ["not JSON", { [COUNTER_KEY]: `{"n": 4, "token": "${SECRETISH}"` }, "is not JSON"],
  ["a JSON array", { [COUNTER_KEY]: `[4, "${SECRETISH}"]` }, "is not a JSON object"],
  ["JSON with a non-finite number", { [COUNTER_KEY]: `{"n": 1e999, "token": "${SECRETISH}"}` }, "is not a JSON object"],
  ["a truncated chunk", { [COUNTER_KEY]: `${STATE_CHUNK_MARKER}2`, [`${COUNTER_KEY}#2`]: `"${SECRETISH}"}` }, "missing chunk 1 of 2"],
];

describe("defect 10: unreadable stored state is dropped, not fatal", () => {
  test.each(STORED_FORMS)("%s: the charm sees the defaults, a WARNING names the key, the value is rewritten", async (_label, state, named) => {
    seed(state);
    const seen: number[] = [];
    class Charm extends CharmBase {
      private readonly counter = this.storedState("counter", { n: 0 });
      protected override setup(): void {
        this.on("update-status", () => {
          seen.push(this.counter.get().n as number);
          this.counter.set({ n: (this.counter.get().n as number) + 1 });
        });
      }
    }
    expect((await run(Charm, "update-status")).ok).toBe(true);
    expect(seen).toEqual([0]);
    const [warning, ...more] = warnings();
    expect(more).toEqual([]);
    expect(warning).toContain(`"${COUNTER_KEY}"`);
    expect(warning).toContain(named);
    expect(warning).toContain("the hook goes on");
    expect(warning).not.toContain(SECRETISH);
    expect(persisted()).toEqual({ [COUNTER_KEY]: '{"n":1}' });

    logs = [];
    expect((await run(Charm, "update-status")).ok).toBe(true);
    expect(warnings()).toEqual([]);
    expect(seen).toEqual([0, 1]);
  });

  test("a dropped value is rewritten even when the hook only reads it", async () => {
    seed({ [COUNTER_KEY]: "not json at all" });
    class Charm extends CharmBase {
      private readonly counter = this.storedState("counter", { n: 7 });
      protected override setup(): void {
        this.on("update-status", () => void this.counter.get());
      }
    }
    expect((await run(Charm, "update-status")).ok).toBe(true);
    expect(warnings()).toHaveLength(1);
    expect(persisted()).toEqual({ [COUNTER_KEY]: '{"n":7}' });
  });
});
