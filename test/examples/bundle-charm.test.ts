// examples/build.ts: one self-contained CommonJS file per charm, no runtime node_modules.
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { bundleCharm, CharmBuildError, describeBundle, exampleCharmDirs } from "../../examples/build.js";

const FIXTURE = path.join(__dirname, "..", "fixtures", "charms", "ts-client");
const EXAMPLES = path.join(__dirname, "..", "..", "examples");

describe("bundleCharm", () => {
  let out: string;
  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-charm-"));
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test("writes charm.js with the library and yaml inlined, marked CommonJS", async () => {
    const result = await bundleCharm(FIXTURE, out);
    expect(result.outFile).toBe(path.join(out, "charm.js"));
    expect(result.bytes).toBe(fs.statSync(result.outFile).size);
    expect(result.packages).toHaveProperty("yaml");
    expect(JSON.parse(fs.readFileSync(path.join(out, "package.json"), "utf8"))).toEqual({ type: "commonjs" });
    const text = fs.readFileSync(result.outFile, "utf8");
    // Only Node built-ins (and the never-loaded optional driver add-ons) stay as require() calls.
    const required = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1] ?? "");
    const nonBuiltin = required.filter((m) => !m.startsWith("node:") && !builtinModules.includes(m));
    expect(nonBuiltin.filter((m) => !["pg-native", "pg-cloudflare", "cloudflare:sockets"].includes(m))).toEqual([]);
  });

  test("a charm directory without src/charm.ts is a CharmBuildError naming the entry", async () => {
    await expect(bundleCharm(out, path.join(out, "x"))).rejects.toThrow(CharmBuildError);
    await expect(bundleCharm(out, path.join(out, "x"))).rejects.toThrow(/no entry point src\/charm\.ts/);
  });

  test("exampleCharmDirs finds the example charms (a dispatch and a src/ entry point), describeBundle names file and size", async () => {
    const names = exampleCharmDirs(EXAMPLES).map((d) => path.basename(d));
    expect(names).toEqual(expect.arrayContaining(["webapp", "data-integrator", "legacy-client"]));
    expect(names).not.toContain("build.ts");
    expect(describeBundle({ outFile: path.join(out, "charm.js"), bytes: 2048, packages: {} }, out)).toBe("charm.js  2.0 KB");
  });
});
