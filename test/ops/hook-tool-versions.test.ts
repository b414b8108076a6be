/**
 * The version gate (issue 13, "What to build" 4): every hook tool the backend runs, on every Juju
 * version in support, against the fake tools on PATH. A tool or flag the version lacks must throw
 * ToolUnavailableError and spawn nothing; a tool it has must run exactly once.
 *
 * The expected absences below are written out by hand from the sources (juju/juju jujuc
 * registration, ops JujuVersion), not derived from HOOK_TOOL_VERSIONS, so a wrong table row fails.
 */
import {
  CharmBase,
  GatedToolRunner,
  HOOK_TOOL_VERSIONS,
  HookToolBackend,
  HookToolNotFoundError,
  JujuVersion,
  Model,
  ToolUnavailableError,
  createProcessRunner,
  dispatch,
  parseHookContext,
  type Backend,
  type CharmClass,
} from "../../lib/ops/index.js";
import { flagsUsed } from "../../lib/ops/hooktools/gated-runner.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ALL_TOOLS, FakeTools } from "./fake-tools.js";
import { MATRIX_VERSIONS, renderMatrix } from "./hook-tool-matrix.js";

let fake: FakeTools;
let runner: ReturnType<typeof createProcessRunner>;

beforeAll(() => {
  fake = new FakeTools();
  runner = createProcessRunner({ env: { ...process.env, PATH: fake.path() } });
});
afterAll(() => fake.dispose());
beforeEach(() => {
  fake.clearCalls();
  fake.resetAnswers();
});

const db7 = { endpoint: "database", id: 7 };

/** Every Backend method, the tool it runs and a stdout that parses. */
const CALLS: ReadonlyArray<readonly [label: string, tool: string, stdout: string, call: (b: Backend) => unknown]> = [
  ["relationIds", "relation-ids", "[]", (b) => b.relationIds("database")],
  ["relationList", "relation-list", "[]", (b) => b.relationList(db7)],
  ["relationRemoteApp", "relation-list", '"pg"', (b) => b.relationRemoteApp(db7)],
  ["relationGet unit", "relation-get", "{}", (b) => b.relationGet(db7, "pg/0", false)],
  ["relationGet app", "relation-get", "{}", (b) => b.relationGet(db7, "pg", true)],
  ["relationSet unit", "relation-set", "", (b) => b.relationSet(db7, { a: "1" }, false)],
  ["relationSet app", "relation-set", "", (b) => b.relationSet(db7, { a: "1" }, true)],
  ["relationModelGet", "relation-model-get", '{"uuid":"u"}', (b) => b.relationModelGet(db7)],
  ["isLeader", "is-leader", "true", (b) => b.isLeader()],
  ["configGet", "config-get", "{}", (b) => b.configGet()],
  ["statusGet", "status-get", '{"status":"active","message":""}', (b) => b.statusGet(false)],
  ["statusSet", "status-set", "", (b) => b.statusSet("active", "", false)],
  ["applicationVersionSet", "application-version-set", "", (b) => b.applicationVersionSet("1")],
  ["jujuLog", "juju-log", "", (b) => b.jujuLog("INFO", "--app is just text here")],
  ["actionGet", "action-get", "{}", (b) => b.actionGet()],
  ["actionSet", "action-set", "", (b) => b.actionSet({ ok: "1" })],
  ["actionLog", "action-log", "", (b) => b.actionLog("m")],
  ["actionFail", "action-fail", "", (b) => b.actionFail("m")],
  ["secretAdd", "secret-add", "secret:abc\n", (b) => b.secretAdd({ password: "pw-gate-test" }, { owner: "unit" })],
  ["secretGet", "secret-get", "{}", (b) => b.secretGet({ id: "secret:abc" })],
  ["secretGet refresh", "secret-get", "{}", (b) => b.secretGet({ id: "secret:abc", refresh: true })],
  ["secretGet peek", "secret-get", "{}", (b) => b.secretGet({ id: "secret:abc", peek: true })],
  ["secretSet", "secret-set", "", (b) => b.secretSet("secret:abc", undefined, { label: "l" })],
  ["secretInfoGet", "secret-info-get", '{"abc":{"revision":1,"owner":"unit"}}', (b) => b.secretInfoGet({ id: "secret:abc" })],
  ["secretIds", "secret-ids", "[]", (b) => b.secretIds()],
  ["secretGrant", "secret-grant", "", (b) => b.secretGrant("secret:abc", 7)],
  ["secretRevoke", "secret-revoke", "", (b) => b.secretRevoke("secret:abc", 7)],
  ["secretRemove", "secret-remove", "", (b) => b.secretRemove("secret:abc")],
  ["stateGet", "state-get", "{}", (b) => b.stateGet()],
  ["stateSet", "state-set", "", (b) => b.stateSet({ k: "v" })],
  ["stateDelete", "state-delete", "", (b) => b.stateDelete("k")],
  ["networkGet", "network-get", "{}", (b) => b.networkGet("database")],
];

const SECRET_TOOLS = ["secret-add", "secret-get", "secret-set", "secret-info-get", "secret-ids", "secret-grant", "secret-revoke", "secret-remove"];

/** Versions in support → the tools the Backend uses that they lack, and the minimum version each needs. */
const ABSENT: ReadonlyArray<readonly [version: string, absent: Readonly<Record<string, string>>]> = [
  ["2.9.52", { ...Object.fromEntries(SECRET_TOOLS.map((t) => [t, "3.0.3"])), "relation-model-get": "3.6.2" }],
  ["3.1.8", { "relation-model-get": "3.6.2" }],
  ["3.4.6", { "relation-model-get": "3.6.2" }],
  ["3.6.0", { "relation-model-get": "3.6.2" }],
  ["3.6.1", { "relation-model-get": "3.6.2" }],
  ["3.6.14", {}],
  ["4.0.0", {}],
];

describe("every Backend call on every supported Juju version", () => {
  const cases = ABSENT.flatMap(([version, absent]) => CALLS.map(([label, tool, stdout, call]) => [version, label, tool, stdout, call, absent[tool]] as const));

  test.each(cases)("Juju %s: %s", (version, _label, tool, stdout, call, minimum) => {
    const backend = new HookToolBackend(runner, { jujuVersion: version });
    fake.respond(tool, { stdout });
    if (minimum === undefined) {
      call(backend);
      expect(fake.calls().map((c) => c.tool)).toEqual([tool]);
      return;
    }
    let error: unknown;
    try {
      call(backend);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ToolUnavailableError);
    // Callers that already handle "not on PATH" keep working: it is that, found out before spawning.
    expect(error).toBeInstanceOf(HookToolNotFoundError);
    const e = error as ToolUnavailableError;
    expect([e.tool, e.flag, e.jujuVersion, e.minimumVersion, e.removedIn]).toEqual([tool, undefined, version, minimum, undefined]);
    expect(e.message).toContain(`hook tool ${tool} is not available on Juju ${version}: it needs Juju >= ${minimum}`);
    expect(e.message).not.toContain("pw-gate-test");
    expect(fake.calls()).toEqual([]);
  });
});

describe("version-dependent flags", () => {
  test("relation-list --app needs 2.8.1; relation-get/set --app need 2.7.0; the plain forms stay", () => {
    const old = new HookToolBackend(runner, { jujuVersion: "2.8.0" });
    fake.respond("relation-list", { stdout: "[]" });
    expect(() => old.relationRemoteApp(db7)).toThrow(ToolUnavailableError);
    try {
      old.relationRemoteApp(db7);
    } catch (e) {
      expect(e).toMatchObject({ tool: "relation-list", flag: "--app", jujuVersion: "2.8.0", minimumVersion: "2.8.1" });
      expect((e as Error).message).toContain("hook tool relation-list --app is not available on Juju 2.8.0");
    }
    expect(fake.calls()).toEqual([]);
    expect(old.relationList(db7)).toEqual([]);
    expect(fake.calls().map((c) => c.tool)).toEqual(["relation-list"]);

    const older = new HookToolBackend(runner, { jujuVersion: "2.6.9" });
    fake.clearCalls();
    expect(() => older.relationGet(db7, "pg", true)).toThrow(expect.objectContaining({ flag: "--app", minimumVersion: "2.7.0" }));
    expect(() => older.relationSet(db7, { a: "1" }, true)).toThrow(expect.objectContaining({ flag: "--app", minimumVersion: "2.7.0" }));
    expect(fake.calls()).toEqual([]);
  });

  test("flags are only read before --: free text after it is never taken for a flag", () => {
    expect(flagsUsed("relation-list", ["--format=json", "--app", "-r", "database:7"])).toEqual(["--app"]);
    expect(flagsUsed("relation-list", ["--format=json", "-r", "database:7", "--", "--app"])).toEqual([]);
    expect(flagsUsed("juju-log", ["--log-level", "INFO", "--", "--app"])).toEqual([]);
    expect(flagsUsed("secret-get", ["--format=json", "secret:x", "--refresh"])).toEqual(["--refresh"]);
  });

  test("leader-get and leader-set: passed through on 3.6, gone on 4.0", () => {
    const on36 = new GatedToolRunner(runner, new JujuVersion("3.6.14"));
    // The gate lets it through; the fake PATH has no such tool, so the spawn itself fails.
    expect(() => on36.run("leader-get", ["--format=json"])).toThrow(HookToolNotFoundError);
    expect(() => on36.run("leader-get", ["--format=json"])).not.toThrow(ToolUnavailableError);
    const on40 = new GatedToolRunner(runner, new JujuVersion("4.0.0"));
    for (const tool of ["leader-get", "leader-set"]) {
      expect(() => on40.run(tool, [])).toThrow(expect.objectContaining({ name: "ToolUnavailableError", tool, removedIn: "4.0.0" }));
    }
  });
});

describe("the table", () => {
  test("knows every tool the runtime runs, and every row cites a source and parses", () => {
    const known = new Set(HOOK_TOOL_VERSIONS.filter((r) => r.flag === undefined).map((r) => r.tool));
    for (const tool of ALL_TOOLS) expect(known.has(tool)).toBe(true);
    for (const row of HOOK_TOOL_VERSIONS) {
      expect(row.sources.length).toBeGreaterThan(0);
      for (const v of [row.since, row.removedIn]) if (v !== undefined) expect(new JujuVersion(v).toString()).toBe(v);
    }
    // One row per tool and per (tool, flag).
    const keys = HOOK_TOOL_VERSIONS.map((r) => `${r.tool} ${r.flag ?? ""}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test("docs/design/hook-tool-versions.md shows exactly this table", () => {
    const doc = readFileSync(join(__dirname, "../../docs/design/hook-tool-versions.md"), "utf8");
    const start = doc.indexOf("<!-- hook-tool-matrix:start -->\n");
    const end = doc.indexOf("\n<!-- hook-tool-matrix:end -->");
    expect(start).toBeGreaterThan(0);
    expect(doc.slice(start + "<!-- hook-tool-matrix:start -->\n".length, end)).toBe(renderMatrix());
    // The doc's columns are the versions the matrix test above runs.
    expect(MATRIX_VERSIONS.map(([, v]) => v)).toEqual(ABSENT.map(([v]) => v));
  });

  test("JujuVersion.hasTool answers from it; hasSecrets and hasRelationModelGet are names over it", () => {
    const cases: Array<[string, boolean, boolean]> = [
      ["0.0.0", false, false],
      ["2.9.52", false, false],
      ["3.0.2", false, false],
      ["3.0.3", true, false],
      ["3.4.6", true, false],
      ["3.6.1", true, false],
      ["3.6.2", true, true],
      ["4.0.0", true, true],
    ];
    for (const [text, secrets, modelGet] of cases) {
      const v = new JujuVersion(text);
      expect([v.hasSecrets, v.hasTool("secret-get"), v.hasRelationModelGet, v.hasTool("relation-model-get")]).toEqual([secrets, secrets, modelGet, modelGet]);
      // Baseline tools exist everywhere, even on the 0.0.0 of a hook without JUJU_VERSION.
      expect(v.hasTool("juju-log")).toBe(true);
    }
    expect(new JujuVersion("2.8.0").hasTool("relation-list", "--app")).toBe(false);
    expect(new JujuVersion("2.8.1").hasTool("relation-list", "--app")).toBe(true);
    expect(new JujuVersion("2.7.9").hasTool("state-get")).toBe(false);
    expect(new JujuVersion("2.9.0").hasTool("state-get")).toBe(true);
    expect(new JujuVersion("4.0.0").hasTool("leader-set")).toBe(false);
    expect(new JujuVersion("4.0.0").hasTool("some-future-tool")).toBe(true);
  });
});

describe("every path to a tool through the model is gated", () => {
  const env = (version: string) => ({
    JUJU_UNIT_NAME: "webapp/0",
    JUJU_MODEL_NAME: "m",
    JUJU_MODEL_UUID: "uuid-1",
    JUJU_VERSION: version,
    JUJU_CHARM_DIR: "/nonexistent",
    JUJU_DISPATCH_PATH: "hooks/database-relation-created",
    JUJU_HOOK_NAME: "database-relation-created",
    JUJU_RELATION: "database",
    JUJU_RELATION_ID: "database:7",
    JUJU_REMOTE_APP: "pg",
  });

  test("model.backend (and its runner) are gated even when the Model was given an ungated backend", () => {
    const ungated = new HookToolBackend(runner);
    const model = new Model(ungated, parseHookContext(env("3.4.6")));
    expect(model.backend).not.toBe(ungated);
    expect(() => model.backend.relationModelGet(db7)).toThrow(ToolUnavailableError);
    expect(() => (model.backend as HookToolBackend).runner.run("relation-model-get", ["--format=json", "-r", "database:7"])).toThrow(ToolUnavailableError);
    expect(fake.calls()).toEqual([]);
    // An already-gated backend for the same version is kept as it is.
    const gated = new HookToolBackend(runner, { jujuVersion: "3.4.6" });
    expect(new Model(gated, parseHookContext(env("3.4.6"))).backend).toBe(gated);
  });

  test("a charm calling relation-model-get through model.backend on 3.4 fails the hook with the typed error, spawning nothing", async () => {
    class Charm extends CharmBase {
      protected override setup(): void {
        this.on("database-relation-created", (e) => {
          this.model.backend.relationModelGet(e.relation.ref);
        });
      }
    }
    const stderr: string[] = [];
    const outcome = await dispatch(Charm as CharmClass, {
      context: parseHookContext(env("3.4.6")),
      backend: new HookToolBackend(runner),
      logSink: { write: () => undefined },
      stdout: () => undefined,
      stderr: (t) => void stderr.push(t),
    });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error).toBeInstanceOf(ToolUnavailableError);
    expect(stderr.join("")).toContain("ToolUnavailableError: hook tool relation-model-get is not available on Juju 3.4.6: it needs Juju >= 3.6.2");
    expect(fake.calls().map((c) => c.tool)).not.toContain("relation-model-get");
  });

  test("the model API falls back instead: isCrossModel() is undefined on 3.4 and the hook succeeds", async () => {
    const seen: Array<boolean | undefined> = [];
    class Charm extends CharmBase {
      protected override setup(): void {
        this.on("database-relation-created", (e) => void seen.push(e.relation.isCrossModel()));
      }
    }
    const outcome = await dispatch(Charm as CharmClass, {
      context: parseHookContext(env("3.4.6")),
      backend: new HookToolBackend(runner),
      logSink: { write: () => undefined },
      stdout: () => undefined,
      stderr: () => undefined,
    });
    expect(outcome.ok).toBe(true);
    expect(seen).toEqual([undefined]);
    expect(fake.calls().map((c) => c.tool)).not.toContain("relation-model-get");
  });

  test("secrets APIs below 3.0.3 raise the typed error without running a secret tool", () => {
    fake.respond("is-leader", { stdout: "true" });
    const model = new Model(new HookToolBackend(runner), parseHookContext({ ...env("2.9.52"), JUJU_DISPATCH_PATH: "hooks/update-status", JUJU_HOOK_NAME: "update-status" }));
    expect(() => model.getSecret({ id: "secret:abc" }).getContent()).toThrow(expect.objectContaining({ name: "ToolUnavailableError", tool: "secret-get", minimumVersion: "3.0.3" }));
    expect(() => model.app.addSecret({ password: "pw-gate-test" })).toThrow(expect.objectContaining({ tool: "secret-add", minimumVersion: "3.0.3" }));
    expect(() => model.unit.addSecret({ password: "pw-gate-test" })).toThrow(ToolUnavailableError);
    expect(fake.calls().filter((c) => c.tool.startsWith("secret-"))).toEqual([]);
  });

  test("Relation.remoteApp does not ask relation-list --app on agents without it (2.8.0): unknown instead", () => {
    fake.respond("relation-list", { stdout: "[]" });
    const model = new Model(new HookToolBackend(runner), parseHookContext({ ...env("2.8.0"), JUJU_DISPATCH_PATH: "hooks/update-status", JUJU_HOOK_NAME: "update-status" }));
    const rel = model.getRelation("database", 9)!;
    expect(rel.remoteApp).toBeUndefined();
    expect(fake.calls().map((c) => [c.tool, ...c.argv])).toEqual([["relation-ids", "database", "--format=json"], ["relation-list", "--format=json", "-r", "database:9"]]);
  });
});
