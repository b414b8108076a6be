/**
 * `charm-data-interfaces build` reads zod's classic schemas module with `util` imported from
 * `core/util.js` directly (lib/cli/build-plugins.ts `zodSchemasWithDirectUtil`), so esbuild keeps
 * only the helpers used. The rewrite must not change what zod does: a scenario over the zod API
 * prints the same thing bundled with the build's plugins (minified) as bundled plainly.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, type Plugin } from "esbuild";
import { TREE_SHAKING, ZOD_JSON_SCHEMA_STUB, zodSchemasWithDirectUtil } from "../../lib/cli/build-plugins.js";

const work = mkdtempSync(join(tmpdir(), "cdi-zod-util-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const NODE_MODULES = join(__dirname, "..", "..", "node_modules");

// Every schema kind and method the library uses, and the ones a charm is likely to, each with a good and a bad input.
const SCENARIO = `
import * as z from "zod";
const Address = z.object({ host: z.string().min(1).regex(/^[a-z.]+$/, "lower-case host"), port: z.number().int().min(1).max(65535).optional() });
const cases = {
  object: [Address, { host: "db.local", port: 5432 }, { host: "DB", port: 0 }],
  strict: [z.strictObject({ a: z.string() }), { a: "x" }, { a: "x", b: 1 }],
  loose: [z.looseObject({ a: z.string() }).passthrough(), { a: "x", b: 1 }, { b: 1 }],
  extend: [Address.extend({ tls: z.boolean().default(false) }).pick({ host: true, tls: true }), { host: "a" }, { host: 1 }],
  partial: [Address.partial().omit({ port: true }).strict(), {}, { port: 1 }],
  record: [z.record(z.string(), z.array(z.string().nullable())), { a: ["x", null] }, { a: [1] }],
  union: [z.union([z.literal("a"), z.number(), z.null()]), "a", "b"],
  discriminated: [z.discriminatedUnion("kind", [z.object({ kind: z.literal("a"), n: z.number() }), z.object({ kind: z.literal("b") })]), { kind: "a", n: 1 }, { kind: "c" }],
  enum: [z.enum(["USER", "GROUP"]), "USER", "user"],
  tuple: [z.tuple([z.string(), z.number()]), ["a", 1], ["a"]],
  lazy: [z.lazy(() => z.array(z.string())), ["a"], [1]],
  json: [z.json(), { a: [1, "b", null] }, { a: () => 1 }],
  preprocess: [z.preprocess((v) => (typeof v === "string" ? v.trim() : v), z.string().min(2)), " ab ", " a "],
  transform: [z.string().transform((s) => s.length).pipe(z.number().max(3)), "abc", "abcd"],
  refine: [z.string().refine((s) => s.startsWith("x"), { message: "must start with x" }), "xy", "y"],
  superRefine: [z.number().superRefine((n, ctx) => { if (n % 2) ctx.addIssue({ code: "custom", message: "odd" }); }), 2, 3],
  catch: [z.number().catch(7), 1, "x"],
  readonly: [z.array(z.number()).nonempty().readonly(), [1], []],
  formats: [z.object({ e: z.email(), u: z.url(), id: z.uuid(), t: z.iso.datetime(), ip: z.ipv4() }), { e: "a@b.co", u: "https://x.y", id: "123e4567-e89b-12d3-a456-426614174000", t: "2020-01-01T00:00:00Z", ip: "10.0.0.1" }, { e: "a", u: "x", id: "y", t: "z", ip: "300.1.1.1" }],
  coerce: [z.coerce.number().positive(), "5", "-5"],
  nullish: [z.string().nullish().or(z.number()), undefined, true],
  brand: [z.string().brand("Id").describe("an id"), "x", 1],
};
const out = {};
for (const [name, [schema, good, bad]] of Object.entries(cases)) {
  const g = schema.safeParse(good);
  const b = schema.safeParse(bad);
  out[name] = {
    good: g.success ? g.data : g.error.issues,
    bad: b.success ? b.data : { issues: b.error.issues, pretty: z.prettifyError(b.error), tree: z.treeifyError(b.error), flat: z.flattenError(b.error), isZodError: b.error instanceof z.ZodError, name: b.error.name },
    optional: schema.isOptional(), nullable: schema.isNullable(), description: schema.description ?? null,
  };
}
try { Address.parse({}); } catch (e) { out.thrown = { name: e.name, message: e.message, isZodError: e instanceof z.ZodError }; }
out.async = await Address.safeParseAsync({ host: "x" });
console.log(JSON.stringify(out));
`;

async function run(plugins: Plugin[], minify: boolean): Promise<unknown> {
  const dir = mkdtempSync(join(work, "scenario-"));
  writeFileSync(join(dir, "entry.mjs"), SCENARIO);
  const outfile = join(dir, "out.js");
  await build({ entryPoints: [join(dir, "entry.mjs")], outfile, bundle: true, minify, platform: "node", target: "node20", format: "esm", nodePaths: [NODE_MODULES], logLevel: "silent", plugins });
  return JSON.parse(execFileSync(process.execPath, [outfile], { encoding: "utf8" }));
}

test("zod behaves the same bundled with the build's plugins (minified) as bundled plainly", async () => {
  const plain = await run([], false);
  const rewritten = await run([TREE_SHAKING, ZOD_JSON_SCHEMA_STUB], true);
  expect(rewritten).toEqual(plain);
  expect(plain).toMatchObject({ object: { bad: { isZodError: true } }, thrown: { name: "ZodError" } });
});

test("the installed zod has the import the rewrite expects (else the rewrite is skipped and the bundle only grows)", () => {
  const schemas = readFileSync(join(NODE_MODULES, "zod", "v4", "classic", "schemas.js"), "utf8");
  const rewritten = zodSchemasWithDirectUtil(schemas);
  expect(rewritten).toBeDefined();
  expect(rewritten).toContain('import * as util from "../core/util.js";');
  expect(rewritten).not.toMatch(/\bcore\.util\./);
  expect(createRequire(__filename).resolve("zod")).toContain(NODE_MODULES);
});

test("a module without the import, or indexing util, is left alone", () => {
  expect(zodSchemasWithDirectUtil('import * as core from "../core/index.js";\nexport const a = 1;\n')).toBeUndefined();
  expect(zodSchemasWithDirectUtil('import { util } from "../core/index.js";\nconst f = util[name];\n')).toBeUndefined();
});
