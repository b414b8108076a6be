// Relation.remoteApp: where the name comes from, and which tool calls that costs.
import { Model, parseCharmMetadata, parseHookContext, type CharmMetadata } from "../../lib/ops/index.js";
import { fakeToolStand } from "./fake-tools.js";

const { fake, backend } = fakeToolStand();

const meta: CharmMetadata = parseCharmMetadata("requires:\n  database:\n    interface: postgresql_client\npeers:\n  cluster:\n    interface: cluster\n");
const tools = (): string[] => fake.calls().map((c) => c.tool);

function model(hook: string, extra: Record<string, string> = {}): Model {
  const env = { JUJU_UNIT_NAME: "webapp/0", JUJU_MODEL_NAME: "m", JUJU_MODEL_UUID: "uuid-1", JUJU_VERSION: "3.6.14", JUJU_CHARM_DIR: "/charm" };
  const ctx = parseHookContext({ ...env, JUJU_DISPATCH_PATH: `hooks/${hook}`, JUJU_HOOK_NAME: hook, ...extra });
  return new Model(backend, ctx, { metadata: meta });
}

const relationEnv = { JUJU_RELATION: "database", JUJU_RELATION_ID: "database:7", JUJU_REMOTE_APP: "pg", JUJU_REMOTE_UNIT: "pg/0" };

test("in a hook of the relation, JUJU_REMOTE_APP names the remote app without any tool call", () => {
  fake.respond("relation-ids", { stdout: '["database:7"]' });
  const rel = model("database-relation-changed", relationEnv).getRelation("database", 7)!;
  expect(rel.remoteApp).toBe("pg");
  expect(tools()).toEqual([]);
});

test("for another relation the app comes from the listed units, then from relation-list --app", () => {
  fake.respond("relation-ids", { stdout: '["database:7","database:9"]' });
  fake.respond("relation-list", { stdout: '["other/2"]' });
  const m = model("database-relation-changed", relationEnv);
  expect(m.getRelation("database", 9)!.remoteApp).toBe("other");
  expect(tools().filter((t) => t === "relation-list")).toEqual(["relation-list"]);
  fake.clearCalls();
  fake.respond("relation-list", [
    { argv: ["--format=json", "--app", "-r", "database:9"], stdout: '"other"' },
    { stdout: "[]" },
  ]);
  const outside = model("update-status").getRelation("database", 9)!;
  expect(outside.remoteApp).toBe("other");
  const lists = fake.calls().filter((c) => c.tool === "relation-list");
  expect(lists.map((c) => c.argv.includes("--app"))).toEqual([false, true]);
});

test("a -broken hook with an empty JUJU_REMOTE_APP (old agents) falls back to relation-list --app", () => {
  fake.respond("relation-ids", { stdout: "[]" });
  fake.respond("relation-list", [
    { argv: ["--format=json", "--app", "-r", "database:7"], stdout: '"pg"' },
    { stdout: "[]" },
  ]);
  const rel = model("database-relation-broken", { ...relationEnv, JUJU_REMOTE_APP: "", JUJU_REMOTE_UNIT: "" }).getRelation("database", 7)!;
  expect(rel.remoteApp).toBe("pg");
  expect(tools()).toContain("relation-list");
});
