import { addApplication, addRelation, addUnit, enterScope, HookToolServer, type HookSpec } from "../../../lib/testing/index.js";
import { hookEnv } from "../../../lib/testing/juju/hook.js";
import { jsonOf, toolOf, webappModel } from "./model-fixture.js";
import { actionProcessError } from "../../../lib/testing/juju/tools/action.js";

const START: HookSpec = { kind: "hook", name: "start" };
const BACKUP: HookSpec = { kind: "action", name: "backup", id: "7", params: { target: "s3", opts: { level: 3 } } };

describe("is-leader and config-get", () => {
  test("is-leader prints JSON booleans, or True/False in the smart format", () => {
    expect(toolOf(new HookToolServer(webappModel(), "webapp/0", START))("is-leader", "--format=json").stdout).toBe("true\n");
    expect(toolOf(new HookToolServer(webappModel(), "webapp/1", START))("is-leader").stdout).toBe("False\n");
  });

  test("config-get merges operator values over schema defaults; --all adds null options", () => {
    const model = webappModel();
    const app = model.applications.webapp;
    if (app) app.config = { debug: true };
    const json = jsonOf(new HookToolServer(model, "webapp/0", START));
    expect(json("config-get", "--format=json")).toEqual({ port: 8080, debug: true });
    expect(json("config-get", "--format=json", "--all")).toEqual({ port: 8080, debug: true, name: null });
    expect(json("config-get", "--format=json", "port")).toBe(8080);
    expect(json("config-get", "--format=json", "nope")).toBeNull();
    expect(toolOf(new HookToolServer(model, "webapp/0", START))("config-get", "-a", "port").code).toBe(2);
  });
});

describe("status-get and status-set", () => {
  test("status-set is immediate, on the live model, even if the hook is discarded", () => {
    const model = webappModel();
    const s = new HookToolServer(model, "webapp/0", START);
    expect(s.run("status-set", ["--application=False", "maintenance", "--", "-installing"]).code).toBe(0);
    s.discard();
    expect(model.units["webapp/0"]?.status).toEqual({ status: "maintenance", message: "-installing" });
  });

  test("unit and app status-get shapes; app status is leader-only", () => {
    const model = webappModel();
    const s = new HookToolServer(model, "webapp/0", START);
    s.run("status-set", ["--application=True", "active", "--", "ready"]);
    const json = jsonOf(s);
    expect(json("status-get", "--include-data", "--format=json", "--application=false")).toEqual({ status: "unknown", message: "", "status-data": {} });
    expect(json("status-get", "--include-data", "--format=json", "--application=true")).toEqual({
      "application-status": {
        status: "active",
        message: "ready",
        "status-data": {},
        units: {
          "webapp/0": { status: "unknown", message: "", "status-data": {} },
          "webapp/1": { status: "unknown", message: "", "status-data": {} },
        },
      },
    });
    const follower = toolOf(new HookToolServer(model, "webapp/1", START));
    expect(follower("status-get", "--format=json", "--application=true").stderr).toBe("ERROR finding application status: this unit is not the leader\n");
    expect(follower("status-set", "--application=True", "active").stderr).toBe("ERROR this unit is not the leader\n");
  });

  test("only settable statuses are accepted", () => {
    const r = toolOf(new HookToolServer(webappModel(), "webapp/0", START))("status-set", "error", "boom");
    expect(r).toEqual({ code: 2, stdout: "", stderr: 'ERROR invalid status "error", expected one of [maintenance blocked waiting active]\n' });
  });
});

describe("application-version-set and juju-log", () => {
  test("the workload version is set at once", () => {
    const model = webappModel();
    new HookToolServer(model, "webapp/0", START).run("application-version-set", ["--", "-1.2"]);
    expect(model.applications.webapp?.workloadVersion).toBe("-1.2");
  });

  test("juju-log records level and message; relation hooks prefix <endpoint>:<id>", () => {
    const s = new HookToolServer(webappModel(), "webapp/0", { kind: "relation", event: "created", relationId: 1 });
    s.run("juju-log", ["--log-level", "WARNING", "--", "-dash", "first"]);
    s.run("juju-log", ["-l", "LOUD", "x"]);
    expect(s.logs).toEqual([
      { level: "WARNING", message: "cluster:1: -dash first" },
      { level: "WARNING", message: "Specified log level (LOUD) is not valid, using INFO" },
      { level: "INFO", message: "cluster:1: x" },
    ]);
  });
});

describe("actions", () => {
  test("outside an action every action tool fails with not running an action", () => {
    const tool = toolOf(new HookToolServer(webappModel(), "webapp/0", START));
    for (const cmd of ["action-get", "action-set", "action-log", "action-fail"]) {
      expect(tool(cmd, "a=b")).toMatchObject({ code: 1, stderr: "ERROR not running an action\n" });
    }
  });

  test("action-get returns params or a dotted path; results, log and failure reach the action record", () => {
    const model = webappModel();
    const s = new HookToolServer(model, "webapp/0", BACKUP);
    expect(s.env()).toMatchObject({ JUJU_DISPATCH_PATH: "actions/backup", JUJU_HOOK_NAME: "", JUJU_ACTION_NAME: "backup", JUJU_ACTION_UUID: "7", JUJU_ACTION_TAG: "action-7" });
    const json = jsonOf(s);
    expect(json("action-get", "--format=json")).toEqual({ target: "s3", opts: { level: 3 } });
    expect(json("action-get", "--format=json", "opts.level")).toBe(3);
    expect(s.run("action-set", ["result.size=10", "ok=yes"]).code).toBe(0);
    expect(s.run("action-set", ["stdout=x"]).stderr).toBe('ERROR cannot set reserved action key "stdout"\n');
    expect(s.run("action-set", ["Bad=x"]).code).toBe(2);
    s.run("action-log", ["--", "halfway"]);
    s.run("action-fail", ["--", "disk full"]);
    s.commit();
    expect(model.actions["7"]).toMatchObject({ status: "failed", results: { "result.size": "10", ok: "yes" }, log: ["halfway"], failure: "disk full" });
  });

  test("action-fail without a message uses Juju's default", () => {
    const model = webappModel();
    const s = new HookToolServer(model, "webapp/0", BACKUP);
    s.run("action-fail", []);
    s.commit();
    expect(model.actions["7"]?.failure).toBe("action failed without reason given, check action for errors");
  });

  test("a process that fails reports its error in place of any action-fail message", () => {
    const model = webappModel();
    const s = new HookToolServer(model, "webapp/0", BACKUP);
    s.run("action-fail", ["--", "disk full"]);
    s.discard(actionProcessError(3, null));
    expect(model.actions["7"]).toMatchObject({ status: "failed", failure: "exit status 3" });
    expect(actionProcessError(null, "SIGKILL")).toBe("signal: killed");
  });
});

describe("state-get, state-set, state-delete", () => {
  test("writes are queued; reads see them; --strict fails on a missing key", () => {
    const model = webappModel();
    const s = new HookToolServer(model, "webapp/0", START);
    expect(s.run("state-set", ["--file", "-"], '{"a":"1","b":"2"}').code).toBe(0);
    expect(s.run("state-delete", ["b"]).code).toBe(0);
    const json = jsonOf(s);
    expect(json("state-get", "--format=json")).toEqual({ a: "1" });
    expect(json("state-get", "--format=json", "b")).toBeNull();
    expect(s.run("state-get", ["--strict", "b"]).code).toBe(1);
    expect(model.units["webapp/0"]?.state).toEqual({});
    s.commit();
    expect(model.units["webapp/0"]?.state).toEqual({ a: "1" });
  });
});

describe("network-get", () => {
  test("reports the unit address for an endpoint binding; unknown bindings fail", () => {
    const json = jsonOf(new HookToolServer(webappModel(), "webapp/0", START));
    expect(json("network-get", "--format=json", "-r", "0", "database")).toEqual({
      "bind-addresses": [{ "mac-address": "", "interface-name": "eth0", addresses: [{ hostname: "", value: "10.1.0.2", cidr: "10.1.0.0/24" }] }],
      "egress-subnets": ["10.1.0.2/32"],
      "ingress-addresses": ["10.1.0.2"],
    });
    expect(json("network-get", "--format=json", "--ingress-address", "database")).toBe("10.1.0.2");
    const r = toolOf(new HookToolServer(webappModel(), "webapp/0", START))("network-get", "nope");
    expect(r.stderr).toBe('ERROR no network config found for binding "nope"\n');
  });
});

test("unknown tools are not found", () => {
  expect(toolOf(new HookToolServer(webappModel(), "webapp/0", START))("leader-dance")).toEqual({ code: 127, stdout: "", stderr: "leader-dance: command not found\n" });
});

describe("leader settings", () => {
  test("leader-set is leader-only and immediate; leader-get reads all or one key", () => {
    const model = webappModel();
    const leader = new HookToolServer(model, "webapp/0", START);
    expect(leader.run("leader-set", ["a=1", "b=2"]).code).toBe(0);
    leader.discard();
    expect(model.applications.webapp?.leaderSettings).toEqual({ a: "1", b: "2" });
    const follower = new HookToolServer(model, "webapp/1", START);
    expect(jsonOf(follower)("leader-get", "--format=json")).toEqual({ a: "1", b: "2" });
    expect(jsonOf(follower)("leader-get", "--format=json", "b")).toBe("2");
    expect(follower.run("leader-set", ["a=3"]).stderr).toBe("ERROR cannot write leadership settings: this unit is not the leader\n");
    const again = new HookToolServer(model, "webapp/0", START);
    // b is written with the value it has: no change (settings are written as a delta, st-set).
    again.run("leader-set", ["a=", "b=2", "c="]);
    expect(again.commit().leaderSettingsKeys).toEqual(["a"]);
    expect(model.applications.webapp?.leaderSettings).toEqual({ b: "2" });
  });
});

describe("ports", () => {
  test("open/close are queued; opened-ports shows what was open when the hook started", () => {
    const model = webappModel();
    const s = new HookToolServer(model, "webapp/0", START);
    expect(s.run("open-port", ["8080/tcp"]).code).toBe(0);
    expect(s.run("open-port", ["icmp"]).code).toBe(0);
    expect(s.run("open-port", ["9000-9100/UDP"]).code).toBe(0);
    expect(s.run("open-port", ["70000/tcp"]).code).toBe(2);
    expect(jsonOf(s)("opened-ports", "--format=json")).toEqual([]);
    expect(s.commit().ports).toEqual({ opened: ["8080/tcp", "icmp", "9000-9100/udp"], closed: [] });
    const next = new HookToolServer(model, "webapp/0", START);
    expect(jsonOf(next)("opened-ports", "--format=json", "--endpoints")).toEqual(["8080/tcp (*)", "icmp (*)", "9000-9100/udp (*)"]);
    next.run("close-port", ["8080"]);
    next.commit();
    expect(model.units["webapp/0"]?.openedPorts).toEqual(["icmp", "9000-9100/udp"]);
  });
});

describe("unit-get, goal-state, credential-get, resource-get", () => {
  test("read-only facts and the stand's refusals", () => {
    const model = webappModel();
    const webapp1 = model.units["webapp/1"];
    if (webapp1 !== undefined) webapp1.status = { status: "maintenance", message: "installing" };
    // A unit webapp/0 has not seen join is still in goal-state: it lists every unit (goalStateUnits).
    const db = model.relations.find((r) => r.id === 0);
    if (db !== undefined) db.joined["webapp/0"] = ["postgresql/0"];
    const s = new HookToolServer(model, "webapp/0", START);
    expect(jsonOf(s)("unit-get", "private-address", "--format=json")).toBe("10.1.0.2");
    const goal = jsonOf(s)("goal-state", "--format=json") as { relations: Record<string, unknown> };
    expect(goal).toMatchObject({
      units: { "webapp/0": { status: "unknown" }, "webapp/1": { status: "maintenance" } },
      relations: { database: { postgresql: { status: "joined" }, "postgresql/0": { status: "unknown" }, "postgresql/1": { status: "unknown" } } },
    });
    // Peer relations are left out (goalStateRelations skips one-endpoint relations).
    expect(Object.keys(goal.relations)).toEqual(["database"]);
    expect(s.run("credential-get", ["--format=json"]).stderr).toBe("ERROR cannot access cloud credentials: permission denied\n");
    expect(s.run("resource-get", ["image"]).code).toBe(1);
  });
});

describe("goal-state and JUJU_PRINCIPAL_UNIT with subordinate units", () => {
  /** webapp/0 and webapp/1, each with a unit of the subordinate `router` beside it on a container relation. */
  function withRouters(): ReturnType<typeof webappModel> {
    const model = webappModel();
    addApplication(model, "router", { name: "router", subordinate: true, endpoints: { juju: { role: "requires", interface: "juju-info", scope: "container" } }, config: {}, actions: {} });
    addUnit(model, "router/0", { principal: "webapp/0" });
    addUnit(model, "router/1", { principal: "webapp/1" });
    const rel = addRelation(model, [
      { app: "webapp", endpoint: "website" },
      { app: "router", endpoint: "juju" },
    ]);
    for (const u of ["webapp/0", "webapp/1", "router/0", "router/1"]) enterScope(model, rel, u);
    return model;
  }

  test("a principal sees only its own subordinate unit; a subordinate sees its principal's application, none of its own", () => {
    const model = withRouters();
    const fromWebapp = jsonOf(new HookToolServer(model, "webapp/0", START))("goal-state", "--format=json") as { units: object; relations: Record<string, object> };
    expect(Object.keys(fromWebapp.units).sort()).toEqual(["webapp/0", "webapp/1"]);
    // goalStateUnits(app, "webapp/0") skips router/1, whose principal is webapp/1.
    expect(Object.keys(fromWebapp.relations["website"] ?? {}).sort()).toEqual(["router", "router/0"]);
    const fromRouter = jsonOf(new HookToolServer(model, "router/0", START))("goal-state", "--format=json") as { units: object; relations: Record<string, object> };
    // Every router unit has a principal other than router/0 (the caller), itself included.
    expect(fromRouter.units).toEqual({});
    expect(Object.keys(fromRouter.relations["juju"] ?? {}).sort()).toEqual(["webapp", "webapp/0", "webapp/1"]);
  });

  test("a subordinate unit's hooks name its principal; a principal's name none", () => {
    const model = withRouters();
    expect(hookEnv(model, "router/1", START)["JUJU_PRINCIPAL_UNIT"]).toBe("webapp/1");
    expect(hookEnv(model, "webapp/1", START)["JUJU_PRINCIPAL_UNIT"]).toBe("");
  });
});

test("without --format, tools print Juju's smart format: bare strings, YAML maps, nothing for null", () => {
  const s = new HookToolServer(webappModel(), "webapp/0", { kind: "relation", event: "changed", relationId: 0, remoteUnit: "postgresql/0" });
  expect(s.run("relation-get", ["role"]).stdout).toBe("primary\n");
  expect(s.run("relation-get", ["missing"]).stdout).toBe("");
  expect(s.run("relation-get", ["--app", "-", "postgresql"]).stdout).toBe("endpoints: 10.0.0.5:5432\n");
  expect(s.run("config-get", ["port"]).stdout).toBe("8080\n");
  expect(s.run("relation-ids", ["database", "--format", "yaml"]).stdout).toBe("- database:0\n");
});
