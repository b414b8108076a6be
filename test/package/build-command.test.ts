/**
 * `charm-data-interfaces build` in process (issue 15 point 1): its usage errors, the files it
 * writes around the bundle, and the rewrite that makes zod tree-shakable. The bundle itself is
 * covered by test/examples/bundle-charm.test.ts and, from the packed tarball, by pack.test.ts.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runBuild } from "../../lib/cli/build-command.js";
import { charmcraftParts, charmcraftYaml, dispatchScript, ensureDispatch } from "../../lib/cli/build-charm-files.js";
import { throwingStubOf, treeShakableZodImports, ZOD_JSON_SCHEMA_LEFT_OUT } from "../../lib/cli/build-plugins.js";
import { runCommand } from "../../lib/cli/run-command.js";

const work = mkdtempSync(join(tmpdir(), "cdi-build-command-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function build(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runBuild(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

describe("usage", () => {
  test("--help lists every option and exits 0; the top-level usage names the command", async () => {
    const help = await build(["--help"]);
    expect(help.code).toBe(0);
    for (const option of ["--entry", "--out-dir", "--no-minify", "--sourcemap", "--charmcraft", "--no-snapshot", "--format"]) expect(help.stdout).toContain(option);
    let usage = "";
    await runCommand(["--help"], { stdout: (t) => void (usage += t), stderr: () => undefined, readStdin: async () => "", readFile: async () => "" });
    expect(usage).toMatch(/^ {2}build \[CHARM_DIR\]/m);
  });

  test("an unknown flag, two directories or a bad --format exit 2 with the usage", async () => {
    for (const argv of [["--minify"], ["a", "b"], ["--format", "yaml"]]) {
      const result = await build(argv);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^ERROR .+\nusage: charm-data-interfaces build/);
    }
  });

  test("a directory that does not exist exits 2; a charm without an entry point exits 1 naming the file", async () => {
    expect(await build([join(work, "absent")])).toMatchObject({ code: 2, stderr: expect.stringContaining("no charm directory at") });
    const empty = join(work, "empty");
    mkdirSync(empty);
    const result = await build([empty]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ERROR building the charm in .*empty: no entry point src\/charm\.ts\n$/);
  });
});

describe("dispatch", () => {
  test("written when missing (executable, runs the bundle with the charm's Node or the one on PATH)", () => {
    const dir = mkdtempSync(join(work, "dispatch-"));
    expect(ensureDispatch(dir)).toBe("written");
    expect(statSync(join(dir, "dispatch")).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(dir, "dispatch"), "utf8")).toBe(dispatchScript());
    expect(dispatchScript()).toMatch(/^#!\/bin\/sh\n[\s\S]*exec "\$NODE" --no-sparkplug build\/charm\.js\n$/);
  });

  test("--no-snapshot writes the plain dispatch: no start-up snapshot is made or used", () => {
    const dir = mkdtempSync(join(work, "dispatch-"));
    expect(ensureDispatch(dir, "build/charm.js", { startupSnapshot: false })).toBe("written");
    const plain = readFileSync(join(dir, "dispatch"), "utf8");
    expect(plain).toBe(dispatchScript("build/charm.js", { startupSnapshot: false }));
    expect(plain).not.toContain("snapshot");
    expect(dispatchScript()).toContain('--snapshot-blob "$SNAPSHOT" build/charm.js');
  });

  test("dispatch runs in its charm directory however it is started, without a dirname process", () => {
    const parent = mkdtempSync(join(work, "dispatch-cwd-"));
    const dir = join(parent, "charm");
    mkdirSync(dir);
    writeFileSync(join(dir, "dispatch"), dispatchScript("-e 'console.log(process.cwd())'", { startupSnapshot: false }), { mode: 0o755 });
    const charmDir = realpathSync(dir);
    const cwdOf = (file: string, args: readonly string[], cwd: string): string => execFileSync(file, args, { cwd, encoding: "utf8" }).trim();
    expect(cwdOf(join(dir, "dispatch"), [], "/")).toBe(charmDir); // Juju: the absolute path
    expect(cwdOf("./dispatch", [], dir)).toBe(charmDir);
    expect(cwdOf("charm/dispatch", [], parent)).toBe(charmDir);
    expect(cwdOf("/bin/sh", ["dispatch"], dir)).toBe(charmDir); // no slash in $0: where it was started
    expect(dispatchScript()).not.toMatch(/\$\((?!\()/); // no command substitution (arithmetic is no process)
  });

  test("the example charms' dispatch is the one the build command writes", () => {
    const examples = join(__dirname, "..", "..", "examples");
    const charms = readdirSync(examples).filter((name) => existsSync(join(examples, name, "dispatch")));
    expect(charms.sort()).toEqual(["data-integrator", "database-provider", "legacy-client", "webapp"]);
    for (const name of charms) expect([name, readFileSync(join(examples, name, "dispatch"), "utf8")]).toEqual([name, dispatchScript()]);
  });

  test("an existing dispatch is never rewritten; a non-executable one is made executable", () => {
    const dir = mkdtempSync(join(work, "dispatch-"));
    writeFileSync(join(dir, "dispatch"), "#!/bin/sh\nexec node own.js\n", { mode: 0o644 });
    expect(ensureDispatch(dir)).toBe("made-executable");
    expect(statSync(join(dir, "dispatch")).mode & 0o111).toBe(0o111);
    expect(ensureDispatch(dir)).toBe("kept");
    expect(readFileSync(join(dir, "dispatch"), "utf8")).toBe("#!/bin/sh\nexec node own.js\n");
    chmodSync(join(dir, "dispatch"), 0o700);
    expect(ensureDispatch(dir)).toBe("made-executable");
  });
});

describe("charmcraft.yaml", () => {
  test("the parts prime dispatch, the YAML files that exist and the bundle, and ship Node as node/bin/node", () => {
    const parts = charmcraftParts(["metadata.yaml", "config.yaml"], "out");
    expect(parts).toMatch(/prime:\n {6}- dispatch\n {6}- metadata\.yaml\n {6}- config\.yaml\n {6}- out\/charm\.js\n {6}- out\/package\.json\n/);
    expect(parts).toContain("bin/node: node/bin/node");
    expect(parts).not.toContain("actions.yaml");
    expect(charmcraftYaml(["metadata.yaml"])).toMatch(/^type: charm\nbase: ubuntu@24\.04\n[\s\S]*\nparts:\n/);
  });
});

describe("zod tree-shaking", () => {
  test("`import { z } from \"zod\"` or `\"zod/mini\"` in any quoting becomes a namespace import; other imports stay", () => {
    const source = [
      `import { z } from "zod";`,
      `import {z} from 'zod'`,
      `import { z } from 'zod/mini';`,
      `import { z, ZodError } from "zod";`,
      `import * as z from "zod";`,
      `import { z } from "zod/v4/core";`,
      `const s = 'import { z } from "zod";';`,
    ].join("\n");
    expect(treeShakableZodImports(source).split("\n")).toEqual([
      `import * as z from "zod";`,
      `import * as z from "zod";`,
      `import * as z from "zod/mini";`,
      `import { z, ZodError } from "zod";`,
      `import * as z from "zod";`,
      `import { z } from "zod/v4/core";`,
      `const s = 'import { z } from "zod";';`,
    ]);
  });
});

describe("zod's JSON Schema modules in a bundle", () => {
  test("are served as stubs exporting the same names, each throwing the left-out message", () => {
    const stub = throwingStubOf(["export function a(x) {", "  return x;", "}", "export const b = () => 1;", "export { a as c };", "const d = 1;"].join("\n"));
    expect(stub).toBeDefined();
    const names = [...(stub ?? "").matchAll(/^export const (\w+) = leftOut;$/gm)].map((m) => m[1]);
    expect(names).toEqual(["a", "b", "c"]);
    const run = new Function(`${(stub ?? "").replace(/^export /gm, "")}\nreturn b;`) as () => () => unknown;
    expect(() => run()()).toThrow(ZOD_JSON_SCHEMA_LEFT_OUT);
  });

  test("fall back to the real module when an export has a form the stub cannot copy (a future zod layout costs bytes, not a build)", () => {
    expect(throwingStubOf('export * from "./other.js";\nexport const a = 1;')).toBeUndefined();
    expect(throwingStubOf('export { a } from "./other.js";')).toBeUndefined();
    expect(throwingStubOf("export default function () {}")).toBeUndefined();
  });
});
