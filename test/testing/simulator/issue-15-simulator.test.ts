// Issue 15, "Why" item 4: the simulator behaves as operators know Juju.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { runSim } from "../../../lib/cli/index.js";
import { COMMANDS } from "../../../lib/cli/sim/command-help.js";
import { Simulator, type HookRunRecord } from "../../../lib/testing/simulator/index.js";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "charms");
const SHELL_DB = path.join(FIXTURES, "shell-db");
const SHELL_APP = path.join(FIXTURES, "shell-app");
const SHELL_SUB = path.join(FIXTURES, "shell-sub");

function order(hooks: readonly HookRunRecord[]): string[] {
  return hooks.map((h) => `${h.unit} ${h.hook}${h.spec.kind === "relation" && h.spec.remoteUnit ? ` ${h.spec.remoteUnit}` : ""}`);
}

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runSim(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "issue15-sim-"));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("issue 15 why-4: per-command --help lists every option", () => {
  test.each(Object.keys(COMMANDS))("sim %s --help", async (command) => {
    const out = await cli("--model-dir", path.join(work, "never-created"), command, "--help");
    expect(out.code).toBe(0);
    expect(out.stderr).toBe("");
    expect(out.stdout).toContain(`usage: sim [--model-dir DIR] ${command}`);
    for (const option of COMMANDS[command]?.options ?? []) {
      expect(out.stdout).toContain(`--${option.name}`);
      for (const alias of option.aliases ?? []) expect(out.stdout).toContain(alias);
    }
    // --help never opens (or creates) a model.
    expect(fs.existsSync(path.join(work, "never-created"))).toBe(false);
  });

  test("help <command>, -h and aliases answer the same help; the overview names every command", async () => {
    const viaFlag = await cli("resolve", "--help");
    expect((await cli("help", "resolve")).stdout).toBe(viaFlag.stdout);
    expect((await cli("resolved", "-h")).stdout).toBe(viaFlag.stdout);
    expect(viaFlag.stdout).toContain("--no-retry");
    const overview = await cli("--help");
    for (const command of Object.keys(COMMANDS)) expect(overview.stdout).toContain(command);
    expect((await cli("help", "frobnicate")).code).toBe(2);
  });
});

describe("issue 15 why-4: deploy refuses a charm without an executable dispatch", () => {
  test("no dispatch, or one without the executable bit, is refused with what to do", async () => {
    const charm = path.join(work, "no-dispatch");
    fs.mkdirSync(charm);
    fs.writeFileSync(path.join(charm, "metadata.yaml"), "name: no-dispatch\n");
    const modelDir = path.join(work, "model-dispatch");
    const missing = await cli("--model-dir", modelDir, "deploy", charm);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/has no "dispatch" file.*chmod \+x/);
    fs.writeFileSync(path.join(charm, "dispatch"), "#!/bin/sh\nexit 0\n", { mode: 0o644 });
    const notExecutable = await cli("--model-dir", modelDir, "deploy", charm);
    expect(notExecutable.code).toBe(1);
    expect(notExecutable.stderr).toMatch(/"dispatch" is not executable; run chmod \+x/);
    const sim = Simulator.open(modelDir);
    try {
      expect(sim.model.applications["no-dispatch"]).toBeUndefined();
    } finally {
      sim.close();
    }
  });
});

describe("issue 15 why-4: a failing unit blocks only itself; resolve as in Juju; debug-log shows the charm's lines", () => {
  const modelDir = (): string => path.join(work, "model-blocking");

  test("a unit whose hook fails waits in error while the other applications go on", async () => {
    const sim = Simulator.open(modelDir());
    try {
      const deploy = await sim.deploy("db", SHELL_DB, { units: 2, config: { "fail-hook": "install" } });
      // Both units fail install (the option is per application) and run nothing else.
      expect(order(deploy.hooks)).toEqual(["db/0 install", "db/1 install"]);
      expect(deploy.failures?.map((f) => f.unit)).toEqual(["db/0", "db/1"]);
      const app = await sim.deploy("app", SHELL_APP);
      expect(app.failed).toBeUndefined();
      expect(order(app.hooks)).toEqual(["app/0 install", "app/0 leader-elected", "app/0 config-changed", "app/0 start"]);
      const related = await sim.integrate("app", "db");
      // The app side runs relation-created; db's units are in error, so they do not enter the
      // relation's scope (app/0 sees nobody join) until resolved, as in Juju.
      expect(order(related.hooks)).toEqual(["app/0 db-relation-created"]);
      expect(sim.pending.filter((e) => e.type === "enter-scope").map((e) => e.type === "enter-scope" && e.unit)).toEqual(["db/0", "db/1"]);
      expect(sim.pending.filter((e) => e.type === "hook" && e.unit === "app/0")).toEqual([]);
      expect(sim.status().applications["db"]?.units["db/0"]?.["juju-status"].current).toBe("error");
      expect(sim.status().applications["app"]?.units["app/0"]?.["juju-status"].current).toBe("idle");

      // The operator fixes the cause, then resolves: db/0 retries install (Juju's default).
      const dbApp = sim.model.applications["db"];
      if (dbApp !== undefined) dbApp.config["fail-hook"] = "";
      const retried = await sim.resolve("db/0");
      expect(retried.failed).toBeUndefined();
      expect(order(retried.hooks).slice(0, 5)).toEqual(["db/0 install", "db/0 cluster-relation-created", "db/0 leader-elected", "db/0 config-changed", "db/0 start"]);
      expect(order(retried.hooks).filter((h) => h.startsWith("db/1"))).toEqual([]);
      // Resolved, db/0 enters the db relation's scope: relation-created, then the joins both ways.
      expect(order(retried.hooks)).toEqual(expect.arrayContaining(["db/0 db-relation-created", "db/0 db-relation-joined app/0", "app/0 db-relation-joined db/0"]));
      expect(order(retried.hooks).filter((h) => h.includes("db-relation") && h.includes("db/1"))).toEqual([]);
      // --no-retry: db/1's install is not run again, its waiting hooks run.
      const marked = await sim.resolve("db/1", { retry: false });
      expect(order(marked.hooks).slice(0, 3)).toEqual(["db/1 cluster-relation-created", "db/1 config-changed", "db/1 start"]);
      expect(order(marked.hooks)).not.toContain("db/1 install");
      expect(order(marked.hooks)).toEqual(expect.arrayContaining(["db/1 db-relation-created", "db/1 db-relation-joined app/0", "app/0 db-relation-joined db/1"]));
      expect(sim.pending).toEqual([]);
      expect(sim.status().applications["db"]?.units["db/1"]?.["juju-status"].current).toBe("idle");
    } finally {
      sim.close();
    }
  });

  test("a new unit whose install fails is seen joining by no other unit until it is resolved (it has not entered scope)", async () => {
    const sim = Simulator.open(path.join(work, "model-late-scope"));
    try {
      await sim.deploy("db", SHELL_DB);
      const app = await sim.deploy("app", SHELL_APP);
      expect(app.failed).toBeUndefined();
      await sim.integrate("app", "db");
      const dbApp = sim.model.applications["db"];
      if (dbApp !== undefined) dbApp.config["fail-hook"] = "install";
      const added = await sim.addUnit("db");
      expect(order(added.hooks)).toEqual(["db/1 install"]);
      // Neither its peer db/0 nor app/0 runs a hook about db/1: they wait with its own hooks.
      const waiting = sim.pending.flatMap((e) => (e.type === "hook" && e.hook.kind === "relation" && e.hook.remoteUnit === "db/1" ? [`${e.unit} ${e.hook.event}`] : []));
      expect(waiting).toEqual(expect.arrayContaining(["db/0 joined", "app/0 joined"]));
      if (dbApp !== undefined) dbApp.config["fail-hook"] = "";
      const resolved = await sim.resolve("db/1");
      const seq = order(resolved.hooks);
      expect(seq.slice(0, 3)).toEqual(["db/1 install", "db/1 cluster-relation-created", "db/1 db-relation-created"]);
      // Once in scope, the others see it join.
      for (const seen of ["db/0 cluster-relation-joined db/1", "app/0 db-relation-joined db/1"]) {
        expect(seq.indexOf(seen)).toBeGreaterThan(seq.indexOf("db/1 db-relation-created"));
      }
      expect(sim.pending).toEqual([]);
    } finally {
      sim.close();
    }
  });

  test("sim debug-log shows juju-log lines, hook stderr and outcomes, filtered by unit and level", async () => {
    const all = await cli("--model-dir", modelDir(), "debug-log", "--unit", "db/0");
    expect(all.code).toBe(0);
    const lines = all.stdout.trimEnd().split("\n");
    expect(lines.every((l) => l.startsWith("unit-db-0: "))).toBe(true);
    expect(lines).toContainEqual(expect.stringMatching(/^unit-db-0: \d\d:\d\d:\d\d WARNING unit\.db\/0\.install failing install on purpose$/));
    expect(lines).toContainEqual(expect.stringMatching(/ERROR juju\.worker\.uniter\.operation hook "install" \(via hook dispatching script: dispatch\) failed: exit status 1$/));
    expect(lines).toContainEqual(expect.stringMatching(/DEBUG unit\.db\/0\.juju-log shell-db: nothing to do for leader-elected$/));
    const errors = await cli("--model-dir", modelDir(), "debug-log", "--unit", "db", "--level", "error");
    expect(errors.stdout.trimEnd().split("\n").map((l) => l.slice(0, 10))).toEqual(["unit-db-0:", "unit-db-1:"]);
    expect(errors.stdout).not.toContain("WARNING");
    const app = await cli("--model-dir", modelDir(), "debug-log", "--unit", "app/0", "--level", "DEBUG");
    expect(app.stdout).toContain("unit-app-0: ");
    expect(app.stdout).not.toContain("unit-db-");
    expect((await cli("--model-dir", modelDir(), "debug-log", "--level", "LOUD")).code).toBe(2);
    expect((await cli("--model-dir", modelDir(), "debug-log", "--unit", "nope/7")).code).toBe(1);
  });
});

describe("issue 15 leftover: a unit in error enters a new relation's scope only once resolved (as in Juju)", () => {
  test("integrate skips the unit in error on both sides; resolve brings relation-created and the joins", async () => {
    const sim = Simulator.open(path.join(work, "model-error-scope"));
    try {
      await sim.deploy("db", SHELL_DB, { units: 2 });
      await sim.deploy("app", SHELL_APP);
      const db = sim.model.applications["db"];
      if (db === undefined) throw new Error("db not deployed");
      db.config["fail-hook"] = "update-status";
      const failed = await sim.fireHook("db/1", "update-status");
      expect(failed.failures?.map((f) => `${f.unit} ${f.hook}`)).toEqual(["db/1 update-status"]);

      const related = await sim.integrate("app", "db");
      const ran = order(related.hooks);
      // db/1 runs nothing and nobody sees it join; db/0 and app/0 relate as usual.
      expect(ran.filter((h) => h.includes("db/1"))).toEqual([]);
      expect(ran).toEqual(expect.arrayContaining(["app/0 db-relation-created", "db/0 db-relation-created", "app/0 db-relation-joined db/0", "db/0 db-relation-joined app/0"]));
      const rel = sim.model.relations.find((r) => r.id === related.relationId);
      expect(Object.keys(rel?.joined ?? {}).sort()).toEqual(["app/0", "db/0"]);
      expect(rel?.joined["app/0"]).toEqual(["db/0"]);
      // What waits for resolve: db/1's entry into the scope (the failed hook is retried by resolve).
      expect(sim.pending).toEqual([{ type: "enter-scope", unit: "db/1", relationId: related.relationId }]);

      db.config["fail-hook"] = "";
      const resolved = await sim.resolve("db/1");
      expect(resolved.failed).toBeUndefined();
      const after = order(resolved.hooks);
      // The failed hook first, then the late entry: relation-created on db/1, then the joins both ways.
      expect(after.slice(0, 2)).toEqual(["db/1 update-status", "db/1 db-relation-created"]);
      expect(after).toEqual(expect.arrayContaining(["db/1 db-relation-joined app/0", "db/1 db-relation-changed app/0", "app/0 db-relation-joined db/1", "app/0 db-relation-changed db/1"]));
      expect(after.indexOf("db/1 db-relation-created")).toBeLessThan(after.indexOf("db/1 db-relation-joined app/0"));
      expect(after.filter((h) => h.startsWith("db/0 db-relation-joined"))).toEqual([]); // same application: db/0 never joins db/1 here
      const relAfter = sim.model.relations.find((r) => r.id === related.relationId);
      expect(relAfter?.joined["app/0"]?.slice().sort()).toEqual(["db/0", "db/1"]);
      expect(sim.pending).toEqual([]);
    } finally {
      sim.close();
    }
  });

  test("a relation removed before the unit is resolved is never entered", async () => {
    const sim = Simulator.open(path.join(work, "model-error-scope-removed"));
    try {
      await sim.deploy("db", SHELL_DB, { config: { "fail-hook": "install" } });
      await sim.deploy("app", SHELL_APP);
      await sim.integrate("app", "db");
      const removed = await sim.removeRelation("app", "db");
      expect(order(removed.hooks)).toEqual(["app/0 db-relation-broken"]);
      const db = sim.model.applications["db"];
      if (db !== undefined) db.config["fail-hook"] = "";
      const resolved = await sim.resolve("db/0");
      expect(order(resolved.hooks).filter((h) => h.includes("db-relation"))).toEqual([]);
      expect(sim.model.relations.filter((r) => r.ends.length === 2)).toEqual([]);
    } finally {
      sim.close();
    }
  });
});

describe("issue 15 why-4: a subordinate starts only once related to a principal", () => {
  test("deploy creates no unit; integrate gives each principal unit its own subordinate unit", async () => {
    const sim = Simulator.open(path.join(work, "model-sub"));
    try {
      await sim.deploy("db", SHELL_DB, { units: 2 });
      await expect(sim.deploy("sub", SHELL_SUB, { units: 2 })).rejects.toThrow(/cannot use --num-units with subordinate application "sub"/);
      const deployed = await sim.deploy("sub", SHELL_SUB);
      expect(deployed.hooks).toEqual([]);
      expect(Object.keys(sim.model.units).filter((u) => u.startsWith("sub/"))).toEqual([]);
      await expect(sim.addUnit("sub")).rejects.toThrow(/cannot add units to subordinate application/);

      const related = await sim.integrate("sub", "db");
      expect(related.failed).toBeUndefined();
      const sub0 = order(related.hooks).filter((h) => h.startsWith("sub/0 "));
      expect(sub0.slice(0, 5)).toEqual(["sub/0 install", "sub/0 host-relation-created", "sub/0 leader-elected", "sub/0 config-changed", "sub/0 start"]);
      // Each subordinate unit sees only its own principal, and each principal only its subordinate.
      expect(sub0.slice(5, 7)).toEqual(["sub/0 host-relation-joined db/0", "sub/0 host-relation-changed db/0"]);
      expect(sub0.slice(7).every((h) => h === "sub/0 host-relation-changed" || h === "sub/0 host-relation-changed db/0")).toBe(true);
      expect(order(related.hooks).filter((h) => h.startsWith("sub/1 ") && h.includes("joined"))).toEqual(["sub/1 host-relation-joined db/1"]);
      expect(order(related.hooks).filter((h) => h.startsWith("db/1 ") && h.includes("joined"))).toEqual(["db/1 db-relation-joined sub/1"]);
      // Juju gives a subordinate unit's hooks its principal in JUJU_PRINCIPAL_UNIT.
      expect(sim.model.units["sub/1"]?.status).toEqual({ status: "active", message: "beside db/1 (principal db/1)" });
      expect(sim.model.units["sub/1"]?.principal).toBe("db/1");

      // A new principal unit brings its own subordinate unit.
      const added = await sim.addUnit("db");
      expect(order(added.hooks)).toContain("sub/2 install");
      expect(order(added.hooks)).toContain("sub/2 host-relation-joined db/2");

      // Removing the container relation removes the subordinate units (their last tie to a principal).
      const removed = await sim.removeRelation("sub", "db");
      expect(removed.failed).toBeUndefined();
      expect(order(removed.hooks).filter((h) => h.startsWith("sub/0 "))).toEqual(["sub/0 host-relation-departed db/0", "sub/0 host-relation-broken", "sub/0 stop", "sub/0 remove"]);
      expect(Object.keys(sim.model.units).filter((u) => u.startsWith("sub/"))).toEqual([]);
    } finally {
      sim.close();
    }
  });

  test("a model directory saved when the book held the principals opens with them in the model", async () => {
    const dir = path.join(work, "model-sub-old");
    const sim = Simulator.open(dir);
    try {
      await sim.deploy("db", SHELL_DB, { units: 1 });
      await sim.deploy("sub", SHELL_SUB);
      await sim.integrate("sub", "db");
    } finally {
      sim.close();
    }
    // Rewrite the files as an earlier version saved them: principals in the book only.
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
    const modelFile = files.map((f) => path.join(dir, f)).find((f) => "units" in (JSON.parse(fs.readFileSync(f, "utf8")) as object));
    const bookFile = files.map((f) => path.join(dir, f)).find((f) => "nextUnit" in (JSON.parse(fs.readFileSync(f, "utf8")) as object));
    if (modelFile === undefined || bookFile === undefined) throw new Error(`no model or book file among ${files.join(", ")}`);
    const model = JSON.parse(fs.readFileSync(modelFile, "utf8")) as { units: Record<string, { principal?: string }> };
    delete model.units["sub/0"]?.principal;
    fs.writeFileSync(modelFile, JSON.stringify(model));
    const book = JSON.parse(fs.readFileSync(bookFile, "utf8")) as Record<string, unknown>;
    fs.writeFileSync(bookFile, JSON.stringify({ ...book, principals: { "sub/0": "db/0" } }));
    const reopened = Simulator.open(dir);
    try {
      expect(reopened.model.units["sub/0"]?.principal).toBe("db/0");
      // And the removal of the principal still takes its subordinate with it.
      const removed = await reopened.removeUnit("db/0");
      expect(order(removed.hooks)).toContain("sub/0 remove");
    } finally {
      reopened.close();
    }
  });
});
