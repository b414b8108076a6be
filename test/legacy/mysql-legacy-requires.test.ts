// MySQLLegacyRequires on the Context/State harness, named by the checklist ids M-01..M-04 of
// docs/protocol.md#requirements.
import { CharmBase } from "../../lib/ops/index.js";
import { chooseCredentials, judgeUnitBag, MySQLLegacyRequires, type MySQLLegacyRequiresOptions, type MysqlLegacyEventName } from "../../lib/legacy/index.js";
import { type Context, DEFAULT_UNIT_BAG, deferredNotices, relation, state, type Relation, type State } from "../../lib/testing/index.js";
import { onJujuMatrix } from "../support/juju-matrix.js";

const PASSWORD = "q8ZrT3vK0bLw5YhN2cJx7DmA";
const ROOT_PASSWORD = "5tGhY7uJk9LmN2bV4cX6zA8s";

interface Seen {
  readonly name: string;
  readonly unit?: string | undefined;
  readonly host?: string | undefined;
  readonly rootPassword?: string | undefined;
  readonly endpoints?: readonly string[];
}
let seen: Seen[] = [];
let options: MySQLLegacyRequiresOptions = { relationName: "db" };
let deferName: MysqlLegacyEventName | undefined;
const NAMES: readonly MysqlLegacyEventName[] = ["databaseAvailable", "databaseChanged", "databaseGone", "databaseCreated", "endpointsChanged", "databaseRemoved"];

class MyClientCharm extends CharmBase {
  readonly db = new MySQLLegacyRequires(this, options);
  protected override setup(): void {
    for (const name of NAMES) {
      this.db.on(name, (e) => {
        const entry: Seen = { name };
        if ("credentials" in e) Object.assign(entry, { unit: e.credentials?.unit, host: e.credentials?.host, rootPassword: e.credentials?.rootPassword });
        if ("response" in e) Object.assign(entry, { endpoints: e.response.endpoints });
        seen.push(entry);
        if (name === deferName) e.defer();
      });
    }
  }
}

const metadata = { name: "myapp", requires: { db: { interface: "mysql", limit: 1 } } };
// The whole suite runs on each Juju version of the matrix (test/support/juju-matrix.ts): the
// legacy interfaces use relation data only, so every version takes the same tests.
onJujuMatrix("MySQLLegacyRequires on the harness", (juju) => {
  const ctx = (): Context<typeof MyClientCharm> => juju.context(MyClientCharm, { metadata });

  /** What every mysql-k8s unit writes into its own unit databag (docs/protocol.md#mysql-answer). */
  function unitAnswer(extra: Record<string, string> = {}): Record<string, string> {
    return {
      ...DEFAULT_UNIT_BAG,
      database: "database-7",
      host: "mysql-k8s-0.mysql-k8s-endpoints.prod.svc.cluster.local",
      password: PASSWORD,
      port: "3306",
      root_password: ROOT_PASSWORD,
      user: "relation-7",
      ...extra,
    };
  }

  function dbRelation(units: Record<number, Record<string, string>>, appData: Record<string, string> = {}): Relation {
    return relation({ id: 7, endpoint: "db", remoteApp: "mysql-k8s", remoteAppData: appData, remoteUnitsData: units });
  }

  async function run(c: Context<typeof MyClientCharm>, st: State, units: Record<number, Record<string, string>>, trigger: number | undefined, event: "changed" | "joined" = "changed"): Promise<State> {
    const old = st.relations.find((r) => r.id === 7);
    const rel: Relation = { ...(old as Relation), remoteUnitsData: units };
    const next = { ...st, relations: st.relations.map((r) => (r.id === 7 ? rel : r)) };
    seen = [];
    const hook = event === "joined" ? c.on.relationJoined(rel, { remoteUnit: trigger ?? 0 }) : trigger === undefined ? c.on.relationChanged(rel) : c.on.relationChanged(rel, { remoteUnit: trigger });
    const out = await c.run(hook, next);
    expect(c.error).toBeUndefined();
    return out;
  }

  const start = (units: Record<number, Record<string, string>> = { 0: { ...DEFAULT_UNIT_BAG } }): State => state({ leader: true, relations: [dbRelation(units)] });

  beforeEach(() => {
    seen = [];
    options = { relationName: "db" };
    deferName = undefined;
  });

  test("M-01 the requirer writes nothing, in any hook", async () => {
    const c = ctx();
    const rel = dbRelation({ 0: unitAnswer() });
    let st = await c.run(c.on.relationCreated(rel), state({ leader: true, relations: [rel] }));
    st = await run(c, st, { 0: unitAnswer() }, 0, "joined");
    st = await run(c, st, { 0: unitAnswer() }, 0);
    const after = st.relations.find((r) => r.id === 7);
    expect(after?.localAppData).toEqual({});
    expect(after?.localUnitData).toEqual(DEFAULT_UNIT_BAG);
    expect(c.toolCalls.map((t) => t.cmd)).not.toContain("relation-set");
  });

  test("M-01 the app databag is never read for credentials", async () => {
    const c = ctx();
    const rel = dbRelation({ 0: { ...DEFAULT_UNIT_BAG } }, unitAnswer());
    await c.run(c.on.relationChanged(rel, { remoteUnit: 0 }), state({ leader: true, relations: [rel] }));
    expect(seen).toEqual([]);
  });

  describe("M-02 completeness", () => {
    test.each([
      ["host", false],
      ["user", false],
      ["password", false],
      ["database", false],
      ["port", true],
      ["root_password", true],
    ])("without %s the bag is complete: %s", async (key, complete) => {
      const c = ctx();
      await run(c, start(), { 0: unitAnswer({ [key]: "" }) }, 0);
      expect(seen.map((s) => s.name)).toEqual(complete ? ["databaseAvailable", "databaseCreated"] : []);
    });

    test("port defaults to 3306", () => {
      const v = judgeUnitBag("mysql-k8s/0", unitAnswer({ port: "" }), false);
      expect(v.state === "complete" && v.credentials.port).toBe(3306);
    });

    test("partial data arriving over several hooks: available only once complete", async () => {
      const c = ctx();
      let st = await run(c, start(), { 0: { ...DEFAULT_UNIT_BAG, host: "h", user: "relation-7" } }, 0);
      expect(seen).toEqual([]);
      st = await run(c, st, { 0: { ...DEFAULT_UNIT_BAG, host: "h", user: "relation-7", password: PASSWORD } }, 0);
      expect(seen).toEqual([]);
      await run(c, st, { 0: { ...DEFAULT_UNIT_BAG, host: "h", user: "relation-7", password: PASSWORD, database: "database-7" } }, 0);
      expect(seen).toEqual([
        { name: "databaseAvailable", unit: "mysql-k8s/0", host: "h", rootPassword: undefined },
        { name: "databaseCreated", endpoints: ["h:3306"] },
      ]);
    });

    test("an invalid bag (bad port) is reported without values and skipped; the hook succeeds", async () => {
      const c = ctx();
      await run(c, start(), { 0: unitAnswer({ port: "33o6" }), 1: unitAnswer({ host: "from-unit-1" }) }, 0);
      expect(seen[0]).toMatchObject({ name: "databaseAvailable", unit: "mysql-k8s/1", host: "from-unit-1" });
      const warnings = c.logLines("WARNING").join("\n");
      expect(warnings).toMatch(/relation db:7, databag of mysql-k8s\/0, field "\(databag\)": port: expected a port number/);
      expect(warnings).not.toContain(PASSWORD);
    });
  });

  describe("M-03 choosing between units", () => {
    const a = unitAnswer({ host: "primary-a" });
    const b = unitAnswer({ host: "primary-b" });

    test("the triggering unit's complete bag wins (freshest)", async () => {
      const c = ctx();
      let st = await run(c, start(), { 0: a, 1: b }, 1);
      expect(seen[0]).toMatchObject({ name: "databaseAvailable", unit: "mysql-k8s/1", host: "primary-b" });
      st = await run(c, st, { 0: a, 1: b }, 0);
      expect(seen.map((s) => [s.name, s.host])).toEqual([["databaseChanged", "primary-a"], ["endpointsChanged", undefined]]);
    });

    test("without a trigger the previous choice is kept while complete (no flapping)", async () => {
      const c = ctx();
      let st = await run(c, start(), { 0: a, 1: b }, 1);
      st = await run(c, st, { 0: a, 1: b }, undefined);
      expect(seen).toEqual([]);
    });

    test("an incomplete trigger falls back to the previous choice, else the lowest-numbered complete unit", () => {
      const verdicts = [judgeUnitBag("mysql-k8s/2", a, false), judgeUnitBag("mysql-k8s/10", b, false), judgeUnitBag("mysql-k8s/3", { host: "x" }, false)];
      expect(chooseCredentials(verdicts, "mysql-k8s/10", "mysql-k8s/3")?.unit).toBe("mysql-k8s/10");
      expect(chooseCredentials(verdicts, undefined, "mysql-k8s/3")?.unit).toBe("mysql-k8s/2");
      expect(chooseCredentials(verdicts, "mysql-k8s/9", undefined)?.unit).toBe("mysql-k8s/2");
      expect(chooseCredentials([], "mysql-k8s/9", undefined)).toBeUndefined();
    });

    test("mysql-root leader change: the new leader's fresh copy replaces the former leader's stale one", async () => {
      options = { relationName: "db", root: true };
      const c = ctx();
      let st = await run(c, start(), { 0: unitAnswer({ host: "old-primary" }) }, 0);
      expect(seen[0]).toMatchObject({ name: "databaseAvailable", unit: "mysql-k8s/0", host: "old-primary" });
      st = await run(c, st, { 0: unitAnswer({ host: "old-primary" }), 1: unitAnswer({ host: "new-primary" }) }, 1);
      expect(seen[0]).toMatchObject({ name: "databaseChanged", unit: "mysql-k8s/1", host: "new-primary" });
      // The former leader's bag changing on its own (e.g. a departed peer) does not win it back
      // unless that unit is the one whose change triggered the hook.
      await run(c, st, { 0: unitAnswer({ host: "old-primary" }), 1: unitAnswer({ host: "new-primary" }) }, undefined);
      expect(seen).toEqual([]);
    });

    test("the chosen unit departing moves to another complete bag; the last one departing is gone", async () => {
      const c = ctx();
      let st = await run(c, start(), { 0: a, 1: b }, 0);
      const rel = st.relations.find((r) => r.id === 7) as Relation;
      seen = [];
      const departed: Relation = { ...rel, remoteUnitsData: { 1: b } };
      st = await c.run(c.on.relationDeparted(departed, { remoteUnit: 0, departingUnit: 0 }), { ...st, relations: [departed] });
      expect(c.error).toBeUndefined();
      expect(seen.map((s) => [s.name, s.unit])).toEqual([["databaseChanged", "mysql-k8s/1"], ["endpointsChanged", undefined]]);
      seen = [];
      const empty: Relation = { ...departed, remoteUnitsData: {} };
      await c.run(c.on.relationDeparted(empty, { remoteUnit: 1, departingUnit: 1 }), { ...st, relations: [empty] });
      expect(c.error).toBeUndefined();
      expect(seen.map((s) => s.name)).toEqual(["databaseGone", "databaseRemoved"]);
    });
  });

  describe("M-04 events and the root password", () => {
    test("available, then changed for each field of the tuple, nothing for unrelated keys, gone on broken", async () => {
      const c = ctx();
      let st = await run(c, start(), { 0: unitAnswer() }, 0);
      expect(seen.map((s) => s.name)).toEqual(["databaseAvailable", "databaseCreated"]);
      st = await run(c, st, { 0: unitAnswer({ "ingress-address": "192.0.2.9" }) }, 0);
      expect(seen).toEqual([]);
      for (const [key, value] of [["host", "h2"], ["port", "3307"], ["user", "u2"], ["password", "p2"], ["database", "d2"]] as const) {
        st = await run(c, st, { 0: unitAnswer({ [key]: value }) }, 0);
        expect([key, seen.map((s) => s.name)]).toEqual([key, ["databaseChanged", "endpointsChanged"]]);
        st = await run(c, st, { 0: unitAnswer() }, 0);
      }
      seen = [];
      await c.run(c.on.relationBroken(st.relations.find((r) => r.id === 7) as Relation), st);
      expect(c.error).toBeUndefined();
      expect(seen.map((s) => s.name)).toEqual(["databaseGone", "databaseRemoved"]);
    });

    test("relation-broken without credentials ever seen emits nothing", async () => {
      const c = ctx();
      const st = start();
      await c.run(c.on.relationBroken(st.relations[0] as Relation), st);
      expect(seen).toEqual([]);
    });

    test("mysql: root_password is neither exposed nor compared", async () => {
      const c = ctx();
      let st = await run(c, start(), { 0: unitAnswer() }, 0);
      expect(seen[0]?.rootPassword).toBeUndefined();
      st = await run(c, st, { 0: unitAnswer({ root_password: "other" }) }, 0);
      expect(seen).toEqual([]);
    });

    test("mysql-root: root_password is exposed, a change of it is a change, and rootConnection uses it", async () => {
      options = { relationName: "db", root: true };
      const c = ctx();
      let root: unknown;
      class RootProbe extends MyClientCharm {
        protected override setup(): void {
          super.setup();
          this.db.on("databaseAvailable", (e) => void (root = e.credentials?.rootConnection()));
        }
      }
      const probe = juju.context(RootProbe, { metadata });
      let st = await run(probe, start(), { 0: unitAnswer() }, 0);
      expect(seen[0]?.rootPassword).toBe(ROOT_PASSWORD);
      expect(root).toMatchObject({ user: "root", password: ROOT_PASSWORD, host: "mysql-k8s-0.mysql-k8s-endpoints.prod.svc.cluster.local", port: 3306 });
      st = await run(c, st, { 0: unitAnswer({ root_password: "rotated-root" }) }, 0);
      expect(seen.map((s) => s.name)).toEqual(["databaseChanged", "endpointsChanged"]);
    });

    test("secrets never reach logs, stored state, deferred snapshots or serialised payloads", async () => {
      options = { relationName: "db", root: true };
      deferName = "databaseCreated";
      const c = ctx();
      let text = "";
      class Dump extends MyClientCharm {
        protected override setup(): void {
          super.setup();
          this.db.on("databaseAvailable", (e) => void (text += JSON.stringify(e)));
          this.db.on("databaseCreated", (e) => void (text += JSON.stringify(e)));
        }
      }
      const dump = juju.context(Dump, { metadata });
      const st = await run(dump, start(), { 0: unitAnswer() }, 0);
      expect(deferredNotices(st)).toHaveLength(1);
      const everything = [text, JSON.stringify(st.storedState), dump.logLines().join("\n"), c.logLines().join("\n")].join("\n");
      expect(text).toContain("relation-7");
      for (const secret of [PASSWORD, ROOT_PASSWORD]) expect(everything).not.toContain(secret);
    });

    test("the modern twin carries the same connection helpers as the engines (mysql2 options)", async () => {
      let config: unknown;
      class Connect extends MyClientCharm {
        protected override setup(): void {
          this.db.on("databaseCreated", (e) => void (config = e.response.connection()));
        }
      }
      const c = juju.context(Connect, { metadata });
      await run(c, start(), { 0: unitAnswer({ host: "mysql-k8s-primary.prod.svc.cluster.local." }) }, 0);
      expect(config).toEqual({ host: "mysql-k8s-primary.prod.svc.cluster.local", port: 3306, user: "relation-7", password: PASSWORD, database: "database-7" });
    });

    test("a deferred databaseCreated is rebuilt next hook from live unit data", async () => {
      deferName = "databaseCreated";
      const c = ctx();
      const st = await run(c, start(), { 0: unitAnswer() }, 0);
      deferName = undefined;
      seen = [];
      await c.run(c.on.updateStatus(), st);
      expect(seen).toEqual([{ name: "databaseCreated", endpoints: ["mysql-k8s-0.mysql-k8s-endpoints.prod.svc.cluster.local:3306"] }]);
    });

    test("the deprecation warning names the modern interface, once per relation", async () => {
      const c = ctx();
      let st = await run(c, start(), { 0: unitAnswer() }, 0);
      expect(c.logLines("WARNING")).toEqual([expect.stringMatching(/relation db:7 uses the deprecated "mysql" interface; .*"mysql_client"/)]);
      st = await run(c, st, { 0: unitAnswer({ host: "x" }) }, 0);
      expect(c.logLines("WARNING")).toEqual([]);
    });
  });

  test("hook-tool budget: relation-changed that delivers the credentials", async () => {
    const c = ctx();
    const rel = dbRelation({ 0: unitAnswer() });
    const st = state({ leader: true, relations: [rel], storedState: {} });
    await c.run(c.on.relationChanged(rel, { remoteUnit: 0 }), st);
    // juju-log: the one-time deprecation warning (WARNING goes through juju-log). Stored state is
    // in the machine unit's state file: no state-get or state-set.
    expect(c.toolCalls.map((t) => t.cmd)).toEqual(["juju-log", "relation-list", "relation-get"]);
  });
});
