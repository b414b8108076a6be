/**
 * The packed tarball: `npm pack` holds exactly the built library (dist/lib, JS and .d.ts), the
 * README, the LICENSE and package.json; installed offline into a scratch project it compiles a
 * small charm with tsc (module NodeNext), every `exports` entry resolves from plain Node ESM, and
 * the `charm-data-interfaces` bin validates a show-unit file.
 *
 * The library is built once per run, into a staging copy of the package (the shared dist/ of the
 * checkout is left alone), with the same tsconfig as `npm run build`.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { z } from "zod";

const root = resolve(__dirname, "../..");
const tsc = join(root, "node_modules/typescript/bin/tsc");
const fixtures = join(__dirname, "fixture-charm");

const PackOutput = z.array(z.object({ filename: z.string(), files: z.array(z.object({ path: z.string() })) }));
const PackageJson = z.object({
  name: z.string(),
  exports: z.record(z.string(), z.union([z.string(), z.object({ types: z.string(), import: z.string() })])),
  bin: z.record(z.string(), z.string()),
  files: z.array(z.string()),
  dependencies: z.record(z.string(), z.string()),
});

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
  if (result.error !== undefined) throw result.error;
  return result;
}

function ok(command: string, args: readonly string[], cwd: string): string {
  const result = run(command, args, cwd);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const work = mkdtempSync(join(tmpdir(), "cdi-pack-"));
const staging = join(work, "package");
const scratch = join(work, "scratch");
const pkg = PackageJson.parse(JSON.parse(readFileSync(join(root, "package.json"), "utf8")));
let packed: string[] = [];
let tarball = "";

beforeAll(() => {
  mkdirSync(staging);
  for (const file of ["package.json", "README.md", "LICENSE"]) copyFileSync(join(root, file), join(staging, file));
  ok(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", join(staging, "dist")], root);
  const out = PackOutput.parse(JSON.parse(ok("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], staging)));
  packed = out[0]?.files.map((f) => f.path).sort() ?? [];
  tarball = join(work, out[0]?.filename ?? "missing.tgz");

  mkdirSync(scratch);
  writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "scratch-charm", version: "0.0.0", private: true, type: "module" }));
  ok("npm", ["install", "--offline", "--no-audit", "--no-fund", tarball], scratch);
}, 170_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("npm pack", () => {
  test("contains exactly dist/lib (JS and declarations), README.md, LICENSE and package.json", () => {
    const outside = packed.filter((p) => !(["package.json", "README.md", "LICENSE"].includes(p) || /^dist\/lib\/.+\.(js|d\.ts)$/.test(p)));
    expect(outside).toEqual([]);
    expect(packed.filter((p) => /\.map$|(^|\/)test\/|\.test\.|examples\//.test(p))).toEqual([]);
    const js = packed.filter((p) => p.endsWith(".js"));
    const withoutTypes = js.filter((p) => p !== "dist/lib/cli/bin.js" && !packed.includes(p.replace(/\.js$/, ".d.ts")));
    expect(withoutTypes).toEqual([]);
    expect(packed).toEqual(expect.arrayContaining(["README.md", "LICENSE", "package.json"]));
  });

  test("every exports target and the bin are in the tarball", () => {
    const targets = Object.values(pkg.exports).flatMap((e) => (typeof e === "string" ? [e] : [e.types, e.import]));
    const missing = [...targets, ...Object.values(pkg.bin)].map((t) => t.replace(/^\.\//, "")).filter((t) => !packed.includes(t));
    expect(missing).toEqual([]);
  });
});

describe("installed into a scratch project", () => {
  test("a small charm compiles with tsc (NodeNext, strict) against the package and runs", () => {
    copyFileSync(join(fixtures, "charm.ts.fixture"), join(scratch, "charm.ts"));
    copyFileSync(join(fixtures, "run.ts.fixture"), join(scratch, "run.ts"));
    const tsconfig = {
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noUncheckedIndexedAccess: true,
        noImplicitOverride: true,
        // No skipLibCheck: the published declarations (and those of zod and yaml) must check on
        // their own, without pg, mysql2 or mongodb installed in the charm project.
        skipLibCheck: false,
        outDir: "out",
        typeRoots: [join(root, "node_modules/@types")],
        types: ["node"],
      },
      files: ["charm.ts", "run.ts"],
    };
    writeFileSync(join(scratch, "tsconfig.json"), JSON.stringify(tsconfig));
    const compiled = run(process.execPath, [tsc, "-p", "tsconfig.json"], scratch);
    expect(`${compiled.stdout}${compiled.stderr}`).toBe("");
    expect(compiled.status).toBe(0);
    const output = ok(process.execPath, ["out/run.js"], scratch);
    expect(JSON.parse(output)).toEqual({ database: "myappdb", decoded: true });
  });

  test.each([
    [".", "DatabaseRequires"],
    [".", "PostgreSQLRequires"],
    ["./ops", "CharmBase"],
    ["./testing", "Context"],
    ["./legacy", "PgsqlRequires"],
  ])("exports entry %s resolves from plain Node ESM", (entry, symbol) => {
    expect(Object.keys(pkg.exports)).toContain(entry);
    const specifier = entry === "." ? pkg.name : `${pkg.name}/${entry.slice(2)}`;
    const script = `import * as m from ${JSON.stringify(specifier)}; console.log(typeof m[${JSON.stringify(symbol)}]);`;
    expect(ok(process.execPath, ["--input-type=module", "-e", script], scratch).trim()).toBe("function");
  });

  test("the bin validates a show-unit file: exit 0 when valid, 1 with problems", () => {
    const bin = join(scratch, "node_modules/.bin/charm-data-interfaces");
    const valid = run(bin, ["validate", join(fixtures, "show-unit.json")], scratch);
    expect([valid.status, valid.stdout]).toEqual([0, expect.stringContaining("interface postgresql_client")]);
    const broken = JSON.parse(readFileSync(join(fixtures, "show-unit.json"), "utf8")) as Record<string, { "relation-info": Array<{ "application-data": Record<string, string> }> }>;
    const info = broken["myapp/0"]?.["relation-info"][0];
    if (info === undefined) throw new Error("fixture lost its relation");
    info["application-data"]["endpoints"] = "primary:654320";
    writeFileSync(join(work, "broken.json"), JSON.stringify(broken));
    const invalid = run(bin, ["validate", join(work, "broken.json"), "--format", "json"], scratch);
    expect(invalid.status).toBe(1);
    expect(invalid.stdout).toContain("port must be an integer between 1 and 65535");
  });
});
