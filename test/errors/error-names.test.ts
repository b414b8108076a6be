/**
 * `err.name` does not depend on class names: `charm-data-interfaces build` minifies without
 * esbuild's `keepNames` (it cost ~15 KB), so every error class sets its name explicitly, and a
 * minified bundle reports the same names as the sources.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { bundleCharm } from "../../lib/cli/build-bundle.js";
import * as buildBundle from "../../lib/cli/build-bundle.js";
import * as buildEsbuild from "../../lib/cli/build-esbuild.js";
import * as root from "../../lib/index.js";
import * as interfaces from "../../lib/interfaces/index.js";
import * as legacy from "../../lib/legacy/index.js";
import * as ops from "../../lib/ops/index.js";
import * as testing from "../../lib/testing/index.js";
import * as simulator from "../../lib/simulator.js";
import { ERROR_SAMPLES } from "./error-samples.js";

const REPO = path.join(__dirname, "..", "..");

/** Every exported class whose instances are Errors, by export name. */
function exportedErrorClasses(): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const entry of [root, ops, legacy, interfaces, testing, simulator, buildBundle, buildEsbuild] as readonly Record<string, unknown>[]) {
    for (const [name, value] of Object.entries(entry)) {
      if (typeof value === "function" && value.prototype instanceof Error) found.set(name, value);
    }
  }
  return found;
}

test("every exported error class has a sample, and each sample is an instance of it named after its export", () => {
  const classes = exportedErrorClasses();
  expect([...classes.keys()].sort()).toEqual(Object.keys(ERROR_SAMPLES).sort());
  for (const [name, make] of Object.entries(ERROR_SAMPLES)) {
    const error = make();
    expect(error).toBeInstanceOf(classes.get(name) as new () => Error);
    expect(error.name).toBe(name);
  }
});

test("a minified bundle (class names not kept) reports every error's name and the message's prefix unchanged", async () => {
  const scratch = path.join(REPO, ".tmp");
  fs.mkdirSync(scratch, { recursive: true });
  const charm = fs.mkdtempSync(path.join(scratch, "error-names-"));
  try {
    fs.mkdirSync(path.join(charm, "src"));
    fs.writeFileSync(
      path.join(charm, "src", "charm.ts"),
      `import { ERROR_SAMPLES } from ${JSON.stringify(path.join(__dirname, "error-samples.js"))};\n` +
        "const names: Record<string, string> = {};\n" +
        "for (const [name, make] of Object.entries(ERROR_SAMPLES)) { const e = make(); names[name] = `${e.name}|${String(e).split(':')[0]}`; }\n" +
        "process.stdout.write(JSON.stringify(names));\n",
    );
    const result = await bundleCharm(charm, path.join(charm, "build"));
    const text = fs.readFileSync(result.outFile, "utf8");
    // The bundle really is minified without keepNames: no name-keeping helper, and a sample class is renamed.
    expect(text).not.toMatch(/__name\(/);
    expect(text).not.toMatch(/class RequestConfigError\b/);
    const printed = JSON.parse(execFileSync(process.execPath, [result.outFile], { encoding: "utf8" })) as Record<string, string>;
    expect(printed).toEqual(Object.fromEntries(Object.keys(ERROR_SAMPLES).map((name) => [name, `${name}|${name}`])));
  } finally {
    fs.rmSync(charm, { recursive: true, force: true });
  }
});
