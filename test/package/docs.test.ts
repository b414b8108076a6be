/**
 * The API reference builds from the doc comments with no undocumented public symbol: typedoc
 * runs over the package's entry points (typedoc.json, the same as `npm run docs`) with
 * `--validation.notDocumented` and `--treatWarningsAsErrors`, writing JSON to a temp dir.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { z } from "zod";

const root = resolve(__dirname, "../..");
const TypedocConfig = z.object({ entryPoints: z.array(z.string()) });
const PackageExports = z.object({ exports: z.record(z.string(), z.union([z.string(), z.object({ import: z.string() })])) });
const ApiJson = z.object({ children: z.array(z.object({ name: z.string() })) });

const work = mkdtempSync(join(tmpdir(), "cdi-docs-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test("typedoc's entry points are the package's exports", () => {
  const config = TypedocConfig.parse(JSON.parse(readFileSync(join(root, "typedoc.json"), "utf8")));
  const pkg = PackageExports.parse(JSON.parse(readFileSync(join(root, "package.json"), "utf8")));
  const fromExports = Object.values(pkg.exports)
    .flatMap((e) => (typeof e === "string" ? [] : [e.import]))
    .map((target) => target.replace(/^\.\/dist\//, "").replace(/\.js$/, ".ts"))
    .sort();
  expect([...config.entryPoints].sort()).toEqual(fromExports);
});

test("every exported symbol is documented (typedoc, warnings as errors)", () => {
  const json = join(work, "api.json");
  const typedoc = join(root, "node_modules/typedoc/bin/typedoc");
  const run = spawnSync(process.execPath, [typedoc, "--options", "typedoc.json", "--validation.notDocumented", "--treatWarningsAsErrors", "--json", json], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  const output = `${run.stdout}${run.stderr}`.replace(/\u001b\[[0-9;]*m/g, "");
  const warnings = output.split("\n").filter((line) => /\[(warning|error)\]/.test(line) && !/Found \d+ errors/.test(line));
  expect(warnings).toEqual([]);
  expect(run.status).toBe(0);
  const api = ApiJson.parse(JSON.parse(readFileSync(json, "utf8")));
  expect(api.children.map((c) => c.name).sort()).toEqual(["index", "legacy", "ops", "testing"]);
}, 120_000);
