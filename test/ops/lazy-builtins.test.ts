// lib/ops/lazy-builtins.ts: the built-ins a hook seldom needs are loaded at first call, not when
// the library loads, so a charm's start-up snapshot does not carry them; `net`, which every hook
// that prints needs, is loaded with the library. What a hook from the snapshot loads is checked in
// test/ops/startup-snapshot.test.ts; this checks the library as a charm's bundle loads it, every
// entry point at once.
import { spawnSync } from "node:child_process";
import { build } from "esbuild";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { LAZY_BUILTINS as LAZY } from "../../lib/ops/lazy-builtins.js";

const root = resolve(__dirname, "../..");

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "lazy-builtins-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("loading every entry point of the library loads net and none of the others; each accessor then gives Node's own module", async () => {
  const entry = join(dir, "entry.ts");
  const lib = (p: string) => JSON.stringify(join(root, "lib", p));
  const watched = JSON.stringify(["net", ...LAZY].map((m) => `NativeModule ${m}`));
  writeFileSync(
    entry,
    [
      `import * as top from ${lib("index.ts")};`,
      `import * as ops from ${lib("ops/index.ts")};`,
      `import * as legacy from ${lib("legacy/index.ts")};`,
      `import * as interfaces from ${lib("interfaces/index.ts")};`,
      `import { childProcess, crypto, os, vm } from ${lib("ops/lazy-builtins.ts")};`,
      `const loaded = () => (process as unknown as { moduleLoadList: string[] }).moduleLoadList.filter((m) => ${watched}.includes(m));`,
      "const exported = [top, ops, legacy, interfaces].map((m) => Object.keys(m).length);",
      "const before = loaded();",
      "const same = [childProcess() === require('node:child_process'), crypto() === require('node:crypto'), os() === require('node:os'), vm() === require('node:vm')];",
      "process.stdout.write(JSON.stringify({ exported, before, after: loaded(), same }));",
    ].join("\n"),
  );
  const bundle = join(dir, "entry.cjs");
  await build({ entryPoints: [entry], bundle: true, platform: "node", target: "node20", format: "cjs", outfile: bundle, logLevel: "silent" });
  // `before` is taken before anything touches process.stdout, which on a pipe loads net itself.
  const run = spawnSync(process.execPath, [bundle], { encoding: "utf8" });
  expect(run.stderr).toBe("");
  const seen = JSON.parse(run.stdout) as { exported: number[]; before: string[]; after: string[]; same: boolean[] };
  expect(seen.exported.every((n) => n > 10)).toBe(true);
  expect(seen.before).toEqual(["NativeModule net"]);
  // The check sees the others once loaded: it is not blind to them.
  expect([...seen.after].sort()).toEqual(["net", ...LAZY].map((m) => `NativeModule ${m}`).sort());
  expect(seen.same).toEqual([true, true, true, true]);
});
