/**
 * One behaviour suite for lib/ops's `Backend`, run against every way the test stand can serve
 * hook tools: in-process (`HookToolBackend` over `toolServerRunner`) and through real processes
 * (the simulator). Each test builds a model, opens a backend for one unit's hook, and checks
 * what the charm runtime sees and what reaches the model after commit.
 */
import {
  ActionNotRunningError,
  type Backend,
  NotLeaderError,
  PermissionDeniedError,
  RelationNotFoundError,
  SecretNotFoundError,
} from "../../lib/ops/index.js";
import {
  addApplication,
  addRelation,
  addUnit,
  emptyModel,
  enterScope,
  findRelation,
  findSecret,
  type HookSpec,
  markJoined,
  type ModelState,
} from "../../lib/testing/index.js";

/** A backend for one unit's hook plus the way to end that hook. */
export interface BackendUnderTest {
  readonly backend: Backend;
  /**
   * Ends the hook's process successfully: queued changes reach the model, and what Juju refused
   * of them comes back (the hook then failed; see lib/testing/juju/commit.ts).
   */
  commit(): string | undefined | Promise<string | undefined>;
  /** Ends the hook as failed: queued changes are dropped. */
  discard(): void | Promise<void>;
}

/** Opens a backend for `unit` running `hook` against `model` (which it must update on commit). */
export type MakeBackend = (model: ModelState, unit: string, hook: HookSpec) => BackendUnderTest | Promise<BackendUnderTest>;

const DB = { endpoint: "db", id: 0 } as const;
const PEERS = { endpoint: "peers", id: 1 } as const;
const START: HookSpec = { kind: "hook", name: "start" };

/** app (units app/0 leader, app/1) —db:0— store (store/0 leader); peers:1 between app units. */
export function behaviourModel(jujuVersion = "3.6.14"): ModelState {
  const model = emptyModel({ jujuVersion });
  addApplication(
    model,
    "app",
    {
      name: "app",
      endpoints: { db: { role: "requires", interface: "store" }, peers: { role: "peers", interface: "app_peers" } },
      config: { port: { type: "int", default: 80 }, title: { type: "string" }, verbose: { type: "boolean", default: false } },
      actions: { snapshot: { params: { name: { type: "string" } } } },
    },
    { config: { title: "hello" } },
  );
  addApplication(model, "store", { name: "store", endpoints: { db: { role: "provides", interface: "store" } }, config: {}, actions: {} });
  for (const u of ["app/0", "app/1", "store/0"]) addUnit(model, u);
  const db = addRelation(model, [
    { app: "app", endpoint: "db" },
    { app: "store", endpoint: "db" },
  ]);
  for (const u of ["app/0", "app/1", "store/0"]) enterScope(model, db, u);
  for (const u of ["app/0", "app/1"]) {
    markJoined(db, u, "store/0");
    markJoined(db, "store/0", u);
  }
  db.appData.store = { host: "10.0.0.9" };
  db.unitData["store/0"] = { ...db.unitData["store/0"], ready: "yes" };
  const peers = addRelation(model, [{ app: "app", endpoint: "peers" }]);
  for (const u of ["app/0", "app/1"]) enterScope(model, peers, u);
  markJoined(peers, "app/0", "app/1");
  markJoined(peers, "app/1", "app/0");
  return model;
}

async function inHook<T>(make: MakeBackend, model: ModelState, unit: string, fn: (b: Backend) => T, hook: HookSpec = START): Promise<T> {
  const b = await make(model, unit, hook);
  const out = fn(b.backend);
  const refused = await b.commit();
  if (refused !== undefined) throw new Error(`the commit was refused: ${refused}`);
  return out;
}

/** Like inHook, for a hook whose commit Juju refuses: what `fn` returned, and the refusal. */
async function inRefusedHook<T>(make: MakeBackend, model: ModelState, unit: string, fn: (b: Backend) => T): Promise<{ out: T; refused: string | undefined }> {
  const b = await make(model, unit, START);
  const out = fn(b.backend);
  return { out, refused: await b.commit() };
}

/** Registers the shared Backend behaviour tests under `label`. */
export function describeBackendBehaviour(label: string, make: MakeBackend): void {
  describe(`Backend behaviour: ${label}`, () => {
    describe("relations and databags", () => {
      test("relation ids, remote units and the remote app", async () => {
        await inHook(make, behaviourModel(), "app/0", (b) => {
          expect(b.relationIds("db")).toEqual([DB]);
          expect(b.relationIds("peers")).toEqual([PEERS]);
          expect(b.relationList(DB)).toEqual(["store/0"]);
          expect(b.relationList(PEERS)).toEqual(["app/1"]);
          expect(b.relationRemoteApp(DB)).toBe("store");
          expect(b.relationModelGet(DB).uuid).toMatch(/^[0-9a-f-]{36}$/);
        });
      });

      test("reads remote unit and app bags; an unknown relation is RelationNotFoundError", async () => {
        await inHook(make, behaviourModel(), "app/1", (b) => {
          expect(b.relationGet(DB, "store/0", false)).toMatchObject({ ready: "yes", "private-address": expect.any(String) });
          expect(b.relationGet(DB, "store", true)).toEqual({ host: "10.0.0.9" });
          expect(() => b.relationGet({ endpoint: "db", id: 9 }, "store/0", false)).toThrow(RelationNotFoundError);
          expect(() => b.relationList({ endpoint: "peers", id: 0 })).toThrow(RelationNotFoundError);
        });
      });

      test("a non-leader may not read or write its own app bag on a non-peer relation", async () => {
        await inHook(make, behaviourModel(), "app/1", (b) => {
          expect(() => b.relationGet(DB, "app", true)).toThrow(PermissionDeniedError);
          expect(() => b.relationSet(DB, { k: "v" }, true)).toThrow(NotLeaderError);
          expect(b.relationGet(PEERS, "app", true)).toEqual({});
        });
      });

      test("writes merge, '' deletes, own reads see pending writes, commit publishes them", async () => {
        const model = behaviourModel();
        await inHook(make, model, "app/0", (b) => {
          b.relationSet(DB, { database: "main", note: "x" }, false);
          b.relationSet(DB, { note: "" }, false);
          b.relationSet(DB, { shared: "yes" }, true);
          expect(b.relationGet(DB, "app/0", false)).toMatchObject({ database: "main" });
          expect(b.relationGet(DB, "app/0", false).note).toBeUndefined();
          expect(b.relationGet(DB, "app", true)).toEqual({ shared: "yes" });
        });
        expect(model.relations[0]?.unitData["app/0"]).toMatchObject({ database: "main" });
        expect(model.relations[0]?.appData.app).toEqual({ shared: "yes" });
      });

      test("a failed hook publishes nothing", async () => {
        const model = behaviourModel();
        const b = await make(model, "app/0", START);
        b.backend.relationSet(DB, { database: "main" }, false);
        b.backend.stateSet({ k: "v" });
        await b.discard();
        expect(model.relations[0]?.unitData["app/0"]?.database).toBeUndefined();
        expect(model.units["app/0"]?.state).toEqual({});
      });

      test("values of any size and content travel intact", async () => {
        const model = behaviourModel();
        const big = "-----BEGIN CERT-----\n" + "x".repeat(200_000) + "\n'\"$`\\ ünïcödé";
        await inHook(make, model, "app/0", (b) => b.relationSet(DB, { ca: big }, false));
        expect(model.relations[0]?.unitData["app/0"]?.ca).toBe(big);
      });
    });

    describe("leadership, config, status", () => {
      test("is-leader and config with schema defaults", async () => {
        const model = behaviourModel();
        await inHook(make, model, "app/0", (b) => {
          expect(b.isLeader()).toBe(true);
          expect(b.configGet()).toEqual({ port: 80, title: "hello", verbose: false });
        });
        await inHook(make, model, "app/1", (b) => expect(b.isLeader()).toBe(false));
      });

      test("unit status is immediate; app status is leader-only", async () => {
        const model = behaviourModel();
        const b = await make(model, "app/1", START);
        b.backend.statusSet("blocked", "need db", false);
        expect(b.backend.statusGet(false)).toEqual({ status: "blocked", message: "need db" });
        expect(() => b.backend.statusSet("active", "", true)).toThrow(NotLeaderError);
        expect(() => b.backend.statusGet(true)).toThrow(NotLeaderError);
        await b.discard();
        expect(model.units["app/1"]?.status).toEqual({ status: "blocked", message: "need db" });
        await inHook(make, model, "app/0", (l) => {
          l.statusSet("active", "-ready", true);
          l.applicationVersionSet("1.2.3");
          expect(l.statusGet(true)).toEqual({ status: "active", message: "-ready" });
        });
        expect(model.applications.app?.status).toEqual({ status: "active", message: "-ready" });
        expect(model.applications.app?.workloadVersion).toBe("1.2.3");
      });
    });

    describe("actions", () => {
      test("outside an action the action tools raise ActionNotRunningError", async () => {
        await inHook(make, behaviourModel(), "app/0", (b) => {
          expect(() => b.actionGet()).toThrow(ActionNotRunningError);
          expect(() => b.actionSet({ a: "b" })).toThrow(ActionNotRunningError);
        });
      });

      test("params, results, log and failure", async () => {
        const model = behaviourModel();
        const hook: HookSpec = { kind: "action", name: "snapshot", id: "3", params: { name: "nightly" } };
        await inHook(
          make,
          model,
          "app/0",
          (b) => {
            expect(b.actionGet()).toEqual({ name: "nightly" });
            b.actionSet({ "out.path": "/tmp/x", size: "3" });
            b.actionLog("working");
            b.actionFail("disk full");
          },
          hook,
        );
        expect(model.actions["3"]).toMatchObject({ status: "failed", results: { "out.path": "/tmp/x", size: "3" }, log: ["working"], failure: "disk full" });
      });
    });

    describe("secrets", () => {
      test("lifecycle: add, grant, consumer reads, new revision, peek, refresh", async () => {
        const model = behaviourModel();
        const id = await inHook(make, model, "store/0", (b) => {
          const uri = b.secretAdd({ password: "one" }, { owner: "application", label: "creds" });
          b.secretGrant(uri, 0);
          expect(b.secretGet({ label: "creds" })).toEqual({ password: "one" });
          return uri;
        });
        expect(id).toMatch(/^secret:[0-9a-z]{20}$/);
        await inHook(make, model, "app/0", (b) => expect(b.secretGet({ id, label: "db-creds" })).toEqual({ password: "one" }));
        await inHook(make, model, "store/0", (b) => b.secretSet(id, { password: "two" }, {}));
        await inHook(make, model, "app/0", (b) => {
          expect(b.secretGet({ label: "db-creds" })).toEqual({ password: "one" });
          expect(b.secretGet({ label: "db-creds", peek: true })).toEqual({ password: "two" });
          expect(b.secretGet({ id, refresh: true })).toEqual({ password: "two" });
        });
        expect(findSecret(model, id)?.consumers["app/0"]).toEqual({ label: "db-creds", trackedRevision: 2 });
      });

      test("not granted, unknown and not owned secrets fail with typed errors", async () => {
        const model = behaviourModel();
        const id = await inHook(make, model, "store/0", (b) => b.secretAdd({ password: "one" }, { owner: "application" }));
        await inHook(make, model, "app/0", (b) => {
          expect(() => b.secretGet({ id })).toThrow(PermissionDeniedError);
          expect(() => b.secretGet({ id: "secret:0000000000000000000a" })).toThrow(SecretNotFoundError);
          expect(() => b.secretInfoGet({ id })).toThrow(SecretNotFoundError);
          expect(() => b.secretGet({ label: "nope" })).toThrow(SecretNotFoundError);
        });
      });

      test("owners: info, ids, app secrets need leadership, unit secrets do not", async () => {
        const model = behaviourModel();
        const appSecret = await inHook(make, model, "app/0", (b) => b.secretAdd({ token: "t1" }, { owner: "application", label: "tok", description: "api token", rotate: "daily" }));
        await inHook(make, model, "app/0", (b) => {
          expect(b.secretInfoGet({ label: "tok" })).toMatchObject({ id: appSecret, revision: 1, label: "tok", owner: "application", description: "api token", rotation: "daily" });
          expect(b.secretIds()).toEqual([appSecret]);
        });
        const mine = await inHook(make, model, "app/1", (b) => {
          expect(() => b.secretAdd({ token: "x" }, { owner: "application" })).toThrow(NotLeaderError);
          expect(() => b.secretInfoGet({ id: appSecret })).toThrow(SecretNotFoundError);
          const own = b.secretAdd({ token: "u1" }, { owner: "unit" });
          expect(b.secretIds()).toEqual([own]);
          return own;
        });
        expect(findSecret(model, mine)?.owner).toBe("app/1");
      });

      test("a non-leader's secret-set of an app secret is accepted, and Juju refuses the hook's commit", async () => {
        const model = behaviourModel();
        const appSecret = await inHook(make, model, "app/0", (b) => b.secretAdd({ token: "t1" }, { owner: "application" }));
        const { out: created, refused } = await inRefusedHook(make, model, "app/1", (b) => {
          b.secretSet(appSecret, { token: "t2" }, {});
          b.relationSet(PEERS, { seen: "yes" }, false);
          return b.secretAdd({ token: "u1" }, { owner: "unit" });
        });
        expect(refused).toBe("updating secrets: permission denied");
        expect(findSecret(model, appSecret)?.latestRevision).toBe(1);
        // Secrets are created before they are updated; relation data is written last, or not at all.
        expect(findSecret(model, created)?.owner).toBe("app/1");
        expect(findRelation(model, PEERS.id)?.unitData["app/1"]?.["seen"]).toBeUndefined();
      });

      test("remove a revision, then the whole secret", async () => {
        const model = behaviourModel();
        const id = await inHook(make, model, "app/0", (b) => b.secretAdd({ token: "t1" }, { owner: "unit" }));
        await inHook(make, model, "app/0", (b) => b.secretSet(id, { token: "t2" }, {}));
        await inHook(make, model, "app/0", (b) => b.secretRemove(id, 1));
        expect(findSecret(model, id)?.revisions.map((r) => r.revision)).toEqual([2]);
        await inHook(make, model, "app/0", (b) => b.secretRemove(id));
        expect(findSecret(model, id)).toBeUndefined();
      });

      test("revoke ends a grant", async () => {
        const model = behaviourModel();
        const id = await inHook(make, model, "store/0", (b) => {
          const uri = b.secretAdd({ password: "one" }, { owner: "application" });
          b.secretGrant(uri, 0, "app/1");
          return uri;
        });
        await inHook(make, model, "app/1", (b) => expect(b.secretGet({ id })).toEqual({ password: "one" }));
        await inHook(make, model, "store/0", (b) => b.secretRevoke(id, 0, "app/1"));
        await inHook(make, model, "app/1", (b) => expect(() => b.secretGet({ id })).toThrow(PermissionDeniedError));
      });
    });

    describe("controller-side state and network", () => {
      test("state set/get/delete within a hook and across hooks", async () => {
        const model = behaviourModel();
        await inHook(make, model, "app/0", (b) => {
          b.stateSet({ a: "1", b: "2" });
          b.stateDelete("b");
          expect(b.stateGet()).toEqual({ a: "1" });
        });
        await inHook(make, model, "app/0", (b) => expect(b.stateGet()).toEqual({ a: "1" }));
        expect(model.units["app/0"]?.state).toEqual({ a: "1" });
      });

      test("network-get reports the unit's address", async () => {
        const model = behaviourModel();
        await inHook(make, model, "app/0", (b) => {
          const info = b.networkGet("db", 0);
          expect(info.ingressAddresses).toEqual([model.units["app/0"]?.address]);
          expect(info.bindAddresses[0]?.addresses[0]?.value).toBe(model.units["app/0"]?.address);
        });
      });
    });
  });
}
