// The start-up snapshot cycle with the Nodes a unit may run besides this machine's: the two
// suites that run it for real (test/ops/startup-snapshot.test.ts and
// test/cli/snapshot-builder-prelude.test.ts) again, each under another Node, whose official
// binary comes from the npm registry (the `node-<platform>-<arch>` package of that version, the
// one the `node` package installs). Node 22 and later differ from Node 20 where a snapshot is
// concerned (no V8 tag in its header, fetch globals that their builders cannot load, a damaged
// file refused by Node 26): docs/startup-snapshot.md says what each does.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { RECIPE_NODE_VERSION } from "../../lib/cli/build-charm-files.js";
import { scaled } from "../support/time-scale.js";

/** The Nodes besides the machine's: the part recipe's, and the oldest and newest LTS lines beside it. */
const OTHER_NODES = ["22.23.5", RECIPE_NODE_VERSION, "26.12.1"];

const root = resolve(__dirname, "..", "..");
const cache = join(root, "node_modules", ".cache", "charm-data-interfaces", "nodes");
const SUITES = ["test/ops/startup-snapshot.test.ts", "test/cli/snapshot-builder-prelude.test.ts"];

/** The directory holding that Node's `node` binary, fetched from the npm registry once. */
function nodeBin(version: string): string {
  const dir = join(cache, `${process.platform}-${process.arch}-${version}`);
  const bin = join(dir, "package", "bin");
  if (existsSync(join(bin, "node"))) return bin;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const pkg = `node-${process.platform}-${process.arch}@${version}`;
  const packed = spawnSync("npm", ["pack", pkg, "--silent", "--pack-destination", dir], { encoding: "utf8", cwd: dir });
  if (packed.status !== 0) throw new Error(`npm pack ${pkg} failed: ${packed.stderr.trim()}`);
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  if (tarball === undefined) throw new Error(`npm pack ${pkg} left no tarball in ${dir}`);
  const unpacked = spawnSync("tar", ["-xzf", tarball], { cwd: dir, encoding: "utf8" });
  if (unpacked.status !== 0) throw new Error(`cannot unpack ${tarball}: ${unpacked.stderr.trim()}`);
  rmSync(join(dir, tarball));
  if (!existsSync(join(bin, "node"))) throw new Error(`${tarball} has no package/bin/node`);
  return bin;
}

describe.each(OTHER_NODES)("the start-up snapshot cycle under Node %s", (version) => {
  test("the same suites pass", () => {
    const bin = nodeBin(version);
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
