// examples/build.ts: one self-contained CommonJS file per charm, no runtime node_modules.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { bundleCharm, CharmBuildError, describeBundle, exampleCharmDirs } from "../../examples/build.js";
import { ZOD_JSON_SCHEMA_LEFT_OUT } from "../../lib/cli/build-plugins.js";

const FIXTURE = path.join(__dirname, "..", "fixtures", "charms", "ts-client");
const EXAMPLES = path.join(__dirname, "..", "..", "examples");

describe("bundleCharm", () => {
  let out: string;
  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-charm-"));
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test("writes charm.js with the library inlined and the metadata embedded instead of the yaml package, marked CommonJS", async () => {
    const result = await bundleCharm(FIXTURE, out);
    expect(result.outFile).toBe(path.join(out, "charm.js"));
    expect(result.bytes).toBe(fs.statSync(result.outFile).size);
    expect(result.packages).toHaveProperty("lib/ops");
    // No YAML parsing at all: lib/ops' metadata-file fallback is folded out of bundles.
    expect(result.packages).not.toHaveProperty("yaml");
    expect(result.packages).not.toHaveProperty("lib/ops yaml stub");
    expect(result.packages).toHaveProperty("embedded metadata");
    expect(result.metadataSource).toBe("metadata.yaml");
    expect(JSON.parse(fs.readFileSync(path.join(out, "package.json"), "utf8"))).toEqual({ type: "commonjs" });
    const text = fs.readFileSync(result.outFile, "utf8");
    // Only Node built-ins (and the never-loaded optional driver add-ons) stay as require() calls.
    const required = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1] ?? "");
    const nonBuiltin = required.filter((m) => !m.startsWith("node:") && !builtinModules.includes(m));
    expect(nonBuiltin.filter((m) => !["pg-native", "pg-cloudflare", "cloudflare:sockets"].includes(m))).toEqual([]);
    // The fixture's endpoints are in the bundle as data.
    expect(text).toContain('"ts-client"');
    expect(text).not.toContain("without the yaml package");
  });

  test("a charm that parses metadata YAML itself through lib/ops gets the yaml stub, not the yaml package", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-charm-yaml-"));
    fs.copyFileSync(path.join(FIXTURE, "metadata.yaml"), path.join(dir, "metadata.yaml"));
    fs.mkdirSync(path.join(dir, "src"));
    const ops = path.join(__dirname, "..", "..", "lib", "ops", "index.js");
    fs.writeFileSync(path.join(dir, "src", "charm.ts"), `import { parseCharmMetadata } from ${JSON.stringify(ops)};\nconsole.log(parseCharmMetadata("name: x\\n"));\n`);
    const result = await bundleCharm(dir, path.join(dir, "build"));
    const text = fs.readFileSync(result.outFile, "utf8");
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.packages).not.toHaveProperty("yaml");
    expect(result.packages).toHaveProperty("lib/ops yaml stub");
    expect(text).toContain("without the yaml package");
  });

  test("an unminified bundle is ASCII, so V8 holds its source at one byte per character", async () => {
    // esbuild escapes non-ASCII in code but keeps some comments as written; one such character
    // turns the whole source into a two-byte string, twice the memory in every hook's heap (and
    // start-up snapshot) of a charm built with --no-minify.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-charm-ascii-"));
    const result = await bundleCharm(FIXTURE, dir, { minify: false });
    const text = fs.readFileSync(result.outFile, "utf8");
    fs.rmSync(dir, { recursive: true, force: true });
    const nonAscii = [...text.matchAll(/[^\x00-\x7f]/g)].map((m) => text.slice(Math.max(0, (m.index ?? 0) - 40), (m.index ?? 0) + 10));
    expect(nonAscii).toEqual([]);
  });

  test("a charm whose own code imports yaml still gets the real package (only lib/ops' import is stubbed)", async () => {
    // Inside the repository, so that the charm's own `import "yaml"` resolves from node_modules.
    const scratch = path.join(__dirname, "..", "..", ".tmp");
    fs.mkdirSync(scratch, { recursive: true }); // a fresh clone has no .tmp yet
    const charm = fs.mkdtempSync(path.join(scratch, "imports-yaml-"));
    fs.mkdirSync(path.join(charm, "src"), { recursive: true });
    fs.writeFileSync(path.join(charm, "metadata.yaml"), "name: imports-yaml\n");
    fs.writeFileSync(
      path.join(charm, "src", "charm.ts"),
      `import { parse } from "yaml";\nimport { loadCharmMetadata } from "${path.join(__dirname, "..", "..", "lib", "ops", "charm-metadata.js")}";\n` +
        `process.stdout.write(JSON.stringify({ own: parse("a: 1"), metadata: loadCharmMetadata(__dirname + "/..") }));\n`,
    );
    const result = await bundleCharm(charm, path.join(charm, "build"), { minify: false });
    expect(result.packages).toHaveProperty("yaml");
    const printed = execFileSync(process.execPath, [result.outFile], { encoding: "utf8" });
    fs.rmSync(charm, { recursive: true, force: true });
    expect(JSON.parse(printed)).toEqual({ own: { a: 1 }, metadata: { name: "imports-yaml", peers: [], requires: [], provides: [], endpoints: {} } });
  });

  test("zod in the bundle parses and reports issues as unbundled; its JSON Schema generator is left out with a clear error", async () => {
    const scratch = path.join(__dirname, "..", "..", ".tmp");
    fs.mkdirSync(scratch, { recursive: true });
    const charm = fs.mkdtempSync(path.join(scratch, "zod-json-schema-"));
    fs.mkdirSync(path.join(charm, "src"), { recursive: true });
    fs.writeFileSync(
      path.join(charm, "src", "charm.ts"),
      `import { z } from "zod";\n` +
        `const Bag = z.object({ port: z.coerce.number().int().positive(), host: z.string().min(1) });\n` +
        `const bad = Bag.safeParse({ port: "-1", host: "" });\n` +
        `let schema = "";\n` +
        `try { z.toJSONSchema(Bag); } catch (e) { schema = (e as Error).message; }\n` +
        `process.stdout.write(JSON.stringify({ good: Bag.parse({ port: "5432", host: "db" }), issues: bad.success ? [] : bad.error.issues.map((i) => i.path.join(".") + ": " + i.message), schema }));\n`,
    );
    const result = await bundleCharm(charm, path.join(charm, "build"), { modules: true });
    const printed = JSON.parse(execFileSync(process.execPath, [result.outFile], { encoding: "utf8" })) as unknown;
    fs.rmSync(charm, { recursive: true, force: true });
    // The per-file breakdown (the `modules` option) names the stubbed modules and adds up to the bundle, less esbuild's helpers.
    const modules = Object.entries(result.modules ?? {});
    const stubbed = modules.filter(([input]) => /zod\/v4\/core\/(to-json-schema|json-schema-processors)\.js$/.test(input));
    expect(stubbed).toHaveLength(2);
    for (const [, bytes] of stubbed) expect(bytes).toBeLessThan(1000);
    const total = modules.reduce((sum, [, bytes]) => sum + bytes, 0);
    expect(total).toBeLessThanOrEqual(result.bytes);
    expect(total).toBeGreaterThan(result.bytes - 2000);
    expect(printed).toEqual({
      good: { port: 5432, host: "db" },
      issues: ["port: Too small: expected number to be >0", "host: Too small: expected string to have >=1 characters"],
      schema: ZOD_JSON_SCHEMA_LEFT_OUT,
    });
    // The two stubbed modules weigh next to nothing in the bundle's zod share.
    expect(result.packages["zod"]).toBeLessThan(90_000);
  });

  test("invalid metadata fails the build with a CharmBuildError naming the file and field", async () => {
    const charm = path.join(out, "bad-metadata");
    fs.mkdirSync(path.join(charm, "src"), { recursive: true });
    fs.writeFileSync(path.join(charm, "src", "charm.ts"), "export {};\n");
    fs.writeFileSync(path.join(charm, "metadata.yaml"), "name: bad\nrequires:\n  db:\n    interface: pg\n    limit: zero\n");
    await expect(bundleCharm(charm, path.join(charm, "build"))).rejects.toThrow(CharmBuildError);
    await expect(bundleCharm(charm, path.join(charm, "build"))).rejects.toThrow(/metadata\.yaml: requires\.db\.limit/);
  });

  test("a charm directory without src/charm.ts is a CharmBuildError naming the entry", async () => {
    await expect(bundleCharm(out, path.join(out, "x"))).rejects.toThrow(CharmBuildError);
    await expect(bundleCharm(out, path.join(out, "x"))).rejects.toThrow(/no entry point src\/charm\.ts/);
  });

  test("exampleCharmDirs finds the example charms (a dispatch and a src/ entry point), describeBundle names file and size", async () => {
    const names = exampleCharmDirs(EXAMPLES).map((d) => path.basename(d));
    expect(names).toEqual(expect.arrayContaining(["webapp", "data-integrator", "legacy-client"]));
    expect(names).not.toContain("build.ts");
    expect(describeBundle({ outFile: path.join(out, "charm.js"), bytes: 2048, packages: {}, metadataSource: null }, out)).toBe("charm.js  2.0 KB");
  });
});
