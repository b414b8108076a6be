import { buildV0Request, buildV1Request, requestedSecretFields } from "../../lib/requires/request.js";
import { validateAliasCount, validateRequestOptions, type RequestOptions } from "../../lib/requires/options.js";
import { deriveSalt, requestId } from "../../lib/requires/request.js";
import { reconcileV0, reconcileV1 } from "../../lib/requires/request-reconcile.js";
import { buildV1RequestObject } from "../../lib/requires/request.js";
import { RequestConfigError } from "../../lib/requires/errors.js";

const DEFAULT_SECRETS = '["username", "password", "tls", "tls-ca", "uris", "read-only-uris", "entity-name", "entity-password"]';
const ctx = { secretsAvailable: true, appName: "myapp", relationId: 0 };
const spec = (o: Partial<RequestOptions>) => validateRequestOptions({ relationName: "database", ...o });

describe("v0 request (P-*)", () => {
  test("P-01/P-03/P-04/P-05 leader app databag equals the reference example", () => {
    const bag = buildV0Request(
      spec({ database: "myappdb", extraUserRoles: ["CREATEDB"], externalNodeConnectivity: true }),
      { ...ctx, alias: "main" },
    );
    expect(bag).toEqual({
      "requested-secrets": DEFAULT_SECRETS,
      "provided-secrets": '["mtls-cert"]',
      alias: "main",
      database: "myappdb",
      "extra-user-roles": "CREATEDB",
      "external-node-connectivity": "true",
    });
  });

  test("P-02 unset options leave their keys absent, never empty strings", () => {
    const bag = buildV0Request(spec({ database: "db", extraUserRoles: "" }), ctx);
    expect(Object.keys(bag).sort()).toEqual(["database", "provided-secrets", "requested-secrets"]);
    expect(Object.values(bag)).not.toContain("");
  });

  test("P-04 additional secret fields are appended after the 8 defaults", () => {
    const s = spec({ database: "db", additionalSecretFields: ["topic-secret"] });
    expect(requestedSecretFields(s).slice(8)).toEqual(["topic-secret"]);
    expect(JSON.parse(buildV0Request(s, ctx)["requested-secrets"] ?? "[]")).toHaveLength(9);
  });

  test("P-05 provided-secrets is not written on a cross-model relation", () => {
    expect(buildV0Request(spec({ database: "db" }), { ...ctx, crossModel: true })["provided-secrets"]).toBeUndefined();
  });

  test("P-06 without secrets neither list is written (Juju 2.9)", () => {
    const bag = buildV0Request(spec({ database: "myappdb", extraUserRoles: "CREATEDB", externalNodeConnectivity: true }), {
      ...ctx,
      secretsAvailable: false,
      alias: "main",
    });
    expect(bag).toEqual({ alias: "main", database: "myappdb", "extra-user-roles": "CREATEDB", "external-node-connectivity": "true" });
  });

  test("N-01 entity request is written with the permissions in Python JSON spelling", () => {
    const bag = buildV0Request(
      spec({
        database: "myappdb",
        extraUserRoles: "charmed_read",
        entityType: "USER",
        entityPermissions: [{ resource_name: "cars", resource_type: "TABLE", privileges: ["SELECT"] }],
      }),
      { ...ctx, requestedEntitySecretUri: "secret:abc" },
    );
    expect(bag["entity-permissions"]).toBe('[{"resource_name": "cars", "resource_type": "TABLE", "privileges": ["SELECT"]}]');
    expect(bag["entity-type"]).toBe("USER");
    expect(bag["requested-entity-secret"]).toBe("secret:abc");
  });

  test("X-01 prefix request writes database with * and prefix-matching", () => {
    const bag = buildV0Request(spec({ prefix: "testdb" }), ctx);
    expect(bag["database"]).toBe("testdb*");
    expect(bag["prefix-matching"]).toBe("all");
  });
});

describe("request validation (N-01, S-09, X-02, A-01)", () => {
  const bad: Array<[string, Partial<RequestOptions>, string]> = [
    ["N-01 invalid entity type", { entityType: "ROLE" as "USER" }, "entityType"],
    ["N-01 USER with extra group roles", { entityType: "USER", extraGroupRoles: "r" }, "extraGroupRoles"],
    ["N-01 GROUP with extra user roles", { entityType: "GROUP", extraUserRoles: "r" }, "extraUserRoles"],
    ["N-01 permissions not JSON", { entityType: "USER", entityPermissions: "{nope" }, "entityPermissions"],
    ["N-01 permissions with extra key", { entityType: "USER", entityPermissions: '[{"resource_name":"a","resource_type":"T","privileges":[],"x":1}]' }, "entityPermissions"],
    ["G-11 permissions not an array", { entityType: "USER", entityPermissions: '{"resource_name":"a"}' }, "entityPermissions"],
    ["G-11 privileges not a list", { entityType: "USER", entityPermissions: '[{"resource_name":"a","resource_type":"T","privileges":"ALL"}]' }, "entityPermissions"],
    ["S-09 URI and name together", { requestedEntity: { secretUri: "secret:x", name: "n" } as never }, "requestedEntity"],
    ["S-09 password without name", { requestedEntity: { password: "p" } as never }, "requestedEntity"],
    ["X-02 prefix shorter than 3", { prefix: "ab" }, "prefix"],
    ["X-02 star in the middle", { database: "a*b" }, "database"],
    ["role with a comma", { extraUserRoles: ["a,b"] }, "extraUserRoles"],
    ["V-01 v1 has no requested entity", { protocol: "v1", requestedEntity: { name: "n" } }, "requestedEntity"],
    ["invalid additional secret field", { additionalSecretFields: ["Bad_Key"] }, "additionalSecretFields"],
  ];
  test.each(bad)("%s → RequestConfigError naming the option", (_name, options, option) => {
    let caught: unknown;
    try {
      spec({ database: "db", ...options, ...(options.prefix !== undefined ? { database: undefined } : {}) });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RequestConfigError);
    expect((caught as RequestConfigError).option).toBe(option);
    expect((caught as Error).message).toContain(option);
  });

  test("S-09 requested entity without secrets support is rejected; its password never appears in the message", () => {
    expect(() => validateRequestOptions({ relationName: "database", database: "d", requestedEntity: { name: "n", password: "hunter2" } }, false)).toThrow(
      /Juju 3.0.3/,
    );
    try {
      validateRequestOptions({ relationName: "database", database: "d", requestedEntity: { name: "n", password: "hunter2" } }, false);
    } catch (e) {
      expect((e as Error).message).not.toContain("hunter2");
    }
  });

  test("A-01 alias count must equal the endpoint limit", () => {
    expect(() => validateAliasCount("database", ["a", "b"], 1)).toThrow(RequestConfigError);
    expect(() => validateAliasCount("database", ["a"], undefined)).toThrow(/limit/);
    expect(() => validateAliasCount("database", ["a", "b"], 2)).not.toThrow();
  });
});

describe("v1 request (V-01..V-03)", () => {
  test.each([
    ["data_platform", "kkkkkkkk", "c759221a6c14c72a"],
    ["", "xxxxxxxx", "9ecfabfbb5258f88"],
    ["myappdb", "kkkkkkkk", "fdfba30a8ab86fb9"],
  ])("V-02 request-id(%j, %j) = %s", (resource, salt, id) => {
    expect(requestId(resource, salt)).toBe(id);
  });

  test("V-01 request matches the verified example", () => {
    const bag = buildV1Request(spec({ database: "myappdb", extraUserRoles: "CREATEDB", externalNodeConnectivity: true, salt: "kkkkkkkk" }), ctx);
    expect(bag).toEqual({
      version: "v1",
      requests:
        '[{"resource": "myappdb", "request-id": "fdfba30a8ab86fb9", "salt": "kkkkkkkk", "extra-user-roles": "CREATEDB", "extra-group-roles": null, "external-node-connectivity": true, "entity-type": null, "entity-permissions": null, "secret-mtls": null}]',
    });
  });

  test("V-03 the derived salt is reproducible and per relation", () => {
    expect(deriveSalt("myapp", "database", 3)).toBe(deriveSalt("myapp", "database", 3));
    expect(deriveSalt("myapp", "database", 3)).not.toBe(deriveSalt("myapp", "database", 4));
    expect(deriveSalt("myapp", "database", 3)).toMatch(/^[A-Za-z0-9]{16}$/);
  });
});

describe("reconciliation (G-10, P-13)", () => {
  const desired = buildV0Request(spec({ database: "db", extraUserRoles: "CREATEDB" }), ctx);

  test("G-10 a bag without database gets the whole request in one go", () => {
    const plan = reconcileV0(desired, { "requested-secrets": DEFAULT_SECRETS });
    expect(plan.conflicts).toEqual([]);
    expect(plan.writes).toEqual({ "provided-secrets": '["mtls-cert"]', database: "db", "extra-user-roles": "CREATEDB" });
  });

  test("G-10 re-asserting an identical request writes nothing (idempotent, JSON compared by value)", () => {
    const current = { ...desired, "requested-secrets": JSON.stringify(JSON.parse(desired["requested-secrets"] ?? "[]")) };
    expect(reconcileV0(desired, current)).toEqual({ writes: {}, conflicts: [] });
  });

  test("G-10 a missing mutable key is re-asserted", () => {
    const { "requested-secrets": _omit, ...current } = desired;
    expect(reconcileV0(desired, current).writes).toEqual({ "requested-secrets": DEFAULT_SECRETS });
  });

  test("P-13 changed roles and entity type are reported, not written", () => {
    const current = { ...desired, "extra-user-roles": "SUPERUSER" };
    const changed = buildV0Request(spec({ database: "db", extraUserRoles: "CREATEDB", entityType: "USER" }), ctx);
    const plan = reconcileV0(changed, current);
    expect(plan.writes).toEqual({});
    expect(plan.conflicts).toEqual([
      { key: "entity-type", current: undefined, requested: "USER" },
      { key: "extra-user-roles", current: "SUPERUSER", requested: "CREATEDB" },
    ]);
  });

  test("P-13 a changed database name is a conflict", () => {
    const plan = reconcileV0(desired, { ...desired, database: "other" });
    expect(plan.conflicts.map((c) => c.key)).toEqual(["database"]);
    expect(plan.writes).toEqual({});
  });

  test("G-V7 v1: stored id and salt are kept; permissions follow the options; roles conflict", () => {
    const first = buildV1RequestObject(spec({ database: "db", entityType: "USER", salt: "aaaaaaaa" }), ctx);
    const current = { version: "v1", requests: JSON.stringify([first]) };
    const next = buildV1RequestObject(
      spec({ database: "db", entityType: "USER", extraUserRoles: "x", entityPermissions: [{ resource_name: "t", resource_type: "TABLE", privileges: ["SELECT"] }] }),
      ctx,
    );
    const plan = reconcileV1(next, undefined, current);
    expect(plan.conflicts.map((c) => c.key)).toEqual(["extra-user-roles"]);
    const written = JSON.parse(plan.writes["requests"] ?? "[]") as Array<Record<string, unknown>>;
    expect(written[0]?.["request-id"]).toBe(first["request-id"]);
    expect(written[0]?.["extra-user-roles"]).toBeNull();
    expect(written[0]?.["entity-permissions"]).toEqual([{ resource_name: "t", resource_type: "TABLE", privileges: ["SELECT"] }]);
    expect(reconcileV1(first, undefined, current)).toEqual({ writes: {}, conflicts: [] });
  });
});

import { findEndpoint } from "../../lib/requires/options.js";
describe("endpoint metadata (A-01, A-04)", () => {
  const yaml = "name: di\nrequires:\n  postgresql:\n    interface: postgresql_client\n    limit: 1\nprovides:\n  mongos:\n    interface: mongos_client\n    limit: 1\n";
  test("A-04 endpoints declared under provides are found with their limit", () => {
    expect(findEndpoint(yaml, "mongos")).toEqual({ role: "provides", interface: "mongos_client", limit: 1 });
    expect(findEndpoint(yaml, "postgresql")).toEqual({ role: "requires", interface: "postgresql_client", limit: 1 });
    expect(findEndpoint(yaml, "nope")).toBeUndefined();
  });
});
