// The database requirers' parts in the rehearsal of a start-up snapshot (lib/ops/charm/rehearsal.ts,
// registered by lib/engines/*/…-requires.ts): every interface reaches every event in it, and a
// charm started from the rehearsed snapshot does exactly what the same charm does started
// plainly (same hook-tool calls, same output, same result), so nothing of the rehearsal leaks.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleCharm } from "../../lib/cli/build-bundle.js";
import { dispatchScript } from "../../lib/cli/build-charm-files.js";
import { MongoDBRequires, MongosRequires } from "../../lib/engines/mongodb/mongodb-requires.js";
import { MySQLRequires } from "../../lib/engines/mysql/mysql-requires.js";
import { PostgreSQLRequires } from "../../lib/engines/postgresql/postgresql-requires.js";
import { rehearse } from "../../lib/ops/charm/rehearsal.js";
import { FakeTools } from "../ops/fake-tools.js";
import { scaled } from "../support/time-scale.js";

// Importing a requirer class registers its part; naming them keeps the imports.
const REQUIRERS = [PostgreSQLRequires, MySQLRequires, MongoDBRequires, MongosRequires];
const ENDPOINTS = { pg: "postgresql_client", my: "mysql_client", mongo: "mongodb_client", router: "mongos_client" };

describe("the database requirers in the rehearsal", () => {
  let charmDir: string;
  beforeAll(() => {
    charmDir = mkdtempSync(join(tmpdir(), "rehearsal-parts-"));
    const requires = Object.entries(ENDPOINTS).map(([ep, i]) => `  ${ep}:\n    interface: ${i}\n`).join("");
    writeFileSync(join(charmDir, "metadata.yaml"), `name: app\nrequires:\n${requires}`);
  });
  afterAll(() => rmSync(charmDir, { recursive: true, force: true }));

  test.each([
    ["3.6.14", "credentials in a secret"],
    ["2.9.50", "credentials in the databag"],
  ])("Juju %s (%s): every hook runs and each endpoint announces every event once", async (version) => {
    expect(REQUIRERS).toHaveLength(4);
    const played = await rehearse({ JUJU_UNIT_NAME: "app/0", JUJU_MODEL_UUID: "uuid-1", JUJU_VERSION: version, JUJU_CHARM_DIR: charmDir });
    expect(played.filter((h) => !h.ok)).toEqual([]);
    const events = played.flatMap((h) => h.events).filter((e) => !e.startsWith("charm/"));
    for (const ep of Object.keys(ENDPOINTS)) {
      const mine = events.filter((e) => e.startsWith(`requires.${ep}/`)).map((e) => e.slice(e.indexOf("/") + 1)).sort();
      expect(mine).toEqual(["credentialsRotated", "databaseCreated", "databaseRemoved", "endpointsChanged"]);
    }
  });
});

describe("a charm started from the rehearsed snapshot behaves as one started plainly", () => {
  const PROVIDER_BAG = {
    database: "minimal",
    endpoints: "10.1.2.3:5432",
    version: "16.6",
    "secret-user": "secret:d0userabc",
  };
  let work: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "rehearsal-differential-"));
    const built = join(work, "built");
    await bundleCharm(join(__dirname, "..", "..", "bench", "charms", "pg-minimal"), join(built, "build"));
    for (const [name, startupSnapshot] of [["snapshot", true], ["plain", false]] as const) {
      const dir = join(work, name);
      mkdirSync(join(dir, "build"), { recursive: true });
      for (const f of ["charm.js", "package.json"]) writeFileSync(join(dir, "build", f), readFileSync(join(built, "build", f)));
      writeFileSync(join(dir, "dispatch"), dispatchScript("build/charm.js", { startupSnapshot }), { mode: 0o755 });
    }
  }, scaled(30_000));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** Runs the hook sequence on one charm directory with its own fake tools; returns what each hook did. */
  function run(name: string, extraEnv: Record<string, string> = {}) {
    const dir = join(work, name);
    const fake = new FakeTools();
    try {
      fake.persistentState(join(fake.root, "state.json"));
      fake.respond("is-leader", { stdout: "true" });
      fake.respond("relation-ids", { stdout: '["database:5"]' });
      fake.respond("relation-list", [{ argv: ["--format=json", "--app", "-r", "database:5"], stdout: '"db"' }, { stdout: '["db/0"]' }]);
      fake.respond("relation-get", [{ argv: ["--format=json", "-r", "database:5", "--app", "-", "db"], stdout: JSON.stringify(PROVIDER_BAG) }, { stdout: "{}" }]);
      fake.respond("secret-get", { stdout: JSON.stringify({ username: "alice", password: "pw-from-the-provider" }) });
      fake.respond("relation-model-get", { stdout: '{"uuid": "uuid-1"}' });
      const hooks: [string, Record<string, string>][] = [
        ["install", {}],
        ["leader-elected", {}],
        ["database-relation-created", { JUJU_RELATION: "database", JUJU_RELATION_ID: "database:5", JUJU_REMOTE_APP: "db" }],
        ["database-relation-changed", { JUJU_RELATION: "database", JUJU_RELATION_ID: "database:5", JUJU_REMOTE_APP: "db" }],
      ];
      const results = hooks.map(([hook, extra]) => {
        fake.clearCalls();
        const env = { PATH: fake.path(), JUJU_DISPATCH_PATH: `hooks/${hook}`, JUJU_UNIT_NAME: "app/0", JUJU_MODEL_NAME: "m", JUJU_MODEL_UUID: "uuid-1", JUJU_VERSION: "3.6.14", JUJU_CHARM_DIR: dir, ...extra, ...extraEnv };
        const r = spawnSync(join(dir, "dispatch"), [], { env, encoding: "utf8", cwd: work });
        const credentialsAfter = existsSync(join(dir, "credentials.json")) ? readFileSync(join(dir, "credentials.json"), "utf8") : undefined;
        // The requirer's memory is keyed by random bytes drawn per unit (lib/requires/memory.ts),
        // so the key and the digests made with it differ between any two units.
        const calls = fake.calls().map((c) => ({ tool: c.tool, argv: c.argv, stdin: c.stdin?.replace(/[0-9a-f]{64}/g, "<random>") }));
        return { hook, status: r.status, stdout: r.stdout, stderr: r.stderr, calls, credentialsAfter };
      });
      return { results, snapshotMade: existsSync(join(dir, "build", "charm.js.snapshot")) };
    } finally {
      fake.dispose();
    }
  }

  test("same calls, output and result in every hook; the charm's handler runs only in the real hook", () => {
    const snapshot = run("snapshot");
    const plain = run("plain");
    expect(snapshot.snapshotMade).toBe(true);
    expect(plain.snapshotMade).toBe(false);
    expect(snapshot.results).toEqual(plain.results);
    // The rehearsal announced databaseCreated while making the snapshot in install; the
    // charm's handler (which writes credentials.json) ran only when the provider answered.
    expect(snapshot.results.map((r) => r.credentialsAfter === undefined)).toEqual([true, true, true, false]);
    expect(JSON.parse(snapshot.results[3]?.credentialsAfter ?? "{}")).toEqual({ username: "alice", password: "pw-from-the-provider", endpoints: ["10.1.2.3:5432"] });
    expect(snapshot.results.every((r) => r.status === 0)).toBe(true);
  });

  test("the snapshot holds no node:crypto, and no hook from it loads it, though the requirer digests the secret's values", () => {
    // What Node's crypto costs where it is (sha256.ts): in the snapshot, every hook's restore;
    // loaded in a hook, its compilation. The probe records the built-ins each hook's process
    // held at its start (what the snapshot restored) and at its exit.
    const seen = join(work, "builtins-seen.jsonl");
    const probe = join(work, "builtins-probe.cjs");
    const watched = JSON.stringify(["NativeModule crypto", "NativeModule net"]);
    writeFileSync(
      probe,
      `const held = () => process.moduleLoadList.filter((m) => ${watched}.includes(m));\n` +
        `const atStart = held();\n` +
        `process.on("exit", () => require("node:fs").appendFileSync(${JSON.stringify(seen)}, JSON.stringify({ hook: process.env.JUJU_DISPATCH_PATH, atStart, atExit: held() }) + "\\n"));\n`,
    );
    rmSync(join(work, "snapshot", "build", "charm.js.snapshot"), { force: true });
    rmSync(join(work, "snapshot", "credentials.json"), { force: true });
    const snapshot = run("snapshot", { NODE_OPTIONS: `--require ${probe}` });
    expect(snapshot.snapshotMade).toBe(true);
    expect(snapshot.results.every((r) => r.status === 0)).toBe(true);
    // The last hook read the credentials from the secret: the requirer remembered keyed digests of them.
    expect(snapshot.results[3]?.calls.map((c) => c.tool)).toContain("secret-get");
    const records = readFileSync(seen, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { hook: string; atStart: string[]; atExit: string[] });
    // install's three processes (making the snapshot with the rehearsal, relabelling it, the
    // hook), then one process a hook.
    expect(records.map((r) => r.hook)).toEqual(["install", "install", "install", "leader-elected", "database-relation-created", "database-relation-changed"].map((h) => `hooks/${h}`));
    expect(records.filter((r) => r.atStart.includes("NativeModule crypto") || r.atExit.includes("NativeModule crypto"))).toEqual([]);
    // net is held from the start of each hook from the snapshot: the probe sees what it restored.
    expect(records.slice(2).map((r) => r.atStart)).toEqual(Array(4).fill(["NativeModule net"]));
  });
});
