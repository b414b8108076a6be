// The README's guide shows real files: every code block preceded by `<!-- guide: <path> -->`
// must equal that file, so the code a reader copies is the code `npm test` typechecks and runs.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "../..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/<!-- guide: (\S+) -->\n```\w*\n([\s\S]*?)```/g)].map((m) => ({ path: m[1] as string, code: m[2] as string }));

test("the README guide shows at least the charm, its entry point and its test", () => {
  expect(blocks.map((b) => b.path)).toEqual(
    expect.arrayContaining(["examples/webapp/src/charm.ts", "examples/webapp/src/main.ts", "examples/webapp/test/guide.test.ts"]),
  );
});

test.each(blocks.map((b) => [b.path, b.code] as const))("README block %s equals the file", (path, code) => {
  expect(code).toBe(readFileSync(join(root, path), "utf8"));
});

test("the README starts with the demo command, then the test command, and .ci/run runs that test command", () => {
  const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
  const commands = firstBlock.split("\n").filter((l) => l.trim() !== "").map((l) => l.replace(/\s+#.*$/, "").trim());
  expect(commands).toEqual(["npm ci && npm run demo", "npm test"]);
  expect(readFileSync(join(root, ".ci/run"), "utf8")).toMatch(/^npm test$/m);
});
