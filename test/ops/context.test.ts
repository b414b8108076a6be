import { ContextError, JujuVersion, parseHookContext } from "../../lib/ops/index.js";

const common = {
  JUJU_DISPATCH_PATH: "hooks/install",
  JUJU_HOOK_NAME: "install",
  JUJU_UNIT_NAME: "webapp/3",
  JUJU_MODEL_NAME: "prod",
  JUJU_MODEL_UUID: "2f1c1d8e-0000-4000-8000-000000000001",
  JUJU_VERSION: "3.6.14",
  JUJU_CHARM_DIR: "/var/lib/juju/agents/unit-webapp-3/charm",
  JUJU_CONTEXT_ID: "webapp/3-install-1",
  JUJU_MACHINE_ID: "",
  PATH: "/usr/bin",
};

function contextError(env: Record<string, string | undefined>): ContextError {
  try {
    parseHookContext(env);
  } catch (e) {
    if (e instanceof ContextError) return e;
    throw e;
  }
  throw new Error("expected a ContextError");
}

describe("parseHookContext", () => {
  test("parses the common variables and keeps only non-empty JUJU_* ones in env", () => {
    const ctx = parseHookContext(common);
    expect(ctx).toMatchObject({
      dispatchPath: "hooks/install",
      kind: "hook",
      hookName: "install",
      unitName: "webapp/3",
      appName: "webapp",
      unitId: 3,
      modelName: "prod",
      modelUuid: "2f1c1d8e-0000-4000-8000-000000000001",
      charmDir: "/var/lib/juju/agents/unit-webapp-3/charm",
    });
    expect(ctx.jujuVersion.toString()).toBe("3.6.14");
    expect(ctx.env["JUJU_CONTEXT_ID"]).toBe("webapp/3-install-1");
    expect("JUJU_MACHINE_ID" in ctx.env).toBe(false);
    expect("PATH" in ctx.env).toBe(false);
    expect(ctx.relation).toBeUndefined();
  });

  test("relation hooks: id is the integer after the last colon; empty remote unit is absent", () => {
    const ctx = parseHookContext({
      ...common,
      JUJU_DISPATCH_PATH: "hooks/database-relation-changed",
      JUJU_HOOK_NAME: "database-relation-changed",
      JUJU_RELATION: "database",
      JUJU_RELATION_ID: "database:17",
      JUJU_REMOTE_APP: "postgresql",
      JUJU_REMOTE_UNIT: "",
    });
    expect(ctx.relation).toEqual({ endpoint: "database", id: 17, remoteApp: "postgresql" });
  });

  test("relation-broken tolerates an empty JUJU_REMOTE_APP (old agents)", () => {
    const ctx = parseHookContext({
      ...common,
      JUJU_DISPATCH_PATH: "hooks/database-relation-broken",
      JUJU_HOOK_NAME: "database-relation-broken",
      JUJU_RELATION: "database",
      JUJU_RELATION_ID: "database:3",
      JUJU_REMOTE_APP: "",
    });
    expect(ctx.relation).toEqual({ endpoint: "database", id: 3 });
  });

  test("relation-departed needs the departing unit and keeps it", () => {
    const env = {
      ...common,
      JUJU_DISPATCH_PATH: "hooks/db-relation-departed",
      JUJU_HOOK_NAME: "db-relation-departed",
      JUJU_RELATION: "db",
      JUJU_RELATION_ID: "db:2",
      JUJU_REMOTE_APP: "mysql",
      JUJU_REMOTE_UNIT: "mysql/1",
    };
    expect(contextError(env).variable).toBe("JUJU_DEPARTING_UNIT");
    expect(parseHookContext({ ...env, JUJU_DEPARTING_UNIT: "webapp/3" }).relation).toEqual({
      endpoint: "db", id: 2, remoteApp: "mysql", remoteUnit: "mysql/1", departingUnit: "webapp/3",
    });
  });

  test.each([
    ["JUJU_RELATION_ID", { JUJU_RELATION_ID: "database:x" }, "<endpoint>:<number>"],
    ["JUJU_RELATION_ID", { JUJU_RELATION_ID: "other:3" }, "belongs to endpoint"],
    ["JUJU_RELATION_ID", { JUJU_RELATION_ID: "" }, "missing or empty"],
    ["JUJU_REMOTE_APP", { JUJU_REMOTE_APP: undefined }, "missing or empty"],
    ["JUJU_RELATION", { JUJU_RELATION: "db" }, "names endpoint"],
    ["JUJU_UNIT_NAME", { JUJU_UNIT_NAME: "webapp" }, "<application>/<number>"],
    ["JUJU_MODEL_UUID", { JUJU_MODEL_UUID: "" }, "missing or empty"],
    ["JUJU_VERSION", { JUJU_VERSION: "three" }, "Juju version"],
    ["JUJU_DISPATCH_PATH", { JUJU_DISPATCH_PATH: "install" }, "hooks/<hook-name>"],
    ["JUJU_HOOK_NAME", { JUJU_HOOK_NAME: "start" }, "JUJU_DISPATCH_PATH"],
  ])("ContextError names %s", (variable, override, problem) => {
    const env: Record<string, string | undefined> = {
      ...common,
      JUJU_DISPATCH_PATH: "hooks/database-relation-joined",
      JUJU_HOOK_NAME: "database-relation-joined",
      JUJU_RELATION: "database",
      JUJU_RELATION_ID: "database:7",
      JUJU_REMOTE_APP: "postgresql",
      JUJU_REMOTE_UNIT: "postgresql/0",
      ...override,
    };
    const error = contextError(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
    expect(error.message).toContain(problem);
  });

  test("actions: kind, name and id; JUJU_HOOK_NAME empty", () => {
    const ctx = parseHookContext({
      ...common,
      JUJU_DISPATCH_PATH: "actions/do-backup",
      JUJU_HOOK_NAME: "",
      JUJU_ACTION_NAME: "do-backup",
      JUJU_ACTION_UUID: "12",
      JUJU_ACTION_TAG: "action-12",
    });
    expect(ctx.kind).toBe("action");
    expect(ctx.hookName).toBeUndefined();
    expect(ctx.action).toEqual({ name: "do-backup", id: "12", tag: "action-12" });
    expect(contextError({ ...common, JUJU_DISPATCH_PATH: "actions/do-backup", JUJU_HOOK_NAME: "" }).variable).toBe("JUJU_ACTION_UUID");
  });

  test("secret hooks: revision is required for secret-remove and parsed as int", () => {
    const env = { ...common, JUJU_DISPATCH_PATH: "hooks/secret-remove", JUJU_HOOK_NAME: "secret-remove", JUJU_SECRET_ID: "secret:abc", JUJU_SECRET_LABEL: "" };
    expect(contextError(env).variable).toBe("JUJU_SECRET_REVISION");
    expect(parseHookContext({ ...env, JUJU_SECRET_REVISION: "4" }).secret).toEqual({ id: "secret:abc", revision: 4 });
    expect(contextError({ ...env, JUJU_SECRET_REVISION: "four" }).variable).toBe("JUJU_SECRET_REVISION");
    expect(
      parseHookContext({ ...env, JUJU_DISPATCH_PATH: "hooks/secret-changed", JUJU_HOOK_NAME: "secret-changed", JUJU_SECRET_LABEL: "db" }).secret,
    ).toEqual({ id: "secret:abc", label: "db" });
  });

  test("workload and storage hooks", () => {
    const notice = parseHookContext({
      ...common,
      JUJU_DISPATCH_PATH: "hooks/web-pebble-custom-notice",
      JUJU_HOOK_NAME: "web-pebble-custom-notice",
      JUJU_WORKLOAD_NAME: "web",
      JUJU_NOTICE_ID: "1",
      JUJU_NOTICE_TYPE: "custom",
      JUJU_NOTICE_KEY: "example.com/a",
    });
    expect(notice.workload).toEqual({ name: "web", notice: { id: "1", type: "custom", key: "example.com/a" } });
    const check = { ...common, JUJU_DISPATCH_PATH: "hooks/web-pebble-check-failed", JUJU_HOOK_NAME: "web-pebble-check-failed", JUJU_WORKLOAD_NAME: "web" };
    expect(contextError(check).variable).toBe("JUJU_PEBBLE_CHECK_NAME");
    const storage = parseHookContext({
      ...common,
      JUJU_DISPATCH_PATH: "hooks/my-store-storage-attached",
      JUJU_HOOK_NAME: "my-store-storage-attached",
      JUJU_STORAGE_ID: "my-store/2",
      JUJU_STORAGE_LOCATION: "/srv/data",
    });
    expect(storage.storage).toEqual({ name: "my-store", index: 2, location: "/srv/data" });
    expect(contextError({ ...common, JUJU_DISPATCH_PATH: "hooks/data-storage-detaching", JUJU_HOOK_NAME: "data-storage-detaching", JUJU_STORAGE_ID: "data" }).variable).toBe("JUJU_STORAGE_ID");
  });

  test("missing JUJU_VERSION (meter-status-changed) means 0.0.0", () => {
    const ctx = parseHookContext({ ...common, JUJU_VERSION: "", JUJU_DISPATCH_PATH: "hooks/meter-status-changed", JUJU_HOOK_NAME: "meter-status-changed" });
    expect(ctx.jujuVersion.toString()).toBe("0.0.0");
  });
});

describe("JujuVersion", () => {
  test("parses releases, tags and builds", () => {
    const v = new JujuVersion("3.6.14");
    expect([v.major, v.minor, v.patch, v.tag, v.build]).toEqual([3, 6, 14, "", 0]);
    expect(new JujuVersion("2.9.44").toString()).toBe("2.9.44");
    const beta = new JujuVersion("2.9-beta1");
    expect([beta.tag, beta.patch]).toEqual(["beta", 1]);
    expect(new JujuVersion("3.6.14.2").build).toBe(2);
    expect(() => new JujuVersion("3")).toThrow(/not a Juju version/);
  });

  test("compares and gates secrets at 3.0.3", () => {
    expect(new JujuVersion("2.9.44").compare("3.0.0")).toBeLessThan(0);
    expect(new JujuVersion("2.9-beta1").compare("2.9.0")).toBeLessThan(0);
    expect(new JujuVersion("3.6.14").compare("3.6.14")).toBe(0);
    expect(new JujuVersion("3.0.2").hasSecrets).toBe(false);
    expect(new JujuVersion("3.0.3").hasSecrets).toBe(true);
    expect(new JujuVersion("3.6.14").hasSecrets).toBe(true);
  });
});
