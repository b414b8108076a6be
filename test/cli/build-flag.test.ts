/**
 * What `charm-data-interfaces build` defines as `CHARM_DATA_INTERFACES_BUNDLE` (lib/cli/build-plugins.ts
 * `BUNDLE_FLAG`): code kept only unbundled. Field descriptions and wire forms, which only the
 * generated JSON schemas read, are left out of a bundle; unbundled they are all there.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { BUNDLE_FLAG } from "../../lib/cli/build-plugins.js";
import { userSecretFields } from "../../lib/interfaces/database/provider-fields.js";
import { requirerAppFields } from "../../lib/interfaces/database/requirer-fields.js";
import { descriptionOf } from "../../lib/interfaces/database/field-codecs.js";
import { WIRE_FORM_LEFT_OUT } from "../../lib/interfaces/database/schema-docs.js";

const work = mkdtempSync(join(tmpdir(), "cdi-bundle-flag-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const LIB = join(__dirname, "..", "..", "lib", "interfaces", "database");

/** Bundles an entry printing the username and database fields' wire forms and descriptions, with or without the flag. */
async function bundled(flag: boolean): Promise<{ text: string; printed: unknown }> {
  const dir = mkdtempSync(join(work, flag ? "flag-" : "plain-"));
  writeFileSync(
    join(dir, "entry.ts"),
    `import { userSecretFields } from ${JSON.stringify(join(LIB, "provider-fields.js"))};\n` +
      `import { requirerAppFields } from ${JSON.stringify(join(LIB, "requirer-fields.js"))};\n` +
      `import { descriptionOf } from ${JSON.stringify(join(LIB, "field-codecs.js"))};\n` +
      "const show = (f: Parameters<typeof descriptionOf>[0] & { wire: unknown }) => ({ wire: f.wire, description: descriptionOf(f) ?? null });\n" +
      "console.log(JSON.stringify([show(userSecretFields.username), show(requirerAppFields.database), userSecretFields.username.decode(\"alice\", String)]));\n",
  );
  const outfile = join(dir, "out.js");
  await build({ entryPoints: [join(dir, "entry.ts")], outfile, bundle: true, minify: true, platform: "node", format: "cjs", logLevel: "silent", define: flag ? { [BUNDLE_FLAG]: "true" } : {} });
  return { text: readFileSync(outfile, "utf8"), printed: JSON.parse(execFileSync(process.execPath, [outfile], { encoding: "utf8" })) };
}

test("in a bundle every field's wire form is the left-out one, descriptions are gone, decoding is unchanged", async () => {
  const { text, printed } = await bundled(true);
  expect(printed).toEqual([
    { wire: WIRE_FORM_LEFT_OUT, description: null },
    { wire: WIRE_FORM_LEFT_OUT, description: null },
    { ok: true, value: "alice" },
  ]);
  expect(text).not.toContain("User name for the database.");
  expect(text).not.toContain('"Juju secret URI"');
});

test("unbundled, and bundled without the flag, the wire forms and descriptions are there", async () => {
  expect(userSecretFields.username.wire).toEqual({ encoding: "text" });
  expect(descriptionOf(userSecretFields.username)).toBe("User name for the database.");
  expect(descriptionOf(requirerAppFields.database)).toBe("Database to create, or a prefix ending in * for a prefix request.");
  const { printed } = await bundled(false);
  expect(printed).toEqual([
    { wire: { encoding: "text" }, description: "User name for the database." },
    { wire: { encoding: "text" }, description: "Database to create, or a prefix ending in * for a prefix request." },
    { ok: true, value: "alice" },
  ]);
});

test("every module that reads the flag spells it as BUNDLE_FLAG says", () => {
  for (const file of [join(LIB, "schema-docs.ts"), join(__dirname, "..", "..", "lib", "ops", "charm-metadata.ts")]) {
    expect(readFileSync(file, "utf8")).toContain(`typeof ${BUNDLE_FLAG} `);
  }
});
