// The benchmark's command line (bench/bench-cli.ts): `--help` prints the options and runs
// nothing; a word it does not know stops it before a run could rewrite bench/RESULTS.md.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { dispatchVariants, readArgs } from "../../bench/bench-cli.js";
import { scaled } from "../support/time-scale.js";

const repoRoot = path.resolve(__dirname, "..", "..");

test("options the benchmark takes are accepted, with their values", () => {
  expect(readArgs([])).toBe("run");
  expect(readArgs(["--runs", "40", "--no-python", "--node", "machine"])).toBe("run");
  expect(readArgs(["--compare", "install", "--flags", "--max-semi-space-size=1", "--bundle", "a.js"])).toBe("run");
  expect(readArgs(["--compare", "start", "--kubernetes", "--runs", "3"])).toBe("run");
});

test("--dispatch takes a dispatch alone or with a bundle of its own, as files that exist", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-args-"));
  try {
    for (const f of ["d1", "d2", "b2.js"]) fs.writeFileSync(path.join(dir, f), "");
    const at = (f: string): string => path.join(dir, f);
    expect(dispatchVariants(["--compare", "start", "--dispatch", at("d1"), "--runs", "3", "--dispatch", `${at("d2")}:${at("b2.js")}`])).toEqual([{ dispatch: at("d1") }, { dispatch: at("d2"), bundle: at("b2.js") }]);
    expect(() => dispatchVariants(["--dispatch", `${at("d1")}:${at("missing.js")}`])).toThrow(`--dispatch: no file ${at("missing.js")}`);
    expect(() => dispatchVariants(["--dispatch", `${at("d1")}:`])).toThrow("--dispatch takes FILE or FILE:BUNDLE");
    expect(() => dispatchVariants(["--dispatch", `${at("d1")}:${at("d2")}:${at("b2.js")}`])).toThrow("--dispatch takes FILE or FILE:BUNDLE");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("--help and -h ask for the usage, wherever they stand", () => {
  expect(readArgs(["--help"])).toBe("help");
  expect(readArgs(["--runs", "3", "-h"])).toBe("help");
});

test("an unknown word or a missing value is refused with a pointer to --help", () => {
  expect(() => readArgs(["--run", "40"])).toThrow('unknown option "--run"; `npm run bench -- --help` lists the options');
  expect(() => readArgs(["40"])).toThrow('unknown option "40"');
  expect(() => readArgs(["--runs"])).toThrow("--runs needs a value");
});

test("node bench/run.mjs --help prints the options and leaves bench/RESULTS.md alone", () => {
  const results = path.join(repoRoot, "bench", "RESULTS.md");
  const before = fs.statSync(results).mtimeMs;
  const run = spawnSync(process.execPath, [path.join(repoRoot, "bench", "run.mjs"), "--help"], { encoding: "utf8", timeout: scaled(30_000) });
  expect(run.status).toBe(0);
  expect(run.stdout).toContain("Usage: npm run bench -- [options]");
  expect(run.stdout).toContain("--compare HOOK");
  expect(fs.statSync(results).mtimeMs).toBe(before);
});

test("an unknown option exits 1 without running", () => {
  const run = spawnSync(process.execPath, [path.join(repoRoot, "bench", "run.mjs"), "--nope"], { encoding: "utf8", timeout: scaled(30_000) });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('unknown option "--nope"');
  expect(run.stdout).not.toContain("floor");
});
