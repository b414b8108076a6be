// Reads started before the charm is built (lib/ops/hooktools/read-ahead.ts): which hooks get
// them, that they are reads every supported Juju has, and that they are the very command lines
// lib/ops's own calls make (or the runner could never answer a call with one).
import { parseCharmMetadata, JujuVersion } from "../../lib/ops/index.js";
import { assertToolCall } from "../../lib/ops/hooktools/gated-runner.js";
import { IS_LEADER, isLeader } from "../../lib/ops/hooktools/leader.js";
import { relationGet } from "../../lib/ops/hooktools/relation.js";
import { declareSureRead, SURE_READS, sureReadsOf } from "../../lib/ops/hooktools/read-ahead.js";
import type { ToolRunner } from "../../lib/ops/hooktools/runner.js";
// Loading a requirer module declares its reads, as a charm's bundle does when it loads.
import "../../lib/engines/postgresql/postgresql-requires.js";

const metadata = parseCharmMetadata(
  "requires:\n  database:\n    interface: postgresql_client\n  cache:\n    interface: redis\npeers:\n  cluster:\n    interface: cluster\n",
);
const hook = (name: string, relation?: string, more: Record<string, string> = {}) => ({ JUJU_DISPATCH_PATH: `hooks/${name}`, ...(relation === undefined ? {} : { JUJU_RELATION: relation }), ...more });
const REMOTE = { JUJU_RELATION_ID: "database:3", JUJU_REMOTE_APP: "postgresql" };
const PROVIDER_BAG = { cmd: "relation-get", argv: ["--format=json", "-r", "database:3", "--app", "-", "postgresql"] };

describe("sure reads", () => {
  test("the database requirer reads leadership ahead in relation-created of its endpoints, the provider's bag in relation-changed, and nothing else", () => {
    expect(sureReadsOf(hook("database-relation-created", "database", REMOTE), metadata)).toEqual([IS_LEADER]);
    expect(sureReadsOf(hook("database-relation-changed", "database", REMOTE), metadata)).toEqual([PROVIDER_BAG]);
    // Without the remote application's name there is no bag to name.
    expect(sureReadsOf(hook("database-relation-changed", "database", { JUJU_RELATION_ID: "database:3" }), metadata)).toEqual([]);
    expect(sureReadsOf(hook("database-relation-joined", "database", REMOTE), metadata)).toEqual([]);
    expect(sureReadsOf(hook("database-relation-broken", "database", REMOTE), metadata)).toEqual([]);
    expect(sureReadsOf(hook("cache-relation-created", "cache"), metadata)).toEqual([]);
    expect(sureReadsOf(hook("cluster-relation-created", "cluster"), metadata)).toEqual([]);
    // A relation variable that does not name the hook's endpoint, no relation, no metadata.
    expect(sureReadsOf(hook("database-relation-created", "cache"), metadata)).toEqual([]);
    expect(sureReadsOf(hook("install"), metadata)).toEqual([]);
    expect(sureReadsOf(hook("database-relation-created", "database"), undefined)).toEqual([]);
  });

  test("a library's declaration applies to its interface's endpoints", () => {
    declareSureRead("redis", "relation-broken", "leadership");
    expect(sureReadsOf(hook("cache-relation-broken", "cache"), metadata)).toEqual([IS_LEADER]);
    expect(sureReadsOf(hook("database-relation-broken", "database"), metadata)).toEqual([]);
  });

  test("every read that can be declared exists in the oldest Juju supported (2.9), and is the command line lib/ops sends", () => {
    for (const read of Object.values(SURE_READS)) {
      const call = read(REMOTE);
      expect(call).toBeDefined();
      expect(() => assertToolCall(new JujuVersion("2.9.0"), call?.cmd ?? "", call?.argv ?? [])).not.toThrow();
    }
    const sent: string[][] = [];
    const runner: ToolRunner = { run: (cmd, argv) => (sent.push([cmd, ...argv]), { code: 0, stdout: cmd === "is-leader" ? "true\n" : "{}\n", stderr: "" }) };
    expect(isLeader(runner)).toBe(true);
    expect(relationGet(runner, { endpoint: "database", id: 3 }, "postgresql", true)).toEqual({});
    expect(sent).toEqual([
      [IS_LEADER.cmd, ...IS_LEADER.argv],
      [PROVIDER_BAG.cmd, ...PROVIDER_BAG.argv],
    ]);
    expect(SURE_READS.leadership()).toBe(IS_LEADER);
  });
});
