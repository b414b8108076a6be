// Charms that load a module in a handler, built by bundleCharm and run by the generated dispatch
// with the unit's Node and fake hook tools. In a process started from a start-up snapshot Node
// has no `import()` at all (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING, even for its own modules), so
// the bundle must not leave one there: every hook from the snapshot would fail, retry after
// retry. And the snapshot builder's `require`, which such a process keeps, loads only Node's own
// modules, so the bundle's prelude hands it a plain start's once restored
// (lib/cli/snapshot-builder-prelude.ts): a load whose name is computed at run time works.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { bundleCharm } from "../../lib/cli/build-bundle.js";
import { dispatchScript } from "../../lib/cli/build-charm-files.js";
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

/** A charm project `name` in its own directory: metadata, `src/charm.ts` holding `source`, the generated dispatch. */
function project(name: string, source: string): string {
  const dir = join(fake.root, name);
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(join(dir, "metadata.yaml"), `name: ${name}\n`);
  writeFileSync(join(dir, "src", "charm.ts"), source);
  writeFileSync(join(dir, "dispatch"), dispatchScript(), { mode: 0o755 });
  return dir;
}

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

/**
 * A charm whose handler loads a JSON file beside the bundle and a CommonJS module from the charm
 * directory, both by names computed at run time, and reports what `require` it was given.
 */
const COMPUTED = `import { ActiveStatus, CharmBase, main } from ${JSON.stringify(OPS)};
import { join } from "node:path";
class Computed extends CharmBase {
  protected override setup(): void {
    this.on("update-status", async () => {
      const data = require(join(__dirname, "data.json")) as { answer: number };
      const helper = (await import(join(__dirname, "..", "helper.cjs"))) as { greet(): string };
      this.unit.setStatus(new ActiveStatus(\`\${data.answer} \${helper.greet()} \${typeof require.resolve}\`));
    });
  }
}
void main(Computed);
`;

test("loads whose names are computed at run time work in hooks from the snapshot as in a plain start", async () => {
  const dir = project("computed", COMPUTED);
  writeFileSync(join(dir, "helper.cjs"), 'exports.greet = () => "hello";\n');
  await bundleCharm(dir);
  writeFileSync(join(dir, "build", "data.json"), '{ "answer": 42 }');
  fake.clearCalls();
  const env = counterHookEnv("update-status", dir, `${fake.path()}:${process.env["PATH"] ?? ""}`);
  const plain = spawnSync(process.execPath, [join(dir, "build", "charm.js")], { env, encoding: "utf8", cwd: dir });
  const fromSnapshot = [1, 2].map(() => spawnSync(join(dir, "dispatch"), [], { env, encoding: "utf8", cwd: fake.root }));
  expect(statSync(join(dir, "build", "charm.js.snapshot")).size).toBeGreaterThan(0);
  expect([plain, ...fromSnapshot].map((h) => [h.status, h.stderr])).toEqual([[0, ""], [0, ""], [0, ""]]);
  expect(fake.calls().filter((c) => c.tool === "status-set").map((c) => c.argv.at(-1))).toEqual(["42 hello function", "42 hello function", "42 hello function"]);
});

/**
 * A charm whose handler imports a driver the build left out (not installed where it was built:
 * lib/cli/build-plugins.ts ABSENT_DYNAMIC_DRIVERS), which the charm then ships in its own
 * node_modules. The snapshot builder cannot load it, but nothing does while the snapshot is
 * made, and a hook restored from it loads it as a plain start does.
 */
const SHIPPED = `import { ActiveStatus, CharmBase, main } from ${JSON.stringify(OPS)};
class Shipped extends CharmBase {
  protected override setup(): void {
    this.on("update-status", async () => {
      const driver = (await import("mysql2/promise")) as { kind: string };
      this.unit.setStatus(new ActiveStatus(driver.kind));
    });
  }
}
void main(Shipped);
`;

test("a driver left out of the bundle and shipped beside it is loaded by hooks from the snapshot", async () => {
  const dir = project("shipped", SHIPPED);
  const built = await bundleCharm(dir);
  expect(built.externalDrivers).toEqual(["mysql2/promise"]);
  mkdirSync(join(dir, "node_modules", "mysql2"), { recursive: true });
  writeFileSync(join(dir, "node_modules", "mysql2", "package.json"), '{ "name": "mysql2", "version": "0.0.0" }\n');
  writeFileSync(join(dir, "node_modules", "mysql2", "promise.js"), 'exports.kind = "shipped driver";\n');
  fake.clearCalls();
  const env = counterHookEnv("update-status", dir, `${fake.path()}:${process.env["PATH"] ?? ""}`);
  const hooks = [1, 2].map(() => spawnSync(join(dir, "dispatch"), [], { env, encoding: "utf8", cwd: fake.root }));
  expect(hooks.map((h) => [h.status, h.stderr])).toEqual([[0, ""], [0, ""]]);
  // Made by the first hook and used by both: no marker of a refused snapshot.
  expect(statSync(join(dir, "build", "charm.js.snapshot")).size).toBeGreaterThan(0);
  expect(existsSync(join(dir, "build", "charm.js.snapshot.failed"))).toBe(false);
  expect(fake.calls().filter((c) => c.tool === "status-set").map((c) => c.argv.at(-1))).toEqual(["shipped driver", "shipped driver"]);
});

test("a module the bundle loads from disk at module load stops the snapshot in Node's words, and hooks run plainly", async () => {
  const dir = project("eager", SHIPPED.replace("void main(Shipped);", 'require(require("node:path").join(__dirname, "..", "eager.cjs"));\nvoid main(Shipped);'));
  writeFileSync(join(dir, "eager.cjs"), "module.exports = 1;\n");
  await bundleCharm(dir);
  mkdirSync(join(dir, "node_modules", "mysql2"), { recursive: true });
  writeFileSync(join(dir, "node_modules", "mysql2", "promise.js"), 'exports.kind = "plain start";\n');
  fake.clearCalls();
  const env = counterHookEnv("update-status", dir, `${fake.path()}:${process.env["PATH"] ?? ""}`);
  const hook = spawnSync(join(dir, "dispatch"), [], { env, encoding: "utf8", cwd: fake.root });
  expect([hook.status, hook.stderr]).toEqual([0, ""]);
  expect(existsSync(join(dir, "build", "charm.js.snapshot"))).toBe(false);
  expect(readFileSync(join(dir, "build", "charm.js.snapshot.failed"), "utf8")).toContain("Cannot find module");
  expect(fake.calls().filter((c) => c.tool === "status-set").map((c) => c.argv.at(-1))).toEqual(["plain start"]);
});
