import { ActiveStatus, BlockedStatus, CharmBase, WaitingStatus } from "../../../lib/ops/index.js";
import {
  Context,
  deferredNotices,
  peerRelation,
  relation,
  secret,
  state,
  storedStateValue,
  withState,
  withStoredStateValue,
} from "../../../lib/testing/index.js";
import { ACTIONS, CONFIG, METADATA } from "./harness-fixture.js";

/** A small webapp charm written against lib/ops, exercised end to end through the harness. */
class WebAppCharm extends CharmBase {
  private readonly counter = this.storedState("counter", { starts: 0 });

  protected override setup(): void {
    this.on("start", () => {
      this.counter.set({ starts: this.counter.get().starts + 1 });
      this.unit.setStatus(new ActiveStatus(`port ${String(this.config.port)}`));
    });
    this.on("config-changed", (e) => {
      if (this.config.name === undefined) {
        this.log.warning("no name configured yet");
        e.defer();
        return;
      }
      this.unit.setStatus(new ActiveStatus());
    });
    this.on("database-relation-joined", (e) => {
      if (this.unit.isLeader()) e.relation.localApp.set("database", "webapp");
      e.relation.localUnit.set("joined-at", e.unit ?? "?");
    });
    this.on("database-relation-changed", (e) => {
      const uri = e.relation.remoteAppData().get("secret-user");
      if (uri === undefined) {
        this.unit.setStatus(new WaitingStatus("waiting for credentials"));
        return;
      }
      const creds = this.model.getSecret({ id: uri }).getContent();
      this.unit.setStatus(new ActiveStatus(`connected as ${creds.username ?? "?"}`));
    });
    this.on("database-relation-broken", () => this.unit.setStatus(new BlockedStatus("no database")));
    this.on("secret-changed", (e) => {
      e.secret.getContent({ refresh: true });
    });
    this.on("action:backup", (e) => {
      const target = e.params.target;
      if (target === "nowhere") {
        e.fail("cannot back up to nowhere");
        return;
      }
      e.log("backing up");
      e.setResults({ backup: { target, size: 3 } });
    });
  }
}

function ctx(): Context {
  return new Context(WebAppCharm, { metadata: METADATA, config: CONFIG, actions: ACTIONS });
}

describe("a lib/ops charm under the harness", () => {
  test("start: stored state and status in the output state", async () => {
    const c = ctx();
    const out = await c.run(c.on.start(), state());
    expect(c.error).toBeUndefined();
    expect(out.unitStatus).toEqual({ status: "active", message: "port 8080" });
    expect(storedStateValue(out, "counter")).toEqual({ starts: 1 });
    const again = await c.run(c.on.start(), withStoredStateValue(out, "counter", { starts: 41 }));
    expect(storedStateValue(again, "counter")).toEqual({ starts: 42 });
  });

  test("a deferred event is kept in the unit's controller state and re-run next hook", async () => {
    const c = ctx();
    const deferredState = await c.run(c.on.configChanged(), state());
    expect(c.logLines("WARNING")).toEqual(["no name configured yet"]);
    expect(deferredNotices(deferredState).map((n) => n.event)).toEqual(["charm/config-changed[1]"]);
    const out = await c.run(c.on.updateStatus(), withState(deferredState, { config: { name: "shop" } }));
    expect(out.unitStatus).toEqual({ status: "active", message: "" });
    expect(deferredNotices(out)).toEqual([]);
  });

  test("relation-joined: the leader writes its app bag, every unit its own bag", async () => {
    const db = relation({ endpoint: "database", remoteApp: "postgresql" });
    const c = ctx();
    const leader = await c.run(c.on.relationJoined(db), state({ leader: true, relations: [db] }));
    expect(leader.relations[0]?.localAppData).toEqual({ database: "webapp" });
    expect(leader.relations[0]?.localUnitData["joined-at"]).toBe("postgresql/0");
    const follower = await c.run(c.on.relationJoined(db), state({ leader: false, relations: [db] }));
    expect(follower.relations[0]?.localAppData).toEqual({});
    expect(c.toolCalls.some((call) => call.cmd === "relation-set" && call.argv.includes("--app"))).toBe(false);
  });

  test("relation-changed reads a granted secret named in the remote app bag", async () => {
    const creds = secret({ trackedContent: { username: "u1", password: "p1" } });
    const db = relation({ endpoint: "database", remoteApp: "postgresql", remoteAppData: { "secret-user": creds.id } });
    const c = ctx();
    const out = await c.run(c.on.relationChanged(db), state({ relations: [db], secrets: [creds] }));
    expect(c.error).toBeUndefined();
    expect(out.unitStatus).toEqual({ status: "active", message: "connected as u1" });
    const waiting = await c.run(c.on.relationChanged(relation({ endpoint: "database", id: 40 })), state({ relations: [relation({ endpoint: "database", id: 40 })] }));
    expect(waiting.unitStatus.status).toBe("waiting");
  });

  test("secret-changed with refresh moves the tracked revision", async () => {
    const s = secret({ trackedContent: { password: "a" }, latestContent: { password: "b" } });
    const c = ctx();
    const out = await c.run(c.on.secretChanged(s), state({ secrets: [s] }));
    expect(out.secrets[0]).toMatchObject({ trackedRevision: 2, trackedContent: { password: "b" } });
  });

  test("relation-broken", async () => {
    const db = relation({ endpoint: "database" });
    const c = ctx();
    const out = await c.run(c.on.relationBroken(db), state({ relations: [db] }));
    expect(out.unitStatus).toEqual({ status: "blocked", message: "no database" });
  });

  test("actions: results are flattened, failures recorded, the hook still succeeds", async () => {
    const c = ctx();
    await c.run(c.on.action("backup", { target: "s3" }), state());
    expect(c.actionOutput).toEqual({ results: { "backup.target": "s3", "backup.size": "3" }, logs: ["backing up"] });
    await c.run(c.on.action("backup", { target: "nowhere" }), state());
    expect(c.error).toBeUndefined();
    expect(c.actionOutput?.failure).toBe("cannot back up to nowhere");
  });

  test("a handler that breaks a Juju rule fails the hook with nothing committed", async () => {
    class Greedy extends CharmBase {
      protected override setup(): void {
        this.on("cluster-relation-changed", (e) => {
          e.relation.localUnit.set("x", "1");
          e.relation.localApp.set("owner", this.unit.name);
        });
      }
    }
    const peers = peerRelation({ endpoint: "cluster", peersData: { 1: {} } });
    const c = new Context(Greedy, { metadata: METADATA, config: CONFIG, catchCharmErrors: true });
    const input = state({ leader: false, relations: [peers] });
    const out = await c.run(c.on.relationChanged(peers), input);
    expect(out).toBe(input);
    expect(c.error?.name).toBe("RelationDataAccessError");
    expect(c.stderr).toContain("RelationDataAccessError");
  });
});
