/**
 * Framework state in the charm directory (lib/ops/charm/local-file-state.ts), run through
 * dispatch() with the real hook-tool backend and fake tools: what each hook reads and writes,
 * what the file holds, and what a failed hook, an unreadable file, a full disk and a restricted
 * hook leave behind. The calls are the point: a hook that finds the file makes no state call.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  CharmBase,
  DEFERRED_QUEUE_KEY,
  LAGS_KEY,
  LOCAL_STATE_FILE,
  STATE_CHUNK_MARKER,
  STATE_VALUE_MAX_BYTES,
  ActiveStatus,
  HookToolBackend,
  RelationNotFoundError,
  defaultStateStorage,
  dispatch,
  parseHookContext,
  storedStateKey,
  type Backend,
  type CharmClass,
  type DispatchOutcome,
  type LogLevel,
  type StateFiles,
  type StateStorage,
} from "../../lib/ops/index.js";
import { fakeToolStand } from "./fake-tools.js";

const CANARY = "hunter2-local-state-canary";
const COUNTER_KEY = storedStateKey("charm", "counter");

const { fake, backend } = fakeToolStand();
let controllerFile: string;
let charmDir: string;
let logs: Array<[LogLevel, string]>;
let testNo = 0;

beforeEach(() => {
  controllerFile = join(fake.root, `controller-${testNo}.json`);
  fake.persistentState(controllerFile);
  charmDir = mkdtempSync(join(fake.root, `charm-${testNo++}-`));
  logs = [];
});

const stateFile = () => join(charmDir, LOCAL_STATE_FILE);
const seedController = (state: Record<string, string>): void => writeFileSync(controllerFile, JSON.stringify(state));
const controller = (): Record<string, string> => (existsSync(controllerFile) ? (JSON.parse(readFileSync(controllerFile, "utf8")) as Record<string, string>) : {});
const fileValues = (): Record<string, string> => (JSON.parse(readFileSync(stateFile(), "utf8")) as { values: Record<string, string> }).values;
const tools = (): string[] => fake.calls().map((c) => c.tool);
const warnings = (): string[] => logs.filter(([level]) => level === "WARNING").map(([, m]) => m);

function run(Charm: CharmClass, hook: string, files?: StateFiles, using: Backend = backend, stateStorage: StateStorage = "local"): Promise<DispatchOutcome> {
  const env = { JUJU_UNIT_NAME: "webapp/0", JUJU_MODEL_NAME: "m", JUJU_MODEL_UUID: "uuid-1", JUJU_VERSION: "3.6.14", JUJU_CHARM_DIR: charmDir, JUJU_DISPATCH_PATH: `hooks/${hook}`, JUJU_HOOK_NAME: hook };
  return dispatch(Charm, {
    context: parseHookContext(env),
    backend: using,
    stateStorage,
    ...(files === undefined ? {} : { stateFiles: files }),
    logSink: { write: (level, message) => void logs.push([level, message]) },
    stdout: () => undefined,
    stderr: () => undefined,
  });
}

/** Counts hooks in stored state and defers config-changed until `ready()`. */
function counterCharm(ready: () => boolean, seen: string[]): CharmClass {
  return class extends CharmBase {
    private readonly counter = this.storedState("counter", { n: 0 });
    protected override setup(): void {
      this.on("config-changed", (e) => {
        seen.push(`config-changed ready=${String(ready())}`);
        if (!ready()) e.defer();
      });
      this.on("update-status", () => {
        seen.push("update-status");
        this.counter.set({ n: this.counter.get().n + 1 });
      });
    }
  };
}

/** Sets the count to 99 in update-status, then throws: nothing of the hook may be kept. */
class Failing extends CharmBase {
  private readonly counter = this.storedState("counter", { n: 0 });
  protected override setup(): void {
    this.on("update-status", () => {
      this.counter.set({ n: 99 });
      throw new Error("update-status is broken");
    });
  }
}

/** In collect-metrics (a restricted hook), records the count it finds and sets it to `n`. */
function metricsCharm(seen: number[], n: number): CharmClass {
  return class extends CharmBase {
    private readonly counter = this.storedState("counter", { n: 0 });
    protected override setup(): void {
      this.on("collect-metrics", () => {
        seen.push(this.counter.get().n);
        this.counter.set({ n });
      });
    }
  };
}

describe("state in the charm directory", () => {
  test("the first hook reads the controller state once and writes the file (0600); later hooks make no state call", async () => {
    let ready = false;
    const seen: string[] = [];
    const Charm = counterCharm(() => ready, seen);
    expect((await run(Charm, "config-changed")).ok).toBe(true);
    expect(tools()).toEqual(["state-get"]);
    expect(statSync(stateFile()).mode & 0o777).toBe(0o600);
    expect(Object.keys(fileValues())).toEqual([DEFERRED_QUEUE_KEY]);

    fake.clearCalls();
    ready = true;
    expect((await run(Charm, "update-status")).ok).toBe(true);
    expect((await run(Charm, "update-status")).ok).toBe(true);
    expect(tools()).toEqual([]);
    expect(seen).toEqual(["config-changed ready=false", "config-changed ready=true", "update-status", "update-status"]);
    expect(fileValues()).toEqual({ [COUNTER_KEY]: JSON.stringify({ n: 2 }) });
    expect(controller()).toEqual({});
    expect(readdirSync(charmDir)).toEqual([LOCAL_STATE_FILE]);
    expect(warnings()).toEqual([]);
  });

  test("install, a unit's first hook, starts the file without asking the controller: no hook of the unit ran before it", async () => {
    const seen: string[] = [];
    class Installing extends CharmBase {
      private readonly counter = this.storedState("counter", { n: 0 });
      protected override setup(): void {
        this.on("install", () => {
          seen.push(`n=${String(this.counter.get().n)}`);
          this.counter.set({ n: 1 });
        });
      }
    }
    expect((await run(Installing, "install")).ok).toBe(true);
    expect(tools()).toEqual([]);
    expect(seen).toEqual(["n=0"]);
    expect(fileValues()).toEqual({ [COUNTER_KEY]: JSON.stringify({ n: 1 }) });
    // A later hook finds the file: still no state call.
    fake.clearCalls();
    expect((await run(counterCharm(() => true, []), "update-status")).ok).toBe(true);
    expect(tools()).toEqual([]);
    expect(fileValues()).toEqual({ [COUNTER_KEY]: JSON.stringify({ n: 2 }) });
  });

  test("a hook that changes nothing leaves the file as it was", async () => {
    const Charm = counterCharm(() => true, []);
    expect((await run(Charm, "update-status")).ok).toBe(true);
    const before = readFileSync(stateFile(), "utf8");
    const at = statSync(stateFile()).mtimeMs;
    fake.clearCalls();
    expect((await run(Charm, "config-changed")).ok).toBe(true);
    expect(tools()).toEqual([]);
    expect([readFileSync(stateFile(), "utf8"), statSync(stateFile()).mtimeMs]).toEqual([before, at]);
  });

  test("controller state is carried over whole (chunked values joined) and deleted from the controller, broken keys named but not copied", async () => {
    const big = JSON.stringify({ n: 1, pad: "x".repeat(STATE_VALUE_MAX_BYTES) });
    const [head, tail] = [big.slice(0, STATE_VALUE_MAX_BYTES), big.slice(STATE_VALUE_MAX_BYTES)];
    seedController({
      [COUNTER_KEY]: `${STATE_CHUNK_MARKER}2`,
      [`${COUNTER_KEY}#1`]: head,
      [`${COUNTER_KEY}#2`]: tail,
      "ops-ts/stored/charm/other": JSON.stringify({ kept: true }),
      "ops-ts/stored/charm/broken": `${STATE_CHUNK_MARKER}2`,
      "ops-ts/stored/charm/broken#1": `{"password":"${CANARY}"`,
    });
    const Charm = counterCharm(() => true, []);
    expect((await run(Charm, "update-status")).ok).toBe(true);
    expect(tools().sort()).toEqual(["state-delete", "state-delete", "state-delete", "state-delete", "state-delete", "state-delete", "state-get"]);
    expect(controller()).toEqual({});
    const values = fileValues();
    expect(Object.keys(values).sort()).toEqual([COUNTER_KEY, "ops-ts/stored/charm/other"]);
    expect(JSON.parse(values[COUNTER_KEY] ?? "null")).toMatchObject({ n: 2 });
    expect(values["ops-ts/stored/charm/other"]).toBe(JSON.stringify({ kept: true }));
    expect(warnings()).toEqual([expect.stringContaining('controller state "ops-ts/stored/charm/broken" is unreadable')]);
    expect(JSON.stringify(logs)).not.toContain(CANARY);
  });

  test("a failed hook writes no file and deletes nothing from the controller", async () => {
    seedController({ [COUNTER_KEY]: JSON.stringify({ n: 4 }) });
    const outcome = await run(Failing, "update-status");
    expect(outcome.ok).toBe(false);
    expect(existsSync(stateFile())).toBe(false);
    expect(controller()).toEqual({ [COUNTER_KEY]: JSON.stringify({ n: 4 }) });
    expect(tools()).toEqual(["state-get"]);
  });

  test.each([
    ["not JSON", `{"format":1,"values":{"k":"${CANARY}"`],
    ["another format", JSON.stringify({ format: 2, values: { k: CANARY } })],
    ["values that are not strings", JSON.stringify({ format: 1, values: { k: { password: CANARY } } })],
  ])("a file that is %s is set aside with a WARNING (no content) and the hook starts from the controller state", async (_label, text) => {
    writeFileSync(stateFile(), text);
    seedController({ [COUNTER_KEY]: JSON.stringify({ n: 10 }) });
    const Charm = counterCharm(() => true, []);
    expect((await run(Charm, "update-status")).ok).toBe(true);
    expect(tools()).toEqual(["state-get", "state-delete"]);
    expect(fileValues()).toEqual({ [COUNTER_KEY]: JSON.stringify({ n: 11 }) });
    const aside = readdirSync(charmDir).filter((f) => f !== LOCAL_STATE_FILE);
    expect(aside).toEqual([expect.stringMatching(/^\.ops-ts-state\.json\.unreadable-/)]);
    expect(readFileSync(join(charmDir, aside[0] ?? ""), "utf8")).toBe(text);
    expect(warnings()).toEqual([expect.stringMatching(new RegExp(`^\\.ops-ts-state\\.json is unreadable \\(.+\\); it was moved to ${aside[0] ?? ""} and this hook starts from the controller state$`))]);
    expect(JSON.stringify(logs)).not.toContain(CANARY);
  });

  test("a file that cannot be written fails the hook with a StateFileError (Juju then discards the hook's writes); the old file stays", async () => {
    const Charm = counterCharm(() => true, []);
    expect((await run(Charm, "update-status")).ok).toBe(true);
    const before = readFileSync(stateFile(), "utf8");
    const full: StateFiles = {
      read: (file) => readFileSync(file, "utf8"),
      replace: () => {
        throw Object.assign(new Error(`ENOSPC: no space left on device, write ${CANARY}`), { code: "ENOSPC" });
      },
      setAside: () => "unused",
    };
    const outcome = await run(Charm, "update-status", full);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect([outcome.error.name, outcome.error.message]).toEqual(["StateFileError", `cannot write ${LOCAL_STATE_FILE} in the charm directory (ENOSPC); the hook fails so that Juju retries it`]);
    expect(readFileSync(stateFile(), "utf8")).toBe(before);
    expect(JSON.stringify(logs)).not.toContain(CANARY);
  });

  test("the hook's tool writes are waited for once the new text is synced, before it takes the old one's place; a write's failure is thrown as it is and the old file stays", async () => {
    const Charm = counterCharm(() => true, []);
    expect((await run(Charm, "update-status")).ok).toBe(true);
    const first = readFileSync(stateFile(), "utf8");
    // What the charm directory holds when the commit waits for the writes (the tool server's
    // runner reads the last write's answer there, tool-server.ts).
    const seen: Array<{ file: string; temporary: string[] }> = [];
    let failure: Error | undefined;
    const waiting = new HookToolBackend(
      {
        run: (cmd, argv, stdin) => backend.runner.run(cmd, argv, stdin),
        finishWrites: () => {
          const temporary = readdirSync(charmDir).filter((f) => f.endsWith(".tmp"));
          seen.push({ file: readFileSync(stateFile(), "utf8"), temporary: temporary.map((f) => readFileSync(join(charmDir, f), "utf8")) });
          if (failure !== undefined) throw failure;
        },
      },
      { jujuVersion: "3.6.14" },
    );
    expect((await run(Charm, "update-status", undefined, waiting)).ok).toBe(true);
    const second = readFileSync(stateFile(), "utf8");
    expect(second).not.toBe(first);
    expect(seen).toEqual([{ file: first, temporary: [second] }]);

    failure = new RelationNotFoundError(`relation-set failed ${CANARY}`);
    const outcome = await run(Charm, "update-status", undefined, waiting);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toBe(failure);
    expect(readFileSync(stateFile(), "utf8")).toBe(second);
    expect(seen).toHaveLength(2);
  });

  test("a temporary file left by a dead process of the same pid is replaced, not written through: the state file gets mode 0600 and only the new text", async () => {
    const Charm = counterCharm(() => true, []);
    const leftover = `${stateFile()}.${String(process.pid)}.tmp`;
    writeFileSync(leftover, `half-written ${CANARY}`, { mode: 0o644 });
    expect((await run(Charm, "update-status")).ok).toBe(true);
    expect(existsSync(leftover)).toBe(false);
    expect(statSync(stateFile()).mode & 0o777).toBe(0o600);
    const text = readFileSync(stateFile(), "utf8");
    expect(text).not.toContain(CANARY);
    expect(JSON.parse(text)).toMatchObject({ format: 1, values: { [COUNTER_KEY]: expect.any(String) } });
  });

  test("a restricted hook before the first file reads nothing from the controller and refuses a write, naming the key", async () => {
    seedController({ [COUNTER_KEY]: JSON.stringify({ n: 3 }) });
    const seen: number[] = [];
    const Metrics = metricsCharm(seen, 1);
    const outcome = await run(Metrics, "collect-metrics");
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.message).toBe(`state "${COUNTER_KEY}" cannot be written in a restricted hook before the unit's first hook has created ${LOCAL_STATE_FILE}`);
    expect(seen).toEqual([0]);
    expect(tools().filter((t) => t.startsWith("state-"))).toEqual([]);
    expect(existsSync(stateFile())).toBe(false);

    // Once the file exists, a restricted hook reads and writes it like any other.
    expect((await run(counterCharm(() => true, []), "update-status")).ok).toBe(true);
    seen.length = 0;
    expect((await run(Metrics, "collect-metrics")).ok).toBe(true);
    expect(seen).toEqual([4]);
    expect(fileValues()).toEqual({ [COUNTER_KEY]: JSON.stringify({ n: 1 }) });
  });
});

describe("on Kubernetes: the file, with the controller state kept as its copy (mirrored)", () => {
  const onPod = (Charm: CharmClass, hook: string, files?: StateFiles, using: Backend = backend) => run(Charm, hook, files, using, "mirrored");
  /** Counts hooks like counterCharm, and reports the count it found in upgrade-charm and install. */
  function reporting(seen: number[]): CharmClass {
    return class extends CharmBase {
      private readonly counter = this.storedState("counter", { n: 0 });
      protected override setup(): void {
        const count = () => {
          seen.push(this.counter.get().n);
          this.counter.set({ n: this.counter.get().n + 1 });
        };
        this.on("update-status", count);
        this.on("upgrade-charm", count);
        this.on("install", count);
      }
    };
  }

  test("main() picks it on Kubernetes (KUBERNETES_SERVICE_HOST), the file alone on a machine, the controller alone without a charm directory", () => {
    expect(defaultStateStorage({ JUJU_CHARM_DIR: "/var/lib/juju/agents/unit-a-0/charm", KUBERNETES_SERVICE_HOST: "10.152.183.1" })).toBe("mirrored");
    expect(defaultStateStorage({ JUJU_CHARM_DIR: "/var/lib/juju/agents/unit-a-0/charm" })).toBe("local");
    expect(defaultStateStorage({ CHARM_DIR: "/charm", KUBERNETES_SERVICE_HOST: "10.152.183.1" })).toBe("mirrored");
    expect(defaultStateStorage({ KUBERNETES_SERVICE_HOST: "10.152.183.1" })).toBe("controller");
    expect(defaultStateStorage({})).toBe("controller");
  });

  test("the first hook reads the controller once; later hooks read the file and send only the keys they change", async () => {
    seedController({ [COUNTER_KEY]: JSON.stringify({ n: 5 }), "ops-ts/stored/charm/other": JSON.stringify({ kept: true }) });
    const seen: number[] = [];
    expect((await onPod(reporting(seen), "update-status")).ok).toBe(true);
    expect((await onPod(reporting(seen), "update-status")).ok).toBe(true);
    expect(seen).toEqual([5, 6]);
    expect(fake.calls().map((c) => [c.tool, c.stdin ?? ""])).toEqual([
      ["state-get", ""],
      ["state-set", `${JSON.stringify({ [COUNTER_KEY]: JSON.stringify({ n: 6 }) })}\n`],
      ["state-set", `${JSON.stringify({ [COUNTER_KEY]: JSON.stringify({ n: 7 }) })}\n`],
    ]);
    const both = { [COUNTER_KEY]: JSON.stringify({ n: 7 }), "ops-ts/stored/charm/other": JSON.stringify({ kept: true }) };
    expect([controller(), fileValues()]).toEqual([both, both]);
    expect(statSync(stateFile()).mode & 0o777).toBe(0o600);
  });

  test("a hook that changes nothing makes no state call and leaves the file; one that read the controller leaves the file even so", async () => {
    seedController({ [COUNTER_KEY]: JSON.stringify({ n: 1 }) });
    const Quiet = counterCharm(() => true, []);
    expect((await onPod(Quiet, "config-changed")).ok).toBe(true);
    expect(tools()).toEqual(["state-get"]);
    expect(fileValues()).toEqual({ [COUNTER_KEY]: JSON.stringify({ n: 1 }) });
    const at = statSync(stateFile()).mtimeMs;
    fake.clearCalls();
    expect((await onPod(Quiet, "config-changed")).ok).toBe(true);
    expect(tools()).toEqual([]);
    expect(statSync(stateFile()).mtimeMs).toBe(at);
  });

  test("install on a pod without the file reads the controller: the pod may be new and the unit not", async () => {
    seedController({ [COUNTER_KEY]: JSON.stringify({ n: 3 }) });
    const seen: number[] = [];
    expect((await onPod(reporting(seen), "install")).ok).toBe(true);
    expect(seen).toEqual([3]);
    expect(tools()).toEqual(["state-get", "state-set"]);
  });

  test("upgrade-charm reads the controller even with a file, and the controller wins: a revision before may have written it alone", async () => {
    const seen: number[] = [];
    expect((await onPod(reporting(seen), "update-status")).ok).toBe(true);
    // A revision between kept its state in the controller alone, and moved on without the file.
    seedController({ [COUNTER_KEY]: JSON.stringify({ n: 9 }) });
    fake.clearCalls();
    expect((await onPod(reporting(seen), "upgrade-charm")).ok).toBe(true);
    expect(seen).toEqual([0, 9]);
    expect(tools()).toEqual(["state-get", "state-set"]);
    expect([controller(), fileValues()]).toEqual([{ [COUNTER_KEY]: JSON.stringify({ n: 10 }) }, { [COUNTER_KEY]: JSON.stringify({ n: 10 }) }]);
  });

  test("upgrade-charm beside an empty controller state keeps the file, and sends all of it to the controller: the revision before kept the file alone", async () => {
    expect((await run(counterCharm(() => true, []), "update-status")).ok).toBe(true);
    writeFileSync(stateFile(), `${JSON.stringify({ format: 1, values: { [COUNTER_KEY]: JSON.stringify({ n: 4 }), "ops-ts/stored/charm/other": "{}" } })}\n`);
    fake.clearCalls();
    const seen: number[] = [];
    class Upgrading extends CharmBase {
      private readonly counter = this.storedState("counter", { n: 0 });
      protected override setup(): void {
        this.on("upgrade-charm", () => void seen.push(this.counter.get().n));
      }
    }
    expect((await onPod(Upgrading, "upgrade-charm")).ok).toBe(true);
    expect(seen).toEqual([4]);
    expect(tools()).toEqual(["state-get", "state-set"]);
    const values = { [COUNTER_KEY]: JSON.stringify({ n: 4 }), "ops-ts/stored/charm/other": "{}" };
    expect([controller(), fileValues()]).toEqual([values, values]);
  });

  test("a failed hook sends nothing to the controller and leaves the file", async () => {
    expect((await onPod(counterCharm(() => true, []), "update-status")).ok).toBe(true);
    const before = readFileSync(stateFile(), "utf8");
    const copy = controller();
    fake.clearCalls();
    expect((await onPod(Failing, "update-status")).ok).toBe(false);
    expect(tools()).toEqual([]);
    expect([readFileSync(stateFile(), "utf8"), controller()]).toEqual([before, copy]);
  });

  test("what the controller holds unreadably is named in a WARNING (never its content) and deleted there; the file never gets it", async () => {
    seedController({ [COUNTER_KEY]: JSON.stringify({ n: 1 }), "ops-ts/stored/charm/broken": `${STATE_CHUNK_MARKER}2`, "ops-ts/stored/charm/broken#1": `{"password":"${CANARY}"` });
    expect((await onPod(counterCharm(() => true, []), "update-status")).ok).toBe(true);
    expect(tools()).toEqual(["state-get", "state-set", "state-delete", "state-delete"]);
    expect([controller(), fileValues()]).toEqual([{ [COUNTER_KEY]: JSON.stringify({ n: 2 }) }, { [COUNTER_KEY]: JSON.stringify({ n: 2 }) }]);
    expect(warnings()).toEqual([expect.stringContaining('controller state "ops-ts/stored/charm/broken" is unreadable')]);
    expect(JSON.stringify(logs)).not.toContain(CANARY);
  });

  test("a restricted hook reads the file and writes it; the copy, which it cannot send, gets the change with the next hook that sends one", async () => {
    const seen: number[] = [];
    expect((await onPod(counterCharm(() => true, []), "update-status")).ok).toBe(true);
    fake.clearCalls();
    expect((await onPod(metricsCharm(seen, 50), "collect-metrics")).ok).toBe(true);
    expect(seen).toEqual([1]);
    expect(tools().filter((t) => t.startsWith("state-"))).toEqual([]);
    expect([controller(), fileValues()]).toEqual([{ [COUNTER_KEY]: JSON.stringify({ n: 1 }) }, { [COUNTER_KEY]: JSON.stringify({ n: 50 }), [LAGS_KEY]: JSON.stringify([COUNTER_KEY]) }]);
    expect((await onPod(metricsCharm(seen, 60), "collect-metrics")).ok).toBe(true);
    expect(fileValues()[LAGS_KEY]).toBe(JSON.stringify([COUNTER_KEY]));
    expect((await onPod(counterCharm(() => true, []), "update-status")).ok).toBe(true);
    expect(fake.calls().map((c) => [c.tool, c.stdin ?? ""])).toEqual([["state-set", `${JSON.stringify({ [COUNTER_KEY]: JSON.stringify({ n: 61 }) })}\n`]]);
    expect([controller(), fileValues()]).toEqual([{ [COUNTER_KEY]: JSON.stringify({ n: 61 }) }, { [COUNTER_KEY]: JSON.stringify({ n: 61 }) }]);
  });

  /** Keeps a note in stored state that may reach the copy late (`copyMayLag`) in install, and counts update-status hooks as counterCharm does. */
  class LateNote extends CharmBase {
    private readonly note = this.storedState("note", { text: "" });
    private readonly counter = this.storedState("counter", { n: 0 });
    protected override setup(): void {
      this.on("config-changed", () => this.note.set({ text: `${this.note.get().text}+` }, { copyMayLag: true }));
      this.on("update-status", () => this.counter.set({ n: this.counter.get().n + 1 }));
      this.on("start", () => {
        this.note.set({ text: "eager" }, { copyMayLag: true });
        this.note.set({ text: "eager!" });
      });
    }
  }
  const NOTE_KEY = storedStateKey("charm", "note");

  test("a change that may lag is kept in the file and listed there, with no state-set; the next hook that sends one sends it too, and the list empties", async () => {
    expect((await onPod(LateNote, "update-status")).ok).toBe(true);
    fake.clearCalls();
    expect((await onPod(LateNote, "config-changed")).ok).toBe(true);
    expect((await onPod(LateNote, "config-changed")).ok).toBe(true);
    expect(tools()).toEqual([]);
    expect(controller()).toEqual({ [COUNTER_KEY]: JSON.stringify({ n: 1 }) });
    expect(fileValues()).toEqual({ [COUNTER_KEY]: JSON.stringify({ n: 1 }), [NOTE_KEY]: JSON.stringify({ text: "++" }), [LAGS_KEY]: JSON.stringify([NOTE_KEY]) });
    expect((await onPod(LateNote, "update-status")).ok).toBe(true);
    expect(fake.calls().map((c) => [c.tool, c.stdin ?? ""])).toEqual([["state-set", `${JSON.stringify({ [COUNTER_KEY]: JSON.stringify({ n: 2 }), [NOTE_KEY]: JSON.stringify({ text: "++" }) })}\n`]]);
    const both = { [COUNTER_KEY]: JSON.stringify({ n: 2 }), [NOTE_KEY]: JSON.stringify({ text: "++" }) };
    expect([controller(), fileValues()]).toEqual([both, both]);
  });

  test("one set without copyMayLag in the hook sends the value as usual; on a machine the option changes nothing", async () => {
    expect((await onPod(LateNote, "update-status")).ok).toBe(true);
    fake.clearCalls();
    expect((await onPod(LateNote, "start")).ok).toBe(true);
    expect(tools()).toEqual(["state-set"]);
    expect(controller()[NOTE_KEY]).toBe(JSON.stringify({ text: "eager!" }));
    expect(fileValues()[LAGS_KEY]).toBeUndefined();
    fake.clearCalls();
    expect((await run(LateNote, "config-changed")).ok).toBe(true);
    expect(tools()).toEqual([]);
    expect(fileValues()).toEqual({ [COUNTER_KEY]: JSON.stringify({ n: 1 }), [NOTE_KEY]: JSON.stringify({ text: "eager!+" }) });
  });

  test("upgrade-charm lets the file's lagging values win over the copy, and sends them", async () => {
    expect((await onPod(LateNote, "update-status")).ok).toBe(true);
    expect((await onPod(LateNote, "config-changed")).ok).toBe(true);
    fake.clearCalls();
    const notes: string[] = [];
    class Upgrading extends CharmBase {
      private readonly note = this.storedState("note", { text: "" });
      protected override setup(): void {
        this.on("upgrade-charm", () => void notes.push(this.note.get().text));
      }
    }
    expect((await onPod(Upgrading, "upgrade-charm")).ok).toBe(true);
    expect(notes).toEqual(["+"]);
    expect(fake.calls().map((c) => [c.tool, c.stdin ?? ""])).toEqual([["state-get", ""], ["state-set", `${JSON.stringify({ [NOTE_KEY]: JSON.stringify({ text: "+" }) })}\n`]]);
    const both = { [COUNTER_KEY]: JSON.stringify({ n: 1 }), [NOTE_KEY]: JSON.stringify({ text: "+" }) };
    expect([controller(), fileValues()]).toEqual([both, both]);
  });

  test("a list of lagging keys that cannot be read counts every key as lagging: the next hook that sends sends them all", async () => {
    expect((await onPod(LateNote, "config-changed")).ok).toBe(true);
    expect((await onPod(LateNote, "update-status")).ok).toBe(true);
    writeFileSync(stateFile(), `${JSON.stringify({ format: 1, values: { ...fileValues(), [NOTE_KEY]: JSON.stringify({ text: "by hand" }), [LAGS_KEY]: "not a list" } })}\n`);
    fake.clearCalls();
    expect((await onPod(LateNote, "update-status")).ok).toBe(true);
    const both = { [COUNTER_KEY]: JSON.stringify({ n: 2 }), [NOTE_KEY]: JSON.stringify({ text: "by hand" }) };
    expect(fake.calls().map((c) => [c.tool, c.stdin ?? ""])).toEqual([["state-set", `${JSON.stringify(both)}\n`]]);
    expect([controller(), fileValues()]).toEqual([both, both]);
  });

  test("a pod replaced while a change lags starts from the copy, without it", async () => {
    expect((await onPod(LateNote, "update-status")).ok).toBe(true);
    expect((await onPod(LateNote, "config-changed")).ok).toBe(true);
    rmSync(stateFile());
    fake.clearCalls();
    expect((await onPod(LateNote, "config-changed")).ok).toBe(true);
    expect(tools()).toEqual(["state-get", "state-set"]);
    const both = { [COUNTER_KEY]: JSON.stringify({ n: 1 }), [NOTE_KEY]: JSON.stringify({ text: "+" }) };
    expect([controller(), fileValues()]).toEqual([both, both]);
  });

  test("the state-set goes first, then the hook's other writes; they are waited for before the file takes its new text", async () => {
    expect((await onPod(counterCharm(() => true, []), "update-status")).ok).toBe(true);
    const before = readFileSync(stateFile(), "utf8");
    const log: string[] = [];
    const recorded = new HookToolBackend(
      {
        run: (cmd, argv, stdin) => (log.push(cmd), backend.runner.run(cmd, argv, stdin)),
        finishWrites: () => void log.push(`finishWrites, file ${readFileSync(stateFile(), "utf8") === before ? "old" : "new"}`),
      },
      { jujuVersion: "3.6.14" },
    );
    class Reporting extends CharmBase {
      private readonly counter = this.storedState("counter", { n: 0 });
      protected override setup(): void {
        this.on("config-changed", () => {
          this.counter.set({ n: this.counter.get().n + 1 });
          this.unit.setStatus(new ActiveStatus("configured"));
        });
      }
    }
    expect((await onPod(Reporting, "config-changed", undefined, recorded)).ok).toBe(true);
    expect(log).toEqual(["state-set", "status-set", "finishWrites, file old"]);
    expect(fileValues()).toEqual({ [COUNTER_KEY]: JSON.stringify({ n: 2 }) });
  });
});

describe("the commit waits for the hook's writes (the tool server answers them early)", () => {
  /** A backend over the fake tools that records each tool call and each wait, in order. */
  function recording(): { backend: Backend; log: string[] } {
    const log: string[] = [];
    const b = new HookToolBackend(
      {
        run: (cmd, argv, stdin) => (log.push(cmd), backend.runner.run(cmd, argv, stdin)),
        finishWrites: () => void log.push("finishWrites"),
      },
      { jujuVersion: "3.6.14" },
    );
    return { backend: b, log };
  }
  class Reporting extends CharmBase {
    private readonly counter = this.storedState("counter", { n: 0 });
    protected override setup(): void {
      this.on("update-status", () => this.unit.setStatus(new ActiveStatus(`ok ${String(this.counter.get().n)}`)));
      this.on("config-changed", () => {
        this.counter.set({ n: this.counter.get().n + 1 });
        this.unit.setStatus(new ActiveStatus("configured"));
      });
    }
  }

  test("a hook that changes no state waits for its last write before it ends", async () => {
    expect((await run(Reporting, "config-changed")).ok).toBe(true);
    const { backend: b, log } = recording();
    expect((await run(Reporting, "update-status", undefined, b)).ok).toBe(true);
    expect(log).toEqual(["status-set", "finishWrites"]);
  });

  test("on Kubernetes (state in the controller) the hook waits after its state-set and its other writes", async () => {
    const { backend: b, log } = recording();
    const env = { JUJU_UNIT_NAME: "webapp/0", JUJU_MODEL_NAME: "m", JUJU_MODEL_UUID: "uuid-1", JUJU_VERSION: "3.6.14", JUJU_CHARM_DIR: charmDir, JUJU_DISPATCH_PATH: "hooks/config-changed", JUJU_HOOK_NAME: "config-changed" };
    const outcome = await dispatch(Reporting, { context: parseHookContext(env), backend: b, stateStorage: "controller", stdout: () => undefined, stderr: () => undefined });
    expect(outcome.ok).toBe(true);
    expect(log).toEqual(["state-get", "state-set", "status-set", "finishWrites"]);
  });
});
