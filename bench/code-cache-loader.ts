/**
 * Direction of issue 17: run the charm bundle through a V8 code cache that the unit writes
 * itself. Node 20 has no `module.enableCompileCache()` (22.1+), but `vm.Script` accepts
 * `cachedData`, and `createCachedData()` after the hook has run also holds the functions
 * compiled lazily during the hook.
 *
 * The loader never trusts the cache blindly: the cache file starts with a key line (SHA-256 of
 * the bundle's text, Node version, architecture, V8 version and Node flags) and the SHA-256 of
 * the payload; a key that differs (the charm or Node changed), a payload that does not hash
 * right (a torn or corrupt file) or a cache V8 rejects means compiling from source and writing a
 * new cache at exit (temporary file + rename, so a reader never sees half a file). An unwritable
 * directory only loses the speed-up. The first hook on a unit (install) writes it.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The loader's file name beside the bundle. */
export const CODE_CACHE_LOADER = "charm-cached.js";

/** The loader: CommonJS, Node built-ins only; runs `./charm.js` with `./charm.js.v8cache`. */
export const CODE_CACHE_LOADER_SOURCE = `"use strict";
// Runs ./charm.js through a V8 code cache in ./charm.js.v8cache, written by this Node on the unit.
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const crypto = require("node:crypto");
const Module = require("node:module");
const file = path.join(__dirname, "charm.js");
const cacheFile = file + ".v8cache";
const source = fs.readFileSync(file, "utf8");
const sha256 = (data) => crypto.createHash("sha256").update(data).digest("hex");
const key = [sha256(source), process.version, process.arch, process.versions.v8, process.execArgv.join(" ")].join(" ");
let cachedData;
try {
  const saved = fs.readFileSync(cacheFile);
  const keyEnd = saved.indexOf(10);
  const sumEnd = saved.indexOf(10, keyEnd + 1);
  if (keyEnd > 0 && sumEnd > keyEnd && saved.toString("utf8", 0, keyEnd) === key) {
    const payload = saved.subarray(sumEnd + 1);
    if (saved.toString("utf8", keyEnd + 1, sumEnd) === sha256(payload)) cachedData = payload;
  }
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
if (cachedData === undefined || script.cachedDataRejected) {
  process.once("exit", () => {
    const tmp = cacheFile + "." + process.pid;
    try {
      const data = script.createCachedData();
      fs.writeFileSync(tmp, Buffer.concat([Buffer.from(key + "\\n" + sha256(data) + "\\n"), data]), { mode: 0o600 });
      fs.renameSync(tmp, cacheFile);
    } catch {
      try { fs.rmSync(tmp, { force: true }); } catch {}
    }
  });
}
const bundle = new Module(file, module);
bundle.filename = file;
bundle.paths = Module._nodeModulePaths(__dirname);
script.runInThisContext().call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, __dirname);
bundle.loaded = true;
`;

/** Writes the loader beside the bundle `<buildDir>/charm.js`; returns the loader's path. */
export function writeCodeCacheLoader(buildDir: string): string {
  const loader = path.join(buildDir, CODE_CACHE_LOADER);
  fs.writeFileSync(loader, CODE_CACHE_LOADER_SOURCE);
  return loader;
}

/** The cache file the loader keeps beside the bundle. */
export function codeCacheFile(buildDir: string): string {
  return path.join(buildDir, "charm.js.v8cache");
}
