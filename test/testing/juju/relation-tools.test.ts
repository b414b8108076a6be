import { addUnit, enterScope, HookToolServer, type HookSpec } from "../../../lib/testing/index.js";
import { jsonOf, toolOf, webappModel } from "./model-fixture.js";

const CHANGED: HookSpec = { kind: "relation", event: "changed", relationId: 0, remoteUnit: "postgresql/0" };

function session(unit = "webapp/0", hook: HookSpec = CHANGED) {
  const model = webappModel();
  const s = new HookToolServer(model, unit, hook);
  return { model, s, tool: toolOf(s), json: jsonOf(s) };
}

describe("relation-ids", () => {
  test("lists <endpoint>:<id> for the endpoint, [] for an endpoint without relations", () => {
    const { json } = session();
    expect(json("relation-ids", "database", "--format=json")).toEqual(["database:0"]);
    expect(json("relation-ids", "cluster", "--format=json")).toEqual(["cluster:1"]);
    expect(json("relation-ids", "website", "--format=json")).toEqual([]);
  });

  test("leaves out the relation being broken in its own broken hook", () => {
    const { json } = session("webapp/0", { kind: "relation", event: "broken", relationId: 0 });
    expect(json("relation-ids", "database", "--format=json")).toEqual([]);
  });
});

describe("relation-list", () => {
  test("lists the remote units, or the remote app with --app; peers list the other units", () => {
    const { json } = session();
    expect(json("relation-list", "--format=json", "-r", "database:0")).toEqual(["postgresql/0", "postgresql/1"]);
    expect(json("relation-list", "--format=json", "--app", "-r", "database:0")).toBe("postgresql");
    expect(json("relation-list", "--format=json", "-r", "cluster:1")).toEqual(["webapp/1"]);
    expect(json("relation-list", "--format=json", "--app", "-r", "cluster:1")).toBe("webapp");
  });

  test("-r defaults to the hook's relation; outside relation hooks it is required", () => {
    expect(session().json("relation-list", "--format=json")).toEqual(["postgresql/0", "postgresql/1"]);
    const r = session("webapp/0", { kind: "hook", name: "start" }).tool("relation-list", "--format=json");
    expect(r).toEqual({ code: 2, stdout: "", stderr: "ERROR no relation id specified\n" });
  });

  test("the departing unit is gone in departed; nothing is listed in broken", () => {
    const departed = session("webapp/0", { kind: "relation", event: "departed", relationId: 0, remoteUnit: "postgresql/1", departingUnit: "postgresql/1" });
    expect(departed.json("relation-list", "--format=json", "-r", "database:0")).toEqual(["postgresql/0"]);
    const broken = session("webapp/0", { kind: "relation", event: "broken", relationId: 0 });
    expect(broken.json("relation-list", "--format=json", "-r", "database:0")).toEqual([]);
  });

  test("-r accepts <int>, <endpoint>:<int> and the glued -r=<endpoint>:<int>; other forms fail", () => {
    const { tool } = session("webapp/0", { kind: "hook", name: "start" });
    for (const argv of [["-r", "0"], ["-r", "database:0"], ["-r=database:0"], ["--relation=database:0"]]) {
      expect(tool("relation-list", "--format=json", ...argv).code).toBe(0);
    }
    expect(tool("relation-list", "-r", "database:7").stderr).toBe('ERROR invalid value "database:7" for flag -r: relation not found\n');
    expect(tool("relation-list", "-r", "cluster:0").stderr).toBe('ERROR invalid value "cluster:0" for flag -r: relation not found\n');
    expect(tool("relation-list", "-r=0")).toEqual({ code: 2, stdout: "", stderr: 'ERROR invalid value "=0" for flag -r: invalid relation id\n' });
  });
});

describe("relation-get", () => {
  test("reads a whole unit bag (with Juju's address keys), an app bag, or one key", () => {
    const { json } = session();
    expect(json("relation-get", "--format=json", "-r", "database:0", "-", "postgresql/0")).toEqual({
      "private-address": "10.1.0.4",
      "ingress-address": "10.1.0.4",
      "egress-subnets": "10.1.0.4/32",
      role: "primary",
    });
    expect(json("relation-get", "--format=json", "-r", "database:0", "--app", "-", "postgresql")).toEqual({ endpoints: "10.0.0.5:5432" });
    expect(json("relation-get", "--format=json", "-r", "database:0", "role", "postgresql/0")).toBe("primary");
    expect(json("relation-get", "--format=json", "-r", "database:0", "missing", "postgresql/0")).toBeNull();
  });

  test("with --app a unit name means its application", () => {
    expect(session().json("relation-get", "--format=json", "-r", "database:0", "--app", "-", "postgresql/1")).toEqual({ endpoints: "10.0.0.5:5432" });
  });

  test("without --app an application name is refused", () => {
    const r = session().tool("relation-get", "--format=json", "-r", "database:0", "-", "postgresql");
    expect(r).toEqual({ code: 2, stdout: "", stderr: 'ERROR expected unit name, got application name "postgresql"\n' });
  });

  test("without a name it reads JUJU_REMOTE_UNIT, else the remote app", () => {
    expect(session().json("relation-get", "--format=json", "role")).toBe("primary");
    const appChange = session("webapp/0", { kind: "relation", event: "changed", relationId: 0 });
    expect(appChange.json("relation-get", "--format=json", "endpoints")).toBe("10.0.0.5:5432");
  });

  test("the own app bag of a non-peer relation is leader-only; peer app bags are readable by all", () => {
    const follower = session("webapp/1");
    expect(follower.tool("relation-get", "--format=json", "-r", "database:0", "--app", "-", "webapp")).toEqual({
      code: 1,
      stdout: "",
      stderr: "ERROR permission denied\n",
    });
    expect(follower.json("relation-get", "--format=json", "-r", "cluster:1", "--app", "-", "webapp")).toEqual({});
    expect(session("webapp/0").json("relation-get", "--format=json", "-r", "database:0", "--app", "-", "webapp")).toEqual({});
  });

  test("a unit added but not yet in the relation's scope has no settings; once it entered, its address keys are there", () => {
    const model = webappModel();
    const db = model.relations.find((r) => r.id === 0);
    if (db === undefined) throw new Error("no database:0");
    // As the simulator has it: postgresql/2 was added (its bag seeded for later) but has not
    // installed, so it has entered no scope, while the other units have.
    db.inContext = ["webapp/0", "webapp/1", "postgresql/0", "postgresql/1"];
    addUnit(model, "postgresql/2");
    enterScope(model, db, "postgresql/2");
    const s = new HookToolServer(model, "webapp/0", { kind: "hook", name: "update-status" });
    const r = toolOf(s)("relation-get", "--format=json", "-r", "database:0", "-", "postgresql/2");
    expect(r).toEqual({ code: 1, stdout: "", stderr: 'ERROR cannot read settings for unit "postgresql/2" in relation "database:0": settings not found\n' });
    db.inContext.push("postgresql/2");
    const later = new HookToolServer(model, "webapp/0", { kind: "hook", name: "update-status" });
    expect(jsonOf(later)("relation-get", "--format=json", "-r", "database:0", "-", "postgresql/2")).toEqual({
      "private-address": model.units["postgresql/2"]?.address,
      "ingress-address": model.units["postgresql/2"]?.address,
      "egress-subnets": `${model.units["postgresql/2"]?.address ?? ""}/32`,
    });
  });

  test("a unit of an application outside the relation has no settings", () => {
    const r = session().tool("relation-get", "--format=json", "-r", "cluster:1", "-", "postgresql/0");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('ERROR cannot read settings for unit "postgresql/0" in relation "cluster:1": settings not found\n');
  });
});

describe("relation-set", () => {
  test("--file - takes JSON or YAML, key=value args override it, and own reads see the pending write", () => {
    const { s, json } = session();
    expect(s.run("relation-set", ["-r", "database:0", "--file", "-", "b=arg"], '{"a":"1","b":"file"}').code).toBe(0);
    expect(s.run("relation-set", ["-r", "database:0", "--file", "-"], "c: three\nd: 4\n").code).toBe(0);
    expect(json("relation-get", "--format=json", "-r", "database:0", "-", "webapp/0")).toMatchObject({ a: "1", b: "arg", c: "three", d: "4" });
  });

  test('"" deletes a key, and writes merge into the bag', () => {
    const { s, json } = session();
    s.run("relation-set", ["-r", "database:0", "x=1", "y=2"]);
    s.run("relation-set", ["-r", "database:0", "x="]);
    const bag = json("relation-get", "--format=json", "-r", "database:0", "-", "webapp/0") as Record<string, string>;
    expect(bag.x).toBeUndefined();
    expect(bag.y).toBe("2");
    expect(bag["private-address"]).toBe("10.1.0.2");
  });

  test("--app is leader-only: cannot write relation settings", () => {
    const follower = session("webapp/1");
    expect(follower.s.run("relation-set", ["-r", "database:0", "--app", "--file", "-"], '{"database":"x"}')).toEqual({
      code: 1,
      stdout: "",
      stderr: "ERROR cannot write relation settings\n",
    });
    const leader = session("webapp/0");
    expect(leader.s.run("relation-set", ["-r", "database:0", "--app=True", "--file", "-"], '{"database":"x"}').code).toBe(0);
    expect(leader.json("relation-get", "--format=json", "-r", "database:0", "--app", "database", "webapp")).toBe("x");
  });

  test("malformed input fails with exit code 2", () => {
    const { s, tool } = session();
    expect(tool("relation-set", "-r", "database:0", "novalue")).toEqual({ code: 2, stdout: "", stderr: 'ERROR expected "key=value", got "novalue"\n' });
    expect(s.run("relation-set", ["-r", "database:0", "--file", "-"], '{"nested":{"a":1}}').code).toBe(2);
    expect(s.run("relation-set", ["-r", "database:0", "--file", "-"], "a: 1\na: 2\n").code).toBe(2);
  });
});

describe("relation-model-get", () => {
  test("falls back to the own model uuid; reports the remote model of a cross-model relation", () => {
    const { model, json } = session();
    expect(json("relation-model-get", "--format=json", "-r", "database:0")).toEqual({ uuid: model.uuid });
    const other = webappModel();
    const rel = other.relations[0];
    if (rel) rel.remoteModelUuid = "00000000-0000-4000-8000-000000000001";
    expect(jsonOf(new HookToolServer(other, "webapp/0", CHANGED))("relation-model-get", "--format=json", "-r", "database:0")).toEqual({
      uuid: "00000000-0000-4000-8000-000000000001",
    });
  });
});
