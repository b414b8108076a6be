import {
  InconsistentScenarioError,
  peerRelation,
  relation,
  secret,
  state,
  subordinateRelation,
  type HarnessEvent,
  type State,
} from "../../../lib/testing/index.js";
import { fnContext } from "./harness-fixture.js";

const charm = jest.fn();

async function problemsOf(event: (ctx: ReturnType<typeof fnContext>) => HarnessEvent, st: State, options: { jujuVersion?: string } = {}): Promise<readonly string[]> {
  const ctx = fnContext(charm, options);
  try {
    await ctx.run(event(ctx), st);
  } catch (e) {
    if (e instanceof InconsistentScenarioError) return e.problems;
    throw e;
  }
  return [];
}

beforeEach(() => charm.mockReset());

describe("consistency checker", () => {
  test("a consistent scenario runs the charm", async () => {
    const db = relation({ endpoint: "database", remoteApp: "postgresql" });
    expect(await problemsOf((c) => c.on.relationChanged(db), state({ relations: [db] }))).toEqual([]);
    expect(charm).toHaveBeenCalledTimes(1);
  });

  test("an event for a relation not in the state", async () => {
    const db = relation({ endpoint: "database" });
    const problems = await problemsOf((c) => c.on.relationChanged(db), state());
    expect(problems).toEqual([`database-relation-changed: relation database:${db.id} is not in the state's relations`]);
    expect(charm).not.toHaveBeenCalled();
  });

  test("an endpoint not in metadata", async () => {
    const bad = relation({ endpoint: "cache" });
    expect(await problemsOf((c) => c.on.start(), state({ relations: [bad] }))).toEqual([`relation cache:${bad.id}: endpoint "cache" is not declared in metadata.yaml`]);
  });

  test("a peer endpoint given as a regular relation, and a peer relation on a non-peer endpoint", async () => {
    const asRegular = relation({ endpoint: "cluster" });
    const asPeer = peerRelation({ endpoint: "website" });
    expect(await problemsOf((c) => c.on.start(), state({ relations: [asRegular, asPeer] }))).toEqual([
      `relation cluster:${asRegular.id}: "cluster" is a peer endpoint; use peerRelation()`,
      `relation website:${asPeer.id}: "website" is not a peer endpoint; peerRelation() is only for peers`,
    ]);
  });

  test("a regular relation whose remote app is the own app (a peer in disguise)", async () => {
    const rel = relation({ endpoint: "website", remoteApp: "webapp" });
    expect(await problemsOf((c) => c.on.start(), state({ relations: [rel] }))).toEqual([
      `relation website:${rel.id}: the remote application cannot be the unit's own application "webapp" (use a peer relation)`,
    ]);
  });

  test("peersData containing the unit under test", async () => {
    const rel = peerRelation({ endpoint: "cluster", peersData: { 0: {}, 1: {} } });
    expect(await problemsOf((c) => c.on.start(), state({ relations: [rel] }))).toEqual([
      `relation cluster:${rel.id}: peersData must not contain the unit under test (webapp/0)`,
    ]);
  });

  test("a container-scoped endpoint given as regular, and a subordinate relation on a global endpoint", async () => {
    const asRegular = relation({ endpoint: "logging" });
    const asSub = subordinateRelation({ endpoint: "database" });
    expect(await problemsOf((c) => c.on.start(), state({ relations: [asRegular, asSub] }))).toEqual([
      `relation logging:${asRegular.id}: "logging" has scope container; use subordinateRelation()`,
      `relation database:${asSub.id}: "database" is not a container-scoped endpoint; subordinateRelation() is only for those`,
    ]);
  });

  test("duplicate relation ids", async () => {
    const a = relation({ endpoint: "database", id: 5 });
    const b = relation({ endpoint: "website", id: 5 });
    expect(await problemsOf((c) => c.on.start(), state({ relations: [a, b] }))).toEqual(["relation id 5 is used by more than one relation"]);
  });

  test("joined/changed/departed need a remote unit", async () => {
    const empty = relation({ endpoint: "database", remoteUnitsData: {} });
    for (const fire of [(c: ReturnType<typeof fnContext>) => c.on.relationJoined(empty), (c: ReturnType<typeof fnContext>) => c.on.relationChanged(empty), (c: ReturnType<typeof fnContext>) => c.on.relationDeparted(empty)]) {
      const problems = await problemsOf(fire, state({ relations: [empty] }));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/has no remote units; (joined|changed|departed) needs a remote unit$/);
    }
    const two = relation({ endpoint: "database", remoteUnitsData: { 0: {}, 1: {} } });
    expect(await problemsOf((c) => c.on.relationJoined(two), state({ relations: [two] }))).toEqual([
      `database-relation-joined: relation database:${two.id} has 2 remote units; say which with { remoteUnit }`,
    ]);
    expect(await problemsOf((c) => c.on.relationJoined(two, { remoteUnit: 7 }), state({ relations: [two] }))).toEqual([
      `database-relation-joined: remote unit remote/7 is not a unit of relation database:${two.id} (units: remote/0, remote/1)`,
    ]);
  });

  test("secret-changed for a secret the unit owns or does not observe", async () => {
    const owned = secret({ owner: "application", trackedContent: { abc: "x" } });
    const unknown = secret({ trackedContent: { abc: "x" } });
    expect(await problemsOf((c) => c.on.secretChanged(owned), state({ secrets: [owned] }))).toEqual([
      `secret-changed: secret ${owned.id} is owned by this application; secret-changed goes only to observers`,
    ]);
    expect(await problemsOf((c) => c.on.secretChanged(unknown), state())).toEqual([`secret-changed: secret ${unknown.id} is not in the state's secrets`]);
  });

  test("secret-remove/expired on a secret not owned", async () => {
    const observed = secret({ trackedContent: { abc: "x" } });
    expect(await problemsOf((c) => c.on.secretRemove(observed, { revision: 1 }), state({ secrets: [observed] }))).toEqual([
      `secret-remove: secret ${observed.id} is not owned by this unit or application; secret-remove goes only to the owner`,
    ]);
    expect(await problemsOf((c) => c.on.secretExpired(observed), state({ secrets: [observed] }))).toEqual([
      `secret-expired: secret ${observed.id} is not owned by this unit or application; secret-expired goes only to the owner`,
    ]);
  });

  test("actions must be declared, with declared, typed params and required ones present", async () => {
    expect(await problemsOf((c) => c.on.action("restore"), state())).toEqual(['action "restore" is not declared in actions.yaml']);
    expect(await problemsOf((c) => c.on.action("backup", { target: "s3", force: true }), state())).toEqual(['action "backup": parameter "force" is not declared in actions.yaml']);
    expect(await problemsOf((c) => c.on.action("backup", { target: "s3", retries: 1.5 }), state())).toEqual(['action "backup": parameter "retries" must be of type integer']);
    expect(await problemsOf((c) => c.on.action("backup", {}), state())).toEqual(['action "backup": required parameter "target" is missing']);
    expect(await problemsOf((c) => c.on.action("untyped", {}), state())).toEqual(['action "untyped": parameter "thing" has no type in actions.yaml']);
  });

  test("config keys must be declared and of the declared type", async () => {
    expect(await problemsOf((c) => c.on.configChanged(), state({ config: { colour: "red" } }))).toEqual(['config option "colour" is not declared in config.yaml']);
    expect(await problemsOf((c) => c.on.configChanged(), state({ config: { port: "80", debug: 1, ratio: 0.5, creds: "nope" } }))).toEqual([
      'config option "port" is declared as int but the state gives string',
      'config option "debug" is declared as boolean but the state gives number',
      'config option "creds" is declared as secret but the state gives string (expected secret:<20 lowercase alphanumerics>)',
    ]);
  });

  test("secrets need Juju >= 3.0.3", async () => {
    const s = secret({ trackedContent: { abc: "x" } });
    expect(await problemsOf((c) => c.on.start(), state({ secrets: [s] }), { jujuVersion: "3.0.2" })).toEqual(["secrets need Juju >= 3.0.3; the context runs Juju 3.0.2"]);
    expect(await problemsOf((c) => c.on.start(), state({ secrets: [s] }), { jujuVersion: "3.0.3" })).toEqual([]);
  });

  test("the error message lists every problem", async () => {
    const ctx = fnContext(charm);
    await expect(ctx.run(ctx.on.action("nope"), state({ config: { colour: "red" } }))).rejects.toThrow(
      'inconsistent scenario (change the State or the event so that Juju could produce them):\n - config option "colour" is not declared in config.yaml\n - action "nope" is not declared in actions.yaml',
    );
  });
});

test("a state's model.jujuVersion overrides the context's", async () => {
  const s = secret({ trackedContent: { abc: "x" } });
  expect(await problemsOf((c) => c.on.start(), state({ secrets: [s], model: { name: "m", uuid: "u", jujuVersion: "2.9.44" } }))).toEqual([
    "secrets need Juju >= 3.0.3; the context runs Juju 2.9.44",
  ]);
});
