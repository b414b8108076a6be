/**
 * The library's own models, parsed by the zod subset and by zod: every module of lib/ that a
 * charm bundle can reach is bundled twice, once the way `charm-data-interfaces build` bundles
 * it (the library's `zod/mini` resolved to lib/zod-subset) and once with zod itself, and every
 * exported schema (also those inside exported objects: field specs, bag codecs) parses inputs
 * made from its own definition, valid and broken, and arbitrary values from fast-check, with the
 * same outcome in both bundles.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { build } from "esbuild";
import fc from "fast-check";
import { BUNDLE_FLAG, zodSubset, type ZodSubsetUse } from "../../lib/cli/build-plugins.js";
import { scaled } from "../support/time-scale.js";

const repo = path.resolve(__dirname, "../..");
const REACHABLE = ["ops", "requires", "interfaces", "engines", "legacy"];

function modulesOf(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return modulesOf(full);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") && e.name !== "json-schemas.ts" ? [full] : [];
  });
}

interface Loaded {
  modules: Record<string, Record<string, unknown>>;
}

let work: string;
let withSubset: Loaded;
let withZod: Loaded;
let subsetUse: ZodSubsetUse;

async function bundle(entry: string, out: string, use: ZodSubsetUse | undefined): Promise<Loaded> {
  // Anything the library takes from zod/mini that the subset lacks fails the build here.
  await build({
    logOverride: { "import-is-undefined": "error" },
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    logLevel: "silent",
    external: ["pg", "mysql2", "mysql2/promise", "mongodb", "pg-native"],
    define: { [BUNDLE_FLAG]: "true" },
    plugins: use === undefined ? [] : [zodSubset(use)],
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(out) as Loaded;
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "cdi-zod-subset-"));
  const files = REACHABLE.flatMap((d) => modulesOf(path.join(repo, "lib", d))).concat(path.join(repo, "lib/index.ts"));
  const lines = files.map((f, i) => `import * as m${i} from ${JSON.stringify(f)};`);
  lines.push(`export const modules = { ${files.map((f, i) => `${JSON.stringify(path.relative(repo, f))}: m${i}`).join(", ")} };`);
  const entry = path.join(work, "entry.ts");
  fs.writeFileSync(entry, `${lines.join("\n")}\n`);
  subsetUse = { zodElsewhere: false };
  withSubset = await bundle(entry, path.join(work, "subset.cjs"), subsetUse);
  withZod = await bundle(entry, path.join(work, "zod.cjs"), undefined);
}, scaled(120_000));

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

interface ZodInternals {
  _zod: { def: Record<string, unknown> & { type: string } };
}
const isZod = (v: unknown): v is ZodInternals & { safeParse(x: unknown): unknown } =>
  typeof v === "object" && v !== null && "_zod" in v && typeof (v as { safeParse?: unknown }).safeParse === "function";
const isSchemaLike = (v: unknown): boolean =>
  (typeof v === "object" || typeof v === "function") && v !== null && typeof (v as { safeParse?: unknown }).safeParse === "function";

/** Every schema in an exported value, by its path: the value itself, or its fields one level down. */
function schemasIn(value: unknown, at: string, found: Map<string, unknown>, depth = 0): void {
  if (isSchemaLike(value)) {
    found.set(at, value);
    return;
  }
  if (depth >= 2 || typeof value !== "object" || value === null || Array.isArray(value)) return;
  for (const [key, inner] of Object.entries(value)) schemasIn(inner, `${at}.${key}`, found, depth + 1);
}

const STRINGS = ["", "x", "postgresql", "secret://deadbeef/d0b5kqrmp25c762t5l80", "secret:cv0pmnfmp25c76a9vbhg", "h:5432", "10.0.0.1:3306,10.0.0.2:3306", "/run/socket", "a,b", "1", "true", '{"a":1}', "[]", "v0", "active", "💥"];
const NUMBERS = [0, 1, 5432, 65536, 1.5, -1];

/** Inputs built from a zod schema's definition: `pick` chooses among the candidates of each leaf. */
function sample(schema: ZodInternals, pick: () => number, depth = 0): unknown {
  const def = schema._zod.def;
  const inner = (key: string): ZodInternals => def[key] as ZodInternals;
  if (depth > 6) return null;
  switch (def.type) {
    case "string":
      return STRINGS[pick() % STRINGS.length];
    case "number":
      return NUMBERS[pick() % NUMBERS.length];
    case "boolean":
      return pick() % 2 === 0;
    case "null":
      return null;
    case "enum": {
      const values = Object.values(def.entries as Record<string, unknown>);
      return pick() % 5 === 0 ? "not-an-option" : values[pick() % values.length];
    }
    case "literal": {
      const values = def.values as unknown[];
      return values[pick() % values.length];
    }
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(def.shape as Record<string, ZodInternals>)) {
        const roll = pick() % 10;
        if (roll === 0) continue;
        out[key] = roll === 1 ? 42 : sample(field, pick, depth + 1);
      }
      if (pick() % 4 === 0) out.unexpected = "extra";
      return out;
    }
    case "array":
      return Array.from({ length: pick() % 3 }, () => sample(inner("element"), pick, depth + 1));
    case "record": {
      const out: Record<string, unknown> = {};
      for (let i = pick() % 3; i > 0; i--) out[String(sample(inner("keyType"), pick, depth + 1))] = sample(inner("valueType"), pick, depth + 1);
      return out;
    }
    case "union": {
      const options = def.options as ZodInternals[];
      return sample(options[pick() % options.length]!, pick, depth + 1);
    }
    case "optional":
      return pick() % 4 === 0 ? undefined : sample(inner("innerType"), pick, depth + 1);
    case "nullable":
      return pick() % 4 === 0 ? null : sample(inner("innerType"), pick, depth + 1);
    case "readonly":
      return sample(inner("innerType"), pick, depth + 1);
    case "pipe":
      return sample(inner("in"), pick, depth + 1);
    case "lazy":
      return sample((def.getter as () => ZodInternals)(), pick, depth + 1);
    default:
      return STRINGS[pick() % STRINGS.length];
  }
}

type Parser = { safeParse(x: unknown): { success: boolean; data?: unknown; error?: { issues: unknown[] } } };

function outcome(schema: Parser, input: unknown): { data: unknown } | { issues: unknown } | { threw: string } {
  let result;
  try {
    result = schema.safeParse(input);
  } catch (e) {
    return { threw: (e as Error).message };
  }
  return result.success ? { data: result.data } : { issues: result.error?.issues };
}

describe("the library's models parse alike with the zod subset and with zod", () => {
  it("bundles the library without zod when nothing else imports it", () => {
    expect(subsetUse.zodElsewhere).toBe(false);
    const source = fs.readFileSync(path.join(work, "subset.cjs"), "utf8");
    expect(source).not.toMatch(/node_modules\/zod\//);
    expect(fs.readFileSync(path.join(work, "zod.cjs"), "utf8")).toMatch(/node_modules\/zod\//);
  });

  it("gives every exported schema the same outcome for inputs made from its definition", () => {
    const real = new Map<string, unknown>();
    const ours = new Map<string, unknown>();
    for (const [name, mod] of Object.entries(withZod.modules)) for (const [key, value] of Object.entries(mod)) schemasIn(value, `${name}:${key}`, real);
    for (const [name, mod] of Object.entries(withSubset.modules)) for (const [key, value] of Object.entries(mod)) schemasIn(value, `${name}:${key}`, ours);
    expect([...ours.keys()].sort()).toEqual([...real.keys()].sort());
    expect(real.size).toBeGreaterThan(60);
    let seed = 1;
    const pick = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed >>> 8;
    };
    const seen = { data: 0, issues: 0 };
    for (const [at, schema] of real) {
      const mine = ours.get(at) as Parser;
      const inputs: unknown[] = [undefined, null, "", "x", 1, [], {}];
      if (isZod(schema)) for (let i = 0; i < 40; i++) inputs.push(sample(schema, pick));
      for (const input of inputs) {
        const expected = outcome(schema as Parser, input);
        expect({ at, input, outcome: outcome(mine, input) }).toStrictEqual({ at, input, outcome: expected });
        if ("data" in expected) seen.data++;
        else if ("issues" in expected) seen.issues++;
      }
    }
    // And arbitrary values (fast-check, fixed seed): any JSON, and objects whose keys are the
    // model's own with arbitrary values, for the models that are objects.
    for (const [at, schema] of real) {
      const mine = ours.get(at) as Parser;
      const keys = isZod(schema) && schema._zod.def.type === "object" ? Object.keys(schema._zod.def.shape as object) : ["x"];
      const value = fc.oneof(fc.jsonValue(), fc.dictionary(fc.constantFrom(...keys), fc.oneof(fc.jsonValue(), fc.constant(undefined))));
      fc.assert(
        fc.property(value, (input) => {
          expect({ at, input, outcome: outcome(mine, input) }).toStrictEqual({ at, input, outcome: outcome(schema as Parser, input) });
        }),
        { seed: 17, numRuns: 25 },
      );
    }
    // The inputs reach both sides of the models: accepted and rejected, many times each.
    expect(seen.data).toBeGreaterThan(500);
    expect(seen.issues).toBeGreaterThan(500);
  });
});
