// The jest sequencer of npm test (test/support/slow-first-sequencer.cjs): on a checkout without
// jest's timings the suites start costliest first by test/support/suite-costs.json; with timings,
// jest's own order stands.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..", "..");
const Sequencer = require("./slow-first-sequencer.cjs") as new () => { sort(tests: FakeTest[]): FakeTest[] };
const costs = require("./suite-costs.json") as { suites: Record<string, number> };

interface FakeTest {
  path: string;
  duration?: number;
  context: { config: { rootDir: string; cache: boolean; cacheDirectory: string; id: string; haste: object; name: string }; hasteFS: { getSize(path: string): number } };
}

let cacheDir: string;
beforeAll(() => {
  cacheDir = mkdtempSync(join(tmpdir(), "sequencer-cache-"));
});
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

function tests(files: readonly string[], id: string): FakeTest[] {
  // File size: the longest name is the "largest" file, so size order differs from cost order.
  const context = { config: { rootDir: ROOT, cache: true, cacheDirectory: cacheDir, id, haste: {}, name: id }, hasteFS: { getSize: (p: string) => p.length } };
  return files.map((f) => ({ path: join(ROOT, f), context }));
}

const order = (sorted: readonly FakeTest[]): string[] => sorted.map((t) => t.path.slice(ROOT.length + 1));

test("every suite the cost table names exists (regenerate it when suites move: docs/testing.md)", () => {
  const names = Object.keys(costs.suites);
  expect(names.length).toBeGreaterThan(50);
  expect(names.filter((f) => !existsSync(join(ROOT, f)))).toEqual([]);
});

test("without jest's timings: costliest first by the table; suites it does not know first of all", () => {
  const known = Object.entries(costs.suites).sort((a, b) => b[1] - a[1]).map(([f]) => f);
  const costliest = known.slice(0, 3);
  // Two cheap suites with different costs (equal costs leave jest's order open).
  const positive = known.filter((f) => (costs.suites[f] ?? 0) > 0);
  const last = positive[positive.length - 1] ?? "";
  const cheap = [positive.filter((f) => costs.suites[f] !== costs.suites[last]).at(-1) ?? "", last];
  const unknown = "test/not-yet-measured-suite-with-a-long-name.test.ts";
  const sorted = order(new Sequencer().sort(tests([...cheap, unknown, ...[...costliest].reverse()], "no-timings")));
  expect(sorted).toEqual([unknown, ...costliest, ...[...cheap].sort((a, b) => (costs.suites[b] ?? 0) - (costs.suites[a] ?? 0))]);
});

test("with jest's timings from a previous run, those decide", () => {
  const known = Object.entries(costs.suites).sort((a, b) => b[1] - a[1]).map(([f]) => f);
  const [first = "", second = ""] = known;
  const list = tests([first, second], "with-timings");
  const context = list[0]?.context;
  if (context === undefined) throw new Error("no test");
  // jest's perf cache: [status (1 = passed), duration ms] per path; here the cheaper suite took longer last time.
  const HasteMap = require("jest-haste-map").default as { getStatic(config: object): { getCacheFilePath(dir: string, name: string): string } };
  const cachePath = HasteMap.getStatic(context.config).getCacheFilePath(cacheDir, `perf-cache-${context.config.id}`);
  writeFileSync(cachePath, JSON.stringify({ [join(ROOT, first)]: [1, 1_000], [join(ROOT, second)]: [1, 90_000] }));
  expect(order(new Sequencer().sort(list))).toEqual([second, first]);
});
