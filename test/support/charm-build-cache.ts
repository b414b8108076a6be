/**
 * Charm bundles built once per content for the whole test run (issue 15, "Why" 8: `npm test`
 * within 5 minutes on 2 cores). Many suites bundle the same charms (examples/database-provider
 * alone in eight of them); each esbuild run of it costs about a CPU second. The first suite that
 * needs a bundle builds it with `bundleCharm` into a cache under the OS temp dir, keyed by a hash
 * of everything the bundle is made of; every later suite, in any jest worker, copies it.
 *
 * The key covers the charm's own directory (without build/ and node_modules/), all of lib/
 * (what charms import), examples/build.ts, package-lock.json (esbuild, drivers, zod) and the
 * bundle options, so an edit to any of them builds afresh. `CDI_CHARM_CACHE=off` always builds.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { bundleCharm, type BundleOptions, type BundleResult } from "../../examples/build.js";

const REPO = path.join(__dirname, "..", "..");
/** Where cached bundles live: one directory per key, holding `build/` and `result.json`. */
export const CHARM_CACHE_DIR = path.join(os.tmpdir(), "cdi-charm-build-cache");
const SKIPPED_DIRS = new Set(["build", "node_modules", ".tmp"]);

/** Every file under `dir` (sorted, relative), without build/ and node_modules/. */
function filesUnder(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = path.join(prefix, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...filesUnder(dir, rel));
    } else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}

// lib/ is hashed once per test file (it does not change while a run lasts).
let sharedInputs: string | undefined;

function hashTree(hash: ReturnType<typeof createHash>, label: string, dir: string): void {
  for (const rel of filesUnder(dir)) {
    hash.update(`${label}/${rel}\0`);
    hash.update(fs.readFileSync(path.join(dir, rel)));
    hash.update("\0");
  }
}

function sharedDigest(): string {
  if (sharedInputs === undefined) {
    const hash = createHash("sha256");
    hashTree(hash, "lib", path.join(REPO, "lib"));
    for (const file of ["examples/build.ts", "package-lock.json"]) hash.update(fs.readFileSync(path.join(REPO, file)));
    hash.update(process.version);
    sharedInputs = hash.digest("hex");
  }
  return sharedInputs;
}

/** The cache key of `sourceDir` built with `options`. */
export function charmCacheKey(sourceDir: string, options: BundleOptions = {}): string {
  const hash = createHash("sha256");
  hash.update(sharedDigest());
  hash.update(`${path.resolve(sourceDir)}\0${JSON.stringify(options)}\0`);
  hashTree(hash, "charm", sourceDir);
  return `${path.basename(sourceDir)}-${hash.digest("hex").slice(0, 24)}`;
}

function copyBuild(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(from)) fs.copyFileSync(path.join(from, name), path.join(to, name));
}

/**
 * `bundleCharm(sourceDir, outDir, options)`, served from the cache when the same content was
 * built before. The result is the one the build reported, with `outFile` in `outDir`.
 */
export async function cachedBundleCharm(sourceDir: string, outDir: string, options: BundleOptions = {}): Promise<BundleResult> {
  if (process.env["CDI_CHARM_CACHE"] === "off") return bundleCharm(sourceDir, outDir, options);
  const entry = path.join(CHARM_CACHE_DIR, charmCacheKey(sourceDir, options));
  const resultFile = path.join(entry, "result.json");
  if (!fs.existsSync(resultFile)) {
    // Built in a private directory and renamed into place: a worker never sees half an entry,
    // and two workers building the same key at once both succeed (the second rename loses).
    fs.mkdirSync(CHARM_CACHE_DIR, { recursive: true });
    const staging = fs.mkdtempSync(path.join(CHARM_CACHE_DIR, ".staging-"));
    try {
      const built = await bundleCharm(sourceDir, path.join(staging, "build"), options);
      fs.writeFileSync(path.join(staging, "result.json"), JSON.stringify(built));
      try {
        fs.renameSync(staging, entry);
      } catch (error) {
        if (!fs.existsSync(resultFile)) throw error;
      }
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  copyBuild(path.join(entry, "build"), outDir);
  const cached = JSON.parse(fs.readFileSync(resultFile, "utf8")) as BundleResult;
  return { ...cached, outFile: path.join(path.resolve(outDir), path.basename(cached.outFile)) };
}
