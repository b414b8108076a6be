// The start-up snapshot cycle of the generated dispatch (lib/cli/build-charm-files.ts) and of
// main() (lib/ops/charm/startup-snapshot.ts), run for real: dispatch, the unit's Node, fake
// hook tools on PATH. Each case checks what the hook did (exit code, output, tool calls), not
// only which file exists.
import { spawnSync } from "node:child_process";
import { build } from "esbuild";
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cachedDataVersionTag } from "node:v8";
import { dispatchScript } from "../../lib/cli/build-charm-files.js";
import { NO_REHASH_FLAG, relabelForNoRehash, startsWithNoRehash, tagOffset, thisNode, type NodeIdentity } from "../../lib/ops/charm/no-rehash-snapshot.js";
import { builtinCodeCacheOffset, codeCacheMagic, withoutBuiltinCodeCache } from "../../lib/ops/charm/snapshot-code-cache.js";
import { execArgvOfPlainStart, modulesLoadedFromDisk, SNAPSHOT_MISFIT_EXIT_CODE } from "../../lib/ops/charm/startup-snapshot.js";
import { HOOK_NODE_FLAGS } from "../../lib/ops/charm/hook-node-flags.js";
import { SNAPSHOT_START_TUNABLE, tunablesOfPlainStart } from "../../lib/ops/charm/snapshot-huge-pages.js";
import { TOOL_SERVER_VARIABLE } from "../../lib/ops/hooktools/tool-server-protocol.js";
import { LAZY_BUILTINS } from "../../lib/ops/lazy-builtins.js";
import { FakeTools } from "./fake-tools.js";
import { bundleCounterCharm, counterHookEnv } from "./fixtures/counter-bundle.js";

let fake: FakeTools;
let charmDir: string;
let bundle: string;
let pristine: Buffer;
let testNumber = 0;
/**
 * Whether this Node checks a snapshot's V8 flags: its snapshot header carries the V8 tag (Node
 * 20). Node 22 since nodejs/node#54122 and later write none and start from a snapshot whatever
 * the flags; the cases that depend on it say what each does.
 */
let checksFlags: boolean;
const snapshot = () => join(charmDir, "build", "charm.js.snapshot");
const marker = () => `${snapshot()}.failed`;
const noRehash = () => `${snapshot()}.no-rehash`;

beforeAll(async () => {
  fake = new FakeTools();
  charmDir = join(fake.root, "charm");
  mkdirSync(join(charmDir, "build"), { recursive: true });
  bundle = join(charmDir, "build", "charm.js");
  await bundleCounterCharm(bundle);
  writeFileSync(join(charmDir, "build", "package.json"), '{ "type": "commonjs" }\n');
  writeFileSync(join(charmDir, "dispatch"), dispatchScript(), { mode: 0o755 });
  pristine = readFileSync(bundle);
  const probe = join(fake.root, "flags-probe.js");
  writeFileSync(probe, 'require("node:v8").startupSnapshot.setDeserializeMainFunction(() => {});\n');
  spawnSync(process.execPath, ["--snapshot-blob", `${probe}.blob`, "--build-snapshot", probe], { env: { PATH: process.env["PATH"] ?? "" } });
  const header = readFileSync(`${probe}.blob`).subarray(0, 512);
  const at = tagOffset(header, thisNode());
  if (at === undefined) throw new Error("this Node writes a snapshot header the library does not know");
  checksFlags = header.readUInt32LE(at) === cachedDataVersionTag();
});
afterAll(() => fake.dispose());
beforeEach(() => {
  fake.clearCalls();
  fake.resetAnswers();
  fake.persistentState(join(fake.root, `state-${++testNumber}.json`));
  rmSync(snapshot(), { force: true });
  rmSync(marker(), { force: true });
  rmSync(noRehash(), { force: true });
  rmSync(join(charmDir, ".ops-ts-state.json"), { force: true });
  writeFileSync(bundle, pristine);
});

/**
 * Runs `dispatch` as Juju would for `hook`, from another working directory. As on Kubernetes by
 * default, so that the controller keeps a copy of the state and every hook's calls show its
 * writes (and the first hook's read: later ones find the file); `{ KUBERNETES_SERVICE_HOST: "" }`
 * runs it as a machine unit.
 */
function dispatch(hook: string, extra: Record<string, string> = {}, file = "dispatch") {
  const env = { ...counterHookEnv(hook, charmDir, `${fake.path()}:${process.env["PATH"] ?? ""}`), KUBERNETES_SERVICE_HOST: "10.152.183.1", ...extra };
  return spawnSync(join(charmDir, file), [], { env, encoding: "utf8", cwd: fake.root });
}

/** Makes the charm's snapshot with `flags` as Node alone would, without dispatch (no relabelling, no marker). */
const makeSnapshotPlainly = (flags: readonly string[] = []) =>
  spawnSync(process.execPath, [...flags, "--snapshot-blob", snapshot(), "--build-snapshot", bundle], { cwd: charmDir, env: { PATH: process.env["PATH"] ?? "" } });
const tools = () => fake.calls().map((c) => c.tool);
/** The V8 flags every hook's Node runs with, as a charm's Node child sees them in `process.execArgv`. */
const HOOK_FLAGS_JSON = JSON.stringify(HOOK_NODE_FLAGS);
const statuses = () => fake.calls().filter((c) => c.tool === "status-set").map((c) => c.argv.at(-1));
const present = (file: string) => existsSync(file) && statSync(file).size > 0;
/** A Node child for the charm to fork that prints the GLIBC_TUNABLES it was given. */
const TUNABLES_WORKER = 'process.stdout.write(`worker tunables ${process.env.GLIBC_TUNABLES ?? "unset"}\\n`);\n';

describe("hooks start from a start-up snapshot made by the unit's Node", () => {
  test("the first hook makes it (mode 0600); hooks from it do what a plain start does", () => {
    const first = dispatch("update-status");
    expect(first.status).toBe(0);
    expect(first.stdout).toBe("INFO run 1\n");
    expect(present(snapshot())).toBe(true);
    expect(statSync(snapshot()).mode & 0o777).toBe(0o600);
    const second = dispatch("update-status");
    expect(second.status).toBe(0);
    expect(second.stdout).toBe("INFO run 2\n");
    expect(statuses()).toEqual(["runs=1", "runs=2"]);
    expect(tools()).toEqual(["state-get", "state-set", "status-set", "state-set", "status-set"]);
    expect(readdirSync(join(charmDir, "build")).filter((f) => f.startsWith("charm.js.snapshot")).sort()).toEqual(["charm.js.snapshot", "charm.js.snapshot.no-rehash"]);
  });

  test("a hook from it holds net from the start and loads no child_process, dgram, os or vm while the dispatch's server starts its tools; without the server Node loads child_process then", () => {
    expect(dispatch("update-status").stdout).toBe("INFO run 1\n"); // makes the snapshot
    // Which of those built-ins the hook's process holds before the charm runs (what the snapshot
    // restored) and when it exits. Its stdout is a pipe, as under Juju.
    const seen = join(fake.root, "builtins-seen.json");
    const probe = join(fake.root, "builtins-probe.js");
    const watched = ["net", ...LAZY_BUILTINS].map((m) => `NativeModule ${m}`);
    writeFileSync(
      probe,
      `const held = () => process.moduleLoadList.filter((m) => ${JSON.stringify(watched)}.includes(m));\n` +
        `const atStart = held();\n` +
        `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(seen)}, JSON.stringify({ atStart, atExit: held() })));\n`,
    );
    fake.clearCalls();
    expect(dispatch("update-status", { NODE_OPTIONS: `--require ${probe}` }).stdout).toBe("INFO run 2\n");
    expect(tools()).toEqual(["state-set", "status-set"]);
    expect(JSON.parse(readFileSync(seen, "utf8"))).toEqual({ atStart: ["NativeModule net"], atExit: ["NativeModule net"] });
    // The same snapshot with a dispatch that starts no server: Node starts the tools itself.
    const withServer = readFileSync(join(charmDir, "dispatch"), "utf8");
    const withoutServer = withServer.replace(`${TOOL_SERVER_VARIABLE}=$PWD/$TOOLS `, "");
    expect(withoutServer).not.toBe(withServer);
    writeFileSync(join(charmDir, "dispatch-without-server"), withoutServer, { mode: 0o755 });
    fake.clearCalls();
    expect(dispatch("update-status", { NODE_OPTIONS: `--require ${probe}` }, "dispatch-without-server").stdout).toBe("INFO run 3\n");
    expect(tools()).toEqual(["state-set", "status-set"]);
    const without = JSON.parse(readFileSync(seen, "utf8")) as { atStart: string[]; atExit: string[] };
    expect(without.atStart).toEqual(["NativeModule net"]);
    expect(without.atExit).toEqual(expect.arrayContaining(["NativeModule child_process", "NativeModule dgram"]));
  });

  test("a Node child the charm forks runs its own script: the snapshot's flags are not passed on", () => {
    writeFileSync(join(charmDir, "worker.cjs"), 'process.stdout.write(`worker ran with ${JSON.stringify(process.execArgv)}\\n`);\n');
    expect(dispatch("update-status").status).toBe(0);
    expect(existsSync(noRehash())).toBe(true);
    const fromSnapshot = dispatch("config-changed");
    expect(present(snapshot())).toBe(true);
    // What a plain start has: the hooks' own V8 flags (hook-node-flags.ts), none of the snapshot's.
    expect(fromSnapshot.stdout.split("\n").slice(0, 2)).toEqual([`worker ran with ${HOOK_FLAGS_JSON}`, `INFO flags=${HOOK_FLAGS_JSON} worker exit=0`]);
    expect(fromSnapshot.status).toBe(0);
  });

  test("the hook from the snapshot starts with huge pages asked of malloc; its children get the caller's GLIBC_TUNABLES", () => {
    writeFileSync(join(charmDir, "worker.cjs"), TUNABLES_WORKER);
    expect(dispatch("update-status").status).toBe(0);
    expect(present(snapshot())).toBe(true);
    // The Node dispatch finds first (the shipped one's place) records what it was started with.
    const started = join(fake.root, "node-started-with.txt");
    mkdirSync(join(charmDir, "node", "bin"), { recursive: true });
    writeFileSync(join(charmDir, "node", "bin", "node"), `#!/bin/sh\nprintf '%s %s\\n' "\${GLIBC_TUNABLES-unset}" "$*" >>'${started}'\nexec '${process.execPath}' "$@"\n`, { mode: 0o755 });
    try {
      const unset = dispatch("config-changed");
      expect([unset.status, unset.stdout]).toEqual([0, `worker tunables unset\nINFO flags=${HOOK_FLAGS_JSON} worker exit=0\nINFO tunables unset\n`]);
      const operators = dispatch("config-changed", { GLIBC_TUNABLES: "glibc.malloc.arena_max=2" });
      expect([operators.status, operators.stdout]).toEqual([0, `worker tunables glibc.malloc.arena_max=2\nINFO flags=${HOOK_FLAGS_JSON} worker exit=0\nINFO tunables glibc.malloc.arena_max=2\n`]);
      // Only the hooks' own Node started with the entry: not the worker each forked.
      expect(readFileSync(started, "utf8").split("\n").filter((l) => l.includes("--snapshot-blob"))).toEqual([
        `${SNAPSHOT_START_TUNABLE} ${HOOK_NODE_FLAGS.join(" ")} ${NO_REHASH_FLAG} --snapshot-blob build/charm.js.snapshot build/charm.js`,
        `glibc.malloc.arena_max=2:${SNAPSHOT_START_TUNABLE} ${HOOK_NODE_FLAGS.join(" ")} ${NO_REHASH_FLAG} --snapshot-blob build/charm.js.snapshot build/charm.js`,
      ]);
    } finally {
      rmSync(join(charmDir, "node"), { recursive: true, force: true });
    }
    expect(present(snapshot())).toBe(true);
  });

  test("the entry dispatch adds is one this machine's glibc knows, if it knows huge pages at all (2.35 and later)", () => {
    const loader = ["/lib64/ld-linux-x86-64.so.2", "/lib/ld-linux-aarch64.so.1"].find((f) => existsSync(f));
    const listed = loader === undefined ? undefined : spawnSync(loader, ["--list-tunables"], { encoding: "utf8", env: { GLIBC_TUNABLES: SNAPSHOT_START_TUNABLE } });
    const listing = listed?.stdout ?? "";
    // The listing works (every glibc since 2.33 has it) ...
    expect(listing).toMatch(/^glibc\.malloc\.arena_max: /m);
    // ... and where it has the tunable (2.35 and later), dispatch's spelling sets it; older ones ignore it.
    const line = listing.split("\n").find((l) => l.startsWith("glibc.malloc.hugetlb:"));
    expect(line ?? "glibc.malloc.hugetlb: 0x1 (unknown to this glibc)").toMatch(/^glibc\.malloc\.hugetlb: 0x1 /);
  });

  test("a plain start (no snapshot) leaves GLIBC_TUNABLES alone", () => {
    writeFileSync(join(charmDir, "worker.cjs"), TUNABLES_WORKER);
    writeFileSync(marker(), "made to fail\n");
    // Newer than the bundle, as a marker left by a failed attempt is.
    const later = new Date(statSync(bundle).mtimeMs + 60_000);
    utimesSync(marker(), later, later);
    const plain = dispatch("config-changed", { GLIBC_TUNABLES: "glibc.malloc.arena_max=2" });
    expect(present(snapshot())).toBe(false);
    expect([plain.status, plain.stdout]).toEqual([0, `worker tunables glibc.malloc.arena_max=2\nINFO flags=${HOOK_FLAGS_JSON} worker exit=0\nINFO tunables glibc.malloc.arena_max=2\n`]);
  });

  test("the environment is the hook's, not the one the snapshot was made in", () => {
    expect(dispatch("update-status").status).toBe(0);
    expect(present(snapshot())).toBe(true);
    const old = dispatch("update-status", { JUJU_VERSION: "2.7.6" });
    expect(old.status).toBe(1);
    expect(old.stderr).toMatch(/^ToolUnavailableError: hook tool state-get is not available on Juju 2\.7\.6/);
    // The snapshot was made on "Kubernetes"; a hook run as a machine unit keeps the file alone,
    // with no copy in the controller: its stored state changes without a state-set.
    fake.clearCalls();
    const machine = [dispatch("update-status", { KUBERNETES_SERVICE_HOST: "" }), dispatch("update-status", { KUBERNETES_SERVICE_HOST: "" })];
    expect(machine.map((r) => [r.status, r.stdout])).toEqual([
      [0, "INFO run 2\n"],
      [0, "INFO run 3\n"],
    ]);
    expect(tools()).toEqual(["status-set", "status-set"]);
    expect(existsSync(join(charmDir, ".ops-ts-state.json"))).toBe(true);
  });

  test("a failing handler fails the hook from the snapshot as it does plainly, and the snapshot stays", () => {
    expect(dispatch("update-status").status).toBe(0);
    fake.clearCalls();
    const result = dispatch("install");
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("Error: install is broken\n");
    expect(tools()).toEqual(["juju-log"]);
    expect(present(snapshot())).toBe(true);
  });

  test("a snapshot of another charm file runs nothing of the charm: the hook runs once, plainly, and the snapshot is replaced", () => {
    expect(dispatch("update-status").status).toBe(0);
    const made = readFileSync(snapshot());
    appendFileSync(bundle, "\n// upgraded\n");
    fake.clearCalls();
    const upgraded = dispatch("update-status");
    expect(upgraded.status).toBe(0);
    expect(upgraded.stdout).toBe("INFO run 2\n");
    expect(tools()).toEqual(["state-set", "status-set"]);
    expect(present(snapshot())).toBe(false);
    expect(dispatch("update-status").stdout).toBe("INFO run 3\n");
    expect(present(snapshot())).toBe(true);
    expect(readFileSync(snapshot()).equals(made)).toBe(false);
  });

  test("main() from a snapshot of another file exits 14 before any hook tool runs", () => {
    expect(dispatch("update-status").status).toBe(0);
    appendFileSync(bundle, "\n// changed\n");
    fake.clearCalls();
    const env = { PATH: `${fake.path()}:${process.env["PATH"] ?? ""}`, JUJU_DISPATCH_PATH: "hooks/update-status", JUJU_UNIT_NAME: "counter/0", JUJU_MODEL_NAME: "m", JUJU_MODEL_UUID: "u", JUJU_VERSION: "3.6.14" };
    const direct = spawnSync(process.execPath, ["--snapshot-blob", snapshot(), "build/charm.js"], { env, encoding: "utf8", cwd: charmDir });
    expect(direct.status).toBe(SNAPSHOT_MISFIT_EXIT_CODE);
    expect(fake.calls()).toEqual([]);
  });

  test("a file rewritten to the same size, its modification time set back, is still another file", () => {
    // A whole-second modification time, so that it can be put back exactly.
    const when = new Date("2026-01-01T00:00:00Z");
    utimesSync(bundle, when, when);
    expect(dispatch("update-status").status).toBe(0);
    const before = statSync(bundle);
    const text = readFileSync(bundle, "utf8");
    const at = text.lastIndexOf("run ");
    expect(at).toBeGreaterThan(0);
    // One character changed in place: same size, same inode; then the modification time put back.
    writeFileSync(bundle, `${text.slice(0, at)}ran ${text.slice(at + 4)}`);
    utimesSync(bundle, when, when);
    expect([statSync(bundle).size, statSync(bundle).mtimeMs, statSync(bundle).ino]).toEqual([before.size, before.mtimeMs, before.ino]);
    fake.clearCalls();
    const env = { PATH: `${fake.path()}:${process.env["PATH"] ?? ""}`, JUJU_DISPATCH_PATH: "hooks/update-status", JUJU_UNIT_NAME: "counter/0", JUJU_MODEL_NAME: "m", JUJU_MODEL_UUID: "u", JUJU_VERSION: "3.6.14" };
    const direct = spawnSync(process.execPath, ["--snapshot-blob", snapshot(), "build/charm.js"], { env, encoding: "utf8", cwd: charmDir });
    expect(direct.status).toBe(SNAPSHOT_MISFIT_EXIT_CODE);
    expect(fake.calls()).toEqual([]);
  });

  test("a snapshot made with other V8 flags: a Node that checks them refuses it, it is deleted and the hook runs plainly", () => {
    const made = makeSnapshotPlainly(["--no-opt"]);
    expect(made.status).toBe(0);
    const result = dispatch("update-status");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("INFO run 1\n");
    expect(tools()).toEqual(["state-get", "state-set", "status-set"]);
    // Node 22+ checks no flags: the hook ran from that snapshot, which stays.
    expect(present(snapshot())).toBe(!checksFlags);
  });

  test("a damaged snapshot fails that hook only: it is deleted and the next hook makes a new one", () => {
    expect(dispatch("update-status").status).toBe(0);
    truncateSync(snapshot(), 4096);
    fake.clearCalls();
    const damaged = dispatch("update-status");
    expect(existsSync(snapshot())).toBe(false);
    if (damaged.status === 0) {
      // Node 26 refuses a file shorter than it says (exit 14): the hook ran plainly, once.
      expect(tools()).toEqual(["state-set", "status-set"]);
      expect(damaged.stdout).toBe("INFO run 2\n");
    } else {
      // Node 20 to 24 crash reading it: the hook fails before any charm code, and Juju retries it.
      expect(damaged.status).toBeGreaterThan(128);
      expect(tools()).toEqual([]);
    }
    const next = dispatch("update-status");
    expect(next.status).toBe(0);
    expect(next.stdout).toBe(damaged.status === 0 ? "INFO run 3\n" : "INFO run 2\n");
    expect(present(snapshot())).toBe(true);
  });

  test("a charm Node cannot snapshot runs plainly, and the attempt is not repeated until the charm file changes", () => {
    writeFileSync(join(charmDir, "build", "extra.cjs"), "module.exports = 1;\n");
    appendFileSync(bundle, '\nrequire("./extra.cjs");\n');
    const first = dispatch("update-status");
    expect(first.status).toBe(0);
    expect(first.stdout).toBe("INFO run 1\n");
    expect(present(snapshot())).toBe(false);
    // The marker says why, in Node's words, and nothing else of the attempt is left.
    expect(readFileSync(marker(), "utf8")).toContain("Error: no start-up snapshot: the charm loads ./extra.cjs from disk");
    expect(statSync(marker()).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(charmDir, "build")).filter((f) => f.startsWith("charm.js.snapshot"))).toEqual(["charm.js.snapshot.failed"]);
    const stamp = new Date(Date.now() + 60_000);
    utimesSync(marker(), stamp, stamp);
    expect(dispatch("update-status").stdout).toBe("INFO run 2\n");
    expect(Math.round(statSync(marker()).mtimeMs)).toBe(stamp.getTime());
    const later = new Date(Date.now() + 120_000);
    utimesSync(bundle, later, later);
    expect(dispatch("update-status").stdout).toBe("INFO run 3\n");
    expect(Math.round(statSync(marker()).mtimeMs)).not.toBe(stamp.getTime());
  });
});

/** Starts the charm from the snapshot with `flags`, without running a hook (the dispatch guard). */
function startOnly(flags: readonly string[]) {
  const env = { PATH: process.env["PATH"] ?? "", OPS_TS_DISPATCH: "1" };
  return spawnSync(process.execPath, [...flags, "--snapshot-blob", snapshot(), "build/charm.js"], { env, encoding: "utf8", cwd: charmDir });
}

describe("hooks keep the snapshot's random hash seed (--no-rehash-snapshot)", () => {
  test("the snapshot is relabelled for the flag: Node starts from it with the flag and refuses it without", () => {
    expect(dispatch("update-status").stdout).toBe("INFO run 1\n");
    expect(existsSync(noRehash())).toBe(true);
    expect(startOnly([...HOOK_NODE_FLAGS, NO_REHASH_FLAG]).status).toBe(0);
    expect(startOnly([...HOOK_NODE_FLAGS]).status).toBe(checksFlags ? SNAPSHOT_MISFIT_EXIT_CODE : 0);
    fake.clearCalls();
    const second = dispatch("update-status");
    expect(second.stdout).toBe("INFO run 2\n");
    expect(tools()).toEqual(["state-set", "status-set"]);
    expect(present(snapshot())).toBe(true);
  });

  test("the snapshot is made without the flag, so that its process draws a new seed", () => {
    // A process that makes a snapshot with the flag keeps the seed built into Node (the same on
    // every machine with that Node); the hooks' seed must come from a process that drew one.
    const building = dispatchScript().split("\n").filter((line) => line.includes("--build-snapshot"));
    expect(building).toHaveLength(1);
    expect(building[0]).not.toContain("rehash");
  });

  test("a snapshot that was not relabelled (no marker) is started as made", () => {
    const made = makeSnapshotPlainly(HOOK_NODE_FLAGS);
    expect(made.status).toBe(0);
    const before = readFileSync(snapshot());
    const result = dispatch("update-status");
    expect(result.stdout).toBe("INFO run 1\n");
    expect(existsSync(noRehash())).toBe(false);
    // Not refused (a refused snapshot is deleted) and not remade.
    expect(readFileSync(snapshot()).equals(before)).toBe(true);
  });

  /** Puts a `node/bin/node` in the charm (dispatch prefers it) that ends the relabelling step with `code`. */
  function relabelStepEndsWith(code: number): void {
    mkdirSync(join(charmDir, "node", "bin"), { recursive: true });
    writeFileSync(
      join(charmDir, "node", "bin", "node"),
      `#!/bin/sh
if [ -n "$OPS_TS_SNAPSHOT_RELABEL" ]; then exit ${String(code)}; fi
exec ${JSON.stringify(process.execPath)} "$@"
`,
      { mode: 0o755 },
    );
  }

  test("a relabelling step that leaves the file as made (exit 1): the snapshot is used without the flag", () => {
    relabelStepEndsWith(1);
    try {
      expect(dispatch("update-status").stdout).toBe("INFO run 1\n");
      expect(present(snapshot())).toBe(true);
      expect(existsSync(noRehash())).toBe(false);
      expect(existsSync(marker())).toBe(false);
      const made = readFileSync(snapshot());
      expect(dispatch("update-status").stdout).toBe("INFO run 2\n");
      expect(readFileSync(snapshot()).equals(made)).toBe(true);
    } finally {
      rmSync(join(charmDir, "node"), { recursive: true, force: true });
    }
  });

  test("a relabelling step that dies, or that Node refuses (exit 14), leaves no snapshot and is not retried until charm.js changes", () => {
    for (const code of [137, 14]) {
      rmSync(marker(), { force: true });
      relabelStepEndsWith(code);
      try {
        expect(dispatch("update-status").status).toBe(0);
        expect(present(snapshot())).toBe(false);
        expect(existsSync(marker())).toBe(true);
        expect(readdirSync(join(charmDir, "build")).filter((f) => f.startsWith("charm.js.snapshot."))).toEqual(["charm.js.snapshot.failed"]);
      } finally {
        rmSync(join(charmDir, "node"), { recursive: true, force: true });
      }
    }
  });

  test("a marker beside a snapshot that is not relabelled costs one plain start; the next hook makes a relabelled one", () => {
    const made = makeSnapshotPlainly(HOOK_NODE_FLAGS);
    expect(made.status).toBe(0);
    writeFileSync(noRehash(), "");
    const refused = dispatch("update-status");
    expect(refused.status).toBe(0);
    expect(refused.stdout).toBe("INFO run 1\n");
    expect(tools()).toEqual(["state-get", "state-set", "status-set"]);
    // A Node that checks no flags starts from it with the flag: nothing to refuse.
    expect(present(snapshot())).toBe(!checksFlags);
    expect(dispatch("update-status").stdout).toBe("INFO run 2\n");
    expect(present(snapshot())).toBe(true);
    expect(startOnly([...HOOK_NODE_FLAGS, NO_REHASH_FLAG]).status).toBe(0);
  });
});

describe("relabelForNoRehash", () => {
  const node: NodeIdentity = { version: "20.20.2", arch: "x64", platform: "linux", endianness: "LE" };
  function header(n: NodeIdentity, strings: readonly string[] = [n.version, n.arch, n.platform], magic = 0x0143da19): Buffer {
    const le = n.endianness === "LE";
    const parts: Buffer[] = [];
    const u32 = (v: number) => { const b = Buffer.alloc(4); if (le) b.writeUInt32LE(v); else b.writeUInt32BE(v); return b; };
    parts.push(u32(magic), Buffer.from([1]));
    for (const text of strings) {
      const length = Buffer.alloc(8);
      if (le) length.writeBigUInt64LE(BigInt(text.length));
      else length.writeBigUInt64BE(BigInt(text.length));
      parts.push(length, Buffer.from(text, "latin1"));
    }
    parts.push(u32(0x839dbe75), u32(0));
    return Buffer.concat(parts);
  }

  test("finds the tag only in a header naming this very Node, in the machine's byte order", () => {
    // 4 magic + 1 type + (8 + 7) + (8 + 3) + (8 + 5)
    expect(tagOffset(header(node), node)).toBe(44);
    const big: NodeIdentity = { ...node, arch: "s390x", endianness: "BE" };
    expect(tagOffset(header(big), big)).toBe(46);
    expect(tagOffset(header(big), { ...big, endianness: "LE" })).toBeUndefined();
    expect(tagOffset(header(node, ["20.20.1", "x64", "linux"]), node)).toBeUndefined();
    expect(tagOffset(header(node, ["20.20.2", "arm64", "linux"]), node)).toBeUndefined();
    expect(tagOffset(header(node), { ...node, platform: "darwin" })).toBeUndefined();
    expect(tagOffset(header(node, undefined, 0x0143da18), node)).toBeUndefined();
    expect(tagOffset(header(node).subarray(0, 45), node)).toBeUndefined();
    expect(tagOffset(Buffer.alloc(0), node)).toBeUndefined();
  });

  test("the header of a snapshot this Node makes is one it knows", () => {
    expect(dispatch("update-status").status).toBe(0);
    expect(tagOffset(readFileSync(snapshot()), thisNode())).toBeDefined();
  });

  test("leaves alone a file with an unknown header, or made with other V8 flags", () => {
    const unknown = join(fake.root, "unknown.blob");
    const bytes = Buffer.concat([header({ ...node, version: "0.0.0" }), Buffer.alloc(64)]);
    writeFileSync(unknown, bytes);
    expect(relabelForNoRehash(unknown, bundle)).toBe("unknown-header");
    expect(readFileSync(unknown).equals(bytes)).toBe(true);
    const made = makeSnapshotPlainly(["--no-opt"]);
    expect(made.status).toBe(0);
    const before = readFileSync(snapshot());
    // Node 22+ writes no tag, so there is no "other flags" to see: such a file is `untagged`.
    expect(relabelForNoRehash(snapshot(), bundle)).toBe(checksFlags ? "other-flags" : "untagged");
    expect(readFileSync(snapshot()).equals(before)).toBe(checksFlags);
  });

  test("a header without tag (Node 22 since nodejs/node#54122, and later) is left as it is, and kept only if Node starts from the file with the flag", () => {
    const made = makeSnapshotPlainly();
    expect(made.status).toBe(0);
    const asMade = readFileSync(snapshot());
    const at = tagOffset(asMade, thisNode()) as number;
    // Where Nodes without a tag (22 since nodejs/node#54122, and later) write the snapshot's flags: 0, a snapshot with code cache.
    const untagged = Buffer.from(asMade);
    untagged.writeUInt32LE(0, at);
    writeFileSync(snapshot(), untagged);
    const outcome = relabelForNoRehash(snapshot(), bundle);
    if (checksFlags) {
      // Node 20 checks the tag, so it refuses the file: it is put back byte for byte.
      expect(outcome).toBe("refused");
      expect(readFileSync(snapshot()).equals(untagged)).toBe(true);
    } else {
      // A Node that checks no tag: the header is untouched and the code cache is gone.
      expect(outcome).toBe("untagged");
      expect(startsWithNoRehash(outcome)).toBe(true);
      expect(readFileSync(snapshot()).readUInt32LE(at)).toBe(0);
      expect(readFileSync(snapshot()).length).toBeLessThan(untagged.length);
      expect(startOnly([NO_REHASH_FLAG]).status).toBe(0);
    }
  });

  test("puts the old tag back when Node will not start from the relabelled file", () => {
    const made = makeSnapshotPlainly();
    expect(made.status).toBe(0);
    const before = readFileSync(snapshot());
    // Another script than the one the snapshot was made from: main() answers 14 to the check.
    const other = join(charmDir, "build", "other.js");
    writeFileSync(other, pristine);
    try {
      expect(relabelForNoRehash(snapshot(), other)).toBe("refused");
    } finally {
      rmSync(other, { force: true });
    }
    expect(readFileSync(snapshot()).equals(before)).toBe(true);
    expect(startOnly([]).status).toBe(0);
  });
});

describe("the built-ins' code cache is left out of the snapshot", () => {
  const le = thisNode().endianness === "LE";
  const makeSnapshot = (): Buffer => {
    const made = makeSnapshotPlainly();
    expect(made.status).toBe(0);
    return readFileSync(snapshot());
  };

  test("a snapshot Node makes ends with the section: a count, then each module's id and V8 cache, to the last byte", () => {
    const file = makeSnapshot();
    const at = builtinCodeCacheOffset(file, le);
    expect(at).toBeDefined();
    const count = Number(le ? file.readBigUInt64LE(at ?? 0) : file.readBigUInt64BE(at ?? 0));
    expect(count).toBeGreaterThan(100);
    // The first entry: an id Node names a built-in by, then a cache that starts with V8's magic.
    const idLength = Number(le ? file.readBigUInt64LE((at ?? 0) + 8) : file.readBigUInt64BE((at ?? 0) + 8));
    expect(file.toString("latin1", (at ?? 0) + 16, (at ?? 0) + 16 + idLength)).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_./-]*$/);
    expect(file.subarray((at ?? 0) + 24 + idLength, (at ?? 0) + 28 + idLength).equals(codeCacheMagic())).toBe(true);
    const without = withoutBuiltinCodeCache(file, at ?? 0, le);
    expect(without.length).toBe((at ?? 0) + 8);
    expect(without.subarray(0, at).equals(file.subarray(0, at))).toBe(true);
    expect(builtinCodeCacheOffset(without, le)).toBeUndefined();
  });

  test("only the exact chain counts: a byte more, a bad id, another magic or byte order finds nothing", () => {
    const file = makeSnapshot();
    expect(builtinCodeCacheOffset(Buffer.concat([file, Buffer.from([0])]), le)).toBeUndefined();
    expect(builtinCodeCacheOffset(file, !le)).toBeUndefined();
    expect(builtinCodeCacheOffset(file, le, Buffer.from([1, 2, 3, 4]))).toBeUndefined();
    const at = builtinCodeCacheOffset(file, le) ?? 0;
    const badId = Buffer.from(file);
    badId[at + 16] = 0x20; // a space in the first module's id
    expect(builtinCodeCacheOffset(badId, le)).toBeUndefined();
    expect(builtinCodeCacheOffset(Buffer.alloc(4096), le)).toBeUndefined();
  });

  test("the dispatch's snapshot has no code cache, and a hook that loads a built-in the snapshot never loaded compiles it", () => {
    const made = makeSnapshot();
    rmSync(snapshot());
    expect(dispatch("update-status").stdout).toBe("INFO run 1\n");
    const used = readFileSync(snapshot());
    expect(builtinCodeCacheOffset(used, le)).toBeUndefined();
    expect(used.length).toBeLessThan(made.length / 1.5);
    // node:repl is in no charm's heap: a hook process from this snapshot compiles it from source.
    const preload = join(fake.root, "load-repl.js");
    const loaded = join(fake.root, "repl-loaded.txt");
    writeFileSync(preload, `require("node:fs").writeFileSync(${JSON.stringify(loaded)}, typeof require("node:repl").start);\n`);
    expect(dispatch("update-status", { NODE_OPTIONS: `--require ${preload}` }).stdout).toBe("INFO run 2\n");
    expect(readFileSync(loaded, "utf8")).toBe("function");
    expect(readFileSync(snapshot()).equals(used)).toBe(true); // started from it, not refused and remade
  });
});

describe("execArgvOfPlainStart", () => {
  test("leaves out the snapshot's options in each spelling Node accepts, and keeps the others in order", () => {
    expect(execArgvOfPlainStart([NO_REHASH_FLAG, "--snapshot-blob", "build/charm.js.snapshot"])).toEqual([]);
    expect(execArgvOfPlainStart(["--max-old-space-size=64", "--snapshot-blob=a.blob", "--trace-gc"])).toEqual(["--max-old-space-size=64", "--trace-gc"]);
    expect(execArgvOfPlainStart(["--snapshot_blob", "a.blob", "--no_rehash_snapshot", "--enable-source-maps"])).toEqual(["--enable-source-maps"]);
    expect(execArgvOfPlainStart(["--norehash_snapshot", "--snapshot-blob-size", "--stack-size", "2000", "--rehash-snapshot"])).toEqual(["--snapshot-blob-size", "--stack-size", "2000", "--rehash-snapshot"]);
  });
});

describe("modulesLoadedFromDisk", () => {
  test("names the modules a script loads by name that exist beside it; Node's own and absent ones are not named", () => {
    const dir = join(fake.root, "scan");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "extra.cjs"), "module.exports = 1;\n");
    const script = join(dir, "charm.js");
    writeFileSync(script, 'require("node:fs");require("util");require("pg-native");require("./extra.cjs");import("./extra.cjs");import("absent-driver");\n');
    expect(modulesLoadedFromDisk(script)).toEqual(["./extra.cjs"]);
    writeFileSync(script, 'require("node:fs");require("pg-native");\n');
    expect(modulesLoadedFromDisk(script)).toEqual([]);
  });
});

describe("the rehearsal hook of deferToStartupSnapshot", () => {
  test("a rehearsal that fails still leaves a snapshot that runs the hook", async () => {
    const dir = join(fake.root, "rehearsal-fails");
    mkdirSync(dir, { recursive: true });
    const script = join(dir, "charm.js");
    await build({
      stdin: {
        contents: `import { deferToStartupSnapshot } from ${JSON.stringify(join(__dirname, "..", "..", "lib", "ops", "charm", "startup-snapshot.ts"))};
const run = () => { process.stdout.write("ran\\n"); };
if (!deferToStartupSnapshot(run, async () => { await null; throw new Error("the rehearsal broke"); })) run();`,
        resolveDir: dir,
        loader: "ts",
      },
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      outfile: script,
      logLevel: "silent",
    });
    const blob = join(dir, "charm.js.snapshot");
    const made = spawnSync(process.execPath, ["--snapshot-blob", blob, "--build-snapshot", script], { encoding: "utf8", cwd: dir });
    expect(made.status).toBe(0);
    expect(present(blob)).toBe(true);
    const ran = spawnSync(process.execPath, ["--snapshot-blob", blob, script], { encoding: "utf8", cwd: dir });
    expect(ran.status).toBe(0);
    expect(ran.stdout).toBe("ran\n");
  });
});

describe("tunablesOfPlainStart", () => {
  test("takes out the entry dispatch appended, and nothing else", () => {
    expect(tunablesOfPlainStart(SNAPSHOT_START_TUNABLE)).toBeUndefined();
    expect(tunablesOfPlainStart(undefined)).toBeUndefined();
    expect(tunablesOfPlainStart(`glibc.malloc.arena_max=2:${SNAPSHOT_START_TUNABLE}`)).toBe("glibc.malloc.arena_max=2");
    // The caller's own hugetlb entry stays: dispatch appended a second one after it.
    expect(tunablesOfPlainStart(`${SNAPSHOT_START_TUNABLE}:${SNAPSHOT_START_TUNABLE}`)).toBe(SNAPSHOT_START_TUNABLE);
    // Not started through dispatch: the value is the caller's.
    expect(tunablesOfPlainStart("glibc.malloc.arena_max=2")).toBe("glibc.malloc.arena_max=2");
    expect(tunablesOfPlainStart("glibc.malloc.hugetlb=1x")).toBe("glibc.malloc.hugetlb=1x");
  });
});
