/**
 * The V8 code-cache loader measured by the benchmark (bench/code-cache-loader.ts): the unit's
 * own Node writes the cache on the first run and reads it afterwards, and a cache that does not
 * belong to this bundle, this Node (flags included) or that was damaged is never used: the
 * bundle compiles from source and the cache is rewritten. No timing: only what runs and which
 * cache is on disk.
 */
import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { codeCacheFile, writeCodeCacheLoader } from "../../bench/code-cache-loader.js";

let dir: string;
let loader: string;

/** A CommonJS bundle that prints `word` and uses require, module and __dirname as a bundle does. */
function writeBundle(word: string): void {
  const source = `"use strict";
const path = require("node:path");
function greet() { return ${JSON.stringify(word)} + " " + path.basename(__dirname) + " " + (module.exports === exports); }
process.stdout.write(greet());
`;
  fs.writeFileSync(path.join(dir, "charm.js"), source);
}

function run(flags: readonly string[] = []): string {
  const result = spawnSync(process.execPath, [...flags, loader], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`loader failed: ${result.stderr}`);
  return result.stdout;
}

const cacheBytes = (): Buffer => fs.readFileSync(codeCacheFile(dir));
const keyLine = (): string => cacheBytes().toString("utf8").split("\n")[0] ?? "";

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "code-cache-"));
  fs.writeFileSync(path.join(dir, "package.json"), '{ "type": "commonjs" }\n');
  writeBundle("hello");
  loader = writeCodeCacheLoader(dir);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test("the first run compiles from source and writes the cache, keyed by the bundle's hash and this Node", () => {
  expect(fs.existsSync(codeCacheFile(dir))).toBe(false);
  expect(run()).toBe(`hello ${path.basename(dir)} true`);
  const sha = crypto.createHash("sha256").update(fs.readFileSync(path.join(dir, "charm.js"), "utf8")).digest("hex");
  expect(keyLine()).toBe(`${sha} ${process.version} ${process.arch} ${process.versions.v8} `);
  expect(fs.statSync(codeCacheFile(dir)).mode & 0o777).toBe(0o600);
  expect(fs.readdirSync(dir).filter((f) => f.includes(".v8cache."))).toEqual([]);
});

test("a later run reads the cache it accepts and leaves it as it is", () => {
  run();
  const written = cacheBytes();
  expect(run()).toBe(`hello ${path.basename(dir)} true`);
  expect(cacheBytes().equals(written)).toBe(true);
});

test("a changed bundle of the same length runs its new code and gets a new cache (V8 alone checks only the length)", () => {
  run();
  const before = keyLine();
  writeBundle("jello");
  expect(run()).toBe(`jello ${path.basename(dir)} true`);
  expect(keyLine()).not.toBe(before);
  expect(run()).toBe(`jello ${path.basename(dir)} true`);
});

test("a damaged cache is not used: the bundle compiles from source and the cache is rewritten", () => {
  run();
  const good = cacheBytes();
  const damaged = Buffer.from(good);
  const at = damaged.length - 100;
  damaged[at] = (damaged[at] ?? 0) ^ 0xff;
  fs.writeFileSync(codeCacheFile(dir), damaged);
  expect(run()).toBe(`hello ${path.basename(dir)} true`);
  expect(cacheBytes().equals(damaged)).toBe(false);
  fs.writeFileSync(codeCacheFile(dir), good.subarray(0, good.length / 2));
  expect(run()).toBe(`hello ${path.basename(dir)} true`);
  expect(cacheBytes().length).toBeGreaterThan(good.length / 2);
});

test("other Node flags make another key, so a cache from another configuration is replaced", () => {
  run();
  expect(run(["--min-semi-space-size=16"])).toBe(`hello ${path.basename(dir)} true`);
  expect(keyLine().endsWith(" --min-semi-space-size=16")).toBe(true);
});

test("a cache that cannot be written costs only the speed-up", () => {
  fs.mkdirSync(codeCacheFile(dir));
  expect(run()).toBe(`hello ${path.basename(dir)} true`);
  expect(fs.statSync(codeCacheFile(dir)).isDirectory()).toBe(true);
  expect(fs.readdirSync(dir).filter((f) => f.includes(".v8cache."))).toEqual([]);
});

test("why the key holds the bundle's hash: V8 alone accepts a cache made for other text of the same length and runs the old code", () => {
  const script = [`const vm = require("node:vm");`, `const a = new vm.Script('(function () { return "hello"; })()');`, "a.runInThisContext();", `const b = new vm.Script('(function () { return "jello"; })()', { cachedData: a.createCachedData() });`, "process.stdout.write(String(b.cachedDataRejected) + ' ' + b.runInThisContext());"].join("\n");
  const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  expect(result.stdout).toBe("false hello");
});
