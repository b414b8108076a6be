import { HookToolServer, parseModelState, type HookSpec } from "../../../lib/testing/index.js";
import { webappModel } from "./model-fixture.js";

const CHANGED: HookSpec = { kind: "relation", event: "changed", relationId: 0, remoteUnit: "postgresql/0" };

function busyHook(s: HookToolServer): string {
  s.run("relation-set", ["-r", "database:0", "--app", "--file", "-"], '{"database":"webapp"}');
  s.run("relation-set", ["-r", "database:0", "private-address="]);
  s.run("state-set", ["k=v"]);
  const uri = s.run("secret-add", ["--owner", "unit", "abc=x"]).stdout.trim();
  s.run("secret-grant", ["-r", "0", uri]);
  s.run("status-set", ["active", "busy"]);
  return uri;
}

describe("HookToolServer transactionality", () => {
  test("discard leaves the model as it was, except immediate effects", () => {
    const model = webappModel();
    const before = structuredClone(model);
    const s = new HookToolServer(model, "webapp/0", CHANGED);
    busyHook(s);
    s.discard();
    const unit = model.units["webapp/0"];
    expect(unit?.status).toEqual({ status: "active", message: "busy" });
    if (unit) unit.status = { status: "unknown", message: "" };
    expect(model).toEqual(before);
  });

  test("commit applies the queued changes and reports them", () => {
    const model = webappModel();
    const s = new HookToolServer(model, "webapp/0", CHANGED);
    const uri = busyHook(s);
    const report = s.commit();
    expect(report.databags).toEqual([
      { relationId: 0, owner: "webapp", app: true, keys: ["database"] },
      { relationId: 0, owner: "webapp/0", app: false, keys: ["private-address"] },
    ]);
    expect(report.secretsAdded).toEqual([uri]);
    expect(report.stateKeys).toEqual(["k"]);
    expect(report.statuses).toEqual([{ target: "unit", status: "active", message: "busy" }]);
    expect(model.relations[0]?.appData.webapp).toEqual({ database: "webapp" });
    expect(model.relations[0]?.unitData["webapp/0"]?.["private-address"]).toBeUndefined();
    expect(model.secrets.find((x) => x.id === uri)?.grants).toEqual({ "0": ["postgresql"] });
  });

  test("commit reports new revisions and grants of existing secrets", () => {
    const model = webappModel();
    const add = new HookToolServer(model, "postgresql/0", { kind: "hook", name: "start" });
    const uri = add.run("secret-add", ["password=one"]).stdout.trim();
    add.commit();
    const s = new HookToolServer(model, "postgresql/0", { kind: "hook", name: "update-status" });
    s.run("secret-set", [uri, "password=two"]);
    s.run("secret-grant", ["-r", "0", uri]);
    const report = s.commit();
    expect(report.secretRevisions).toEqual([{ id: uri, revision: 2 }]);
    expect(report.grants).toEqual([{ id: uri, relationId: 0, target: "webapp", granted: true }]);
  });

  test("a session can be closed once, and answers nothing afterwards", () => {
    const s = new HookToolServer(webappModel(), "webapp/0", CHANGED);
    s.commit();
    expect(() => s.discard()).toThrow("already committed");
    expect(s.run("is-leader", []).code).toBe(1);
  });

  test("every call is recorded without stdin", () => {
    const s = new HookToolServer(webappModel(), "webapp/0", CHANGED);
    s.run("relation-set", ["-r", "database:0", "--file", "-"], '{"password":"hunter2"}');
    s.run("relation-get", ["-r", "database:9"]);
    expect(s.calls).toEqual([
      { cmd: "relation-set", argv: ["-r", "database:0", "--file", "-"], code: 0, stderr: "" },
      { cmd: "relation-get", argv: ["-r", "database:9"], code: 2, stderr: 'ERROR invalid value "database:9" for flag -r: relation not found\n' },
    ]);
    expect(JSON.stringify(s.calls)).not.toContain("hunter2");
  });
});

describe("hook environment", () => {
  test("relation hooks export relation, remote app and unit; departed adds the departing unit", () => {
    const model = webappModel();
    expect(new HookToolServer(model, "webapp/0", CHANGED).env()).toMatchObject({
      JUJU_DISPATCH_PATH: "hooks/database-relation-changed",
      JUJU_HOOK_NAME: "database-relation-changed",
      JUJU_UNIT_NAME: "webapp/0",
      JUJU_MODEL_NAME: "test-model",
      JUJU_VERSION: "3.6.14",
      JUJU_RELATION: "database",
      JUJU_RELATION_ID: "database:0",
      JUJU_REMOTE_APP: "postgresql",
      JUJU_REMOTE_UNIT: "postgresql/0",
    });
    const departed = new HookToolServer(model, "webapp/0", { kind: "relation", event: "departed", relationId: 1, remoteUnit: "webapp/1" }).env();
    expect(departed).toMatchObject({ JUJU_REMOTE_APP: "webapp", JUJU_DEPARTING_UNIT: "webapp/1" });
    expect(new HookToolServer(model, "webapp/0", { kind: "relation", event: "created", relationId: 0 }).env().JUJU_REMOTE_UNIT).toBe("");
  });

  test("secret hooks export the receiving unit's label and the revision when > 0", () => {
    const model = webappModel();
    const add = new HookToolServer(model, "postgresql/0", { kind: "hook", name: "start" });
    const uri = add.run("secret-add", ["--label", "mine", "password=one"]).stdout.trim();
    add.commit();
    const env = new HookToolServer(model, "postgresql/0", { kind: "secret", event: "remove", id: uri, revision: 1 }).env();
    expect(env).toMatchObject({ JUJU_HOOK_NAME: "secret-remove", JUJU_SECRET_ID: uri, JUJU_SECRET_LABEL: "mine", JUJU_SECRET_REVISION: "1" });
  });

  test("a hook for a relation or unit not in the model is refused", () => {
    expect(() => new HookToolServer(webappModel(), "webapp/9", CHANGED)).toThrow('unit "webapp/9" is not in the model');
    expect(() => new HookToolServer(webappModel(), "webapp/0", { kind: "relation", event: "joined", relationId: 42 })).toThrow("relation 42");
  });
});

describe("parseModelState", () => {
  test("accepts a model that went through JSON, and names the first bad field", () => {
    const model = webappModel();
    const s = new HookToolServer(model, "postgresql/0", { kind: "hook", name: "start" });
    s.run("secret-add", ["password=one"]);
    s.commit();
    const round = parseModelState(JSON.parse(JSON.stringify(model)), "model.json");
    expect(round).toEqual(model);
    const broken = JSON.parse(JSON.stringify(model)) as { relations: { id: unknown }[] };
    if (broken.relations[0]) broken.relations[0].id = "zero";
    expect(() => parseModelState(broken, "model.json")).toThrow('model.json: field "relations.0.id"');
  });
});

test("recorded argv hides the values of data-writing tools but keeps file paths and flags", () => {
  const s = new HookToolServer(webappModel(), "webapp/0", { kind: "action", name: "backup", id: "1", params: {} });
  s.run("relation-set", ["-r", "database:0", "password=hunter2"]);
  s.run("secret-add", ["--owner", "unit", "--label", "l1", "token#base64=aHVudGVyMg==", "cert#file=/tmp/x/cert", "pass=hunter2"]);
  s.run("action-set", ["--", "result=hunter2"]);
  s.run("juju-log", ["--", "a=b"]);
  expect(s.calls.map((c) => c.argv)).toEqual([
    ["-r", "database:0", "password=<redacted>"],
    ["--owner", "unit", "--label", "l1", "token#base64=<redacted>", "cert#file=/tmp/x/cert", "pass=<redacted>"],
    ["--", "result=<redacted>"],
    ["--", "a=b"],
  ]);
  expect(JSON.stringify(s.calls)).not.toContain("hunter2");
});
