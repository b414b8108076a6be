// PgsqlRequires on the Context/State harness: the charm runs through lib/ops's dispatch over the
// fake Juju. Tests are named by the checklist ids of docs/protocol.md#requirements (L-01..L-08).
import { CharmBase } from "../../lib/ops/index.js";
import { beforeJoin, PGSQL_EVENT_NAMES, PgsqlRequires, sharedCopyKey, type PgsqlEventName, type PgsqlRequiresOptions } from "../../lib/legacy/index.js";
import {
  type Context,
  DEFAULT_UNIT_BAG,
  deferredNotices,
  peerRelation,
  relation,
  state,
  UncaughtCharmError,
  type PeerRelation,
  type Relation,
  type State,
} from "../../lib/testing/index.js";
import { onJujuMatrix } from "../support/juju-matrix.js";

const PASSWORD = "Xy7pQ2mN9vLk3RtA";
const MASTER = `dbname=myappdb fallback_application_name=myapp host=pg-primary.prod.svc password=${PASSWORD} port=5432 user=relation_id_7`;
const STANDBY = `dbname=myappdb fallback_application_name=myapp host=pg-replicas.prod.svc password=${PASSWORD} port=5432 user=relation_id_7`;

interface Seen {
  readonly name: string;
  readonly relationId: number;
  readonly master?: string | undefined;
  readonly standbys?: readonly string[];
  readonly endpoints?: readonly string[];
  readonly readOnlyEndpoints?: readonly string[];
}
let seen: Seen[] = [];
let deferName: PgsqlEventName | undefined;
let options: PgsqlRequiresOptions;

class PgClientCharm extends CharmBase {
  readonly db = new PgsqlRequires(this, options);
  protected override setup(): void {
    for (const name of PGSQL_EVENT_NAMES) {
      this.db.on(name, (e) => {
        const entry: Seen = { name, relationId: e.relationId };
        if ("master" in e) Object.assign(entry, { master: e.master?.host, standbys: e.standbys.map((s) => s.host) });
        if ("response" in e) Object.assign(entry, { endpoints: e.response.endpoints, readOnlyEndpoints: e.response.readOnlyEndpoints });
        seen.push(entry);
        if (name === deferName) e.defer();
      });
    }
  }
}

const metadata = {
  name: "myapp",
  requires: { db: { interface: "pgsql", limit: 1 }, "db-admin": { interface: "pgsql", limit: 1 } },
  peers: { peers: { interface: "myapp-peers" } },
};

// The whole suite runs on each Juju version of the matrix (test/support/juju-matrix.ts): the
// legacy interfaces use relation data only, so every version takes the same tests.
onJujuMatrix("PgsqlRequires on the harness", (juju) => {
  function ctx(unitId = 0): Context<typeof PgClientCharm> {
    return juju.context(PgClientCharm, { metadata, unitId });
  }

  /** What postgresql-k8s writes into its app databag and leader unit databag (docs/protocol.md#pgsql-answer). */
  function answer(extra: Record<string, string> = {}): Record<string, string> {
    return {
      "allowed-subnets": DEFAULT_UNIT_BAG["egress-subnets"] as string,
      "allowed-units": "myapp/0",
      database: "myappdb",
      extensions: "citext,pg_trgm",
      host: "postgresql-k8s-0.postgresql-k8s-endpoints.prod.svc.cluster.local",
      master: MASTER,
      standbys: STANDBY,
      port: "5432",
      user: "relation_id_7",
      password: PASSWORD,
      version: "14.15",
      ...extra,
    };
  }

  function dbRelation(app: Record<string, string> | undefined, unit: Record<string, string> | undefined = app, extra: Partial<Relation> = {}): Relation {
    return relation({
      id: 7,
      endpoint: "db",
      remoteApp: "postgresql-k8s",
      remoteAppData: app ?? {},
      remoteUnitsData: { 0: { ...DEFAULT_UNIT_BAG, ...(unit ?? {}) } },
      ...extra,
    });
  }

  function peers(localAppData: Record<string, string> = {}): PeerRelation {
    return peerRelation({ id: 1, endpoint: "peers", localAppData, peersData: { 5: { ...DEFAULT_UNIT_BAG } } });
  }

  const SHARED = JSON.stringify({ database: "myappdb", extensions: "citext,pg_trgm" });

  /** A state where relation-joined already ran (so relation-changed evaluates at once). */
  async function joined(c: Context<typeof PgClientCharm>, rel: Relation, leader = true, peer = peers()): Promise<State> {
    const out = await c.run(c.on.relationJoined(rel, { remoteUnit: 0 }), state({ leader, relations: [rel, peer] }));
    expect(c.error).toBeUndefined();
    seen = [];
    return out;
  }

  function relationIn(st: State, id = 7): Relation {
    const rel = st.relations.find((r) => r.id === id);
    if (rel === undefined || rel.kind !== "regular") throw new Error(`relation ${id} missing`);
    return rel;
  }

  /** `st` with relation 7's remote data replaced (the provider wrote something new). */
  function withRemote(st: State, app: Record<string, string> | undefined, unit: Record<string, string> | undefined = app): { st: State; rel: Relation } {
    const old = relationIn(st);
    const rel: Relation = { ...old, remoteAppData: app ?? {}, remoteUnitsData: { 0: { ...DEFAULT_UNIT_BAG, ...(unit ?? {}) } } };
    return { st: { ...st, relations: st.relations.map((r) => (r.id === 7 ? rel : r)) }, rel };
  }

  async function changed(c: Context<typeof PgClientCharm>, st: State, app: Record<string, string> | undefined, unit: Record<string, string> | undefined = app): Promise<State> {
    const next = withRemote(st, app, unit);
    seen = [];
    const out = await c.run(c.on.relationChanged(next.rel, { remoteUnit: 0 }), next.st);
    expect(c.error).toBeUndefined();
    return out;
  }

  beforeEach(() => {
    seen = [];
    deferName = undefined;
    options = { relationName: "db", peerRelationName: "peers", database: "myappdb", extensions: ["pg_trgm", "citext"] };
  });

  describe("L-01/L-02 the request", () => {
    test("L-01 the leader writes database and sorted extensions into the app databag (roles absent) and the shared copy", async () => {
      const c = ctx();
      const rel = dbRelation(undefined);
      const out = await c.run(c.on.relationCreated(rel), state({ leader: true, relations: [rel, peers()] }));
      expect(c.error).toBeUndefined();
      expect(relationIn(out).localAppData).toEqual({ database: "myappdb", extensions: "citext,pg_trgm" });
      const peer = out.relations.find((r) => r.id === 1);
      expect(peer?.localAppData).toEqual({ [sharedCopyKey("db", 7)]: SHARED });
    });

    test("L-02 the leader mirrors the request into its unit databag, next to Juju's keys", async () => {
      const c = ctx();
      const rel = dbRelation(undefined);
      const out = await c.run(c.on.relationCreated(rel), state({ leader: true, relations: [rel, peers()] }));
      expect(relationIn(out).localUnitData).toEqual({ ...DEFAULT_UNIT_BAG, database: "myappdb", extensions: "citext,pg_trgm" });
    });

    test("L-02 a non-leader mirrors the shared copy from the peer app databag and never writes the app databag", async () => {
      const c = ctx(1);
      const rel = dbRelation(undefined);
      const out = await c.run(c.on.relationJoined(rel, { remoteUnit: 0 }), state({ leader: false, relations: [rel, peers({ [sharedCopyKey("db", 7)]: SHARED })] }));
      expect(c.error).toBeUndefined();
      expect(relationIn(out).localUnitData).toMatchObject({ database: "myappdb", extensions: "citext,pg_trgm" });
      expect(relationIn(out).localAppData).toEqual({});
    });

    test("L-02 a non-leader without a shared copy mirrors nothing and is not ready", async () => {
      const c = ctx(1);
      const rel = dbRelation(answer());
      const st = await c.run(c.on.relationJoined(rel, { remoteUnit: 0 }), state({ leader: false, relations: [rel, peers()] }));
      seen = [];
      const out = await c.run(c.on.relationChanged(relationIn(st), { remoteUnit: 0 }), st);
      expect(c.error).toBeUndefined();
      expect(relationIn(out).localUnitData).toEqual(DEFAULT_UNIT_BAG);
      expect(seen).toEqual([]);
    });

    test("L-02 a request changed by config reaches the app databag on config-changed and is removed when emptied", async () => {
      const c = ctx();
      const rel = dbRelation(undefined, undefined, { localAppData: { database: "myappdb", extensions: "citext,pg_trgm" } });
      options = { relationName: "db", peerRelationName: "peers", database: "otherdb" };
      const out = await c.run(c.on.configChanged(), state({ leader: true, relations: [rel, peers()] }));
      expect(c.error).toBeUndefined();
      expect(relationIn(out).localAppData).toEqual({ database: "otherdb" });
    });

    test("a corrupt shared copy is reported (typed, logged) and treated as unknown", async () => {
      const c = ctx(1);
      const rel = dbRelation(answer());
      const out = await c.run(c.on.relationJoined(rel, { remoteUnit: 0 }), state({ leader: false, relations: [rel, peers({ [sharedCopyKey("db", 7)]: "{not json" })] }));
      expect(c.error).toBeUndefined();
      expect(relationIn(out).localUnitData).toEqual(DEFAULT_UNIT_BAG);
      expect(c.logLines("WARNING").join("\n")).toMatch(/databag of peer copy, field "legacy-pgsql.db.7": not JSON/);
    });
  });

  describe("L-03 readiness", () => {
    const ready = ["masterAvailable", "masterChanged", "standbyAvailable", "standbyChanged", "databaseAvailable", "databaseChanged", "databaseCreated"];
    test.each<[string, Partial<PgsqlRequiresOptions>, Record<string, string>, boolean]>([
      ["everything mirrored and the egress subnet allowed", {}, {}, true],
      ["database not mirrored yet", {}, { database: "" }, false],
      ["a different database answered", {}, { database: "otherdb" }, false],
      ["extensions not mirrored yet", {}, { extensions: "" }, false],
      ["extensions mirrored in another order (compared as sets)", {}, { extensions: "pg_trgm,citext" }, true],
      ["requested roles not mirrored", { roles: ["app_role"] }, {}, false],
      ["requested roles mirrored", { roles: ["app_role"] }, { roles: "app_role" }, true],
      ["roles the requirer did not ask for", {}, { roles: "app_role" }, false],
      ["empty requested database accepts any database", { database: "" }, { database: "whatever" }, true],
      ["egress subnet missing from allowed-subnets and unit not in allowed-units", {}, { "allowed-subnets": "10.0.0.0/8", "allowed-units": "myapp/1" }, false],
      ["egress subnet missing but the unit is in allowed-units", {}, { "allowed-subnets": "10.0.0.0/8" }, true],
      ["no allowed-subnets and no allowed-units yet", {}, { "allowed-subnets": "", "allowed-units": "" }, false],
    ])("%s", async (_title, opts, override, expectReady) => {
      options = { ...options, ...opts };
      const c = ctx();
      const st = await joined(c, dbRelation(undefined));
      await changed(c, st, answer(override));
      expect(seen.map((s) => s.name)).toEqual(expectReady ? ready : []);
    });

    test("an empty egress-subnets in the own unit databag is a subset of anything", async () => {
      const c = ctx();
      const rel = dbRelation(undefined, undefined, { localUnitData: { "egress-subnets": "" } });
      const st = await joined(c, rel);
      await changed(c, st, answer({ "allowed-subnets": "10.0.0.0/8", "allowed-units": "" }));
      expect(seen.map((s) => s.name)).toContain("masterAvailable");
    });

    test("several egress subnets must all be allowed", async () => {
      const c = ctx();
      const rel = dbRelation(undefined, undefined, { localUnitData: { "egress-subnets": "10.1.0.1/32, 10.1.0.2/32" } });
      const st = await joined(c, rel);
      await changed(c, st, answer({ "allowed-subnets": "10.1.0.1/32", "allowed-units": "" }));
      expect(seen).toEqual([]);
      await changed(c, st, answer({ "allowed-subnets": "10.1.0.2/32,10.1.0.1/32", "allowed-units": "" }));
      expect(seen.map((s) => s.name)).toContain("masterAvailable");
    });

    test("non-leader units see the same readiness as the leader (from the shared copy)", async () => {
      const leader = ctx(0);
      const follower = ctx(1);
      const base = dbRelation(undefined);
      const stLeader = await joined(leader, base, true);
      await changed(leader, stLeader, answer({ "allowed-units": "" }));
      const leaderSaw = seen.map((s) => s.name);
      const stFollower = await joined(follower, base, false, peers({ [sharedCopyKey("db", 7)]: SHARED }));
      await changed(follower, stFollower, answer({ "allowed-units": "" }));
      expect(seen.map((s) => s.name)).toEqual(leaderSaw);
      expect(leaderSaw).toContain("databaseAvailable");
    });

    test("a non-leader re-judges when the shared copy changes (peer relation-changed)", async () => {
      const c = ctx(1);
      const rel = dbRelation(answer());
      const first = await joined(c, rel, false, peers({ [sharedCopyKey("db", 7)]: JSON.stringify({ database: "otherdb" }) }));
      const afterChanged = await c.run(c.on.relationChanged(relationIn(first), { remoteUnit: 0 }), first);
      expect(seen).toEqual([]);
      const peer = peers({ [sharedCopyKey("db", 7)]: SHARED });
      const st = { ...afterChanged, relations: afterChanged.relations.map((r) => (r.id === 1 ? peer : r)) };
      const out = await c.run(c.on.relationChanged(peer, { remoteUnit: 5 }), st);
      expect(c.error).toBeUndefined();
      expect(seen.map((s) => s.name)).toContain("databaseCreated");
      expect(relationIn(out).localUnitData).toMatchObject({ database: "myappdb", extensions: "citext,pg_trgm" });
    });
  });

  describe("L-04 where master and standbys come from", () => {
    test("the first ready bag in name order: the app databag before the unit databags", async () => {
      const c = ctx();
      const st = await joined(c, dbRelation(undefined));
      await changed(c, st, answer({ master: MASTER.replace("pg-primary", "from-app") }), answer({ master: MASTER.replace("pg-primary", "from-unit") }));
      expect(seen.find((s) => s.name === "masterAvailable")?.master).toBe("from-app.prod.svc");
    });

    test("a bag that is not ready is skipped: the unit's answer is used", async () => {
      const c = ctx();
      const st = await joined(c, dbRelation(undefined));
      await changed(c, st, answer({ database: "", master: MASTER.replace("pg-primary", "from-app") }), answer({ master: MASTER.replace("pg-primary", "from-unit") }));
      expect(seen.find((s) => s.name === "masterAvailable")?.master).toBe("from-unit.prod.svc");
    });

    test("standbys are split on newlines, blank lines dropped", async () => {
      const c = ctx();
      const st = await joined(c, dbRelation(undefined));
      const two = `${STANDBY}\n\n${STANDBY.replace("pg-replicas", "pg-replicas-2")}\n`;
      await changed(c, st, answer({ standbys: two }));
      const available = seen.find((s) => s.name === "standbyAvailable");
      expect(available?.standbys).toEqual(["pg-replicas.prod.svc", "pg-replicas-2.prod.svc"]);
      expect(seen.find((s) => s.name === "databaseCreated")?.readOnlyEndpoints).toEqual(["pg-replicas.prod.svc:5432", "pg-replicas-2.prod.svc:5432"]);
    });
  });

  describe("L-05 relation-changed events", () => {
    test("available/changed/gone for master, then standby, then database; each change once", async () => {
      const c = ctx();
      let st = await joined(c, dbRelation(undefined));
      st = await changed(c, st, answer());
      expect(seen.map((s) => s.name)).toEqual(["masterAvailable", "masterChanged", "standbyAvailable", "standbyChanged", "databaseAvailable", "databaseChanged", "databaseCreated"]);
      expect(seen.find((s) => s.name === "databaseCreated")).toMatchObject({ endpoints: ["pg-primary.prod.svc:5432"], readOnlyEndpoints: ["pg-replicas.prod.svc:5432"] });

      st = await changed(c, st, answer({ host: "another-answering-pod" }));
      expect(seen).toEqual([]);

      st = await changed(c, st, answer({ master: MASTER.replace(PASSWORD, "n3wPassw0rd") }));
      expect(seen.map((s) => s.name)).toEqual(["masterChanged", "databaseChanged", "endpointsChanged"]);

      st = await changed(c, st, answer({ master: "", standbys: "" }));
      expect(seen.map((s) => s.name)).toEqual(["masterChanged", "masterGone", "standbyChanged", "standbyGone", "databaseChanged", "databaseGone", "databaseRemoved"]);
    });

    test("the same master written with other key order or quoting is no change", async () => {
      const c = ctx();
      let st = await joined(c, dbRelation(undefined));
      st = await changed(c, st, answer());
      const reordered = `user=relation_id_7 port='5432' password=${PASSWORD} host=pg-primary.prod.svc fallback_application_name=myapp dbname = myappdb`;
      await changed(c, st, answer({ master: reordered }));
      expect(seen).toEqual([]);
    });

    test("out of order: standbys before master, then master (databaseCreated once, then endpointsChanged)", async () => {
      const c = ctx();
      let st = await joined(c, dbRelation(undefined));
      st = await changed(c, st, answer({ master: "" }));
      expect(seen.map((s) => s.name)).toEqual(["standbyAvailable", "standbyChanged", "databaseAvailable", "databaseChanged", "databaseCreated"]);
      expect(seen.at(-1)).toMatchObject({ endpoints: [], readOnlyEndpoints: ["pg-replicas.prod.svc:5432"] });
      st = await changed(c, st, answer());
      expect(seen.map((s) => s.name)).toEqual(["masterAvailable", "masterChanged", "databaseAvailable", "databaseChanged", "endpointsChanged"]);
    });

    test("partial data: master before the request is mirrored, then the mirror arrives", async () => {
      const c = ctx();
      let st = await joined(c, dbRelation(undefined));
      st = await changed(c, st, { master: MASTER });
      expect(seen).toEqual([]);
      st = await changed(c, st, { master: MASTER, database: "myappdb", extensions: "citext,pg_trgm" });
      expect(seen).toEqual([]); // egress not admitted yet
      await changed(c, st, { master: MASTER, database: "myappdb", extensions: "citext,pg_trgm", "allowed-subnets": "192.0.2.0/24" });
      expect(seen.map((s) => s.name)).toEqual(["masterAvailable", "masterChanged", "databaseAvailable", "databaseChanged", "databaseCreated"]);
    });

    test("losing only the standbys keeps the database: no databaseGone", async () => {
      const c = ctx();
      let st = await joined(c, dbRelation(undefined));
      st = await changed(c, st, answer());
      await changed(c, st, answer({ standbys: "" }));
      expect(seen.map((s) => s.name)).toEqual(["standbyChanged", "standbyGone", "databaseChanged", "endpointsChanged"]);
    });
  });

  describe("L-06 joined, deferral and relation-broken", () => {
    test("databaseRelationJoined once per relation (first join only)", async () => {
      const c = ctx();
      const rel = dbRelation(undefined, undefined, { remoteUnitsData: { 0: DEFAULT_UNIT_BAG, 1: DEFAULT_UNIT_BAG } });
      const st = state({ leader: true, relations: [rel, peers()] });
      const first = await c.run(c.on.relationJoined(rel, { remoteUnit: 0 }), st);
      await c.run(c.on.relationJoined(relationIn(first), { remoteUnit: 1 }), first);
      expect(seen.map((s) => s.name)).toEqual(["databaseRelationJoined"]);
    });

    test("relation-changed before any unit joined is deferred; with units listed the relation is adopted", () => {
      // Juju can run relation-changed for an app-databag change before any unit joined; the
      // harness cannot (it insists on a remote unit), so the rule is checked as a function.
      expect(beforeJoin(0)).toBe("defer");
      expect(beforeJoin(2)).toBe("adopt");
    });

    test("a live relation unknown to stored state (library added later) is adopted, not deferred forever", async () => {
      const c = ctx();
      const rel = dbRelation(answer());
      const out = await c.run(c.on.relationChanged(rel, { remoteUnit: 0 }), state({ leader: true, relations: [rel, peers()] }));
      expect(c.error).toBeUndefined();
      expect(seen.map((s) => s.name)).toEqual(["databaseRelationJoined", "masterAvailable", "masterChanged", "standbyAvailable", "standbyChanged", "databaseAvailable", "databaseChanged", "databaseCreated"]);
      expect(deferredNotices(out)).toEqual([]);
    });

    test("relation-broken: changed/gone pairs, databaseRemoved, then databaseRelationBroken; memory and shared copy dropped", async () => {
      const c = ctx();
      let st = await joined(c, dbRelation(undefined), true, peers());
      st = await changed(c, st, answer());
      seen = [];
      const out = await c.run(c.on.relationBroken(relationIn(st)), st);
      expect(c.error).toBeUndefined();
      expect(seen.map((s) => s.name)).toEqual(["masterChanged", "masterGone", "standbyChanged", "standbyGone", "databaseChanged", "databaseGone", "databaseRemoved", "databaseRelationBroken"]);
      expect(seen.find((s) => s.name === "masterGone")?.master).toBeUndefined();
      expect(out.relations.find((r) => r.id === 1)?.localAppData).toEqual({});
      expect(JSON.stringify(out.storedState)).not.toContain('"7"');
    });

    test("relation-broken of a relation that never had a database: only databaseRelationBroken", async () => {
      const c = ctx();
      const st = await joined(c, dbRelation(undefined));
      await c.run(c.on.relationBroken(relationIn(st)), st);
      expect(seen.map((s) => s.name)).toEqual(["databaseRelationBroken"]);
    });

    test("a deferred databaseCreated is re-delivered next hook from live data; no secret in the queue or stored state", async () => {
      const c = ctx();
      let st = await joined(c, dbRelation(undefined));
      deferName = "databaseCreated";
      st = await changed(c, st, answer());
      expect(JSON.stringify(st.storedState)).not.toContain(PASSWORD);
      expect(deferredNotices(st).map((n) => n.snapshot)).toEqual([{ relationId: 7 }]);
      deferName = undefined;
      seen = [];
      const out = await c.run(c.on.updateStatus(), st);
      expect(c.error).toBeUndefined();
      expect(seen).toEqual([{ name: "databaseCreated", relationId: 7, endpoints: ["pg-primary.prod.svc:5432"], readOnlyEndpoints: ["pg-replicas.prod.svc:5432"] }]);
      expect(deferredNotices(out)).toEqual([]);
    });
  });

  describe("L-07 connection strings", () => {
    test("quoted values and escapes are parsed into a typed connection and the pg config", async () => {
      const c = ctx();
      let received: unknown;
      const st = await joined(c, dbRelation(undefined));
      const tricky = "it's a \\ pass word";
      const master = `host=pg-primary port=5433 dbname=myappdb user=relation_id_7 password='it\\'s a \\\\ pass word' sslmode=require target_session_attrs=read-write`;
      class Probe extends PgClientCharm {
        protected override setup(): void {
          this.db.on("databaseCreated", (e) => {
            received = { ...(received as object), config: e.response.connection(), uri: e.response.uri(), pw: e.response.password };
          });
          this.db.on("masterAvailable", (e) => {
            received = { ...(received as object), keywords: e.master?.keywords };
          });
        }
      }
      const probe = juju.context(Probe, { metadata });
      const next = withRemote(st, answer({ master }));
      await probe.run(probe.on.relationChanged(next.rel, { remoteUnit: 0 }), next.st);
      expect(probe.error).toBeUndefined();
      expect(received).toMatchObject({
        config: { host: "pg-primary", port: 5433, user: "relation_id_7", password: tricky, database: "myappdb" },
        pw: tricky,
        keywords: { target_session_attrs: "read-write", sslmode: "require" },
      });
      expect((received as { uri: string }).uri).toMatch(/^postgresql:\/\/relation_id_7:it's%20a%20%5C%20pass%20word@pg-primary:5433\/myappdb\?sslmode=require/);
    });

    test("a master that is not a keyword/value string is reported without its value and announces nothing", async () => {
      const c = ctx();
      const st = await joined(c, dbRelation(undefined));
      await changed(c, st, answer({ master: `password='${PASSWORD} host=x`, standbys: "" }));
      expect(seen).toEqual([]);
      const warnings = c.logLines("WARNING").join("\n");
      expect(warnings).toMatch(/relation db:7, databag of postgresql-k8s, field "master": .*not a libpq keyword\/value string/);
      expect(warnings).not.toContain(PASSWORD);
    });

    test("serialising an event payload never shows the password", async () => {
      const c = ctx();
      let text = "";
      class Dump extends PgClientCharm {
        protected override setup(): void {
          this.db.on("masterAvailable", (e) => void (text += JSON.stringify(e) + String(e.master)));
          this.db.on("databaseCreated", (e) => void (text += JSON.stringify(e)));
        }
      }
      const dump = juju.context(Dump, { metadata });
      const st = await joined(c, dbRelation(undefined));
      const next = withRemote(st, answer());
      await dump.run(dump.on.relationChanged(next.rel, { remoteUnit: 0 }), next.st);
      expect(text).toContain("pg-primary.prod.svc");
      expect(text).not.toContain(PASSWORD);
    });
  });

  describe("L-08 postgresql-k8s specifics", () => {
    test("by default no roles key is written (postgresql-k8s blocks on roles)", async () => {
      options = { relationName: "db", peerRelationName: "peers", database: "myappdb" };
      const c = ctx();
      const rel = dbRelation(undefined);
      const out = await c.run(c.on.relationCreated(rel), state({ leader: true, relations: [rel, peers()] }));
      expect(Object.keys(relationIn(out).localAppData)).toEqual(["database"]);
    });

    test("db-admin uses the same protocol on its own endpoint", async () => {
      options = { relationName: "db-admin", peerRelationName: "peers", database: "myappdb", extensions: ["citext", "pg_trgm"] };
      const c = ctx();
      const rel = relation({ id: 9, endpoint: "db-admin", remoteApp: "postgresql-k8s", remoteAppData: answer(), remoteUnitsData: { 0: { ...DEFAULT_UNIT_BAG } } });
      const out = await c.run(c.on.relationChanged(rel, { remoteUnit: 0 }), state({ leader: true, relations: [rel, peers()] }));
      expect(c.error).toBeUndefined();
      expect(seen.map((s) => s.name)).toContain("databaseCreated");
      expect(out.relations.find((r) => r.id === 1)?.localAppData).toHaveProperty([sharedCopyKey("db-admin", 9)]);
    });
  });

  describe("deprecation and configuration", () => {
    test("the deprecation warning is logged once per relation, across hooks", async () => {
      const c = ctx();
      const rel = dbRelation(undefined);
      const st = await c.run(c.on.relationCreated(rel), state({ leader: true, relations: [rel, peers()] }));
      const first = c.logLines("WARNING");
      expect(first).toEqual([expect.stringMatching(/relation db:7 uses the deprecated "pgsql" interface; relate to the provider's "database" endpoint \(interface "postgresql_client"\)/)]);
      await c.run(c.on.relationJoined(relationIn(st), { remoteUnit: 0 }), st);
      expect(c.logLines("WARNING")).toEqual([]);
    });

    test("an undeclared peer endpoint is a typed construction error naming the option", async () => {
      options = { relationName: "db", peerRelationName: "nope" };
      const c = ctx();
      await expect(c.run(c.on.updateStatus(), state({ leader: true }))).rejects.toThrow(UncaughtCharmError);
      expect(c.error?.name).toBe("LegacyConfigError");
      expect(c.error?.message).toMatch(/option "peerRelationName": the charm's metadata declares no endpoint "nope" under peers:/);
    });

    test("no password in logs or stored state over a whole relation lifecycle", async () => {
      const c = ctx();
      let st = await joined(c, dbRelation(undefined));
      const logs: string[] = [];
      st = await changed(c, st, answer());
      logs.push(...c.logLines());
      st = await changed(c, st, answer({ master: MASTER.replace(PASSWORD, "n3wPassw0rd") }));
      logs.push(...c.logLines());
      const out = await c.run(c.on.relationBroken(relationIn(st)), st);
      logs.push(...c.logLines());
      for (const secret of [PASSWORD, "n3wPassw0rd"]) {
        expect(logs.join("\n")).not.toContain(secret);
        expect(JSON.stringify(st.storedState) + JSON.stringify(out.storedState)).not.toContain(secret);
      }
    });
  });

  test("hook-tool budget: the leader's relation-changed that delivers the answer", async () => {
    const c = ctx();
    const st = await joined(c, dbRelation(undefined));
    await changed(c, st, answer());
    // relation-get: remote app, remote unit, own unit (egress-subnets). Stored state, the deferred
    // queue and the digests are in the machine unit's state file: no state-get or state-set. No
    // relation-set: the request is not re-written here. relation-list lists the remote units
    // (their bags are read); the remote app's name needs none.
    expect(c.toolCalls.map((t) => t.cmd)).toEqual(["is-leader", "relation-get", "relation-list", "relation-get", "relation-get"]);
  });
});
