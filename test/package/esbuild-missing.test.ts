/**
 * esbuild is an optional peer dependency: in a project without it, `charm-data-interfaces build`
 * exits 1 with a message saying how to install it (no stack trace). jest stands in for the
 * missing package with a module that fails to load as Node's resolver would.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runBuild } from "../../lib/cli/build-command.js";

jest.mock("esbuild", () => {
  throw Object.assign(new Error("Cannot find module 'esbuild'"), { code: "MODULE_NOT_FOUND" });
});

const work = mkdtempSync(join(tmpdir(), "cdi-no-esbuild-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test("issue 15 why-2: without esbuild the build says to install it, exit 1", async () => {
  mkdirSync(join(work, "src"));
  writeFileSync(join(work, "src", "charm.ts"), "export {};\n");
  let stderr = "";
  const code = await runBuild([work], { stdout: () => undefined, stderr: (t) => void (stderr += t) });
  expect(code).toBe(1);
  expect(stderr).toBe('ERROR charm-data-interfaces build needs esbuild, an optional peer dependency of this package: run "npm install --save-dev esbuild" in the charm project\n');
});
