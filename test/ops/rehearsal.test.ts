// The rehearsal of a start-up snapshot (lib/ops/charm/rehearsal.ts): the hook sequence it plays,
// what a registered part sees, and what it must never do (spawn a hook tool, write a file,
// throw). The database requirers' parts are in test/engines/rehearsal-parts.test.ts.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registerRehearsalPart, rehearse, type RehearsalAnswer } from "../../lib/ops/charm/rehearsal.js";
import { RehearsalRunner } from "../../lib/ops/hooktools/rehearsal-runner.js";
import { FakeTools } from "./fake-tools.js";

/** What the test part's object saw, per hook: the remote app's bag and the secret it names. */
const seen: { hook: string; bag: Record<string, string>; secret?: Record<string, string> }[] = [];

const ANSWER: RehearsalAnswer = {
  bag: { "secret-user": "secret:testsecret0", endpoints: "192.0.2.1:1" },
  secrets: { "secret:testsecret0": { password: "one" } },
  later: { bag: { endpoints: "192.0.2.2:1" }, secrets: { "secret:testsecret0": { password: "two" } } },
};

registerRehearsalPart({
  interfaceName: "rehearsal_test",
  attach: (charm, endpoint) => {
    for (const hook of ["created", "joined", "changed", "departed", "broken"] as const) {
      charm.on(`${endpoint}-relation-${hook}`, (e: { relation: { remoteAppData(): { toObject(): Record<string, string> } } }) => {
        const bag = e.relation.remoteAppData().toObject();
        const uri = bag["secret-user"];
        const secret = uri === undefined ? undefined : charm.model.getSecret({ id: uri, label: `${endpoint}.user` }).getContent({ refresh: true });
        seen.push({ hook: `${endpoint}-relation-${hook}`, bag, ...(secret === undefined ? {} : { secret }) });
      });
    }
    charm.on("secret-changed", () => {
      seen.push({ hook: "secret-changed", bag: {}, secret: charm.model.getSecret({ label: `${endpoint}.user` }).getContent({ refresh: true }) });
    });
  },
  answer: () => ANSWER,
});

registerRehearsalPart({
  interfaceName: "rehearsal_broken",
  attach: () => {
    throw new Error("this part cannot attach");
  },
  answer: () => ANSWER,
});

let charmDir: string;
const env = (version = "3.6.14") => ({ JUJU_UNIT_NAME: "app/0", JUJU_MODEL_NAME: "m", JUJU_MODEL_UUID: "uuid-1", JUJU_VERSION: version, JUJU_CHARM_DIR: charmDir });
const metadata = (requires: Record<string, string>) =>
  writeFileSync(join(charmDir, "metadata.yaml"), `name: app\nrequires:\n${Object.entries(requires).map(([ep, i]) => `  ${ep}:\n    interface: ${i}\n`).join("")}`);

beforeEach(() => {
  charmDir = mkdtempSync(join(tmpdir(), "rehearsal-"));
  seen.length = 0;
});
afterEach(() => rmSync(charmDir, { recursive: true, force: true }));

describe("the rehearsal of a start-up snapshot", () => {
  test("plays the lifecycle, then a relation of the first endpoint of each registered interface from created to broken", async () => {
    metadata({ first: "rehearsal_test", other: "unregistered_client", second: "rehearsal_test" });
    const played = await rehearse(env());
    expect(played.map((h) => h.hook)).toEqual([
      "install", "leader-elected", "config-changed", "start",
      "first-relation-created", "first-relation-joined", "first-relation-changed", "secret-changed", "first-relation-changed",
      "update-status", "first-relation-departed", "first-relation-broken",
    ]);
    expect(played.every((h) => h.ok)).toBe(true);
    expect(played.find((h) => h.hook === "first-relation-changed")?.events).toEqual(["charm/first-relation-changed"]);
  });

  test("the part's object reads the answer, then the rotated secret and the moved endpoints", async () => {
    metadata({ first: "rehearsal_test" });
    await rehearse(env());
    expect(seen.map((s) => s.hook)).toEqual(["first-relation-created", "first-relation-joined", "first-relation-changed", "secret-changed", "first-relation-changed", "first-relation-departed", "first-relation-broken"]);
    expect(seen[0]?.bag).toEqual({});
    expect(seen[2]).toEqual({ hook: "first-relation-changed", bag: ANSWER.bag, secret: { password: "one" } });
    expect(seen[3]?.secret).toEqual({ password: "two" });
    expect(seen[4]?.bag).toEqual({ ...ANSWER.bag, endpoints: "192.0.2.2:1" });
  });

  test("without registered endpoints (or metadata) it plays the lifecycle and update-status", async () => {
    const played = await rehearse(env());
    expect(played.map((h) => h.hook)).toEqual(["install", "leader-elected", "config-changed", "start", "update-status"]);
    expect(played.every((h) => h.ok)).toBe(true);
  });

  test("a part that fails leaves its hooks not ok and the rehearsal goes on: it never throws", async () => {
    metadata({ bad: "rehearsal_broken", first: "rehearsal_test" });
    const played = await rehearse(env());
    expect(played.filter((h) => !h.ok).map((h) => h.hook)).toEqual(expect.arrayContaining(["install", "bad-relation-changed", "first-relation-changed"]));
    expect(played.at(-1)?.hook).toBe("first-relation-broken");
  });

  test("an environment Juju never gives (a bad unit name) fails every hook, quietly", async () => {
    const played = await rehearse({ ...env(), JUJU_UNIT_NAME: "Not A Unit" });
    expect(played.length).toBeGreaterThan(0);
    expect(played.every((h) => !h.ok)).toBe(true);
  });

  test("spawns no hook tool and writes no file, even with the tools on PATH", async () => {
    metadata({ first: "rehearsal_test" });
    const fake = new FakeTools();
    const path = process.env["PATH"];
    process.env["PATH"] = `${fake.path()}:${path ?? ""}`;
    try {
      const before = readdirSync(charmDir);
      const played = await rehearse(env());
      expect(played.every((h) => h.ok)).toBe(true);
      expect(fake.calls()).toEqual([]);
      expect(readdirSync(charmDir)).toEqual(before);
    } finally {
      process.env["PATH"] = path;
      fake.dispose();
    }
  });

  test("on Juju 2.9 (no secrets) the version gates of the unit apply: secret tools are refused", async () => {
    metadata({ first: "rehearsal_test" });
    const played = await rehearse(env("2.9.50"));
    // The test part reads a secret in relation-changed; Juju 2.9 has no secret-get.
    expect(played.find((h) => h.hook === "first-relation-changed")?.ok).toBe(false);
    expect(played.find((h) => h.hook === "install")?.ok).toBe(true);
  });
});

describe("the rehearsal's hook tools", () => {
  const runner = () => {
    const r = new RehearsalRunner("app/0", "uuid-1");
    const rel = r.addRelation("db", 7, "remote");
    rel.remoteAppBag = { a: "1" };
    return r;
  };

  test("keep controller state and local databags in memory; \"\" deletes a key", () => {
    const r = runner();
    r.run("state-set", ["--file", "-"], JSON.stringify({ k: "v", gone: "x" }));
    r.run("state-set", ["--file", "-"], JSON.stringify({ gone: "" }));
    expect(JSON.parse(r.run("state-get", ["--format=json"]).stdout)).toEqual({ k: "v" });
    r.run("relation-set", ["-r", "db:7", "--app", "--file", "-"], JSON.stringify({ x: "y" }));
    expect(JSON.parse(r.run("relation-get", ["--format=json", "-r", "db:7", "--app", "-", "app"]).stdout)).toEqual({ x: "y" });
    expect(JSON.parse(r.run("relation-get", ["--format=json", "-r", "db:7", "--app", "-", "remote"]).stdout)).toEqual({ a: "1" });
  });

  test("list live relations only; a broken relation's data stays readable", () => {
    const r = runner();
    expect(JSON.parse(r.run("relation-ids", ["db", "--format=json"]).stdout)).toEqual(["db:7"]);
    r.removeRelation(7);
    expect(JSON.parse(r.run("relation-ids", ["db", "--format=json"]).stdout)).toEqual([]);
    expect(r.run("relation-get", ["--format=json", "-r", "db:7", "--app", "-", "remote"]).code).toBe(0);
    expect(r.run("relation-get", ["--format=json", "-r", "db:8", "--app", "-", "remote"]).code).toBe(1);
  });

  test("find a secret by URI, then by the label a read gave it; refuse unknown secrets and tools as Juju does", () => {
    const r = runner();
    r.setSecret("secret:abc", { p: "1" });
    expect(r.run("secret-get", ["--format=json", "--label", "l"]).code).toBe(1);
    expect(JSON.parse(r.run("secret-get", ["--format=json", "secret:abc", "--label", "l"]).stdout)).toEqual({ p: "1" });
    expect(JSON.parse(r.run("secret-get", ["--format=json", "--label", "l"]).stdout)).toEqual({ p: "1" });
    const unknown = r.run("network-get", ["db"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^ERROR network-get is not part of the start-up snapshot rehearsal/);
    expect(r.calls).toContain("network-get");
  });
});
