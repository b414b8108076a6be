import { ModelError, PermissionDeniedError } from "../../../lib/ops/index.js";
import { peerRelation, relation, secret, state, UncaughtCharmError } from "../../../lib/testing/index.js";
import { fnContext } from "./harness-fixture.js";

const DB = { endpoint: "database" };

describe("Context.run with a charm driving the real HookToolBackend", () => {
  test("relation data written by the charm lands in the output state; the input stays frozen", async () => {
    const db = relation({ endpoint: "database", remoteApp: "postgresql", remoteAppData: { endpoints: "10.0.0.5:5432" } });
    const ctx = fnContext((context, backend) => {
      expect(context.relation).toMatchObject({ endpoint: "database", id: db.id, remoteApp: "postgresql", remoteUnit: "postgresql/0" });
      const rel = { ...DB, id: db.id };
      expect(backend.relationGet(rel, "postgresql", true)).toEqual({ endpoints: "10.0.0.5:5432" });
      backend.relationSet(rel, { database: "webapp" }, true);
      backend.relationSet(rel, { "private-address": "" }, false);
    });
    const input = state({ leader: true, relations: [db] });
    const out = await ctx.run(ctx.on.relationChanged(db), input);
    expect(ctx.error).toBeUndefined();
    expect(out.relations[0]?.localAppData).toEqual({ database: "webapp" });
    expect(out.relations[0]?.localUnitData["private-address"]).toBeUndefined();
    expect(input.relations[0]?.localAppData).toEqual({});
    expect(Object.isFrozen(out.relations[0]?.localAppData)).toBe(true);
    expect(() => {
      (input as { leader: boolean }).leader = false;
    }).toThrow(TypeError);
  });

  test("with catchCharmErrors a failing charm leaves the state unchanged and records the error; immediate status still shows in the history", async () => {
    const ctx = fnContext(
      (_c, backend) => {
        backend.statusSet("maintenance", "working", false);
        backend.stateSet({ k: "v" });
        throw new Error("boom");
      },
      { catchCharmErrors: true },
    );
    const input = state();
    const out = await ctx.run(ctx.on.start(), input);
    expect(out).toBe(input);
    expect(ctx.error?.message).toBe("boom");
    expect(ctx.unitStatusHistory).toEqual([{ status: "maintenance", message: "working" }]);
    expect(ctx.commitReport).toBeUndefined();
  });

  test("access rules surface as the production typed errors", async () => {
    const db = relation({ endpoint: "database" });
    const seen: unknown[] = [];
    const ctx = fnContext((_c, backend) => {
      try {
        backend.relationGet({ ...DB, id: db.id }, "webapp", true);
      } catch (e) {
        seen.push(e);
      }
    });
    await ctx.run(ctx.on.start(), state({ leader: false, relations: [db] }));
    expect(seen[0]).toBeInstanceOf(PermissionDeniedError);
    expect(ctx.toolCalls.map((c) => [c.cmd, c.code])).toEqual([["relation-get", 1]]);
  });

  test("observed secrets: tracked vs latest, refresh moves tracking into the output state", async () => {
    const s = secret({ label: "creds", trackedContent: { password: "old" }, latestContent: { password: "new" } });
    const ctx = fnContext((context, backend) => {
      expect(context.secret).toMatchObject({ id: s.id, label: "creds" });
      expect(backend.secretGet({ label: "creds" })).toEqual({ password: "old" });
      expect(backend.secretGet({ id: s.id, peek: true })).toEqual({ password: "new" });
      expect(backend.secretGet({ id: s.id, refresh: true })).toEqual({ password: "new" });
    });
    const out = await ctx.run(ctx.on.secretChanged(s), state({ secrets: [s] }));
    expect(ctx.error).toBeUndefined();
    expect(out.secrets[0]).toMatchObject({ id: s.id, label: "creds", trackedRevision: 2, latestRevision: 2, trackedContent: { password: "new" } });
    expect(out.secrets[0]?.owner).toBeUndefined();
  });

  test("secrets added and granted by the charm appear as owned secrets", async () => {
    const db = relation({ endpoint: "database" });
    const ctx = fnContext((_c, backend) => {
      const id = backend.secretAdd({ password: "pw" }, { owner: "application", label: "mine" });
      backend.secretGrant(id, db.id);
    });
    const out = await ctx.run(ctx.on.relationCreated(db), state({ leader: true, relations: [db] }));
    expect(out.secrets).toHaveLength(1);
    expect(out.secrets[0]).toMatchObject({ owner: "application", label: "mine", trackedContent: { password: "pw" }, remoteGrants: { [db.id]: ["remote"] } });
    expect(ctx.commitReport?.secretsAdded).toEqual([out.secrets[0]?.id]);
  });

  test("secret-remove carries the revision; owned secrets are manageable", async () => {
    const s = secret({ owner: "unit", trackedContent: { token: "a" }, latestContent: { token: "b" } });
    const ctx = fnContext((context, backend) => {
      expect(context.secret?.revision).toBe(1);
      backend.secretRemove(s.id, 1);
    });
    const out = await ctx.run(ctx.on.secretRemove(s, { revision: 1 }), state({ secrets: [s] }));
    expect(ctx.error).toBeUndefined();
    expect(out.secrets[0]).toMatchObject({ latestRevision: 2, latestContent: { token: "b" } });
  });

  test("stored state, statuses and workload version round-trip", async () => {
    const ctx = fnContext((_c, backend) => {
      expect(backend.stateGet()).toEqual({ seen: "1" });
      backend.stateSet({ seen: "2" });
      backend.statusSet("active", "ready", false);
      backend.statusSet("active", "all good", true);
      backend.applicationVersionSet("1.0");
    });
    const out = await ctx.run(ctx.on.updateStatus(), state({ leader: true, storedState: { seen: "1" } }));
    expect(out.storedState).toEqual({ seen: "2" });
    expect(out.unitStatus).toEqual({ status: "active", message: "ready" });
    expect(out.appStatus).toEqual({ status: "active", message: "all good" });
    expect(out.workloadVersion).toBe("1.0");
    expect(ctx.appStatusHistory).toEqual([{ status: "active", message: "all good" }]);
  });

  test("config comes from the state over schema defaults", async () => {
    const ctx = fnContext((_c, backend) => {
      expect(backend.configGet()).toEqual({ port: 9000, debug: false });
    });
    await ctx.run(ctx.on.configChanged(), state({ config: { port: 9000 } }));
    expect(ctx.error).toBeUndefined();
  });

  test("actions: params in, results, logs and failure out", async () => {
    const ctx = fnContext((context, backend) => {
      expect(context.action).toMatchObject({ name: "backup", id: "1" });
      expect(backend.actionGet()).toEqual({ target: "s3" });
      backend.actionSet({ "where.bucket": "b1" });
      backend.actionLog("uploading");
      backend.actionFail("quota exceeded");
    });
    await ctx.run(ctx.on.action("backup", { target: "s3" }), state());
    expect(ctx.actionOutput).toEqual({ results: { "where.bucket": "b1" }, logs: ["uploading"], failure: "quota exceeded" });
  });

  test("an action whose charm throws fails with its process error, as Juju reports it, not the action-fail message", async () => {
    const ctx = fnContext(
      (_c, backend) => {
        backend.actionFail("quota exceeded");
        throw new Error("boom");
      },
      { catchCharmErrors: true },
    );
    await ctx.run(ctx.on.action("backup", { target: "s3" }), state());
    expect(ctx.actionOutput?.failure).toBe("exit status 1");
  });

  test("peer relations: other peers are listed and the peer app bag is readable by non-leaders", async () => {
    const peers = peerRelation({ endpoint: "cluster", localAppData: { leader: "webapp/1" }, peersData: { 1: { ready: "yes" } } });
    const ctx = fnContext((context, backend) => {
      const rel = { endpoint: "cluster", id: peers.id };
      expect(context.relation).toMatchObject({ remoteApp: "webapp", remoteUnit: "webapp/1" });
      expect(backend.relationList(rel)).toEqual(["webapp/1"]);
      expect(backend.relationGet(rel, "webapp", true)).toEqual({ leader: "webapp/1" });
      expect(backend.relationGet(rel, "webapp/1", false)).toEqual({ ready: "yes" });
    });
    await ctx.run(ctx.on.relationJoined(peers), state({ relations: [peers] }));
    expect(ctx.error).toBeUndefined();
  });

  test("juju-log lines are captured with their level", async () => {
    const ctx = fnContext((_c, backend) => backend.jujuLog("WARNING", "careful"));
    await ctx.run(ctx.on.install(), state());
    expect(ctx.logLines("WARNING")).toEqual(["careful"]);
  });

  test("unknown secrets fail with the production error classes", async () => {
    const ctx = fnContext((_c, backend) => {
      backend.secretGet({ id: "secret:00000000000000000000" });
    });
    await expect(ctx.run(ctx.on.start(), state())).rejects.toThrow(UncaughtCharmError);
    expect(ctx.error).toBeInstanceOf(ModelError);
  });
});

test("defaultState gives one relation of the right kind per endpoint", () => {
  const ctx = fnContext(() => undefined);
  const st = ctx.defaultState({ leader: true });
  expect(st.leader).toBe(true);
  expect(st.relations.map((r) => [r.endpoint, r.kind])).toEqual([
    ["database", "regular"],
    ["logging", "subordinate"],
    ["website", "regular"],
    ["cluster", "peer"],
  ]);
});
