// Reads started before the charm is built (lib/ops/hooktools/read-ahead.ts): which hooks get
// them, that they are reads every supported Juju has, and that they are the very command lines
// lib/ops's own calls make (or the runner could never answer a call with one).
import { parseCharmMetadata, JujuVersion } from "../../lib/ops/index.js";
import { assertToolCall } from "../../lib/ops/hooktools/gated-runner.js";
import { isLeader } from "../../lib/ops/hooktools/leader.js";
import { declareSureRead, SURE_READS, sureReadsOf } from "../../lib/ops/hooktools/read-ahead.js";
import type { ToolRunner } from "../../lib/ops/hooktools/runner.js";
// Loading a requirer module declares its reads, as a charm's bundle does when it loads.
import "../../lib/engines/postgresql/postgresql-requires.js";

const metadata = parseCharmMetadata(
  "requires:\n  database:\n    interface: postgresql_client\n  cache:\n    interface: redis\npeers:\n  cluster:\n    interface: cluster\n",
);
const hook = (name: string, relation?: string) => ({ JUJU_DISPATCH_PATH: `hooks/${name}`, ...(relation === undefined ? {} : { JUJU_RELATION: relation }) });

describe("sure reads", () => {
  test("the database requirer reads leadership ahead in relation-created of its endpoints, and only there", () => {
    expect(sureReadsOf(hook("database-relation-created", "database"), metadata)).toEqual([SURE_READS.leadership]);
    expect(sureReadsOf(hook("database-relation-changed", "database"), metadata)).toEqual([]);
    expect(sureReadsOf(hook("cache-relation-created", "cache"), metadata)).toEqual([]);
    expect(sureReadsOf(hook("cluster-relation-created", "cluster"), metadata)).toEqual([]);
    // A relation variable that does not name the hook's endpoint, no relation, no metadata.
    expect(sureReadsOf(hook("database-relation-created", "cache"), metadata)).toEqual([]);
    expect(sureReadsOf(hook("install"), metadata)).toEqual([]);
    expect(sureReadsOf(hook("database-relation-created", "database"), undefined)).toEqual([]);
  });

  test("a library's declaration applies to its interface's endpoints", () => {
    declareSureRead("redis", "relation-broken", "leadership");
    expect(sureReadsOf(hook("cache-relation-broken", "cache"), metadata)).toEqual([SURE_READS.leadership]);
    expect(sureReadsOf(hook("database-relation-broken", "database"), metadata)).toEqual([]);
  });

  test("every read that can be declared exists in the oldest Juju supported, and is the command line lib/ops sends", () => {
    for (const read of Object.values(SURE_READS)) expect(() => assertToolCall(new JujuVersion("0.0.0"), read.cmd, read.argv)).not.toThrow();
    const sent: string[][] = [];
    const runner: ToolRunner = { run: (cmd, argv) => (sent.push([cmd, ...argv]), { code: 0, stdout: "true\n", stderr: "" }) };
    expect(isLeader(runner)).toBe(true);
    expect(sent).toEqual([[SURE_READS.leadership.cmd, ...SURE_READS.leadership.argv]]);
  });
});
