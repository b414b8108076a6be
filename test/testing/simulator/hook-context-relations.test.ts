// Which relations a hook sees (lib/testing/juju/model.ts `inContext`): Juju's uniter puts a new
// unit into the scope of its relations only after `install`, all together, just before their
// `relation-created` hooks, and a hook context lists only those (juju/juju worker/uniter:
// the created-relations resolver waits for Installed; SynchronizeScopes; the context factory's
// relations come from the state tracker). So `install` sees no relation, not even the peer one.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Simulator, type HookRecording } from "../../../lib/testing/simulator/index.js";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "charms");

/** A shell charm with a peer endpoint `cluster` and a requirer `db`: every hook asks which relations it sees. */
function writePeerCharm(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "metadata.yaml"), "name: peered\npeers:\n  cluster:\n    interface: peered_cluster\nrequires:\n  db:\n    interface: demo-db\n");
  fs.writeFileSync(
    path.join(dir, "dispatch"),
    "#!/bin/sh\nrelation-ids cluster --format=json >/dev/null\nrelation-ids db --format=json >/dev/null\nrelation-get --format=json -r cluster:0 - \"$JUJU_UNIT_NAME\" >/dev/null 2>&1\nexit 0\n",
    { mode: 0o755 },
  );
}

/** What `relation-ids <endpoint>` answered in `hook` on `unit`. */
function idsSeen(recordings: readonly HookRecording[], unit: string, hook: string, endpoint: string): unknown {
  const r = recordings.find((x) => x.unit === unit && x.hook === hook);
  const call = r?.calls.find((c) => c.cmd === "relation-ids" && c.argv[0] === endpoint);
  return call === undefined ? "no such call" : JSON.parse(call.result.stdout);
}

/** Whether `relation-get -r cluster:0` worked in `hook` on `unit`. */
function peerReadable(recordings: readonly HookRecording[], unit: string, hook: string): boolean | undefined {
  return recordings.find((x) => x.unit === unit && x.hook === hook)?.calls.find((c) => c.cmd === "relation-get")?.result.code === 0;
}

describe("the relations a hook context holds", () => {
  let dir: string;
  let recordings: HookRecording[];
  let sim: Simulator;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-context-"));
    writePeerCharm(path.join(dir, "peered"));
    recordings = [];
    sim = Simulator.open(path.join(dir, "model"), { onHookRecorded: (r) => recordings.push(r), tmpRoot: dir });
  });
  afterEach(() => {
    sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("install sees no relation, not even the peer one; from relation-created on the unit sees it", async () => {
    await sim.deploy("peered", path.join(dir, "peered"));
    expect(sim.log().map((r) => r.hook)).toEqual(["install", "cluster-relation-created", "leader-elected", "config-changed", "start"]);
    expect(idsSeen(recordings, "peered/0", "install", "cluster")).toEqual([]);
    expect(peerReadable(recordings, "peered/0", "install")).toBe(false);
    expect(idsSeen(recordings, "peered/0", "cluster-relation-created", "cluster")).toEqual(["cluster:0"]);
    expect(peerReadable(recordings, "peered/0", "cluster-relation-created")).toBe(true);
    expect(idsSeen(recordings, "peered/0", "start", "cluster")).toEqual(["cluster:0"]);
  });

  test("a unit added to an application with relations sees none of them in install, all of them from its first relation-created", async () => {
    await sim.deploy("db", path.join(FIXTURES, "shell-db"));
    await sim.deploy("peered", path.join(dir, "peered"));
    await sim.integrate("peered:db", "db");
    recordings.length = 0;
    await sim.addUnit("peered");
    expect(idsSeen(recordings, "peered/1", "install", "cluster")).toEqual([]);
    expect(idsSeen(recordings, "peered/1", "install", "db")).toEqual([]);
    const firstCreated = recordings.find((r) => r.unit === "peered/1" && r.hook.endsWith("-relation-created"));
    expect(firstCreated).toBeDefined();
    // The uniter joins every relation before the first relation-created hook runs.
    expect(idsSeen(recordings, "peered/1", firstCreated?.hook ?? "", "cluster")).toHaveLength(1);
    expect(idsSeen(recordings, "peered/1", firstCreated?.hook ?? "", "db")).toHaveLength(1);
  });
});
