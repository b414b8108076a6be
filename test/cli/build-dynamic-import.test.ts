// Charms that load a module in a handler, built by bundleCharm and run by the generated dispatch
// with the unit's Node and fake hook tools. In a process started from a start-up snapshot Node
// has no `import()` at all (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING, even for its own modules), so
// the bundle must not leave one there: every hook from the snapshot would fail, retry after
// retry. A load whose name is computed at run time fails there too, since that process's
// `require` loads only Node's own modules; the build names such loads (lib/cli/run-time-loads.ts).
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { bundleCharm } from "../../lib/cli/build-bundle.js";
import { runBuild } from "../../lib/cli/build-command.js";
import { dispatchScript } from "../../lib/cli/build-charm-files.js";
import { runTimeLoadsIn } from "../../lib/cli/run-time-loads.js";
import { FakeTools } from "../ops/fake-tools.js";
import { counterHookEnv } from "../ops/fixtures/counter-bundle.js";

const OPS = resolve(__dirname, "../../lib/ops/index.ts");

const CHARM = `import { ActiveStatus, CharmBase, main } from ${JSON.stringify(OPS)};
class Loader extends CharmBase {
  protected override setup(): void {
    this.on("update-status", async () => {
      const os = await import("node:os");
      const { spawnSync } = await import("node:child_process");
      const echoed = spawnSync("sh", ["-c", "echo spawned"], { encoding: "utf8" }).stdout.trim();
      this.unit.setStatus(new ActiveStatus(\`\${typeof os.tmpdir} \${echoed}\`));
    });
  }
}
void main(Loader);
`;

let fake: FakeTools;
let charmDir: string;
beforeAll(() => {
  fake = new FakeTools();
  charmDir = join(fake.root, "loader");
  mkdirSync(join(charmDir, "src"), { recursive: true });
  writeFileSync(join(charmDir, "metadata.yaml"), "name: loader\n");
  writeFileSync(join(charmDir, "src", "charm.ts"), CHARM);
  writeFileSync(join(charmDir, "dispatch"), dispatchScript(), { mode: 0o755 });
});
afterAll(() => fake.dispose());

test("a handler's await import() of Node's modules works in hooks from the snapshot", async () => {
  await bundleCharm(charmDir);
  const snapshot = join(charmDir, "build", "charm.js.snapshot");
  rmSync(snapshot, { force: true });
  const env = counterHookEnv("update-status", charmDir, `${fake.path()}:${process.env["PATH"] ?? ""}`);
  const hooks = [1, 2].map(() => spawnSync(join(charmDir, "dispatch"), [], { env, encoding: "utf8", cwd: fake.root }));
  // Both from the snapshot: the first hook makes it, then starts from it.
  expect(statSync(snapshot).size).toBeGreaterThan(0);
  expect(hooks.map((h) => [h.status, h.stderr])).toEqual([[0, ""], [0, ""]]);
  expect(fake.calls().filter((c) => c.tool === "status-set").map((c) => c.argv.at(-1))).toEqual(["function spawned", "function spawned"]);
});

/** A charm whose handler reads a JSON file beside the bundle with a computed `require`. */
const COMPUTED = `import { ActiveStatus, CharmBase, main } from ${JSON.stringify(OPS)};
import { join } from "node:path";
class Computed extends CharmBase {
  protected override setup(): void {
    this.on("update-status", () => {
      // A literal load is bundled: require("node:os") here would be fine.
      const data = require(join(__dirname, "data.json")) as { answer: number };
      this.unit.setStatus(new ActiveStatus(String(data.answer)));
    });
  }
}
void main(Computed);
`;

test("a load by a name computed at run time: the build names it and warns, since hooks from the snapshot fail on it", async () => {
  const dir = join(fake.root, "computed");
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(join(dir, "metadata.yaml"), "name: computed\n");
  writeFileSync(join(dir, "src", "charm.ts"), COMPUTED);
  let printed = "";
  expect(await runBuild([dir], { stdout: (t) => void (printed += t), stderr: (t) => void (printed += t) })).toBe(0);
  expect(printed).toContain("WARNING start-up snapshot: this load names its module at run time");
  expect(printed).toContain('  src/charm.ts:7: require(join(__dirname, "data.json"))');
  // What the warning is about: the file is there, a plain start reads it, a hook from the snapshot cannot.
  writeFileSync(join(dir, "build", "data.json"), '{ "answer": 42 }');
  const env = counterHookEnv("update-status", dir, `${fake.path()}:${process.env["PATH"] ?? ""}`);
  const plain = spawnSync(process.execPath, [join(dir, "build", "charm.js")], { env, encoding: "utf8", cwd: dir });
  expect([plain.status, plain.stderr]).toEqual([0, ""]);
  const fromSnapshot = spawnSync(join(dir, "dispatch"), [], { env, encoding: "utf8", cwd: fake.root });
  expect(statSync(join(dir, "build", "charm.js.snapshot")).size).toBeGreaterThan(0);
  expect(fromSnapshot.status).toBe(1);
  expect(fromSnapshot.stderr).toContain("Cannot find module");
});

test("the charm of the first test, whose loads name Node's modules literally, gets no such warning", async () => {
  let printed = "";
  expect(await runBuild([charmDir], { stdout: (t) => void (printed += t), stderr: (t) => void (printed += t) })).toBe(0);
  expect(printed).not.toContain("WARNING");
});

test("what counts as computed: anything but one plain string literal; comments are not code", () => {
  const text = [
    'const a = require("pg");',
    "const b = require(join(__dirname, 'data.json'));",
    "// require(inAComment)",
    "const c = await import(`node:${name}`);",
    "const d = await import('node:os', { with: {} });",
    "/* import(alsoAComment) */ type T = typeof import(\"node:fs\");",
    'const url = "http://example.com"; const e = require(name);',
    "const f = require(\"a\" + b);",
    "const g = loader.require(name), h = $require(name);",
  ].join("\n");
  expect(runTimeLoadsIn(text)).toEqual([
    "2: require(join(__dirname, 'data.json'));",
    "4: import(`node:${name}`);",
    "7: require(name);",
    '8: require("a" + b);',
  ]);
});
