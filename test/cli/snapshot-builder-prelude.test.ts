// The prelude bundleCharm puts first in every bundle (lib/cli/snapshot-builder-prelude.ts), run
// for real: a charm whose module code does what pg before 8.13 did at load on every Node (build
// a Response to tell Cloudflare Workers from Node; later pg asks navigator first), one that
// imports the real pg, and one whose entry point exports its class, are bundled, and
// the generated dispatch runs their hooks with the unit's Node and fake hook tools. Without the
// prelude Node 20 cannot snapshot either.
import { spawnSync } from "node:child_process";
import { build } from "esbuild";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { bundleCharm } from "../../lib/cli/build-bundle.js";
import { dispatchScript } from "../../lib/cli/build-charm-files.js";
import { LAZY_FETCH_GLOBALS } from "../../lib/cli/snapshot-builder-prelude.js";
import { FakeTools } from "../ops/fake-tools.js";
import { counterHookEnv } from "../ops/fixtures/counter-bundle.js";

const OPS = resolve(__dirname, "../../lib/ops/index.ts");

/** The charm: pg's load-time check, then a hook that uses the fetch globals and reports them. */
const CHARM = `import { ActiveStatus, CharmBase, main } from ${JSON.stringify(OPS)};
// pg < 8.13, lib/stream.js: a Response that keeps an unknown "cf" option means Cloudflare Workers.
const atLoad = typeof Response === "function" && (new Response(null, { cf: { thing: true } } as ResponseInit) as { cf?: unknown }).cf !== undefined ? "cloudflare" : "node";
class Probe extends CharmBase {
  protected override setup(): void {
    this.on("update-status", async () => {
      const body = await new Response("fetch works").text();
      const kinds = ${JSON.stringify(LAZY_FETCH_GLOBALS)}.map((name) => typeof (globalThis as Record<string, unknown>)[name]).join(",");
      const lent = typeof (globalThis as Record<string, unknown>)["module"];
      this.unit.setStatus(new ActiveStatus(\`\${atLoad}; \${body}; \${kinds}; global module \${lent}\`));
    });
  }
}
void main(Probe);
`;

/** What the probe's hook reports when it sees what a plain start sees. */
const PLAIN_START_STATUS = `node; fetch works; ${LAZY_FETCH_GLOBALS.map(() => "function").join(",")}; global module undefined`;

let fake: FakeTools;
let charmDir: string;
const snapshot = () => join(charmDir, "build", "charm.js.snapshot");

beforeAll(() => {
  fake = new FakeTools();
  charmDir = join(fake.root, "probe");
  mkdirSync(join(charmDir, "src"), { recursive: true });
  writeFileSync(join(charmDir, "metadata.yaml"), "name: probe\n");
  writeFileSync(join(charmDir, "dispatch"), dispatchScript(), { mode: 0o755 });
});
afterAll(() => fake.dispose());
beforeEach(() => {
  fake.clearCalls();
  for (const suffix of ["", ".failed", ".no-rehash"]) rmSync(`${snapshot()}${suffix}`, { force: true });
});

function updateStatus() {
  const env = counterHookEnv("update-status", charmDir, `${fake.path()}:${process.env["PATH"] ?? ""}`);
  return spawnSync(join(charmDir, "dispatch"), [], { env, encoding: "utf8", cwd: fake.root });
}
const statuses = () => fake.calls().filter((c) => c.tool === "status-set").map((c) => c.argv.at(-1));

/**
 * Whether the prelude hides the fetch globals on this Node: Node 20 only. From Node 22 they are
 * lazy data properties that any look loads, which fails those builders with or without the
 * prelude, so a charm touching them at load gets no snapshot there (the prelude's doc comment).
 */
const preludeHidesFetch = Number(process.versions.node.split(".")[0]) < 22;

test("a charm that builds a Response at load gets its snapshot (Node 20; from 22, none and a reason), and its hooks have Node's fetch globals", async () => {
  writeFileSync(join(charmDir, "src", "charm.ts"), CHARM);
  await bundleCharm(charmDir);
  const first = updateStatus();
  expect(first.status).toBe(0);
  expect(existsSync(`${snapshot()}.failed`)).toBe(!preludeHidesFetch);
  if (!preludeHidesFetch) expect(readFileSync(`${snapshot()}.failed`, "utf8")).toMatch(/undici|CheckGlobalAndEternalHandles/);
  else expect(statSync(snapshot()).size).toBeGreaterThan(0);
  const second = updateStatus();
  expect(second.status).toBe(0);
  // The first hook ran from the snapshot it had just made; the second from the same file.
  expect(statuses()).toEqual([PLAIN_START_STATUS, PLAIN_START_STATUS]);
});

test("a charm that imports the real pg at the top of its module gets its snapshot on every Node", async () => {
  // pg 8.13 and later ask navigator.userAgent first (lib/stream.js, isCloudflareRuntime), which
  // Node 21 and later define, so on those Nodes pg never looks at Response while it loads; on
  // Node 20 it does, and the prelude hides it.
  const pg = JSON.stringify(require.resolve("pg"));
  // Without the probe's own Response at load: this case is about pg's.
  const atLoad = CHARM.split("\n").find((line) => line.startsWith("const atLoad")) ?? "";
  const source = `import pg from ${pg};\n${CHARM.replace(atLoad, 'const atLoad = "node";').replace("${atLoad}; ", "pg ${typeof pg.Client}; ${atLoad}; ")}`;
  writeFileSync(join(charmDir, "src", "charm.ts"), source);
  await bundleCharm(charmDir);
  expect(updateStatus().status).toBe(0);
  expect(existsSync(`${snapshot()}.failed`) ? readFileSync(`${snapshot()}.failed`, "utf8") : "").toBe("");
  expect(statSync(snapshot()).size).toBeGreaterThan(0);
  expect(updateStatus().status).toBe(0);
  expect(statuses()).toEqual(Array(2).fill(`pg function; ${PLAIN_START_STATUS}`));
});

/** Whether this Node's snapshot builder lacks Array.prototype.toSorted (Node 20 does). */
function builderLacksToSorted(): boolean {
  const script = join(fake.root, "probe-builder.js");
  writeFileSync(script, 'process.stdout.write(typeof [].toSorted); require("node:v8").startupSnapshot.setDeserializeMainFunction(() => {});\n');
  const made = spawnSync(process.execPath, ["--snapshot-blob", join(fake.root, "probe-builder.blob"), "--build-snapshot", script], { encoding: "utf8" });
  return made.stdout === "undefined";
}

test("an entry point that exports its charm class gets its snapshot (the builder has no \`module\`)", async () => {
  // Without the Response at load: this case is about `module` alone.
  const atLoad = CHARM.split("\n").find((line) => line.startsWith("const atLoad")) ?? "";
  writeFileSync(join(charmDir, "src", "charm.ts"), CHARM.replace("class Probe", "export class Probe").replace(atLoad, 'const atLoad = "node";'));
  const result = await bundleCharm(charmDir);
  expect(readFileSync(result.outFile, "utf8")).toContain("module.exports");
  expect(updateStatus().status).toBe(0);
  expect(existsSync(`${snapshot()}.failed`)).toBe(false);
  expect(statSync(snapshot()).size).toBeGreaterThan(0);
  expect(updateStatus().status).toBe(0);
  // The module lent to the builder is gone from the snapshot's heap, as in a plain start.
  expect(statuses()).toEqual(Array(2).fill(PLAIN_START_STATUS));
});

test("without the prelude, a Node whose snapshot builder lacks toSorted cannot snapshot the charm that builds a Response: hooks start plainly", async () => {
  writeFileSync(join(charmDir, "src", "charm.ts"), CHARM);
  await build({ entryPoints: [join(charmDir, "src", "charm.ts")], bundle: true, platform: "node", target: "node20", format: "cjs", outfile: join(charmDir, "build", "charm.js"), logLevel: "silent" });
  const result = updateStatus();
  expect(result.status).toBe(0);
  const lacks = builderLacksToSorted();
  // Node 22 and later have toSorted there, but fail on the Response itself.
  const fails = lacks || !preludeHidesFetch;
  expect(existsSync(snapshot())).toBe(!fails);
  expect(existsSync(`${snapshot()}.failed`)).toBe(fails);
  // The unit's marker holds Node's reason.
  if (lacks) expect(readFileSync(`${snapshot()}.failed`, "utf8")).toMatch(/toSorted is not a function/);
  expect(statuses()).toEqual([PLAIN_START_STATUS]);
});
