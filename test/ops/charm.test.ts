import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import {
  ActiveStatus,
  BlockedStatus,
  CharmBase,
  EventSource,
  HookToolBackend,
  InvalidArgumentError,
  MaintenanceStatus,
  StateLimitError,
  createProcessRunner,
  dispatch,
  parseHookContext,
  type ActionEvent,
  type CharmClass,
  parseCharmMetadata,
  type CharmMetadata,
  type DispatchOutcome,
  type Relation,
  type RelationEvent,
} from "../../lib/ops/index.js";
import { FakeTools } from "./fake-tools.js";

let fake: FakeTools;
let backend: HookToolBackend;
let stateFile: string;
let stdout: string[];
let stderr: string[];
const metadata: CharmMetadata = parseCharmMetadata("requires:\n  database:\n    interface: postgresql_client\npeers:\n  cluster:\n    interface: cluster\n");

beforeAll(() => {
  fake = new FakeTools();
  backend = new HookToolBackend(createProcessRunner({ env: { ...process.env, PATH: fake.path() } }));
});
afterAll(() => fake.dispose());
let testNo = 0;
beforeEach(() => {
  fake.clearCalls();
  fake.resetAnswers();
  stateFile = join(fake.root, `state-${testNo++}.json`);
  fake.persistentState(stateFile);
  stdout = [];
  stderr = [];
});

const baseEnv = { JUJU_UNIT_NAME: "webapp/0", JUJU_MODEL_NAME: "m", JUJU_MODEL_UUID: "uuid-1", JUJU_VERSION: "3.6.14", JUJU_CHARM_DIR: "/nonexistent" };

function relEnv(hook: string, id = 7, unit = "pg/0"): Record<string, string> {
  return { JUJU_RELATION: "database", JUJU_RELATION_ID: `database:${id}`, JUJU_REMOTE_APP: "pg", JUJU_REMOTE_UNIT: unit, ...(hook.endsWith("-departed") ? { JUJU_DEPARTING_UNIT: unit } : {}) };
}

function run(Charm: CharmClass, hook: string, extra: Record<string, string> = {}): Promise<DispatchOutcome> {
  const isAction = hook.startsWith("action:");
  const name = isAction ? hook.slice(7) : hook;
  const env = {
    ...baseEnv,
    JUJU_DISPATCH_PATH: `${isAction ? "actions" : "hooks"}/${name}`,
    JUJU_HOOK_NAME: isAction ? "" : name,
    ...(isAction ? { JUJU_ACTION_NAME: name, JUJU_ACTION_UUID: "5" } : {}),
    ...extra,
  };
  return dispatch(Charm, {
    context: parseHookContext(env),
    backend,
    metadata,
    stdout: (t) => void stdout.push(t),
    stderr: (t) => void stderr.push(t),
  });
}

const calls = (tool: string) => fake.calls().filter((c) => c.tool === tool);
const persisted = (): Record<string, string> => (existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, "utf8")) : {});

describe("dispatch", () => {
  test("runs the handler for the hook and commits once; unhandled events succeed quietly", async () => {
    const seen: string[] = [];
    class Charm extends CharmBase {
      protected override setup(): void {
        this.on("install", (e) => void seen.push(e.kind));
        this.on("config-changed", () => void seen.push("config"));
      }
    }
    expect(await run(Charm, "install")).toEqual({ ok: true });
    expect(await run(Charm, "update-status")).toEqual({ ok: true });
    expect(seen).toEqual(["install"]);
    expect(fake.calls().map((c) => c.tool)).toEqual(["state-get", "state-get"]);
  });

  test("async handlers are awaited in registration order", async () => {
    const order: string[] = [];
    class Charm extends CharmBase {
      protected override setup(): void {
        this.on("start", async () => {
          await new Promise((r) => setTimeout(r, 20));
          order.push("first");
        });
        this.on("start", () => void order.push("second"));
      }
    }
    await run(Charm, "start");
    expect(order).toEqual(["first", "second"]);
  });

  test("a throwing handler applies no buffered write and logs Name: message without stack", async () => {
    fake.respond("relation-ids", { stdout: '["database:7"]' });
    fake.respond("is-leader", { stdout: "true" });
    class Charm extends CharmBase {
      private readonly memo = this.storedState("memo", { n: 0 });
      protected override setup(): void {
        this.on("database-relation-changed", (e) => {
          e.relation.localUnit.set("host", "10.0.0.1");
          e.relation.localApp.set("database", "webapp");
          this.unit.setStatus(new ActiveStatus());
          this.unit.setWorkloadVersion("1.0");
          this.memo.set({ n: 1 });
          e.defer();
          throw new TypeError("cannot render config for db");
        });
      }
    }
    const outcome = await run(Charm, "database-relation-changed", relEnv("database-relation-changed"));
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error.message).toBe("cannot render config for db");
    for (const tool of ["relation-set", "status-set", "state-set", "application-version-set", "state-delete"]) expect(calls(tool)).toEqual([]);
    expect(calls("juju-log").map((c) => c.argv)).toEqual([["--log-level", "ERROR", "--", "database-relation-changed failed: TypeError: cannot render config for db"]]);
    expect(stderr.join("")).toBe("TypeError: cannot render config for db\n");
    expect(persisted()).toEqual({});
  });

  test("a successful hook flushes each databag once, then state, then statuses", async () => {
    fake.respond("relation-ids", { stdout: '["database:7"]' });
    fake.respond("is-leader", { stdout: "true" });
    class Charm extends CharmBase {
      protected override setup(): void {
        this.on("database-relation-joined", (e) => {
          e.relation.localUnit.set("a", "1");
          this.unit.setStatus(new MaintenanceStatus("x"));
        });
        this.on("database-relation-joined", (e) => {
          e.relation.localUnit.set("b", "2");
          e.relation.localApp.set("database", "webapp");
          this.unit.setStatus(new BlockedStatus("last wins"));
        });
      }
    }
    expect((await run(Charm, "database-relation-joined", relEnv("database-relation-joined"))).ok).toBe(true);
    expect(fake.calls().map((c) => [c.tool, ...c.argv, ...(c.stdin === undefined ? [] : [c.stdin])])).toEqual([
      ["state-get", "--format=json"],
      ["is-leader", "--format=json"],
      ["relation-set", "-r", "database:7", "--file", "-", '{"a":"1","b":"2"}\n'],
      ["relation-set", "-r", "database:7", "--app", "--file", "-", '{"database":"webapp"}\n'],
      ["status-set", "--application=False", "blocked", "--", "last wins"],
    ]);
  });

  test("relation event payload carries the relation and the remote names, frozen", async () => {
    let got: RelationEvent | undefined;
    fake.respond("relation-ids", { stdout: '["database:7"]' });
    class Charm extends CharmBase {
      protected override setup(): void {
        this.on("database-relation-departed", (e) => void (got = e));
      }
    }
    await run(Charm, "database-relation-departed", relEnv("database-relation-departed", 7, "pg/1"));
    expect(got?.kind).toBe("database-relation-departed");
    expect(got?.relation.toString()).toBe("database:7");
    expect([got?.app, got?.unit, got?.departingUnit]).toEqual(["pg", "pg/1", "pg/1"]);
    expect(Object.isFrozen(got)).toBe(true);
  });

  test("on() refuses unknown kinds and undeclared endpoints", async () => {
    class Typo extends CharmBase {
      protected override setup(): void {
        this.on("databse-relation-changed", () => undefined);
      }
    }
    const outcome = await run(Typo, "install");
    expect(!outcome.ok && outcome.error).toBeInstanceOf(InvalidArgumentError);
    expect(stderr.join("")).toMatch(/declares no endpoint "databse"/);
  });
});

describe("actions", () => {
  test("params, parseParams, flattened results, log and fail", async () => {
    fake.respond("action-get", { stdout: '{"mode":"full","keep":3}' });
    class Charm extends CharmBase {
      protected override setup(): void {
        this.on("action:backup", (e: ActionEvent) => {
          const p = e.parseParams(z.object({ mode: z.enum(["full", "incremental"]), keep: z.number().int() }));
          e.log(`starting ${p.mode}`);
          e.setResults({ backup: { id: "b-1", size: 42 }, ok: true });
          e.fail("disk full");
        });
      }
    }
    expect((await run(Charm, "action:backup")).ok).toBe(true);
    expect(fake.calls().filter((c) => c.tool.startsWith("action-")).map((c) => [c.tool, ...c.argv])).toEqual([
      ["action-get", "--format=json"],
      ["action-log", "--", "starting full"],
      ["action-set", "backup.id=b-1", "backup.size=42", "ok=true"],
      ["action-fail", "--", "disk full"],
    ]);
  });

  test("parseParams names the bad parameter", async () => {
    fake.respond("action-get", { stdout: '{"mode":"weekly"}' });
    class Charm extends CharmBase {
      protected override setup(): void {
        this.on("action:backup", (e) => void e.parseParams(z.object({ mode: z.enum(["full"]) })));
      }
    }
    const outcome = await run(Charm, "action:backup");
    expect(!outcome.ok && outcome.error.message).toMatch(/action backup: parameter "mode"/);
  });

  test.each([["action:backup"], ["stop"], ["remove"], ["secret-rotate"], ["secret-expired"]])("%s cannot be deferred", async (kind) => {
    fake.respond("action-get", { stdout: "{}" });
    class Charm extends CharmBase {
      protected override setup(): void {
        this.on(kind as "stop", (e) => e.defer());
      }
    }
    const secretEnv: Record<string, string> = kind.startsWith("secret-") ? { JUJU_SECRET_ID: "secret:s", JUJU_SECRET_REVISION: "2" } : {};
    const outcome = await run(Charm, kind, secretEnv);
    expect(!outcome.ok && outcome.error.message).toMatch(/cannot be deferred/);
  });
});

describe("deferral", () => {
  test("deferred twice, then handled: persisted across separate dispatches, re-emitted first", async () => {
    fake.respond("relation-ids", { stdout: '["database:7"]' });
    const log: string[] = [];
    let ready = false;
    class Charm extends CharmBase {
      protected override setup(): void {
        this.on("database-relation-changed", (e) => {
          log.push(`changed ${e.relation.id} ${e.unit ?? "-"} ready=${ready}`);
          if (!ready) e.defer();
        });
        this.on("update-status", () => void log.push("update-status"));
        this.on("config-changed", () => void log.push("config-changed"));
      }
    }
    await run(Charm, "database-relation-changed", relEnv("database-relation-changed", 7, "pg/2"));
    const afterFirst = persisted();
    expect(Object.keys(afterFirst)).toEqual(["ops-ts/deferred"]);
    expect(afterFirst["ops-ts/deferred"]).not.toContain("password");
    await run(Charm, "update-status");
    ready = true;
    await run(Charm, "config-changed");
    await run(Charm, "update-status");
    expect(log).toEqual([
      "changed 7 pg/2 ready=false",
      "changed 7 pg/2 ready=false",
      "update-status",
      "changed 7 pg/2 ready=true",
      "config-changed",
      "update-status",
    ]);
    expect(persisted()).toEqual({});
    // Two dispatches had to write the queue (defer, then clear); the re-deferral in between changed nothing.
    expect(calls("state-set")).toHaveLength(1);
    expect(calls("state-delete").map((c) => c.argv)).toEqual([["ops-ts/deferred"]]);
    expect(calls("state-get")).toHaveLength(4);
  });

  test("dedup: the same event again is not queued twice nor delivered again to the deferring observer", async () => {
    fake.respond("relation-ids", { stdout: '["database:7"]' });
    const log: string[] = [];
    class Charm extends CharmBase {
      protected override setup(): void {
        this.on("database-relation-changed", (e) => {
          log.push(`A ${e.unit ?? "-"}`);
          e.defer();
        });
        this.on("database-relation-changed", (e) => void log.push(`B ${e.unit ?? "-"}`));
      }
    }
    const env = relEnv("database-relation-changed", 7, "pg/0");
    await run(Charm, "database-relation-changed", env);
    await run(Charm, "database-relation-changed", env);
    await run(Charm, "database-relation-changed", relEnv("database-relation-changed", 7, "pg/1"));
    expect(log).toEqual(["A pg/0", "B pg/0", "A pg/0", "B pg/0", "A pg/0", "A pg/1", "B pg/1"]);
    const queue = JSON.parse(persisted()["ops-ts/deferred"] ?? "{}") as { notices: unknown[] };
    expect(queue.notices).toHaveLength(2);
  });

  test("custom events: deferred as snapshot (no secret values), restored next hook", async () => {
    fake.respond("relation-ids", { stdout: '["database:7"]' });
    type Events = { databaseCreated: { relation: Relation; password: string } };
    const seen: string[] = [];
    let ready = false;
    class Charm extends CharmBase {
      private readonly db = new EventSource<Events>(this, "db", {
        databaseCreated: {
          snapshot: (p) => ({ relationId: p.relation.id }),
          restore: (s, model) => {
            const relation = model.getRelation("database", s["relationId"] as number);
            return relation === undefined ? undefined : { relation, password: "re-read-from-secret" };
          },
        },
      });
      protected override setup(): void {
        this.on("database-relation-changed", async (e) => this.db.emit("databaseCreated", { relation: e.relation, password: "hunter2" }));
        this.db.on("databaseCreated", (e) => {
          seen.push(`${e.relation.toString()} ${e.password}`);
          if (!ready) e.defer();
        });
      }
    }
    await run(Charm, "database-relation-changed", relEnv("database-relation-changed"));
    const stored = persisted()["ops-ts/deferred"] ?? "";
    expect(stored).toContain("db/databaseCreated");
    expect(stored).not.toContain("hunter2");
    ready = true;
    await run(Charm, "update-status");
    expect(seen).toEqual(["database:7 hunter2", "database:7 re-read-from-secret"]);
    expect(persisted()).toEqual({});
  });
});

describe("stored state", () => {
  test("defaults, persistence between dispatches, one state-set only when changed", async () => {
    let value: unknown;
    class Charm extends CharmBase {
      private readonly s = this.storedState("counter", { runs: 0, tags: [] as string[] });
      protected override setup(): void {
        this.on("update-status", () => {
          value = this.s.get();
          if (this.s.get().runs < 2) this.s.set({ runs: this.s.get().runs + 1 });
        });
      }
    }
    for (let i = 0; i < 4; i++) await run(Charm, "update-status");
    expect(value).toEqual({ runs: 2, tags: [] });
    expect(calls("state-get")).toHaveLength(4);
    expect(calls("state-set")).toHaveLength(2);
    expect(JSON.parse(persisted()["ops-ts/stored/charm/counter"] ?? "")).toEqual({ runs: 2, tags: [] });
  });

  test("values over 64 KiB are split into chunks and read back; shrinking removes stale chunks", async () => {
    const big = "ą".repeat(50_000); // 100 000 bytes in UTF-8
    let read = "";
    let next = big;
    class Charm extends CharmBase {
      private readonly s = this.storedState("blob", { text: "" });
      protected override setup(): void {
        this.on("update-status", () => {
          read = this.s.get().text;
          this.s.set({ text: next });
        });
      }
    }
    await run(Charm, "update-status");
    const state = persisted();
    expect(state["ops-ts/stored/charm/blob"]).toBe("ops-ts-chunks:2");
    for (const v of Object.values(state)) expect(Buffer.byteLength(v)).toBeLessThanOrEqual(64 * 1024);
    next = "small";
    await run(Charm, "update-status");
    expect(read).toBe(big);
    expect(Object.keys(persisted())).toEqual(["ops-ts/stored/charm/blob"]);
    await run(Charm, "update-status");
    expect(read).toBe("small");
  });

  test("over-long keys and non-JSON values fail clearly", async () => {
    class LongKey extends CharmBase {
      protected override setup(): void {
        this.on("update-status", () => this.storedState("k".repeat(300), { a: 1 }).set({ a: 2 }));
      }
    }
    const long = await run(LongKey, "update-status");
    expect(!long.ok && long.error).toBeInstanceOf(StateLimitError);
    class NotJson extends CharmBase {
      protected override setup(): void {
        this.on("update-status", () => this.storedState("x", { a: 1 }).set({ a: Number.NaN }));
      }
    }
    const nan = await run(NotJson, "update-status");
    expect(!nan.ok && nan.error.message).toMatch(/stored state "ops-ts\/stored\/charm\/x": "a" is not JSON/);
  });
});

describe("logger", () => {
  test("DEBUG/INFO go to stdout without a process; WARNING/ERROR through juju-log", async () => {
    class Charm extends CharmBase {
      protected override setup(): void {
        this.on("install", () => {
          for (let i = 0; i < 5; i++) this.log.debug(`step ${i}`);
          this.log.info("done");
          this.log.warning("disk almost full");
        });
      }
    }
    await run(Charm, "install");
    expect(stdout).toEqual(["DEBUG step 0\n", "DEBUG step 1\n", "DEBUG step 2\n", "DEBUG step 3\n", "DEBUG step 4\n", "INFO done\n"]);
    expect(calls("juju-log").map((c) => c.argv)).toEqual([["--log-level", "WARNING", "--", "disk almost full"]]);
  });
});

describe("restricted hooks", () => {
  test("collect-metrics neither reads nor writes controller state, and refuses defer()", async () => {
    const seen: string[] = [];
    class Charm extends CharmBase {
      protected override setup(): void {
        this.on("collect-metrics", () => void seen.push("metrics"));
        this.on("meter-status-changed", (e) => e.defer());
      }
    }
    expect(await run(Charm, "collect-metrics")).toEqual({ ok: true });
    expect(seen).toEqual(["metrics"]);
    expect(fake.calls()).toEqual([]);
    const outcome = await run(Charm, "meter-status-changed");
    expect(!outcome.ok && outcome.error.message).toMatch(/restricted hook/);
  });
});

describe("controller-state layout helpers (for test stands)", () => {
  test("encodeStateValue and readStateValue round-trip chunked values", async () => {
    const { encodeStateValue, readStateValue, storedStateKey, STATE_CHUNK_MARKER } = await import("../../lib/ops/index.js");
    const key = storedStateKey("charm", "blob");
    expect(key).toBe("ops-ts/stored/charm/blob");
    const value = JSON.stringify({ text: "€".repeat(40_000) });
    const physical = encodeStateValue(key, value);
    expect(physical[key]).toBe(`${STATE_CHUNK_MARKER}2`);
    expect(readStateValue(physical, key)).toBe(value);
    expect(readStateValue({ [key]: "{}" }, key)).toBe("{}");
    expect(() => readStateValue({ [key]: `${STATE_CHUNK_MARKER}2`, [`${key}#1`]: "x" }, key)).toThrow(StateLimitError);
  });
});
