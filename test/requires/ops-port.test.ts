import { RequirerEngine } from "../../lib/requires/engine.js";
import { validateRequestOptions } from "../../lib/requires/options.js";
import { providerSecret, requirerStand, rotateSecret, runHook, type Stand } from "./juju-stand.js";

const spec = validateRequestOptions({ relationName: "database", database: "myappdb", extraUserRoles: "CREATEDB" });
const USER = { username: "relation_id_0", password: "Xy7pQ2mN9vLk3RtA", uris: "postgresql://relation_id_0:Xy7pQ2mN9vLk3RtA@pg:5432/myappdb" };

function created(stand: Stand, unit: string) {
  return runHook(stand, unit, { kind: "relation", event: "created", relationId: 0 }, (port, model) => {
    const rel = model.getRelation("database", 0);
    if (rel === undefined) throw new Error("no relation");
    return new RequirerEngine(spec, port).relationCreated(port.handleOf(rel));
  });
}
function changed(stand: Stand, unit: string) {
  return runHook(stand, unit, { kind: "relation", event: "changed", relationId: 0 }, (port, model) => {
    const rel = model.getRelation("database", 0);
    if (rel === undefined) throw new Error("no relation");
    return new RequirerEngine(spec, port).relationChanged(port.handleOf(rel));
  });
}
function provide(stand: Stand): { user: string; tls: string } {
  const user = providerSecret(stand, { ...USER });
  const tls = providerSecret(stand, { tls: "False" });
  Object.assign(stand.rel.appData["postgresql-k8s"] ?? {}, {
    "secret-user": user,
    "secret-tls": tls,
    endpoints: "postgresql-k8s-primary.dev.svc.cluster.local:5432",
    version: "14.15",
    database: "myappdb",
  });
  return { user, tls };
}

describe("engine over lib/ops on the fake Juju", () => {
  test("P-01/P-07 leader writes the request, a non-leader writes nothing to the app bag", () => {
    const stand = requirerStand();
    created(stand, "myapp/0");
    created(stand, "myapp/1");
    expect(stand.rel.appData["myapp"]).toMatchObject({ database: "myappdb", "extra-user-roles": "CREATEDB" });
    expect(stand.rel.appData["myapp"]?.["requested-secrets"]).toBeDefined();
    // G-17: the lists are in the application bag only, on the leader's unit as on the others.
    expect(stand.rel.unitData["myapp/0"]?.["requested-secrets"]).toBeUndefined();
    expect(stand.rel.unitData["myapp/1"]?.["requested-secrets"]).toBeUndefined();
  });

  test("E-05/E-01 every unit gets databaseCreated once, within the hook-tool budget, labels attached", () => {
    const stand = requirerStand();
    created(stand, "myapp/0");
    provide(stand);
    for (const unit of ["myapp/0", "myapp/1"]) {
      const { result, calls } = changed(stand, unit);
      expect(result.map((e) => e.name)).toEqual(["databaseCreated"]);
      const ev = result[0];
      if (ev?.name !== "databaseCreated") throw new Error("unexpected");
      expect(ev.payload.response.password).toBe(USER.password);
      expect(ev.payload.response.tls).toBe(false);
      // relation-ids comes from this test looking the relation up; the framework hands it over.
      const engineCalls = calls.filter((c) => c.cmd !== "relation-ids").map((c) => c.cmd);
      // No relation-list: the remote app's name comes from JUJU_REMOTE_APP. myapp/1 ran no
      // relation-created here, so it reads its own bag once (an old snapshot?). No relation-set:
      // what the engine learns goes to local state (was: a relation-set of data/data-digests).
      expect(engineCalls).toEqual(unit === "myapp/0" ? ["relation-get", "secret-get", "secret-get"] : ["relation-get", "relation-get", "secret-get", "secret-get"]);
      expect(changed(stand, unit).result).toEqual([]);
    }
    const user = stand.model.secrets.find((s) => s.id === stand.rel.appData["postgresql-k8s"]?.["secret-user"]);
    expect(user?.consumers["myapp/0"]?.label).toBe("database.0.user.secret");
    expect(JSON.stringify(stand.rel.unitData)).not.toContain(USER.password);
  });

  test("S-05 secret-changed after rotation → credentialsRotated with the new password, once", () => {
    const stand = requirerStand();
    created(stand, "myapp/0");
    const { user } = provide(stand);
    changed(stand, "myapp/0");
    rotateSecret(stand, user, { ...USER, password: "n3wPassw0rd" });
    const run = () =>
      runHook(stand, "myapp/0", { kind: "secret", event: "changed", id: user }, (port, model) =>
        new RequirerEngine(spec, port).secretChanged({ id: model.hook.secret?.id, label: model.hook.secret?.label }),
      );
    const first = run();
    expect(first.result.map((e) => e.name)).toEqual(["credentialsRotated"]);
    const ev = first.result[0];
    if (ev?.name !== "credentialsRotated") throw new Error("unexpected");
    expect(ev.payload.response.password).toBe("n3wPassw0rd");
    expect(run().result).toEqual([]);
  });

  test("P-06 Juju 2.9: no secret tool is called and plaintext fields are read from the databag", () => {
    const stand = requirerStand({ jujuVersion: "2.9.44" });
    created(stand, "myapp/0");
    expect(stand.rel.appData["myapp"]?.["requested-secrets"]).toBeUndefined();
    Object.assign(stand.rel.appData["postgresql-k8s"] ?? {}, { ...USER, endpoints: "pg:5432", database: "myappdb" });
    const { result, calls } = changed(stand, "myapp/1");
    expect(result.map((e) => e.name)).toEqual(["databaseCreated"]);
    expect(calls.some((c) => c.cmd.startsWith("secret-"))).toBe(false);
    expect(JSON.stringify(stand.rel.unitData["myapp/1"])).not.toContain(USER.password);
  });
});
