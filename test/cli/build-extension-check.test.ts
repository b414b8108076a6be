/**
 * `charm-data-interfaces build` and the PostgreSQL extension check: without `pg` in the charm
 * project the check is served by a stub that throws a message saying what to do (and keeps
 * `PgCheckError`); with `pg` installed the real module is bundled.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { ABSENT_DYNAMIC_DRIVERS, EXTENSION_CHECK_LEFT_OUT, extensionCheckWithoutPg } from "../../lib/cli/build-plugins.js";

const work = mkdtempSync(join(tmpdir(), "cdi-extension-check-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A project with a stand-in for the library's two modules and an entry that calls the check; `pg` installed or not. */
function project(withPg: boolean): string {
  const dir = mkdtempSync(join(work, withPg ? "with-pg-" : "without-pg-"));
  const lib = join(dir, "lib", "engines", "postgresql");
  mkdirSync(lib, { recursive: true });
  writeFileSync(join(lib, "pg-check-error.js"), 'export class PgCheckError extends Error { name = "PgCheckError"; }\n');
  writeFileSync(
    join(lib, "extension-check.js"),
    'export { PgCheckError } from "./pg-check-error.js";\nexport async function isExtensionEnabled() { const { default: pg } = await import("pg"); return pg.answer; }\n',
  );
  if (withPg) {
    mkdirSync(join(dir, "node_modules", "pg"), { recursive: true });
    writeFileSync(join(dir, "node_modules", "pg", "index.js"), "module.exports = { answer: true };\n");
  }
  writeFileSync(
    join(dir, "entry.js"),
    'import { isExtensionEnabled, PgCheckError } from "./lib/engines/postgresql/extension-check.js";\n' +
      "isExtensionEnabled({}, \"pg_trgm\").then((v) => console.log(JSON.stringify({ ok: v, named: new PgCheckError().name })), (e) => console.log(JSON.stringify({ error: e.message })));\n",
  );
  return dir;
}

async function bundleAndRun(dir: string): Promise<{ leftOut: string[]; printed: unknown }> {
  const leftOut = new Set<string>();
  const outfile = join(dir, "out", "charm.js");
  await build({ entryPoints: [join(dir, "entry.js")], outfile, bundle: true, platform: "node", format: "cjs", logLevel: "silent", plugins: [ABSENT_DYNAMIC_DRIVERS, extensionCheckWithoutPg(leftOut)] });
  return { leftOut: [...leftOut], printed: JSON.parse(execFileSync(process.execPath, [outfile], { cwd: dir, encoding: "utf8" })) };
}

test("without pg the check throws the left-out message at once, and is reported as leaving pg out", async () => {
  const { leftOut, printed } = await bundleAndRun(project(false));
  expect(leftOut).toEqual(["pg"]);
  expect(printed).toEqual({ error: EXTENSION_CHECK_LEFT_OUT });
  expect(EXTENSION_CHECK_LEFT_OUT).toContain("npm install pg");
});

test("without pg the module still exports PgCheckError", async () => {
  const dir = project(false);
  writeFileSync(join(dir, "entry.js"), 'import { PgCheckError } from "./lib/engines/postgresql/extension-check.js";\nconsole.log(JSON.stringify(new PgCheckError("x").name));\n');
  expect((await bundleAndRun(dir)).printed).toBe("PgCheckError");
});

test("with pg installed the real module is bundled and runs", async () => {
  const { leftOut, printed } = await bundleAndRun(project(true));
  expect(leftOut).toEqual([]);
  expect(printed).toEqual({ ok: true, named: "PgCheckError" });
});
