// Issue 17: what the requirer costs in hook-tool calls, on the Context/State harness (lib/ops's
// dispatch over the fake Juju, so these are the calls a real unit makes). The harness runs a
// machine unit, whose stored state is in its charm directory (no state-get or state-set), unless
// a test says Kubernetes (`stateStorage: "controller"`).
// - Hooks that need no relation data make no relation call: the endpoint's live relations are
//   recorded between hooks (install starts the record empty, relation-created adds, -broken
//   removes), so leader-elected and config-changed without relations ask Juju nothing.
// - The leader still re-asserts the request on leader hooks when relations exist (G-10).
// - responses(), suggestedStatus() and problems() read each relation at most once per hook and
//   share those reads with the engine: calling them again costs nothing.
import { CharmBase } from "../../lib/ops/index.js";
import { DatabaseRequires } from "../../lib/requires/database-requires.js";
import { PostgreSQLRequires } from "../../lib/engines/postgresql/postgresql-requires.js";
import { Context, relation, secret, state, type Relation, type Secret, type State, type ToolCallRecord } from "../../lib/testing/index.js";

const USER = { username: "relation_id_1", password: "Xy7pQ2mN9vLk3RtA" };
const ANSWER = { endpoints: "pg-primary:5432", database: "myappdb", version: "16.4" };
const cmds = (c: Context): string[] => c.toolCalls.map((t) => t.cmd);

// ---- hooks without relation data ---------------------------------------------------------------

const limited = { name: "myapp", requires: { database: { interface: "postgresql_client", limit: 1 } } };

class MinimalCharm extends CharmBase {
  readonly db = new PostgreSQLRequires(this, { relationName: "database", database: "myappdb" });
}

function answered(user: Secret, id = 1): Relation {
  return relation({ id, endpoint: "database", remoteApp: `postgresql${id}`, remoteAppData: { "secret-user": user.id, ...ANSWER } });
}

/** `st` with the engine's memory as versions before the remote application was remembered left it. */
function withoutRecordedApp(st: State): State {
  const key = "ops-ts/stored/data-interfaces.requires/database";
  const raw = st.storedState[key];
  if (raw === undefined) throw new Error(`no ${key} in the stored state`);
  const memory = JSON.parse(raw) as { relations: Record<string, Record<string, unknown>> };
  for (const rel of Object.values(memory.relations)) delete rel["app"];
  return { ...st, storedState: { ...st.storedState, [key]: JSON.stringify(memory) } };
}

describe("hooks that need no relation data", () => {
  test("deploy: install records that there is no relation yet; leader-elected, config-changed and start call nothing", async () => {
    const c = new Context(MinimalCharm, { metadata: limited });
    let st = await c.run(c.on.install(), state({ leader: true }));
    expect(cmds(c)).toEqual([]);
    for (const event of [c.on.leaderElected(), c.on.configChanged(), c.on.start()]) {
      st = await c.run(event, st);
      expect(cmds(c)).toEqual([]);
    }
  });

  test("deploy on Kubernetes (state in the controller): each hook reads it once, install also writes it", async () => {
    const c = new Context(MinimalCharm, { metadata: limited, stateStorage: "controller" });
    let st = await c.run(c.on.install(), state({ leader: true }));
    expect(cmds(c)).toEqual(["state-get", "state-set"]);
    for (const event of [c.on.leaderElected(), c.on.configChanged(), c.on.start()]) {
      st = await c.run(event, st);
      expect(cmds(c)).toEqual(["state-get"]);
    }
  });

  test("credentials after relation-created: no relation-ids for the endpoint limit; relation-broken reads no relation list", async () => {
    const c = new Context(MinimalCharm, { metadata: limited });
    const user = secret({ trackedContent: USER });
    const rel = answered(user);
    let st = await c.run(c.on.install(), state({ leader: true, secrets: [user] }));
    st = await c.run(c.on.relationCreated(rel), { ...st, relations: [rel] });
    expect(cmds(c)).not.toContain("relation-ids");
    st = await c.run(c.on.relationChanged(rel), st);
    expect(c.emitted("databaseCreated")).toHaveLength(1);
    expect(cmds(c)).toEqual(["relation-get", "secret-get"]);
    st = await c.run(c.on.relationBroken(rel), st);
    expect(cmds(c)).toEqual([]);
    // The relation is gone from the record too: a later leader hook calls nothing again.
    await c.run(c.on.configChanged(), { ...st, relations: [] });
    expect(cmds(c)).toEqual([]);
  });

  test("on Kubernetes relation-created sends no state-set: its record goes to the copy with the next hook that changes the state, and a pod replaced before then still announces the database", async () => {
    const c = new Context(MinimalCharm, { metadata: limited, stateStorage: "mirrored" });
    const user = secret({ trackedContent: USER });
    const rel = answered(user);
    const installed = await c.run(c.on.install(), state({ leader: true, secrets: [user] }));
    const created = await c.run(c.on.relationCreated(rel), { ...installed, relations: [rel] });
    expect(cmds(c)).toEqual(["is-leader", "relation-get", "relation-model-get", "relation-set"]);
    // The pod goes between the hooks: the new one starts from the copy, which lacks the record.
    for (const st of [created, { ...created, storedState: installed.storedState }]) {
      await c.run(c.on.relationChanged(rel), st);
      expect(c.emitted("databaseCreated")).toHaveLength(1);
      expect(cmds(c)).toContain("state-set");
    }
    // The replaced pod recovers what the copy lacked: the live relations, and its unit bag once (a record of an older version's kind).
    expect(cmds(c)).toEqual(["relation-get", "relation-ids", "relation-get", "secret-get", "state-set"]);
  });

  test("relation-created: the leader reads and writes its application bag only (G-17); with aliases the unit bags are read and the alias written", async () => {
    const rel = relation({ id: 1, endpoint: "database", remoteApp: "postgresql" });
    const leader = new Context(MinimalCharm, { metadata: limited });
    let st = await leader.run(leader.on.install(), state({ leader: true }));
    st = await leader.run(leader.on.relationCreated(rel), { ...st, relations: [rel] });
    const call = (t: ToolCallRecord): string => [t.cmd, ...t.argv.filter((a) => a === "--app")].join(" ");
    expect(leader.toolCalls.map(call)).toEqual(["is-leader", "relation-get --app", "relation-model-get", "relation-set --app"]);
    expect(st.relations[0]?.localUnitData).not.toHaveProperty("requested-secrets");
    expect(st.relations[0]?.localUnitData).not.toHaveProperty("provided-secrets");
    expect(st.relations[0]?.localAppData).toMatchObject({ database: "myappdb" });

    // A unit that does not lead has nothing to write on relation-created: it reads nothing either.
    const follower = new Context(MinimalCharm, { metadata: limited });
    st = await follower.run(follower.on.install(), state());
    st = await follower.run(follower.on.relationCreated(rel), { ...st, relations: [rel] });
    expect(cmds(follower)).toEqual(["is-leader"]);

    // With aliases, the alias this relation may hold and those of the others are read.
    class AliasedCharm extends CharmBase {
      readonly db = new PostgreSQLRequires(this, { relationName: "database", database: "myappdb", relationAliases: ["cluster1"] });
    }
    const aliased = new Context(AliasedCharm, { metadata: limited });
    st = await aliased.run(aliased.on.install(), state({ leader: true }));
    st = await aliased.run(aliased.on.relationCreated(rel), { ...st, relations: [rel] });
    expect(aliased.toolCalls.filter((t) => t.cmd === "relation-get" && !t.argv.includes("--app"))).toHaveLength(1);
    expect(aliased.toolCalls.filter((t) => t.cmd === "relation-set").map(call)).toEqual(["relation-set", "relation-set --app"]);
    expect(st.relations[0]?.localUnitData).toMatchObject({ alias: "cluster1" });
    expect(st.relations[0]?.localUnitData).not.toHaveProperty("requested-secrets");
  });

  describe("secret-changed finds its relation in this unit's record", () => {
    /** install, relation-created and the credentials on a unit; the provider then rotates the password. */
    async function rotated(c: Context, opts: { forget?: "app" } = {}): Promise<{ st: State; user: Secret }> {
      const user = secret({ trackedContent: USER, label: "database.1.user.secret" });
      const rel = answered(user);
      let st = await c.run(c.on.install(), state({ leader: true, secrets: [user] }));
      st = await c.run(c.on.relationCreated(rel), { ...st, relations: [rel] });
      st = await c.run(c.on.relationChanged(rel), st);
      expect(c.emitted("databaseCreated")).toHaveLength(1);
      if (opts.forget === "app") st = withoutRecordedApp(st);
      const tracked = st.secrets.find((x) => x.id === user.id) ?? user;
      const next = secret({ ...tracked, trackedContent: tracked.trackedContent, latestContent: { ...USER, password: "n3wPassw0rd-Zq8" } });
      return { st: { ...st, secrets: [next] }, user: next };
    }

    test("rotation: no relation-ids or relation-list, the remote application is remembered from relation-created", async () => {
      const c = new Context(MinimalCharm, { metadata: limited });
      const { st, user } = await rotated(c);
      await c.run(c.on.secretChanged(user), st);
      expect(c.error).toBeUndefined();
      expect(c.emitted("credentialsRotated")).toHaveLength(1);
      expect(cmds(c)).toEqual(["relation-get", "secret-get"]);
    });

    test("a relation the record still lists but Juju removed (its -broken hook skipped) is ignored, not an error", async () => {
      const c = new Context(MinimalCharm, { metadata: limited });
      const { st, user } = await rotated(c);
      await c.run(c.on.secretChanged(user), { ...st, relations: [] });
      expect(c.error).toBeUndefined();
      expect(c.emitted("credentialsRotated")).toEqual([]);
      // Reading its bag, Juju said it does not know the relation: nothing is decided or stored,
      // and a DEBUG line says why (the harness sends every level through juju-log).
      expect(cmds(c)).toEqual(["relation-get", "juju-log"]);
      expect(c.logLines("DEBUG")).toContain("secret-changed for database.1.user.secret: relation 1 is gone, ignored");
    });

    test("memory written before the remote application was remembered: Juju is asked, once, and the name is kept", async () => {
      const c = new Context(MinimalCharm, { metadata: limited });
      const { st, user } = await rotated(c, { forget: "app" });
      const out = await c.run(c.on.secretChanged(user), st);
      expect(c.emitted("credentialsRotated")).toHaveLength(1);
      expect(cmds(c)).toEqual(["relation-ids", "relation-list", "relation-get", "secret-get"]);
      // The name is remembered now: the next secret-changed asks neither.
      const tracked = out.secrets.find((x) => x.id === user.id) ?? user;
      const again = secret({ ...tracked, trackedContent: tracked.trackedContent, latestContent: { ...USER, password: "an0therPassw0rd-Kd2" } });
      await c.run(c.on.secretChanged(again), { ...out, secrets: [again] });
      expect(c.emitted("credentialsRotated")).toHaveLength(1);
      expect(cmds(c)).toEqual(["relation-get", "secret-get"]);
    });
  });

  test("G-10: with a relation, a new leader re-asserts the request (is-leader, then the relation list)", async () => {
    const c = new Context(MinimalCharm, { metadata: limited });
    const rel = relation({ id: 1, endpoint: "database", remoteApp: "postgresql" });
    let st = await c.run(c.on.install(), state());
    // relation-created ran while this unit was not the leader: it wrote no request.
    st = await c.run(c.on.relationCreated(rel), { ...st, relations: [rel] });
    expect(st.relations[0]?.localAppData).toEqual({});
    st = await c.run(c.on.leaderElected(), { ...st, leader: true });
    expect(cmds(c).slice(0, 2)).toEqual(["is-leader", "relation-ids"]);
    // The relation is live because relation-ids listed it, and its remote application is the one
    // relation-created recorded: no relation-list before writing to it.
    expect(cmds(c)).not.toContain("relation-list");
    expect(st.relations[0]?.localAppData).toMatchObject({ database: "myappdb" });
  });

  test("a unit with no record (upgraded from a version without one) asks Juju, and re-asserts the request", async () => {
    const c = new Context(MinimalCharm, { metadata: limited });
    const rel = relation({ id: 1, endpoint: "database", remoteApp: "postgresql" });
    const st = await c.run(c.on.upgradeCharm(), state({ leader: true, relations: [rel] }));
    expect(cmds(c)).toContain("relation-ids");
    expect(st.relations[0]?.localAppData).toMatchObject({ database: "myappdb" });
    // What relation-ids answered is recorded: once the relation is broken, the record alone says
    // there is nothing left (no relation-ids in the -broken hook nor in the next leader hook).
    const broken = await c.run(c.on.relationBroken(rel), st);
    // (relation-get: its own unit bag, for an older version's snapshot, since the engine
    // remembers nothing of a relation it never observed.)
    expect(cmds(c)).toEqual(["relation-get"]);
    await c.run(c.on.configChanged(), { ...broken, relations: [] });
    expect(cmds(c)).toEqual([]);
  });

  test("a relation missing from the record (its relation-created never committed) is checked against relation-ids", async () => {
    const c = new Context(MinimalCharm, { metadata: limited });
    const users = [secret({ trackedContent: USER }), secret({ trackedContent: USER })] as const;
    const first = answered(users[0], 1);
    const second = answered(users[1], 2);
    const st = await c.run(c.on.install(), state({ leader: true }));
    // Two relations on an endpoint with limit 1: the record (empty) cannot be trusted for the
    // hook's relation, so Juju is asked, and the later relation is held over the limit.
    const out = await c.run(c.on.relationChanged(second), { ...st, relations: [first, second], secrets: [...users] });
    expect(cmds(c)).toContain("relation-ids");
    expect(c.emitted("databaseCreated")).toEqual([]);
    expect(c.logLines().some((l) => l.includes("limit"))).toBe(true);
    // Both are recorded now: the first relation is served from the record, no relation-ids.
    await c.run(c.on.relationChanged(first), out);
    expect(cmds(c)).not.toContain("relation-ids");
    expect(c.emitted("databaseCreated")).toHaveLength(1);
  });

  test("a relation still recorded but gone (its -broken hook skipped) does not hold a later one over the limit", async () => {
    const c = new Context(MinimalCharm, { metadata: limited });
    const first = relation({ id: 1, endpoint: "database", remoteApp: "postgresql1" });
    const user = secret({ trackedContent: USER });
    const second = answered(user, 2);
    let st = await c.run(c.on.install(), state({ leader: true, secrets: [user] }));
    st = await c.run(c.on.relationCreated(first), { ...st, relations: [first] });
    st = await c.run(c.on.relationCreated(second), { ...st, relations: [first, second] });
    // Relation 1 is gone without its -broken hook committing: the record still lists it, so
    // holding relation 2 is confirmed with relation-ids, which serves it.
    await c.run(c.on.relationChanged(second), { ...st, relations: [second] });
    expect(cmds(c)).toContain("relation-ids");
    expect(c.emitted("databaseCreated")).toHaveLength(1);
  });
});

// ---- responses(), suggestedStatus(), problems() ----------------------------------------------

const open = { name: "myapp", requires: { database: { interface: "postgresql_client" } } };
const MARK = "hook-tool-calls mark";
const ROUNDS = 3;
const METHODS = ["responses", "suggestedStatus", "problems"] as const;

function callMethods(charm: CharmBase, db: DatabaseRequires<never, unknown>): void {
  // Each mark is one juju-log call: it splits the hook's calls by the method that made them.
  const mark = (label: string): void => charm.model.backend.jujuLog("DEBUG", `${MARK} ${label}`);
  mark("before");
  for (let round = 0; round < ROUNDS; round++) {
    db.responses();
    mark(`${round} responses`);
    db.suggestedStatus();
    mark(`${round} suggestedStatus`);
    db.problems();
    mark(`${round} problems`);
  }
}

class GenericCharm extends CharmBase {
  readonly db = new DatabaseRequires(this, { relationName: "database", database: "myappdb" });
  protected override setup(): void {
    this.on("update-status", () => callMethods(this, this.db as DatabaseRequires<never, unknown>));
    this.on("database-relation-changed", () => callMethods(this, this.db as DatabaseRequires<never, unknown>));
  }
}
class PostgreSQLCharm extends CharmBase {
  readonly db = new PostgreSQLRequires(this, { relationName: "database", database: "myappdb" });
  protected override setup(): void {
    this.on("update-status", () => callMethods(this, this.db as unknown as DatabaseRequires<never, unknown>));
    this.on("database-relation-changed", () => callMethods(this, this.db as unknown as DatabaseRequires<never, unknown>));
  }
}

/** The calls between each mark and the one before it, by the mark's label. */
function byMark(calls: readonly ToolCallRecord[]): Map<string, ToolCallRecord[]> {
  const out = new Map<string, ToolCallRecord[]>();
  let current: ToolCallRecord[] = [];
  for (const call of calls) {
    const label = call.cmd === "juju-log" ? call.argv.find((a) => a.startsWith(MARK))?.slice(MARK.length + 1) : undefined;
    if (label === undefined) {
      current.push(call);
      continue;
    }
    out.set(label, current);
    current = [];
  }
  return out;
}

function world(n: number): { rels: Relation[]; secrets: Secret[]; st: State } {
  const secrets = Array.from({ length: n }, (_, i) => secret({ trackedContent: { username: `relation_id_${i + 1}`, password: `passw0rd-${i + 1}-Xy7pQ2mN` } }));
  const rels = secrets.map((user, i) => answered(user, i + 1));
  return { rels, secrets, st: state({ relations: rels, secrets }) };
}

/**
 * What the three methods may cost together in one hook, and why. Reading a relation takes, once
 * per hook: its remote application's name (`relation-list`, none for the hook's own relation,
 * which Juju names in the environment, nor for one whose name relation-created recorded; that it
 * is live is what relation-ids says), the provider's application bag
 * (`relation-get --app`) and its credentials secret (`secret-get`); finding the relations takes
 * one `relation-ids`. A relation the engine already read in this hook costs nothing more. Nothing
 * else is allowed (no unit bags: the provider is not subordinate), and every call after the first
 * round of the three methods is a failure.
 */
function expectWithinBudget(c: Context, n: number, rels: readonly Relation[], secrets: readonly Secret[], readByEngine: number | undefined): void {
  const marks = byMark(c.toolCalls);
  const first = ["0 responses", "0 suggestedStatus", "0 problems"].flatMap((label) => marks.get(label) ?? []);
  const count = (pred: (call: ToolCallRecord) => boolean): number => first.filter(pred).length;
  expect(count((t) => t.cmd === "relation-ids")).toBeLessThanOrEqual(1);
  for (const [i, rel] of rels.entries()) {
    const ref = `database:${rel.id}`;
    const once = rel.id === readByEngine ? 0 : 1;
    expect(count((t) => t.cmd === "relation-list" && t.argv.includes(ref))).toBeLessThanOrEqual(once);
    expect(count((t) => t.cmd === "relation-get" && t.argv.includes(ref))).toBeLessThanOrEqual(once);
    expect(count((t) => t.cmd === "secret-get" && t.argv.includes(secrets[i]?.id ?? ""))).toBeLessThanOrEqual(once);
  }
  expect(first.filter((t) => t.cmd === "relation-get").every((t) => t.argv.includes("--app"))).toBe(true);
  expect([...new Set(first.map((t) => t.cmd))].filter((cmd) => !["relation-ids", "relation-list", "relation-get", "secret-get"].includes(cmd))).toEqual([]);
  const unread = readByEngine === undefined ? n : n - 1;
  expect(first.length).toBeLessThanOrEqual(1 + 3 * unread);
  for (let round = 1; round < ROUNDS; round++) {
    for (const method of METHODS) expect([round, method, marks.get(`${round} ${method}`)?.map((t) => t.cmd)]).toEqual([round, method, []]);
  }
}

describe.each([
  ["DatabaseRequires", GenericCharm],
  ["PostgreSQLRequires", PostgreSQLCharm],
] as const)("%s: responses(), suggestedStatus() and problems() read each relation once per hook", (_name, charm) => {
  test.each([1, 3, 10])("update-status with %i relations", async (n) => {
    const { rels, secrets, st } = world(n);
    const c = new Context(charm, { metadata: open });
    await c.run(c.on.updateStatus(), st);
    expect(c.error).toBeUndefined();
    expectWithinBudget(c, n, rels, secrets, undefined);
  });

  test.each([1, 3, 10])("update-status with %i relations this unit recorded: no relation-list, 1 + 2n calls", async (n) => {
    const { rels, secrets, st: world0 } = world(n);
    const c = new Context(charm, { metadata: open });
    let st = await c.run(c.on.install(), { ...world0, relations: [] });
    for (const [i, rel] of rels.entries()) st = await c.run(c.on.relationCreated(rel), { ...st, relations: rels.slice(0, i + 1) });
    await c.run(c.on.updateStatus(), st);
    expect(c.error).toBeUndefined();
    expectWithinBudget(c, n, rels, secrets, undefined);
    const calls = [...(byMark(c.toolCalls).get("before") ?? []), ...["0 responses", "0 suggestedStatus", "0 problems"].flatMap((label) => byMark(c.toolCalls).get(label) ?? [])];
    // relation-ids says which relations are live in this hook; each one's remote application
    // comes from the record relation-created made, so what is left is its bag and its secret.
    expect(calls.filter((t) => t.cmd === "relation-list")).toEqual([]);
    expect(calls.length).toBe(1 + 2 * n);
  });

  test.each([1, 3, 10])("relation-changed of one of %i relations, after the engine read it", async (n) => {
    const { rels, secrets, st } = world(n);
    const c = new Context(charm, { metadata: open });
    const hookRel = rels[0] as Relation;
    await c.run(c.on.relationChanged(hookRel), st);
    expect(c.error).toBeUndefined();
    expect(c.emitted("databaseCreated")).toHaveLength(1);
    expectWithinBudget(c, n, rels, secrets, hookRel.id);
  });

  test("relation-changed of the only relation, all relations recorded: the three methods call nothing", async () => {
    const { rels, secrets } = world(1);
    const c = new Context(charm, { metadata: open });
    let st = await c.run(c.on.install(), state({ secrets }));
    st = await c.run(c.on.relationCreated(rels[0] as Relation), { ...st, relations: rels });
    await c.run(c.on.relationChanged(rels[0] as Relation), st);
    const marks = byMark(c.toolCalls);
    for (const method of METHODS) expect([method, marks.get(`0 ${method}`)?.map((t) => t.cmd)]).toEqual([method, []]);
  });
});
