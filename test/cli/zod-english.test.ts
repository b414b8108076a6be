/**
 * lib/zod-english.ts: the library's schemas are zod/mini ones, which report "Invalid input" and
 * nothing more unless a locale is configured. The module configures English for its effect alone,
 * so it survives bundling only because package.json lists it under `sideEffects`; a bundle of one
 * lib module must still give English messages.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { RawDatabag } from "../../lib/interfaces/database/bag-codec.js";

const work = mkdtempSync(join(tmpdir(), "cdi-zod-english-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ROOT = join(__dirname, "..", "..");

test("a minified bundle of one lib module reports zod issues in English", async () => {
  const entry = join(work, "entry.ts");
  writeFileSync(
    entry,
    `import { RawDatabag } from ${JSON.stringify(join(ROOT, "lib", "interfaces", "database", "bag-codec.js"))};\n` +
      "const parsed = RawDatabag.safeParse({ port: 5432 });\n" +
      "console.log(parsed.success ? 'accepted' : parsed.error.issues[0]?.message);\n",
  );
  const outfile = join(work, "out.js");
  await build({ entryPoints: [entry], outfile, bundle: true, minify: true, platform: "node", format: "cjs", logLevel: "silent" });
  expect(readFileSync(outfile, "utf8")).toContain("Invalid input: expected ");
  expect(execFileSync(process.execPath, [outfile], { encoding: "utf8" }).trim()).toBe("Invalid input: expected string, received number");
});

test("in this process too", () => {
  expect(RawDatabag.safeParse({ port: 5432 }).error?.issues[0]?.message).toBe("Invalid input: expected string, received number");
});

test("a locale the application configured before loading the library is kept", async () => {
  const first = join(work, "locale-first.ts");
  writeFileSync(first, `import * as z from ${JSON.stringify(require.resolve("zod/mini"))};\nz.config({ localeError: () => "eigene Meldung" });\n`);
  const entry = join(work, "entry-with-locale.ts");
  writeFileSync(
    entry,
    `import "./locale-first.js";\n` +
      `import { RawDatabag } from ${JSON.stringify(join(ROOT, "lib", "interfaces", "database", "bag-codec.js"))};\n` +
      "console.log(RawDatabag.safeParse({ port: 5432 }).error?.issues[0]?.message);\n",
  );
  const outfile = join(work, "out-with-locale.js");
  await build({ entryPoints: [entry], outfile, bundle: true, platform: "node", format: "cjs", logLevel: "silent" });
  expect(execFileSync(process.execPath, [outfile], { encoding: "utf8" }).trim()).toBe("eigene Meldung");
});
