/**
 * `charm-data-interfaces build` and zod: a charm that imports no zod gets the library's models on
 * lib/zod-subset (no zod in the bundle); a charm that imports zod, or a build with `--with-zod`,
 * gets zod for everyone, so that the charm's schemas and the library's compose. Each bundle runs.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundleCharm } from "../../lib/cli/build-bundle.js";
import { runBuild } from "../../lib/cli/build-command.js";

const ROOT = join(__dirname, "..", "..");
// Inside the repository, so that esbuild resolves `charm-data-interfaces` through tsconfig.json's paths.
mkdirSync(join(ROOT, ".tmp"), { recursive: true });
const work = mkdtempSync(join(ROOT, ".tmp", "zod-subset-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const METADATA = "name: subset-probe\nrequires:\n  database:\n    interface: postgresql_client\n";

/** A charm whose entry parses with the library's TcpEndpoint, plus `extra` lines of its own. */
function charm(name: string, imports: string, body: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(join(dir, "metadata.yaml"), METADATA);
  writeFileSync(
    join(dir, "src", "main.ts"),
    `import { TcpEndpoint } from "charm-data-interfaces/interfaces";\n${imports}\n` +
      `const bad = TcpEndpoint.safeParse({ host: "", port: 70000 });\n` +
      `const out: Record<string, unknown> = { good: TcpEndpoint.parse({ host: "db", port: 5432 }), bad: bad.success ? null : bad.error.issues.map((i) => \`\${i.path.join(".")}: \${i.message}\`) };\n` +
      `${body}\nconsole.log(JSON.stringify(out));\n`,
  );
  return dir;
}

function runBundle(outFile: string): unknown {
  return JSON.parse(execFileSync(process.execPath, [outFile], { encoding: "utf8" }));
}

const EXPECTED_BAD = ["host: Too small: expected string to have >=1 characters", "port: Too big: expected number to be <=65535"];

test("a charm that imports no zod: the library's models parse with the subset, and zod is not in the bundle", async () => {
  const result = await bundleCharm(charm("plain", "", ""), undefined, { minify: false });
  expect(result.zod).toBe("subset");
  expect(result.packages).not.toHaveProperty("zod");
  expect(readFileSync(result.outFile, "utf8")).not.toMatch(/\$ZodObject|node_modules\/zod\//);
  expect(runBundle(result.outFile)).toEqual({ good: { host: "db", port: 5432 }, bad: EXPECTED_BAD });
});

test("a charm that imports zod itself: zod for everyone, and its schemas compose with the library's", async () => {
  const dir = charm("own-zod", 'import * as z from "zod/mini";', 'const Wrapped = z.object({ primary: TcpEndpoint, spare: z.optional(TcpEndpoint) });\nout.composed = Wrapped.parse({ primary: { host: "a", port: 1 } });');
  const result = await bundleCharm(dir, undefined, { minify: false });
  expect(result.zod).toBe("zod");
  expect(result.packages.zod).toBeGreaterThan(10_000);
  expect(runBundle(result.outFile)).toEqual({ good: { host: "db", port: 5432 }, bad: EXPECTED_BAD, composed: { primary: { host: "a", port: 1 } } });
});

test("--with-zod bundles zod although the charm imports none, and the build says why", async () => {
  const dir = charm("forced", "", "");
  const printed: string[] = [];
  const code = await runBuild([dir, "--with-zod", "--no-snapshot"], { stdout: (t) => printed.push(t), stderr: (t) => printed.push(t) });
  expect(code).toBe(0);
  expect(printed.join("")).toContain("zod: bundled for the library's models too (--with-zod)");
  expect(runBundle(join(dir, "build", "charm.js"))).toEqual({ good: { host: "db", port: 5432 }, bad: EXPECTED_BAD });
});
