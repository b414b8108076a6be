// The run-wide charm bundle cache: the second build of the same content is a copy, the result
// names the new location, and an edit to the charm builds afresh.
import * as fs from "node:fs";
import * as path from "node:path";
import { CHARM_CACHE_DIR, cachedBundleCharm, charmCacheKey } from "./charm-build-cache.js";

const REPO = path.join(__dirname, "..", "..");
let charm: string;
let out: string;

beforeAll(() => {
  // Inside the repository so that the charm's import of lib/ops resolves like an example's.
  const scratch = path.join(REPO, ".tmp");
  fs.mkdirSync(scratch, { recursive: true });
  charm = fs.mkdtempSync(path.join(scratch, "cache-charm-"));
  out = fs.mkdtempSync(path.join(scratch, "cache-out-"));
  fs.mkdirSync(path.join(charm, "src"));
  fs.writeFileSync(path.join(charm, "metadata.yaml"), "name: cache-charm\n");
  fs.writeFileSync(path.join(charm, "src", "charm.ts"), 'process.stdout.write("first");\n');
});
afterAll(() => {
  fs.rmSync(path.join(CHARM_CACHE_DIR, charmCacheKey(charm)), { recursive: true, force: true });
  for (const dir of [charm, out]) fs.rmSync(dir, { recursive: true, force: true });
});

test("the second build of the same content is served from the cache, at the new place", async () => {
  const first = await cachedBundleCharm(charm, path.join(out, "a"));
  expect(first.outFile).toBe(path.join(out, "a", "charm.js"));
  expect(fs.readFileSync(first.outFile, "utf8")).toContain("first");
  expect(fs.readFileSync(path.join(out, "a", "package.json"), "utf8")).toContain("commonjs");

  // Mark the cached bundle: a copy carries the mark, a rebuild would not.
  const entry = path.join(CHARM_CACHE_DIR, charmCacheKey(charm));
  fs.appendFileSync(path.join(entry, "build", "charm.js"), "\n// served from the cache\n");
  const second = await cachedBundleCharm(charm, path.join(out, "b"));
  expect(second).toEqual({ ...first, outFile: path.join(out, "b", "charm.js") });
  expect(fs.readFileSync(second.outFile, "utf8")).toContain("// served from the cache");
});

test("an edit to the charm changes the key and builds afresh", async () => {
  const before = charmCacheKey(charm);
  fs.writeFileSync(path.join(charm, "src", "charm.ts"), 'process.stdout.write("second");\n');
  const after = charmCacheKey(charm);
  expect(after).not.toBe(before);
  try {
    const rebuilt = await cachedBundleCharm(charm, path.join(out, "c"));
    const text = fs.readFileSync(rebuilt.outFile, "utf8");
    expect(text).toContain("second");
    expect(text).not.toContain("served from the cache");
  } finally {
    fs.rmSync(path.join(CHARM_CACHE_DIR, before), { recursive: true, force: true });
  }
});

test("options are part of the key", () => {
  expect(charmCacheKey(charm, { minify: false })).not.toBe(charmCacheKey(charm));
});
