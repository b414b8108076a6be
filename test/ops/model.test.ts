import {
  ActiveStatus,
  BlockedStatus,
  ErrorStatus,
  HookToolBackend,
  MaintenanceStatus,
  Model,
  NotLeaderError,
  RelationDataAccessError,
  StatusBase,
  TooManyRelatedAppsError,
  WaitingStatus,
  parseHookContext,
  parseCharmMetadata,
  type CharmMetadata,
} from "../../lib/ops/index.js";
import { fakeToolStand } from "./fake-tools.js";

const { fake, backend } = fakeToolStand();

const baseEnv = {
  JUJU_UNIT_NAME: "webapp/0",
  JUJU_MODEL_NAME: "m",
  JUJU_MODEL_UUID: "uuid-1",
  JUJU_VERSION: "3.6.14",
  JUJU_CHARM_DIR: "/charm",
};
const meta: CharmMetadata = parseCharmMetadata("requires:\n  database:\n    interface: postgresql_client\npeers:\n  cluster:\n    interface: cluster\n");

function hookModel(hook: string, extra: Record<string, string> = {}, now?: () => number): Model {
  const ctx = parseHookContext({ ...baseEnv, JUJU_DISPATCH_PATH: `hooks/${hook}`, JUJU_HOOK_NAME: hook, ...extra });
  return new Model(backend, ctx, { metadata: meta, ...(now === undefined ? {} : { now }) });
}
const relEnv = (hook: string, id = 7, remoteUnit = "pg/0") => ({
  JUJU_RELATION: "database",
  JUJU_RELATION_ID: `database:${id}`,
  JUJU_REMOTE_APP: "pg",
  JUJU_REMOTE_UNIT: remoteUnit,
  ...(hook.endsWith("departed") ? { JUJU_DEPARTING_UNIT: remoteUnit } : {}),
});
const tools = () => fake.calls().map((c) => c.tool);

function leader(value: boolean): void {
  fake.respond("is-leader", { stdout: value ? "true" : "false" });
}

describe("reads are cached for the hook", () => {
  test("second reads spawn no process", () => {
    fake.respond("relation-ids", { stdout: '["database:7"]' });
    fake.respond("relation-list", { stdout: '["pg/0","pg/1"]' });
    fake.respond("relation-get", { stdout: '{"endpoints":"h:5432"}' });
    fake.respond("config-get", { stdout: '{"port":8080}' });
    leader(true);
    const model = hookModel("update-status");
    for (let i = 0; i < 2; i++) {
      const rel = model.relations("database")[0]!;
      expect(rel.units).toEqual(["pg/0", "pg/1"]);
      expect(rel.remoteApp).toBe("pg");
      expect(rel.remoteAppData().get("endpoints")).toBe("h:5432");
      expect(rel.remoteUnitData("pg/0").toObject()).toEqual({ endpoints: "h:5432" });
      expect(model.config["port"]).toBe(8080);
      expect(model.unit.isLeader()).toBe(true);
    }
    expect(tools()).toEqual(["relation-ids", "relation-list", "relation-get", "relation-get", "config-get", "is-leader"]);
  });

  test("is-leader is cached for 30 s measured from before the call", () => {
    let now = 1_000;
    leader(true);
    const model = hookModel("update-status", {}, () => now);
    expect(model.unit.isLeader()).toBe(true);
    now += 29_999;
    expect(model.unit.isLeader()).toBe(true);
    expect(tools()).toEqual(["is-leader"]);
    now += 1;
    leader(false);
    expect(model.unit.isLeader()).toBe(false);
    expect(tools()).toEqual(["is-leader", "is-leader"]);
  });
});

describe("buffered databag writes", () => {
  test("own-bag reads see pending writes; one relation-set per bag with only changed keys", () => {
    fake.respond("relation-ids", { stdout: '["database:7"]' });
    fake.respond("relation-get", { argv: ["--format=json", "-r", "database:7", "-", "webapp/0"], stdout: '{"a":"1","b":"2"}' });
    fake.respond("relation-get", [
      { argv: ["--format=json", "-r", "database:7", "-", "webapp/0"], stdout: '{"a":"1","b":"2"}' },
      { argv: ["--format=json", "-r", "database:7", "--app", "-", "webapp"], stdout: '{"x":"old"}' },
    ]);
    leader(true);
    const model = hookModel("update-status");
    const rel = model.getRelation("database")!;
    rel.localUnit.set("a", "1"); // unchanged value
    rel.localUnit.set("b", "20");
    rel.localUnit.update({ c: "3", d: "4" });
    rel.localUnit.delete("d");
    expect(rel.localUnit.toObject()).toEqual({ a: "1", b: "20", c: "3" });
    rel.localApp.set("x", "new");
    rel.localApp.set("x", "newer");
    expect(rel.localApp.get("x")).toBe("newer");
    expect(tools().filter((t) => t === "relation-set")).toEqual([]);
    fake.clearCalls();
    model.commit();
    const sets = fake.calls();
    expect(sets.map((c) => [c.argv, JSON.parse(c.stdin ?? "")])).toEqual([
      [["-r", "database:7", "--file", "-"], { b: "20", c: "3" }], // d: set then deleted, never in Juju
      [["-r", "database:7", "--app", "--file", "-"], { x: "newer" }],
    ]);
    fake.clearCalls();
    model.commit();
    expect(fake.calls()).toEqual([]);
  });

  test("no relation-set at all when nothing changed", () => {
    fake.respond("relation-ids", { stdout: '["database:7"]' });
    fake.respond("relation-get", { stdout: '{"a":"1"}' });
    const model = hookModel("update-status");
    const bag = model.getRelation("database")!.localUnit;
    bag.get("a");
    bag.set("a", "2");
    bag.set("a", "1");
    bag.delete("missing");
    fake.clearCalls();
    model.commit();
    expect(fake.calls()).toEqual([]);
  });
});

describe("access rules (docs/juju-contract.md#databag-access)", () => {
  test("a non-leader cannot read or write its own app bag on a non-peer relation", () => {
    fake.respond("relation-ids", { stdout: '["database:7"]' });
    leader(false);
    const rel = hookModel("update-status").getRelation("database")!;
    expect(() => rel.localApp.get("x")).toThrow(RelationDataAccessError);
    expect(() => rel.localApp.set("x", "1")).toThrow(/database:7.*only be written by the leader/);
    expect(tools()).not.toContain("relation-get");
  });

  test("peer app bag: readable by every unit, writable only by the leader", () => {
    fake.respond("relation-ids", { stdout: '["cluster:2"]' });
    fake.respond("relation-get", { stdout: '{"k":"v"}' });
    leader(false);
    const rel = hookModel("update-status").getRelation("cluster")!;
    expect(rel.isPeer).toBe(true);
    expect(rel.localApp.get("k")).toBe("v");
    expect(() => rel.localApp.set("k", "w")).toThrow(RelationDataAccessError);
    expect(rel.remoteApp).toBe("webapp");
  });

  test("remote app, remote unit and other peer units are read-only; values must be strings", () => {
    fake.respond("relation-ids", { stdout: '["database:7"]' });
    fake.respond("relation-list", { stdout: '["pg/0"]' });
    leader(true);
    const model = hookModel("update-status");
    const rel = model.getRelation("database")!;
    expect(() => rel.remoteAppData().set("k", "v")).toThrow(/remote app databag of pg is read-only/);
    expect(() => rel.remoteUnitData("pg/0").set("k", "v")).toThrow(RelationDataAccessError);
    expect(() => rel.remoteUnitData("webapp/1").delete("k")).toThrow(/peer unit databag of webapp\/1 is read-only/);
    expect(() => rel.localUnit.set("k", 5 as unknown as string)).toThrow(/value of "k" must be a string/);
  });
});

describe("relations", () => {
  test("getRelation without id refuses when several exist", () => {
    fake.respond("relation-ids", { stdout: '["database:7","database:9"]' });
    const model = hookModel("update-status");
    expect(() => model.getRelation("database")).toThrow(TooManyRelatedAppsError);
    expect(model.getRelation("database", 9)!.toString()).toBe("database:9");
  });

  test("in its own -broken hook the relation is left out of relations() and inactive", () => {
    fake.respond("relation-ids", { stdout: '["database:7"]' });
    fake.respond("relation-list", { stdout: "[]" });
    const model = hookModel("database-relation-broken", { ...relEnv("database-relation-broken"), JUJU_REMOTE_UNIT: "" });
    expect(model.relations("database")).toEqual([]);
    const rel = model.getRelation("database", 7)!;
    expect(rel.active).toBe(false);
    expect(rel.units).toEqual([]);
    expect(rel.remoteApp).toBe("pg");
  });

  test("a relation Juju no longer knows reads as empty and inactive", () => {
    fake.respond("relation-ids", { stdout: "[]" });
    fake.respond("relation-list", { stderr: 'ERROR invalid value "database:4" for flag -r: relation not found', code: 1 });
    fake.respond("relation-get", { stderr: 'ERROR invalid value "database:4" for flag -r: relation not found', code: 1 });
    const rel = hookModel("update-status").getRelation("database", 4)!;
    expect(rel.active).toBe(false);
    expect(rel.remoteUnitData("pg/3").toObject()).toEqual({});
  });
});

describe("relations recorded by the charm (Model.recordedRelation)", () => {
  test("built with no tool call: the record says it is live and names its remote application", () => {
    fake.respond("relation-get", { stdout: '{"endpoints":"db:5432"}' });
    const rel = hookModel("update-status").recordedRelation("database", 7, "pg");
    expect([rel.id, rel.name, rel.remoteApp, rel.active]).toEqual([7, "database", "pg", true]);
    expect(tools()).toEqual([]);
    expect(rel.remoteAppData().toObject()).toEqual({ endpoints: "db:5432" });
    expect(fake.calls().map((c) => [c.tool, ...c.argv])).toEqual([["relation-get", "--format=json", "-r", "database:7", "--app", "-", "pg"]]);
    expect(rel.active).toBe(true);
    expect(tools()).toEqual(["relation-get"]);
  });

  test("one Juju removed since reads empty, and from that read on it is inactive, still with no relation-list", () => {
    fake.respond("relation-get", { stderr: 'ERROR invalid value "database:7" for flag -r: relation not found', code: 1 });
    const rel = hookModel("update-status").recordedRelation("database", 7, "pg");
    expect(rel.remoteAppData().toObject()).toEqual({});
    expect(rel.active).toBe(false);
    expect(tools()).toEqual(["relation-get"]);
  });

  test("a relation this hook already built is returned as it is; ids are checked", () => {
    fake.respond("relation-ids", { stdout: '["database:7"]' });
    const model = hookModel("update-status");
    const listed = model.getRelation("database", 7);
    expect(model.recordedRelation("database", 7, "other")).toBe(listed);
    expect(() => model.recordedRelation("database", -1)).toThrow(/non-negative integer/);
  });

  test("a listed relation whose bag read said 'relation not found' is inactive without relation-list", () => {
    fake.respond("relation-ids", { stdout: '["database:7"]' });
    fake.respond("relation-list", { stdout: '["pg/0"]' });
    fake.respond("relation-get", { stderr: 'ERROR invalid value "database:7" for flag -r: relation not found', code: 1 });
    const rel = hookModel("update-status").getRelation("database", 7)!;
    expect(rel.remoteUnitData("pg/0").toObject()).toEqual({});
    expect(rel.active).toBe(false);
    expect(tools()).toEqual(["relation-ids", "relation-get"]);
  });
});

describe("relations relation-ids listed", () => {
  test("are active for the whole hook with no relation-list (Juju answers both from the hook's context)", () => {
    fake.respond("relation-ids", { stdout: '["database:7","database:9"]' });
    const rels = hookModel("update-status").relations("database");
    expect(rels.map((r) => [r.id, r.active])).toEqual([
      [7, true],
      [9, true],
    ]);
    expect(tools()).toEqual(["relation-ids"]);
  });

  test("a remote application the charm recorded names the relation without relation-list; one it did not is asked", () => {
    fake.respond("relation-ids", { stdout: '["database:7","database:9"]' });
    fake.respond("relation-list", { stdout: '["mysql/0"]' });
    const recorded = new Map([[7, "pg"]]);
    const [seven, nine] = hookModel("update-status").relations("database", (id) => recorded.get(id));
    expect(seven?.remoteApp).toBe("pg");
    expect(tools()).toEqual(["relation-ids"]);
    expect(nine?.remoteApp).toBe("mysql");
    expect(fake.calls().map((c) => [c.tool, ...c.argv])).toEqual([
      ["relation-ids", "database", "--format=json"],
      ["relation-list", "--format=json", "-r", "database:9"],
    ]);
  });

  test("a name Juju gave in this hook is kept over a recorded one", () => {
    fake.respond("relation-ids", { stdout: '["database:7"]' });
    const model = hookModel("database-relation-changed", { JUJU_RELATION: "database", JUJU_RELATION_ID: "database:7", JUJU_REMOTE_APP: "pg", JUJU_REMOTE_UNIT: "pg/0" });
    const [own] = model.relations("database", () => "recorded-name");
    expect(own?.remoteApp).toBe("pg");
    expect(tools()).toEqual(["relation-ids"]);
  });
});

describe("statuses", () => {
  test("applied once at commit, last one wins; setStatusNow applies at once", () => {
    leader(true);
    const model = hookModel("update-status");
    model.unit.setStatus(new MaintenanceStatus("step 1"));
    model.unit.setStatus(new BlockedStatus("need db"));
    model.app.setStatus(new ActiveStatus(""));
    model.unit.setWorkloadVersion("14.2");
    expect(model.unit.getStatus()).toEqual(new BlockedStatus("need db"));
    expect(tools()).toEqual(["is-leader"]);
    fake.clearCalls();
    model.commit();
    expect(fake.calls().map((c) => [c.tool, ...c.argv])).toEqual([
      ["application-version-set", "--", "14.2"],
      ["status-set", "--application=True", "active", "--", ""],
      ["status-set", "--application=False", "blocked", "--", "need db"],
    ]);
    fake.clearCalls();
    model.unit.setStatusNow(new MaintenanceStatus("migrating"));
    expect(fake.calls().map((c) => c.argv)).toEqual([["--application=False", "maintenance", "--", "migrating"]]);
    expect(() => model.unit.setStatus(new ErrorStatus("x"))).toThrow(/cannot be set/);
  });

  test("setStatusNow waits for its tool, which a tool server would answer early, so its failure is thrown there", () => {
    const log: string[] = [];
    const waiting = new HookToolBackend(
      {
        run: (cmd, argv, stdin) => (log.push(cmd), backend.runner.run(cmd, argv, stdin)),
        finishWrites: () => void log.push("finishWrites"),
      },
      { jujuVersion: "3.6.14" },
    );
    const ctx = parseHookContext({ ...baseEnv, JUJU_DISPATCH_PATH: "hooks/update-status", JUJU_HOOK_NAME: "update-status" });
    const model = new Model(waiting, ctx, { metadata: meta });
    model.unit.setStatusNow(new MaintenanceStatus("migrating"));
    expect(log).toEqual(["status-set", "finishWrites"]);
    model.unit.setStatus(new ActiveStatus("done"));
    expect(log).toHaveLength(2);
  });

  test("a charm may set the four statuses Juju takes from it, never error, unknown or a name Juju does not know", () => {
    for (const name of ["active", "blocked", "maintenance", "waiting"] as const) expect(StatusBase.fromName(name).settable).toBe(true);
    for (const name of ["error", "unknown"] as const) expect(StatusBase.fromName(name).settable).toBe(false);
    // A caller without the types (plain JavaScript) gets the same refusal, not Juju's.
    const made = new StatusBase("Active" as "active", "x");
    expect(made.settable).toBe(false);
    expect(() => hookModel("update-status").unit.setStatus(made)).toThrow(/cannot be set/);
  });

  test("application status needs leadership", () => {
    leader(false);
    const model = hookModel("update-status");
    expect(() => model.app.setStatus(new ActiveStatus())).toThrow(NotLeaderError);
    expect(() => model.app.addSecret({ password: "x" })).toThrow(NotLeaderError);
  });

  test("getStatus reads Juju when nothing was set", () => {
    fake.respond("status-get", { stdout: '{"status":"waiting","message":"db","status-data":{}}' });
    const status = hookModel("update-status").unit.getStatus();
    expect(status).toBeInstanceOf(WaitingStatus);
    expect(status.message).toBe("db");
  });
});

describe("secrets", () => {
  test("tracked content is cached; refresh moves on; peek does not touch the cache", () => {
    fake.respond("secret-get", [
      { argv: ["--format=json", "secret:s1", "--label", "db"], stdout: '{"password":"rev1"}' },
      { argv: ["--format=json", "secret:s1", "--label", "db", "--refresh"], stdout: '{"password":"rev2"}' },
      { argv: ["--format=json", "secret:s1", "--peek"], stdout: '{"password":"rev3"}' },
    ]);
    const secret = hookModel("update-status").getSecret({ id: "secret:s1", label: "db" });
    expect(secret.getContent()).toEqual({ password: "rev1" });
    expect(secret.getContent()).toEqual({ password: "rev1" });
    expect(fake.calls()).toHaveLength(1);
    expect(secret.peekContent()).toEqual({ password: "rev3" });
    expect(secret.getContent()).toEqual({ password: "rev1" });
    expect(secret.getContent({ refresh: true })).toEqual({ password: "rev2" });
    expect(secret.getContent()).toEqual({ password: "rev2" });
    expect(fake.calls()).toHaveLength(3);
  });

  test("managing a secret known by label resolves its URI once via secret-info-get", () => {
    fake.respond("secret-info-get", { stdout: '{"cj4v":{"revision":2,"label":"tls","owner":"unit"}}' });
    fake.respond("relation-ids", { stdout: '["database:7"]' });
    const model = hookModel("update-status");
    const secret = model.getSecret({ label: "tls" });
    secret.setContent({ "tls-key": "k" });
    secret.grant(model.getRelation("database")!, "pg/0");
    secret.remove({ revision: 1 });
    expect(fake.calls().map((c) => [c.tool, ...c.argv.filter((a) => !a.includes("#file="))])).toEqual([
      ["secret-info-get", "--format=json", "--label", "tls"],
      ["secret-set", "--owner", "application", "secret:cj4v"],
      ["relation-ids", "database", "--format=json"],
      ["secret-grant", "--relation", "7", "--unit", "pg/0", "secret:cj4v"],
      ["secret-remove", "secret:cj4v", "--revision", "1"],
    ]);
    expect(secret.id).toBe("secret:cj4v");
  });

  test("unit.addSecret creates a unit-owned secret and returns its handle", () => {
    fake.respond("secret-add", { stdout: "secret:new1\n" });
    const secret = hookModel("update-status").unit.addSecret({ password: "p" }, { label: "mine" });
    expect(secret.id).toBe("secret:new1");
    expect(secret.label).toBe("mine");
    expect(secret.getContent()).toEqual({ password: "p" });
    expect(fake.calls().map((c) => c.argv.slice(0, 4))).toEqual([["--label", "mine", "--owner", "unit"]]);
  });
});

describe("Juju < 3.6 secret updates re-send content and metadata (LP#2081034)", () => {
  test("setInfo on 3.5 peeks the content and merges metadata; on 3.6 sends metadata only", () => {
    fake.respond("secret-info-get", { stdout: '{"cj4v":{"revision":2,"label":"tls","owner":"unit","description":"certs","rotation":"daily"}}' });
    fake.respond("secret-get", { stdout: '{"tls-key":"k2"}' });
    const old = hookModel("update-status", { JUJU_VERSION: "3.5.4" }).getSecret({ id: "secret:cj4v" });
    old.setInfo({ description: "new" });
    const set = fake.calls().find((c) => c.tool === "secret-set")!;
    expect(set.argv.filter((a) => !a.includes("#file="))).toEqual([
      "--label", "tls", "--description", "new", "--rotate", "daily", "--owner", "application", "secret:cj4v",
    ]);
    expect(set.files).toEqual({ "tls-key": "k2" });
    fake.clearCalls();
    hookModel("update-status").getSecret({ id: "secret:cj4v" }).setInfo({ description: "new" });
    expect(fake.calls().map((c) => [c.tool, ...c.argv])).toEqual([["secret-set", "--description", "new", "--owner", "application", "secret:cj4v"]]);
  });
});

describe("remote model", () => {
  test("relation-model-get on >= 3.6.2 (cached); undefined, meaning unknown, before", () => {
    fake.respond("relation-model-get", { stdout: '{"uuid":"remote-uuid"}' });
    const rel = hookModel("database-relation-changed", relEnv("database-relation-changed")).getRelation("database", 7)!;
    expect(rel.remoteModelUuid()).toBe("remote-uuid");
    expect(rel.remoteModelUuid()).toBe("remote-uuid");
    expect(rel.isCrossModel()).toBe(true);
    expect(tools()).toEqual(["relation-model-get"]);
    for (const version of ["2.9.52", "3.1.8", "3.4.6", "3.6.0", "3.6.1"]) {
      fake.clearCalls();
      const old = hookModel("database-relation-changed", { ...relEnv("database-relation-changed"), JUJU_VERSION: version }).getRelation("database", 7)!;
      expect(old.remoteModelUuid()).toBeUndefined();
      expect(old.isCrossModel()).toBeUndefined();
      expect(tools()).toEqual([]);
    }
  });

  test("isCrossModel is false when the remote model is this model (3.6.2 and 4.0)", () => {
    fake.respond("relation-model-get", { stdout: '{"uuid":"uuid-1"}' });
    for (const version of ["3.6.2", "4.0.0"]) {
      const rel = hookModel("database-relation-changed", { ...relEnv("database-relation-changed"), JUJU_VERSION: version }).getRelation("database", 7)!;
      expect(rel.isCrossModel()).toBe(false);
    }
    expect(tools()).toEqual(["relation-model-get", "relation-model-get"]);
  });
});
