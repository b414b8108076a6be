// The start-up snapshot cycle with the Nodes a unit may run besides this machine's: the suites
// that run it for real (test/ops/startup-snapshot.test.ts, test/cli/snapshot-builder-prelude.test.ts
// and test/cli/build-dynamic-import.test.ts) again, each under another Node, whose official
// binary comes from the npm registry (the `node-<platform>-<arch>` package of that version, the
// one the `node` package installs). Node 22 and later differ from Node 20 where a snapshot is
// concerned (no V8 tag in its header, fetch globals that their builders cannot load, a damaged
// file refused by Node 26): docs/startup-snapshot.md says what each does.
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { RECIPE_NODE_VERSION } from "../../lib/cli/build-charm-files.js";
import { nodeBinDir } from "../support/node-binaries.js";
import { scaled } from "../support/time-scale.js";

/** The Nodes besides the machine's: the part recipe's, and the oldest and newest LTS lines beside it. */
const OTHER_NODES = ["22.23.5", RECIPE_NODE_VERSION, "26.12.1"];

const root = resolve(__dirname, "..", "..");
const SUITES = ["test/ops/startup-snapshot.test.ts", "test/cli/snapshot-builder-prelude.test.ts", "test/cli/build-dynamic-import.test.ts"];

describe.each(OTHER_NODES)("the start-up snapshot cycle under Node %s", (version) => {
  test("the same suites pass", () => {
    const bin = nodeBinDir(root, version);
    expect(spawnSync(join(bin, "node"), ["-v"], { encoding: "utf8" }).stdout.trim()).toBe(`v${version}`);
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env["PATH"] ?? ""}` };
    // The nested run keeps its own secret-hygiene spool (its teardown scans and removes it).
    delete env["CHARM_TEST_SPOOL"];
    delete env["JEST_WORKER_ID"];
    const run = spawnSync(join(bin, "node"), [join(root, "node_modules", "jest", "bin", "jest.js"), "--ci", "--runInBand", ...SUITES], { cwd: root, env, encoding: "utf8" });
    const summary = run.stderr.split("\n").filter((line) => /^(Tests|Test Suites):|✕/.test(line.trim())).join("\n");
    expect([run.status, summary]).toEqual([0, expect.stringMatching(/Tests:\s+(\d+) passed, \1 total/)]);
  }, scaled(300_000));
});
