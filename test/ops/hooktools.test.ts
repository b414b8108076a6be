import { existsSync } from "node:fs";
import {
  ActionNotRunningError,
  HookToolError,
  HookToolNotFoundError,
  HookToolOutputError,
  InvalidArgumentError,
  ModelError,
  NotLeaderError,
  PermissionDeniedError,
  RelationNotFoundError,
  SecretNotFoundError,
  processRunner,
} from "../../lib/ops/index.js";
import { fakeToolStand } from "./fake-tools.js";

const db7 = { endpoint: "database", id: 7 };
const { fake, backend } = fakeToolStand();

function onlyCall() {
  const calls = fake.calls();
  expect(calls).toHaveLength(1);
  return calls[0]!;
}

describe("argv of every tool (ops's forms, docs/juju-contract.md#hook-tools)", () => {
  const cases: Array<[string, () => unknown, string, string[], string]> = [
    ["relation-ids", () => backend.relationIds("database"), "relation-ids", ["database", "--format=json"], "[]"],
    ["relation-list", () => backend.relationList(db7), "relation-list", ["--format=json", "-r", "database:7"], "[]"],
    ["relation-list --app", () => backend.relationRemoteApp(db7), "relation-list", ["--format=json", "--app", "-r", "database:7"], '"pg"'],
    ["relation-get unit", () => backend.relationGet(db7, "pg/0", false), "relation-get", ["--format=json", "-r", "database:7", "-", "pg/0"], "{}"],
    ["relation-get app", () => backend.relationGet(db7, "remote-app", true), "relation-get", ["--format=json", "-r", "database:7", "--app", "-", "remote-app"], "{}"],
    ["relation-set", () => backend.relationSet(db7, { a: "1" }, false), "relation-set", ["-r", "database:7", "--file", "-"], ""],
    ["relation-set --app", () => backend.relationSet(db7, { a: "1" }, true), "relation-set", ["-r", "database:7", "--app", "--file", "-"], ""],
    ["relation-model-get", () => backend.relationModelGet(db7), "relation-model-get", ["--format=json", "-r", "database:7"], '{"uuid":"u"}'],
    ["is-leader", () => backend.isLeader(), "is-leader", ["--format=json"], "true"],
    ["config-get", () => backend.configGet(), "config-get", ["--format=json"], "{}"],
    ["status-get unit", () => backend.statusGet(false), "status-get", ["--include-data", "--format=json", "--application=false"], '{"status":"active","message":""}'],
    ["status-get app", () => backend.statusGet(true), "status-get", ["--include-data", "--format=json", "--application=true"], '{"application-status":{"status":"active","message":""}}'],
    ["status-set unit", () => backend.statusSet("active", "msg", false), "status-set", ["--application=False", "active", "--", "msg"], ""],
    ["status-set app", () => backend.statusSet("blocked", "-leading dash", true), "status-set", ["--application=True", "blocked", "--", "-leading dash"], ""],
    ["application-version-set", () => backend.applicationVersionSet("1.2"), "application-version-set", ["--", "1.2"], ""],
    ["juju-log", () => backend.jujuLog("INFO", "msg"), "juju-log", ["--log-level", "INFO", "--", "msg"], ""],
    ["action-get", () => backend.actionGet(), "action-get", ["--format=json"], "{}"],
    ["action-set", () => backend.actionSet({ "result.url": "x=y", ok: "true" }), "action-set", ["result.url=x=y", "ok=true"], ""],
    ["action-log", () => backend.actionLog("halfway"), "action-log", ["--", "halfway"], ""],
    ["action-fail", () => backend.actionFail("bad"), "action-fail", ["--", "bad"], ""],
    ["action-fail bare", () => backend.actionFail(), "action-fail", [], ""],
    ["secret-get", () => backend.secretGet({ id: "secret:xyz", label: "L", refresh: true }), "secret-get", ["--format=json", "secret:xyz", "--label", "L", "--refresh"], "{}"],
    ["secret-get peek", () => backend.secretGet({ id: "secret:xyz", peek: true }), "secret-get", ["--format=json", "secret:xyz", "--peek"], "{}"],
    ["secret-get label", () => backend.secretGet({ label: "L" }), "secret-get", ["--format=json", "--label", "L"], "{}"],
    ["secret-set metadata", () => backend.secretSet("secret:xyz", undefined, { label: "L", rotate: "daily" }), "secret-set", ["--label", "L", "--rotate", "daily", "--owner", "application", "secret:xyz"], ""],
    ["secret-info-get", () => backend.secretInfoGet({ id: "secret:xyz" }), "secret-info-get", ["--format=json", "secret:xyz"], '{"xyz":{"revision":1,"owner":"unit"}}'],
    ["secret-info-get label", () => backend.secretInfoGet({ label: "L" }), "secret-info-get", ["--format=json", "--label", "L"], '{"xyz":{"revision":1,"owner":"unit"}}'],
    ["secret-ids", () => backend.secretIds(), "secret-ids", ["--format=json"], "null"],
    ["secret-grant", () => backend.secretGrant("secret:xyz", 7), "secret-grant", ["--relation", "7", "secret:xyz"], ""],
    ["secret-grant unit", () => backend.secretGrant("secret:xyz", 7, "pg/1"), "secret-grant", ["--relation", "7", "--unit", "pg/1", "secret:xyz"], ""],
    ["secret-revoke", () => backend.secretRevoke("secret:xyz", 7, "pg/1"), "secret-revoke", ["--relation", "7", "--unit", "pg/1", "secret:xyz"], ""],
    ["secret-remove", () => backend.secretRemove("secret:xyz", 3), "secret-remove", ["secret:xyz", "--revision", "3"], ""],
    ["secret-remove all", () => backend.secretRemove("secret:xyz"), "secret-remove", ["secret:xyz"], ""],
    ["state-get", () => backend.stateGet(), "state-get", ["--format=json"], "null"],
    ["state-set", () => backend.stateSet({ k: "v" }), "state-set", ["--file", "-"], ""],
    ["state-delete", () => backend.stateDelete("k"), "state-delete", ["k"], ""],
    ["network-get", () => backend.networkGet("database", 7), "network-get", ["--format=json", "-r", "7", "database"], "{}"],
  ];
  test.each(cases)("%s", (_label, call, tool, argv, stdout) => {
    fake.respond(tool, { stdout });
    call();
    const recorded = onlyCall();
    expect(recorded.tool).toBe(tool);
    expect(recorded.argv).toEqual(argv);
  });

  test("secret-add passes metadata flags, owner and key#file= arguments only", () => {
    fake.respond("secret-add", { stdout: "secret:abc123\n" });
    const id = backend.secretAdd({ password: "hunter2", "tls-ca": "---" }, { owner: "unit", label: "db", description: "d", expire: "24h", rotate: "weekly" });
    expect(id).toBe("secret:abc123");
    const call = onlyCall();
    expect(call.argv.slice(0, 10)).toEqual(["--label", "db", "--description", "d", "--expire", "24h", "--rotate", "weekly", "--owner", "unit"]);
    expect(call.argv.slice(10).map((a) => a.replace(/=.*/, "="))).toEqual(["password#file=", "tls-ca#file="]);
    expect(call.argv.join(" ")).not.toContain("hunter2");
    expect(call.files).toEqual({ password: "hunter2", "tls-ca": "---" });
    expect(call.fileModes).toEqual({ password: "700 600", "tls-ca": "700 600" });
    const paths = call.argv.slice(10).map((a) => a.slice(a.indexOf("#file=") + 6));
    for (const path of paths) expect(existsSync(path)).toBe(false);
  });
});

describe("output parsing", () => {
  test("relation-ids entries become RelationRefs", () => {
    fake.respond("relation-ids", { stdout: '["database:7","database:12"]\n' });
    expect(backend.relationIds("database")).toEqual([{ endpoint: "database", id: 7 }, { endpoint: "database", id: 12 }]);
  });
  test("secret-ids: null is [] and bare ids are canonicalised", () => {
    fake.respond("secret-ids", { stdout: "null\n" });
    expect(backend.secretIds()).toEqual([]);
    fake.respond("secret-ids", { stdout: '["9m4e2mr0ui3e8a215n4g","secret:abc"]' });
    expect(backend.secretIds()).toEqual(["secret:9m4e2mr0ui3e8a215n4g", "secret:abc"]);
  });
  test("relation-list --app null means unknown", () => {
    fake.respond("relation-list", { stdout: "null" });
    expect(backend.relationRemoteApp(db7)).toBeUndefined();
  });
  test("config-get keeps JSON types and drops nulls", () => {
    fake.respond("config-get", { stdout: '{"port":5432,"debug":true,"name":"x","ratio":0.5,"unset":null}' });
    expect(backend.configGet()).toEqual({ port: 5432, debug: true, name: "x", ratio: 0.5 });
  });
  test("status-get reads the unit form and the app form (units nested inside)", () => {
    fake.respond("status-get", [
      { argv: ["--include-data", "--format=json", "--application=false"], stdout: '{"status":"blocked","message":"need db","status-data":{}}' },
      {
        argv: ["--include-data", "--format=json", "--application=true"],
        stdout: '{"application-status":{"status":"waiting","message":"m","status-data":{},"units":{"a/0":{"status":"active","message":"","status-data":{}}}}}',
      },
    ]);
    expect(backend.statusGet(false)).toEqual({ status: "blocked", message: "need db" });
    expect(backend.statusGet(true)).toEqual({ status: "waiting", message: "m" });
  });
  test("secret-info-get canonicalises the bare id and keeps optional fields", () => {
    fake.respond("secret-info-get", { stdout: '{"cj4v":{"revision":3,"label":"db","owner":"application","rotation":"daily","expiry":"2030-01-01T00:00:00Z"}}' });
    expect(backend.secretInfoGet({ label: "db" })).toEqual({ id: "secret:cj4v", revision: 3, label: "db", owner: "application", rotation: "daily", expiry: "2030-01-01T00:00:00Z" });
  });
  test("network-get maps kebab-case and legacy `address`", () => {
    fake.respond("network-get", {
      stdout: JSON.stringify({
        "bind-addresses": [{ "mac-address": "", "interface-name": "eth0", addresses: [{ hostname: "", value: "10.1.2.3", cidr: "10.1.2.0/24" }, { address: "10.9.9.9", cidr: "10.9.0.0/16" }] }],
        "egress-subnets": ["10.1.2.0/24"],
        "ingress-addresses": ["10.1.2.3"],
      }),
    });
    expect(backend.networkGet("db")).toEqual({
      bindAddresses: [{ interfaceName: "eth0", addresses: [{ value: "10.1.2.3", cidr: "10.1.2.0/24" }, { value: "10.9.9.9", cidr: "10.9.0.0/16" }] }],
      egressSubnets: ["10.1.2.0/24"],
      ingressAddresses: ["10.1.2.3"],
    });
  });
  test("action-get keeps nested params; is-leader parses booleans; state-get null is {}", () => {
    fake.respond("action-get", { stdout: '{"mode":"full","opts":{"n":3}}' });
    expect(backend.actionGet()).toEqual({ mode: "full", opts: { n: 3 } });
    fake.respond("is-leader", { stdout: "false\n" });
    expect(backend.isLeader()).toBe(false);
    fake.respond("state-get", { stdout: "null\n" });
    expect(backend.stateGet()).toEqual({});
  });
  test("malformed output is a HookToolOutputError that does not quote the output", () => {
    fake.respond("secret-get", { stdout: '{"password":42}' });
    const error = catchError(() => backend.secretGet({ id: "secret:x" }));
    expect(error).toBeInstanceOf(HookToolOutputError);
    expect(error.message).toContain("secret-get");
    expect(error.message).not.toContain("42");
    fake.respond("relation-get", { stdout: "not json" });
    expect(() => backend.relationGet(db7, "pg/0", false)).toThrow(HookToolOutputError);
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

describe("error mapping by stderr (docs/juju-contract.md#hook-tool-errors)", () => {
  const cases: Array<[string, string, () => unknown, new (...args: never[]) => Error]> = [
    ["relation-get", 'ERROR invalid value "database:7" for flag -r: relation not found', () => backend.relationGet(db7, "pg/0", false), RelationNotFoundError],
    ["relation-list", 'ERROR invalid value "database:7" for option -r: relation not found', () => backend.relationList(db7), RelationNotFoundError],
    ["network-get", "ERROR relation not found", () => backend.networkGet("db", 7), RelationNotFoundError],
    ["secret-info-get", 'ERROR secret "123" not found', () => backend.secretInfoGet({ id: "secret:123" }), SecretNotFoundError],
    ["secret-get", "ERROR permission denied", () => backend.secretGet({ id: "secret:1" }), PermissionDeniedError],
    ["relation-get", "ERROR access denied", () => backend.relationGet(db7, "a", true), PermissionDeniedError],
    ["status-set", "ERROR this unit is not the leader", () => backend.statusSet("active", "", true), NotLeaderError],
    ["relation-set", "ERROR cannot write relation settings", () => backend.relationSet(db7, { a: "b" }, true), NotLeaderError],
    ["action-get", "ERROR not running an action", () => backend.actionGet(), ActionNotRunningError],
    ["status-set", 'ERROR invalid status "x", expected one of [maintenance blocked waiting active]', () => backend.statusSet("active", "", false), HookToolError],
    ["config-get", "ERROR not implemented for restricted context", () => backend.configGet(), HookToolError],
    ["status-get", "ERROR finding application status: this unit is not the leader", () => backend.statusGet(true), NotLeaderError],
    ["relation-list", 'ERROR invalid value "database:x" for flag -r: invalid relation id', () => backend.relationList(db7), HookToolError],
    ["relation-get", "ERROR no relation id specified", () => backend.relationGet(db7, "pg/0", false), HookToolError],
    ["secret-add", "ERROR this unit is not the leader", () => backend.secretAdd({ password: "p" }, { owner: "application" }), NotLeaderError],
  ];
  test.each(cases)("%s: %s", (tool, stderr, call, type) => {
    fake.respond(tool, { stderr: `${stderr}\n`, code: 1 });
    const error = catchError(call);
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(ModelError);
    expect(error.message).toContain(stderr);
    const tool_error = error instanceof HookToolError ? error : (error.cause as HookToolError);
    expect(tool_error).toBeInstanceOf(HookToolError);
    expect(tool_error.cmd).toBe(tool);
    expect(tool_error.code).toBe(1);
    expect(tool_error.stderr).toBe(stderr);
  });

  test("errors never carry stdin, and action-set values are redacted", () => {
    fake.respond("relation-set", { stderr: "ERROR boom", code: 1 });
    const rel = catchError(() => backend.relationSet(db7, { password: "s3cret-value" }, false));
    expect(JSON.stringify({ ...rel, message: rel.message, cause: rel.cause })).not.toContain("s3cret-value");
    expect((rel as HookToolError).argv).toEqual(["-r", "database:7", "--file", "-"]);
    fake.respond("action-set", { stderr: "ERROR boom", code: 2 });
    const act = catchError(() => backend.actionSet({ password: "s3cret-value" })) as HookToolError;
    expect(act.argv).toEqual(["password=<redacted>"]);
    expect(act.code).toBe(2);
  });

  test("a missing tool is a clear HookToolNotFoundError", () => {
    const error = catchError(() => processRunner.run("no-such-hook-tool-xyz", []));
    expect(error).toBeInstanceOf(HookToolNotFoundError);
    expect(error.message).toMatch(/no-such-hook-tool-xyz was not found on PATH/);
  });

  test("client-side refusals: invalid secret keys, refresh+peek, reserved action keys, settable statuses", () => {
    expect(() => backend.secretAdd({ pw: "x" }, { owner: "unit" })).toThrow(InvalidArgumentError);
    expect(() => backend.secretAdd({}, { owner: "unit" })).toThrow(/must not be empty/);
    expect(() => backend.secretGet({ id: "secret:x", refresh: true, peek: true })).toThrow(InvalidArgumentError);
    expect(() => backend.actionSet({ stdout: "x" })).toThrow(/reserved/);
    expect(() => backend.actionSet({ Bad_Key: "x" })).toThrow(InvalidArgumentError);
    expect(() => backend.statusSet("error" as "active", "", false)).toThrow(/cannot be set/);
    expect(fake.calls()).toHaveLength(0);
  });
});

describe("round trips of awkward values", () => {
  const big = "x".repeat(140 * 1024) + "\nend";
  const values: Record<string, string> = {
    empty: "",
    multiline: "line one\nline two\n",
    unicode: "żółw 🐢 日本",
    equals: "a=b==c",
    quotes: `he said "hi" and 'bye' \\ $HOME \`id\``,
    big,
  };

  test("relation-set sends JSON on stdin; relation-get parses it back", () => {
    backend.relationSet(db7, values, false);
    expect(JSON.parse(onlyCall().stdin ?? "")).toEqual(values);
    fake.respond("relation-get", { stdout: JSON.stringify(values) });
    expect(backend.relationGet(db7, "pg/0", false)).toEqual(values);
  });

  test("state-set sends JSON on stdin; state-get parses it back", () => {
    backend.stateSet(values);
    expect(JSON.parse(onlyCall().stdin ?? "")).toEqual(values);
    fake.respond("state-get", { stdout: JSON.stringify(values) });
    expect(backend.stateGet()).toEqual(values);
  });

  test("secret content goes through files byte for byte and comes back through secret-get", () => {
    const content = { multiline: values["multiline"]!, unicode: values["unicode"]!, "has-equals": values["equals"]!, quotes: values["quotes"]!, big };
    fake.respond("secret-set", {});
    backend.secretSet("secret:xyz", content, {});
    const call = onlyCall();
    expect(call.files).toEqual(content);
    expect(call.argv.join(" ")).not.toContain("żółw");
    fake.respond("secret-get", { stdout: JSON.stringify(content) });
    expect(backend.secretGet({ id: "secret:xyz" })).toEqual(content);
  });

  test("juju-log splits messages over 128 KiB into announced parts", () => {
    backend.jujuLog("DEBUG", big);
    const calls = fake.calls();
    expect(calls).toHaveLength(3);
    expect(calls[0]!.argv[3]).toMatch(/splitting it into 2 parts/);
    expect(calls.slice(1).map((c) => c.argv[3]).join("")).toBe(big);
  });
});

describe("process runner", () => {
  test("reads outputs far beyond Node's default 1 MiB maxBuffer", () => {
    const bag = { "tls-ca": "c".repeat(3 * 1024 * 1024) };
    fake.respond("relation-get", { stdout: JSON.stringify(bag) });
    expect(backend.relationGet(db7, "pg", true)["tls-ca"]).toHaveLength(3 * 1024 * 1024);
  });
});
