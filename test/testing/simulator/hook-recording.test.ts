// Simulator.onHookRecorded (the benchmark's recorder) and canned calls that read stdin.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { HookTransport, Simulator, type HookRecording } from "../../../lib/testing/simulator/index.js";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "charms");

describe("Simulator onHookRecorded", () => {
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("hands over every hook's env and each call's argv, stdin and answer", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-record-"));
    const recordings: HookRecording[] = [];
    const sim = Simulator.open(path.join(dir, "model"), { onHookRecorded: (r) => recordings.push(r), tmpRoot: dir });
    try {
      await sim.deploy("db", path.join(FIXTURES, "shell-db"));
      await sim.deploy("app", path.join(FIXTURES, "shell-app"));
      await sim.integrate("app", "db");
    } finally {
      sim.close();
    }
    expect(recordings.map((r) => `${r.unit} ${r.hook}`)).toEqual(sim.log().map((r) => `${r.unit} ${r.hook}`));
    const created = recordings.find((r) => r.unit === "db/0" && r.hook === "db-relation-created");
    expect(created?.ok).toBe(true);
    expect(created?.env["JUJU_UNIT_NAME"]).toBe("db/0");
    expect(created?.env["JUJU_RELATION"]).toBe("db");
    const stateSet = created?.calls.find((c) => c.cmd === "state-set");
    expect(stateSet?.argv).toEqual(["--file", "-"]);
    expect(stateSet?.stdin).toMatch(/^\{"secret-uri": "secret:/);
    const isLeader = created?.calls.find((c) => c.cmd === "is-leader");
    expect(isLeader?.result).toEqual({ code: 0, stdout: "True\n", stderr: "" });
  });
});

describe("canned responses", () => {
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("a canned call with --file - reads its stdin, as the real tool does", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "canned-stdin-"));
    fs.writeFileSync(path.join(dir, "data"), '{"a": "1"}\nsecond line\n');
    fs.writeFileSync(path.join(dir, "dispatch"), '#!/bin/sh\n{ relation-set -r db:1 --file -; echo "code=$? rest=[$(cat)]"; } < data\n', { mode: 0o755 });
    const transport = HookTransport.open({ canned: { "relation-set": [{ argv: ["-r", "db:1", "--file", "-"], stdout: "" }] }, tmpRoot: dir });
    try {
      const result = await transport.runHook({ charmDir: dir, env: {}, handler: () => ({ code: 1, stdout: "", stderr: "not canned" }) });
      expect(result.calls).toEqual([]);
      expect(result.stdout).toBe("code=0 rest=[]\n");
    } finally {
      transport.close();
    }
  });
});
