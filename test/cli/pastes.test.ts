/**
 * Issue 15, "Why" 6: the validator takes what users paste. test/cli/pastes/ holds 36 pastes
 * written in the shapes found in Canonical's docs, READMEs and Juju's own tests (show-unit YAML
 * and JSON, whole and in fragments; data-integrator get-credentials under Juju 2.9 and 3; with
 * prompts, "Running operation" preambles, "..."/"---" lines, Markdown fences, colour codes, CRLF).
 * Every credential in them is fake. Each must be accepted, classified as expected, and reported
 * without echoing a password.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runValidate, validateInput, parseValidatorInput, type CommandIo, type ValidationReport } from "../../lib/cli/index.js";

const DIR = path.join(__dirname, "pastes");

/** The interface each paste's checked relations must get (in order), and how it was read. */
const EXPECTED: Readonly<Record<string, { readonly interfaces: readonly string[]; readonly read: string }>> = {
  "databag-json.json": { interfaces: ["postgresql_client"], read: "one databag" },
  "databag-yaml-legacy-mysql.txt": { interfaces: ["mysql"], read: "one databag" },
  "databag-yaml-relation-get.txt": { interfaces: ["postgresql_client"], read: "one databag" },
  "j29-run-action-json.json": { interfaces: ["postgresql_client"], read: "Juju 2.9 juju run-action --wait" },
  "j29-run-action-mongodb.txt": { interfaces: ["mongodb_client"], read: "Juju 2.9 juju run-action --wait" },
  "j29-run-action-mysql.txt": { interfaces: ["mysql_client"], read: "Juju 2.9 juju run-action --wait" },
  "j29-show-action-output.txt": { interfaces: ["postgresql_client"], read: "action output (show-action-output / show-task)" },
  "j3-run-ansi-prompt.txt": { interfaces: ["mysql_client"], read: "Juju 3 juju run (results)" },
  "j3-run-format-json.json": { interfaces: ["mongodb_client"], read: "Juju 3 juju run --format=yaml|json" },
  "j3-run-format-yaml.txt": { interfaces: ["postgresql_client"], read: "Juju 3 juju run --format=yaml|json" },
  "j3-run-mongodb-k8s.txt": { interfaces: ["mongodb_client"], read: "Juju 3 juju run (results)" },
  "j3-run-mysql-router.txt": { interfaces: ["mysql_client"], read: "Juju 3 juju run (results)" },
  "j3-run-no-prompt-pg.txt": { interfaces: ["postgresql_client"], read: "Juju 3 juju run (results)" },
  "j3-run-pgbouncer-nodeport.txt": { interfaces: ["postgresql_client"], read: "Juju 3 juju run (results)" },
  "j3-run-pgbouncer-vip.txt": { interfaces: ["postgresql_client"], read: "Juju 3 juju run (results)" },
  "j3-run-postgresql-tls.txt": { interfaces: ["postgresql_client"], read: "Juju 3 juju run (results)" },
  "j3-show-task.txt": { interfaces: ["mysql_client"], read: "action output (show-action-output / show-task)" },
  "md-fenced-j3-run.txt": { interfaces: ["postgresql_client"], read: "Juju 3 juju run (results)" },
  "show-unit-json-oneline.txt": { interfaces: ["mysql_client"], read: "juju show-unit output" },
  "show-unit-json.json": { interfaces: ["mongodb_client"], read: "juju show-unit output" },
  "show-unit-yaml-ansi.txt": { interfaces: ["mysql_client"], read: "juju show-unit output" },
  "show-unit-yaml-before-answer.txt": { interfaces: ["postgresql_client"], read: "juju show-unit output" },
  "show-unit-yaml-crlf.txt": { interfaces: ["postgresql_client"], read: "juju show-unit output" },
  "show-unit-yaml-cross-model-app-only.txt": { interfaces: ["postgresql_client"], read: "juju show-unit output" },
  "show-unit-yaml-data-integrator-mysql.txt": { interfaces: ["mysql_client"], read: "juju show-unit output" },
  "show-unit-yaml-fragment-entry.txt": { interfaces: ["mysql_client"], read: "show-unit relation-info fragment" },
  "show-unit-yaml-fragment-relation-info.txt": { interfaces: ["postgresql_client"], read: "show-unit fragment without the unit line" },
  "show-unit-yaml-leading-dashes.txt": { interfaces: ["postgresql_client"], read: "juju show-unit output" },
  "show-unit-yaml-mongos-socket.txt": { interfaces: ["mongos_client"], read: "juju show-unit output" },
  "show-unit-yaml-mysql-legacy.txt": { interfaces: ["mysql"], read: "juju show-unit output" },
  "show-unit-yaml-pgsql-legacy.txt": { interfaces: ["pgsql"], read: "juju show-unit output" },
  "show-unit-yaml-provider-side.txt": { interfaces: ["postgresql_client"], read: "juju show-unit output" },
  "show-unit-yaml-requirer-pg.txt": { interfaces: ["postgresql_client"], read: "juju show-unit output" },
  "show-unit-yaml-router-ports.txt": { interfaces: ["mysql_client"], read: "juju show-unit output" },
  "show-unit-yaml-two-units.txt": { interfaces: ["postgresql_client", "postgresql_client"], read: "juju show-unit output" },
  "show-unit-yaml-v1.txt": { interfaces: ["postgresql_client"], read: "juju show-unit output" },
};

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(input: string, ...args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io: CommandIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => input,
    readFile: async () => input,
  };
  const code = await runValidate(args, io);
  return { code, stdout, stderr };
}

async function jsonReport(input: string, ...args: string[]): Promise<{ code: number; report: ValidationReport; raw: string }> {
  const r = await run(input, ...args, "--format", "json");
  return { code: r.code, report: JSON.parse(r.stdout === "" ? "null" : r.stdout) as ValidationReport, raw: r.stdout + r.stderr };
}

const FAKE_SECRET = /FakePassw0rd|FakeRootPassw0rd/;

describe("Why 6: every real-shaped paste is accepted", () => {
  const files = fs.readdirSync(DIR).sort();

  test("the fixture set has at least 30 pastes, each with an expectation", () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(files)("%s: accepted, classified, valid, no password echoed", async (file) => {
    const text = fs.readFileSync(path.join(DIR, file), "utf8");
    const expected = EXPECTED[file];
    const json = await jsonReport(text);
    expect({ code: json.code, interfaces: json.report.relations.map((r) => r.interface), read: json.report.read.includes(expected?.read ?? "?") }).toEqual({
      code: 0,
      interfaces: expected?.interfaces,
      read: true,
    });
    const textRun = await run(text);
    expect(textRun.code).toBe(0);
    expect(textRun.stdout).toMatch(/^input: read as (YAML|JSON)/);
    expect(json.raw + textRun.stdout + textRun.stderr).not.toMatch(FAKE_SECRET);
  });

  test("the unit is taken from the output, the pasted command or juju run's task line", async () => {
    const units = async (file: string): Promise<Array<string | undefined>> =>
      (await jsonReport(fs.readFileSync(path.join(DIR, file), "utf8"))).report.relations.map((r) => r.unit);
    expect(await units("j3-run-pgbouncer-vip.txt")).toEqual(["data-integrator/2"]);
    expect(await units("j29-run-action-mongodb.txt")).toEqual(["data-integrator/79"]);
    expect(await units("show-unit-yaml-fragment-relation-info.txt")).toEqual(["indico/0"]);
    expect(await units("show-unit-yaml-fragment-entry.txt")).toEqual(["unknown-unit/0"]);
  });
});

describe("Why 6: interface detection says what it assumed and is not fooled", () => {
  test("a legacy mysql bag is not a valid postgresql_client requirer bag", async () => {
    const bag = JSON.stringify({ database: "keystone", host: "10.0.0.9", port: "3306", user: "keystone", password: "FakePassw0rdForTests90" });
    const { code, report, raw } = await jsonReport(bag);
    expect(code).toBe(0);
    expect(report.relations.map((r) => [r.interface, r.side, r.bags[0]?.scope])).toEqual([["mysql", "provider", "unit"]]);
    expect(report.relations[0]?.interfaceEvidence).toContain('key "user"');
    expect(raw).not.toMatch(FAKE_SECRET);
  });

  test("a legacy pgsql answer without master is told from mysql by its port", () => {
    const input = parseValidatorInput("database: app\nhost: pg-0\nport: '5432'\nuser: relation_id_4\n", "t");
    expect(validateInput(input).relations.map((r) => r.interface)).toEqual(["pgsql"]);
  });

  test.each([
    ["10.1.2.3:6446", "mysql_client", "port 6446"],
    ["router.svc:6447", "mysql_client", "port 6447"],
    ["10.1.2.3:6432", "postgresql_client", "port 6432"],
    ["10.1.2.3:27018", "mongos_client", "port 27018"],
    ["10.1.2.3:33060", "mysql_client", "port 33060"],
  ])("endpoints %s in a provider databag mean %s", async (endpoints, iface, because) => {
    const { report } = await jsonReport(JSON.stringify({ database: "app", endpoints, "secret-user": "secret:cz0f1ffmp25c77ds3o80" }));
    expect([report.relations[0]?.interface, report.relations[0]?.interfaceEvidence]).toEqual([iface, expect.stringContaining(because)]);
  });

  test("when nothing tells the engine, the report says it assumed one", async () => {
    const { report } = await jsonReport(JSON.stringify({ database: "app" }));
    expect(report.relations[0]?.interfaceEvidence).toMatch(/^assumed: .*pass --interface/);
    const text = await run(JSON.stringify({ database: "app" }));
    expect(text.stdout).toContain("interface postgresql_client (assumed:");
  });

  test("a v1 provider answer seen from the requirer makes the shown unit the requirer", async () => {
    const { report } = await jsonReport(fs.readFileSync(path.join(DIR, "show-unit-yaml-v1.txt"), "utf8"));
    expect([report.relations[0]?.side, report.relations[0]?.sideEvidence]).toEqual(["requirer", expect.stringContaining('"salt"')]);
  });

  test("action results for a product that is no database are listed as skipped (exit 2)", async () => {
    const r = await run('ok: "True"\nkafka:\n  endpoints: 10.0.0.5:9092\n  password: FakePassw0rdForTests91\n  username: relation-3\n');
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('get-credentials result "kafka": not a database interface this validator checks')]);
    expect(r.stderr).not.toMatch(FAKE_SECRET);
  });
});

describe("Why 6: what cannot be read gets a hint (exit 2)", () => {
  test.each([
    ["juju status --format=yaml", "model:\n  name: dev\n  type: caas\napplications:\n  myapp:\n    charm: myapp\n", 'top-level keys model, applications; "model", "applications" hold a map'],
    ["tabular juju status", "Model  Controller  Cloud/Region  Version\ndev    micro      microk8s      3.6.1\n\nApp    Version  Status\n", "expected a map"],
    ["an action that printed no credentials", 'Running operation 1 with 1 task\n  - task 2 on unit-data-integrator-0\n\nWaiting for task 2...\nok: "False"\n', 'the action output holds no credentials (ok: False)'],
    ["an action with a scalar secret", 'unit-postgresql-0:\n  UnitId: postgresql/0\n  id: "2"\n  results:\n    password: FakePassw0rdForTests92\n  status: completed\n', "holds no credentials (no results)"],
  ])("%s", async (_what, text, message) => {
    const r = await run(text);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining(message)]);
    expect(r.stderr + r.stdout).not.toMatch(FAKE_SECRET);
  });
});

describe("Why 6: malformed endpoints get a precise message", () => {
  test.each([
    ["10.1.1.1:543210.1.1.2:5432", "2 IPv4 addresses run together"],
    ["10.1.1.1:5432 10.1.1.2:5432", "2 endpoints separated by spaces or semicolons"],
    ["10.1.1.1:5432;10.1.1.2:5432", "2 endpoints separated by spaces or semicolons"],
    ["postgresql://10.1.1.1:5432", "is a URI"],
  ])("%s: %s, not an IPv6 complaint", async (endpoints, message) => {
    const { code, report } = await jsonReport(JSON.stringify({ database: "app", endpoints, "secret-user": "secret:cz0f1ffmp25c77ds3o80" }), "--interface", "postgresql_client");
    const problems = report.relations.flatMap((r) => r.bags.flatMap((b) => b.problems));
    expect(code).toBe(1);
    expect(problems.map((p) => p.field)).toEqual(["endpoints"]);
    expect(problems[0]?.problem).toContain(message);
    expect(problems[0]?.problem).not.toContain("IPv6");
  });

  test("a real unbracketed IPv6 address keeps the model's message", async () => {
    const { report } = await jsonReport(JSON.stringify({ database: "app", endpoints: "fd00::1:5432", "secret-user": "secret:cz0f1ffmp25c77ds3o80" }), "--interface", "postgresql_client");
    expect(report.relations[0]?.bags[0]?.problems[0]?.problem).toContain("IPv6 addresses must be written in brackets");
  });
});

describe("Why 6: the runtime's own caps and messages apply", () => {
  test("a 50 MB password in a get-credentials output is refused with the runtime's message, never echoed", async () => {
    const password = "p".repeat(50 * 1024 * 1024);
    const input = parseValidatorInput(`ok: "True"\npostgresql:\n  database: app\n  endpoints: 10.0.0.1:5432\n  username: relation-2\n  password: x\n`, "t");
    if (input.kind !== "credentials") throw new Error(`read as ${input.kind}`);
    const big = { ...input, blocks: input.blocks.map((b) => ({ ...b, bag: { ...b.bag, password } })) };
    const report = validateInput(big);
    expect(report.valid).toBe(false);
    expect(report.relations[0]?.bags[0]?.problems).toEqual([
      { field: "password", problem: `is ${password.length} characters long; at most 16384 are accepted (the library's runtime check)`, hint: expect.any(String) },
    ]);
    expect(JSON.stringify(report)).not.toContain("pppppppp");
  });

  test("an oversized plaintext field and a line break in a one-line field of a provider databag", async () => {
    const bag = { database: "app", endpoints: "10.0.0.1:5432", username: "relation-2", password: "x".repeat(16 * 1024 + 1), version: "14\n15" };
    const { code, report } = await jsonReport(JSON.stringify(bag), "--interface", "postgresql_client", "--side", "provider");
    expect(code).toBe(1);
    const problems = report.relations[0]?.bags[0]?.problems.map((p) => [p.field, p.problem]);
    expect(problems).toEqual([
      ["password", "is 16385 characters long; at most 16384 are accepted (the library's runtime check)"],
      ["version", "contains control characters or a line break (the library's runtime check)"],
    ]);
  });

  test("requirer databags are held to the same value policy (docs/value-limits.md: one policy for every key)", async () => {
    const { code, report } = await jsonReport(JSON.stringify({ database: "d".repeat(20 * 1024) }), "--interface", "postgresql_client", "--side", "requirer");
    expect(code).toBe(1);
    const problems = report.relations[0]?.bags[0]?.problems.map((p) => p.field);
    expect(problems).toContain("database");
    expect(JSON.stringify(report)).not.toContain("dddddddd");
  });
});
