/**
 * Experiment (startup work of issue 8): load a charm bundle through `vm.Script` with V8 code
 * cache. Node 20 has no `module.enableCompileCache()` (22.1+), but `vm.Script` accepts
 * `cachedData` and `createCachedData()` produces it after the bundle has run, so the cache
 * also holds the functions compiled lazily during the hook. A rejected cache (other Node/V8
 * version or flags) is ignored and rewritten; an unwritable directory only loses the speed-up.
 *
 * The benchmark writes this loader next to a copy of the bundle and times it beside the plain
 * bundle; charms do not ship it (yet): see bench/NOTES.md.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const LOADER_SOURCE = `"use strict";
// Runs ./charm.js with V8 code cache in ./charm.js.v8cache (written by bench/code-cache-loader.ts).
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const Module = require("node:module");
const file = path.join(__dirname, "charm.js");
const cacheFile = file + ".v8cache";
let cachedData;
try { cachedData = fs.readFileSync(cacheFile); } catch { cachedData = undefined; }
const script = new vm.Script(Module.wrap(fs.readFileSync(file, "utf8")), { filename: file, cachedData });
const bundle = new Module(file, module);
bundle.filename = file;
bundle.paths = Module._nodeModulePaths(__dirname);
bundle.loaded = true;
script.runInThisContext().call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, __dirname);
if (cachedData === undefined || script.cachedDataRejected) {
  process.once("exit", () => {
    try {
      const tmp = cacheFile + "." + process.pid;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
    } catch {}
  });
}
`;

/** Copies `bundle` into `dir` as charm.js with the loader beside it; returns the loader's path. */
export function writeCodeCacheLoader(bundle: string, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(bundle, path.join(dir, "charm.js"));
  fs.writeFileSync(path.join(dir, "package.json"), '{ "type": "commonjs" }\n');
  const loader = path.join(dir, "load-with-code-cache.js");
  fs.writeFileSync(loader, LOADER_SOURCE);
  return loader;
}
