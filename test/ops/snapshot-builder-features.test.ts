// What Node's snapshot builder lacks, and that the library's own code does without it: its module
// code and the rehearsal run inside the builder (docs/startup-snapshot.md), where a missing
// method would fail the rehearsal silently and leave every hook colder.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";

const root = resolve(__dirname, "../..");
/** The ES2023 change-by-copy methods docs/startup-snapshot.md says Node 20's builder lacks. */
const DOCUMENTED_MISSING = ["toSorted", "toReversed", "toSpliced", "with"] as const;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : name.endsWith(".ts") ? [path] : [];
  });
}

test("every array method this Node's snapshot builder lacks is one the docs name", () => {
  const work = mkdtempSync(join(tmpdir(), "cdi-builder-features-"));
  try {
    const script = join(work, "probe.js");
    const names = [...DOCUMENTED_MISSING, "map", "findLast", "at"];
    writeFileSync(script, `process.stdout.write(JSON.stringify(${JSON.stringify(names)}.filter((n) => typeof [][n] !== "function")));\n`);
    const made = spawnSync(process.execPath, ["--snapshot-blob", join(work, "probe.blob"), "--build-snapshot", script], { encoding: "utf8" });
    expect(made.status).toBe(0);
    const missing = JSON.parse(made.stdout) as string[];
    expect(missing.filter((n) => !(DOCUMENTED_MISSING as readonly string[]).includes(n))).toEqual([]);
    expect(readFileSync(join(root, "docs/startup-snapshot.md"), "utf8")).toContain(DOCUMENTED_MISSING.map((n) => `\`${n}\``).join(", ").replace(/, `with`$/, " and `with`"));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test("the library code that runs in the snapshot builder calls none of those methods", () => {
  const runtime = tsFiles(join(root, "lib")).filter((f) => !/^lib\/(testing|cli)\//.test(relative(root, f)));
  const pattern = new RegExp(`\\.(${DOCUMENTED_MISSING.join("|")})\\(`);
  const offending = runtime.flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .flatMap((line, i) => (pattern.test(line) && !/^\s*(\*|\/\/)/.test(line) ? [`${relative(root, file)}:${String(i + 1)}: ${line.trim()}`] : [])),
  );
  expect(offending).toEqual([]);
});
