/**
 * The zod subset (lib/zod-subset), construct by construct, against zod/mini itself: every
 * construct the library's models use is built once with each, and every input of a shared
 * corpus must give the same outcome: the same data (own keys, frozenness) or the same issues
 * (code, path, message and every other field zod reports), and the same thrown error.
 */
import * as zod from "zod/mini";
import "../../lib/zod-english.js";
import * as subset from "../../lib/zod-subset/index.js";

type Api = typeof zod;
type Built = Record<string, { schema: zod.ZodMiniType; samples?: unknown[] }>;

/** The constructs, as the library writes them, built with either API. */
function constructs(z: Api): Built {
  const port = z.int().check(z.gte(1), z.lte(65535));
  const tcp = z.object({ host: z.string().check(z.minLength(1)), port });
  const socket = z.object({ socket: z.string().check(z.startsWith("/")) });
  const json: zod.ZodMiniType = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]));
  const commaList = z.pipe(
    z.string(),
    z.transform((text: string, ctx) => {
      const parts = text.split(",");
      if (parts.some((p) => p === "")) {
        ctx.issues.push({ code: "custom", message: "an empty entry", input: text });
        return z.NEVER;
      }
      return parts;
    }),
  );
  return {
    string: { schema: z.string() },
    stringMessage: { schema: z.string("a string, please").check(z.minLength(2)) },
    regex: { schema: z.string().check(z.regex(/^[a-z][a-z0-9_-]*$/)) },
    regexMessage: { schema: z.string().check(z.regex(/^\d+$/, "expected digits")) },
    regexGlobal: { schema: z.string().check(z.regex(/a/g)), samples: ["a", "a", "ba"] },
    minLength: { schema: z.string().check(z.minLength(1)) },
    minLength2: { schema: z.string().check(z.minLength(2, "too short")), samples: ["💥", "💥💥", "ab", "\ud83d"] },
    startsWith: { schema: z.string().check(z.startsWith("/", "must be absolute")) },
    twoChecks: { schema: z.string().check(z.minLength(3), z.regex(/^x/)), samples: ["y", "xy", "xyz", "yyy"] },
    number: { schema: z.number() },
    int: { schema: z.int() },
    port: { schema: port, samples: [0, 1, 65535, 65536, 1.5, 2 ** 60, -(2 ** 60)] },
    positive: { schema: z.int().check(z.positive()) },
    nonnegative: { schema: z.int().check(z.nonnegative()) },
    boolean: { schema: z.boolean() },
    null: { schema: z.null() },
    unknown: { schema: z.unknown() },
    enum: { schema: z.enum(["active", "blocked", "maintenance"]), samples: ["active", "Active"] },
    enumOne: { schema: z.enum(["only"]) },
    literal: { schema: z.literal("v1"), samples: ["v1", "v0"] },
    literalNumber: { schema: z.literal(1) },
    tcp: { schema: tcp },
    strict: { schema: z.strictObject({ resource_name: z.string().check(z.minLength(1)), privileges: z.array(z.string()) }), samples: [{ resource_name: "t", privileges: ["r"] }, { resource_name: "t", privileges: [], extra: 1, more: 2 }, { privileges: [], other: true }] },
    loose: { schema: z.looseObject({ name: z.string(), limit: z.optional(z.int().check(z.positive())) }), samples: [{ name: "n", other: [1] }, { name: "n", limit: 0 }, { name: "n", limit: undefined, x: undefined }] },
    optionalFields: {
      schema: z.object({ a: z.optional(z.string()), b: z.nullable(z.string()), c: z.nullish(z.number()), d: z.string() }),
      samples: [{ d: "x", b: null }, { a: undefined, b: "y", c: null, d: "" }, { b: undefined, d: "x" }, { a: 1, c: "z" }, {}],
    },
    nested: { schema: z.object({ outer: z.object({ inner: z.array(z.object({ k: z.enum(["a", "b"]) })) }) }), samples: [{ outer: { inner: [{ k: "a" }, { k: "c" }, {}, 5] } }, { outer: [] }] },
    array: { schema: z.array(z.string().check(z.minLength(1))), samples: [["a", "", 3], ["a"], [[]]] },
    union: { schema: z.union([tcp, socket]), samples: [{ host: "h", port: 5432 }, { socket: "/s" }, { socket: "rel" }, { host: "", port: 1 }, { host: "h" }, { host: 1, socket: 2 }] },
    unionScalars: { schema: z.union([z.string(), z.number()]) },
    unionOne: { schema: z.union([z.string().check(z.minLength(1))]) },
    unionOptional: { schema: z.object({ u: z.union([z.optional(z.string()), z.number()]) }), samples: [{}, { u: 1 }, { u: true }, { u: undefined }] },
    record: { schema: z.record(z.string(), z.string()), samples: [{ a: "b" }, { a: 1, b: null }, JSON.parse('{"__proto__": "x", "y": "z"}')] },
    recordKeys: { schema: z.record(z.string().check(z.regex(/^\d+$/)), z.object({ app: z.optional(z.string().check(z.minLength(1))) })), samples: [{ "7": {} }, { "7": { app: "" }, x: {}, "1.5": {} }, { "3": 4 }] },
    json: { schema: json, samples: [{ a: [1, "x", null, { b: true }] }, { a: undefined }, [new Date(0)], { n: NaN }] },
    pipe: { schema: commaList, samples: ["a,b", "a,,b", ""] },
    pipeOptional: { schema: z.object({ list: z.optional(commaList) }), samples: [{}, { list: "a" }, { list: "a," }, { list: undefined }] },
    readonly: { schema: z.readonly(z.object({ host: z.string(), port: z.optional(port) })), samples: [{ host: "h" }, { host: "h", port: 0 }] },
    customCheck: {
      schema: z.object({ min: z.int(), max: z.int() }).check((ctx) => {
        const v = ctx.value as { min: number; max: number };
        if (v.min > v.max) ctx.issues.push({ code: "custom", message: "min above max", input: v, path: ["min"] });
      }),
      samples: [{ min: 1, max: 2 }, { min: 3, max: 2 }, { min: "a", max: 2 }],
    },
    defaulted: { schema: z.object({ warned: z._default(z.boolean(), false), list: z.optional(z._default(z.array(z.string()), [])) }), samples: [{}, { warned: true }, { warned: "yes", list: [1] }, { list: undefined }] },
    unknownField: { schema: z.object({ a: z.unknown(), b: z.optional(z.unknown()) }), samples: [{ a: 1 }, { a: undefined }, { b: 2 }] },
    numericKeys: { schema: z.record(z.union([z.string().check(z.regex(/^[a-z]+$/)), z.number()]), z.number()), samples: [{ "12": 1, abc: 2, "1.5": 3, "-3": 4, "A": 5 }] },
    describe: { schema: z.string().check(z.describe("a described string")) },
    errorParam: { schema: z.object({ k: z.string() }, { error: "an object with k" }) },
  };
}

const corpus: unknown[] = [
  undefined, null, true, false, 0, 1, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 53, 65535, 65536, 10n,
  "", "a", "ab", "/x", "x/", "12", "1.5", "💥", "a💥", "v1",
  [], ["a"], [""], [1], [null],
  {}, { a: 1 }, { host: "h", port: 5432 }, { socket: "/tmp/s" }, Object.assign(Object.create(null), { a: "b" }),
  new Date(0), new Map(), new (class Custom {})(), () => 1,
];

const real = constructs(zod);
const ours = constructs(subset as unknown as Api);

function outcome(schema: zod.ZodMiniType, input: unknown): unknown {
  const result = schema.safeParse(input);
  if (result.success) return { data: result.data, frozen: Object.isFrozen(result.data) };
  let thrown: unknown;
  try {
    schema.parse(input);
  } catch (e) {
    thrown = { name: (e as Error).name, message: (e as Error).message, issues: (e as { issues: unknown }).issues };
  }
  return { issues: result.error.issues, keys: result.error.issues.map((i) => Object.keys(i).sort()), thrown };
}

describe("the zod subset parses as zod/mini does", () => {
  for (const name of Object.keys(real)) {
    it(name, () => {
      const inputs = [...corpus, ...(real[name]!.samples ?? [])];
      for (const input of inputs) {
        const expected = outcome(real[name]!.schema, input);
        const got = outcome(ours[name]!.schema, input);
        try {
          expect(got).toStrictEqual(expected);
        } catch (e) {
          throw new Error(`${name}, input ${String(JSON.stringify(input, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v)))}: ${(e as Error).message}`);
        }
      }
    });
  }

  it("lets a schema of zod's own, given to the library, parse itself", () => {
    const theirs = zod.object({ mode: zod.enum(["full", "incremental"]) });
    expect(subset.safeParse(theirs as unknown as subset.ZodMiniType, { mode: "full" })).toEqual({ success: true, data: { mode: "full" } });
    const failed = subset.safeParse(theirs as unknown as subset.ZodMiniType, { mode: "x" });
    expect(!failed.success && failed.error.issues.map((i) => i.path)).toEqual([["mode"]]);
  });

  it("keeps what describe says in the registry", () => {
    const described = subset.string().check(subset.describe("a port"));
    expect(subset.globalRegistry.get(described)).toEqual({ description: "a port" });
  });
});
