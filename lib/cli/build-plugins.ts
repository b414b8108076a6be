/**
 * The esbuild plugins of `charm-data-interfaces build` (see build-bundle.ts): what makes a charm
 * bundle small and self-contained.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Plugin } from "esbuild";

/**
 * Driver add-ons that the drivers load only when asked to (charms never ask): always external,
 * so the bundle builds whether or not they are installed.
 */
export const OPTIONAL_DRIVER_ADDONS: readonly string[] = [
  "pg-native", // pg: `require("pg").native`
  "pg-cloudflare", // pg: Cloudflare Workers sockets
  "cloudflare:sockets",
];

/**
 * Defined as `true` in every bundle: library code that only matters unbundled (reading the
 * metadata files, which a bundle embeds) or only for tooling is written under
 * `typeof CHARM_DATA_INTERFACES_BUNDLE === "undefined"`, which esbuild folds, so it stays out.
 */
export const BUNDLE_FLAG = "CHARM_DATA_INTERFACES_BUNDLE";

/** The database drivers the library supports; a charm installs those it uses. */
export const DATABASE_DRIVERS: readonly string[] = ["pg", "mysql2", "mysql2/promise", "mongodb"];

/**
 * This package's own compiled files when a charm project installed it from npm
 * (`node_modules/charm-data-interfaces/dist/lib/...`), and its TypeScript sources in the repository.
 */
const OWN_PACKAGE_JS = /[\\/]node_modules[\\/]charm-data-interfaces[\\/]dist[\\/]lib[\\/].+\.js$/;

/** `import { z } from "zod"` (or `"zod/mini"`) in any quoting and spacing, on a line of its own. */
const ZOD_NAMED_IMPORT = /^import\s*\{\s*z\s*\}\s*from\s*(["'])(zod(?:\/mini)?)\1;?[ \t]*$/gm;

/** The same import in the form esbuild can tree-shake. */
export function treeShakableZodImports(source: string): string {
  return source.replace(ZOD_NAMED_IMPORT, (_line, _quote: string, specifier: string) => `import * as z from "${specifier}";`);
}

/** zod's classic schemas module, the one importer of zod's `util` namespace through `core/index.js`. */
const ZOD_CLASSIC_SCHEMAS = /[\\/]node_modules[\\/]zod[\\/]v4[\\/]classic[\\/]schemas\.js$/;
const ZOD_UTIL_VIA_INDEX = 'import { util } from "../core/index.js";';

/**
 * zod's classic schemas module with `util` imported from `core/util.js` directly: the same module
 * namespace, but esbuild keeps only the helpers used instead of every export of `core/util.js`
 * (it builds a whole namespace object for a namespace re-exported through `core/index.js`).
 * Undefined when the import is not there (another zod layout: the module is bundled as it is).
 */
export function zodSchemasWithDirectUtil(source: string): string | undefined {
  if (!source.includes(ZOD_UTIL_VIA_INDEX) || /\butil\s*\[/.test(source)) return undefined;
  return source.replace(ZOD_UTIL_VIA_INDEX, 'import * as util from "../core/util.js";').replaceAll("core.util.", "util.");
}

/**
 * Makes the two runtime packages every charm carries tree-shakable, which keeps a charm near
 * 150 KB instead of 700 KB:
 * - `import { z } from "zod"` reaches zod's `z` namespace object, which esbuild keeps whole
 *   (every locale included, ~400 KB); `import * as z from "zod"` (the form zod's documentation
 *   recommends) is the same API member for member and lets esbuild keep only what is used, so
 *   the charm's TypeScript sources and this package's compiled files are read with that import;
 * - `yaml`'s `node` export is its CommonJS build, kept whole; its ESM build (`browser/`, pure
 *   JavaScript with no browser API) is the same code and is used instead;
 * - zod's classic schemas reach `core/util.js` through a namespace re-export, which keeps all of
 *   it; they are read with a direct import ({@link zodSchemasWithDirectUtil}).
 */
export const TREE_SHAKING: Plugin = {
  name: "tree-shakable-zod-and-yaml",
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, async (args) => {
      const manifest = await b.resolve("yaml/package.json", { kind: args.kind, resolveDir: args.resolveDir });
      if (manifest.errors.length > 0) return undefined;
      return { path: path.join(path.dirname(manifest.path), "browser", "index.js") };
    });
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      return { contents: treeShakableZodImports(await fs.promises.readFile(args.path, "utf8")), loader: "ts" };
    });
    b.onLoad({ filter: ZOD_CLASSIC_SCHEMAS }, async (args) => {
      const contents = zodSchemasWithDirectUtil(await fs.promises.readFile(args.path, "utf8"));
      return contents === undefined ? undefined : { contents, loader: "js" };
    });
    b.onLoad({ filter: OWN_PACKAGE_JS }, async (args) => ({
      contents: treeShakableZodImports(await fs.promises.readFile(args.path, "utf8")),
      loader: "js",
    }));
  },
};

/** lib/ops' metadata module, the one importer of `yaml` that the embedded metadata makes unused. */
const METADATA_MODULE = /[\\/]lib[\\/]ops[\\/]charm-metadata\.[cm]?[jt]s$/;

/** What lib/ops' metadata module gets for `yaml` in a bundle with embedded metadata. */
const YAML_STUB = `export function parse() {
  throw new Error("this charm was bundled with its metadata embedded and without the yaml package; rebuild it with charm-data-interfaces build");
}
`;

/**
 * Serves lib/ops' `import { parse } from "yaml"` with {@link YAML_STUB}: with the metadata
 * embedded the runtime never parses YAML. Only that importer is stubbed; a charm that imports
 * `yaml` itself still gets the real package.
 */
export const YAML_STUB_FOR_EMBEDDED_METADATA: Plugin = {
  name: "yaml-stub-for-embedded-metadata",
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, (args) => (METADATA_MODULE.test(args.importer) ? { path: "yaml", namespace: "ops-yaml-stub" } : undefined));
    b.onLoad({ filter: /.*/, namespace: "ops-yaml-stub" }, () => ({ contents: YAML_STUB, loader: "js" }));
  },
};

const DRIVER_FILTER = new RegExp(`^(${DATABASE_DRIVERS.map((d) => d.replace("/", "\\/")).join("|")})$`);

/**
 * A database driver reached only through a dynamic `import()` (the library's PostgreSQL
 * extension check loads `pg` that way) stays external when the charm project has not installed
 * it: the bundle builds, and the import fails at run time only if that code path runs. A static
 * import of a missing driver still fails the build, as it would fail the charm at start.
 */
export const ABSENT_DYNAMIC_DRIVERS: Plugin = {
  name: "absent-dynamic-drivers-external",
  setup(b) {
    b.onResolve({ filter: DRIVER_FILTER }, async (args) => {
      if (args.kind !== "dynamic-import" || args.pluginData === ABSENT_DYNAMIC_DRIVERS) return undefined;
      const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: ABSENT_DYNAMIC_DRIVERS });
      return found.errors.length > 0 ? { path: args.path, external: true } : undefined;
    });
  },
};

/** The library's PostgreSQL extension check: this package's compiled file, or its TypeScript source in the repository. */
const EXTENSION_CHECK_MODULE = /[\\/]lib[\\/]engines[\\/]postgresql[\\/]extension-check\.(js|ts)$/;

/** What `isExtensionEnabled` throws in a bundle built without `pg`. */
export const EXTENSION_CHECK_LEFT_OUT =
  'isExtensionEnabled needs the pg driver, which was not installed when this charm was built: run "npm install pg" in the charm project and rebuild it with charm-data-interfaces build';

/** The extension-check module of a bundle without `pg`: the same exports, the check itself throws {@link EXTENSION_CHECK_LEFT_OUT}. */
const EXTENSION_CHECK_STUB = `export { PgCheckError } from "./pg-check-error.js";
export async function isExtensionEnabled() {
  throw new Error(${JSON.stringify(EXTENSION_CHECK_LEFT_OUT)});
}
`;

/**
 * When the charm project has no `pg`, the library's extension check (the one user of `pg` the
 * library has, loaded on demand) is served as {@link EXTENSION_CHECK_STUB}: without the driver it
 * could only fail, and the stub fails at once with a message that says what to do, while the
 * check's code and esbuild's helpers for an external `import()` stay out of the bundle (~1.7 kB).
 * Each driver left out that way is added to `leftOut`. With `pg` installed the real module is bundled.
 */
export function extensionCheckWithoutPg(leftOut: Set<string>): Plugin {
  return {
    name: "extension-check-without-pg",
    setup(b) {
      b.onLoad({ filter: EXTENSION_CHECK_MODULE }, async (args) => {
        // The pluginData makes ABSENT_DYNAMIC_DRIVERS step aside: this asks whether pg is really there.
        const pg = await b.resolve("pg", { kind: "dynamic-import", resolveDir: path.dirname(args.path), pluginData: ABSENT_DYNAMIC_DRIVERS });
        if (pg.errors.length === 0) return undefined;
        leftOut.add("pg");
        return { contents: EXTENSION_CHECK_STUB, loader: "js", resolveDir: path.dirname(args.path) };
      });
    },
  };
}

/** zod's two JSON Schema modules (zod v4 core): ~18 KB of a minified charm, never run by one. */
const ZOD_JSON_SCHEMA_MODULE = /[\\/]node_modules[\\/]zod[\\/]v4[\\/]core[\\/](to-json-schema|json-schema-processors)\.js$/;

/** The message of every function of the stubbed modules. */
export const ZOD_JSON_SCHEMA_LEFT_OUT =
  "zod's JSON Schema generation (toJSONSchema, the minLength/maxLength/format getters) is left out of bundles built by charm-data-interfaces build";

const LEFT_OUT_FUNCTION = `function leftOut() { throw new Error(${JSON.stringify(ZOD_JSON_SCHEMA_LEFT_OUT)}); }`;

/** The module (and esbuild namespace) the stubs import their throwing function from: one message in the bundle, not one per stub. */
export const ZOD_JSON_SCHEMA_LEFT_OUT_MODULE = "zod-json-schema-left-out";

/** One `export ...` statement the stub can stand in for: a declared name, or a brace list without `from`. */
const DECLARED_EXPORT = /^export (?:async )?(?:const|let|var|function\*?|class) ([A-Za-z_$][\w$]*)/;
const LISTED_EXPORT = /^export \{([^}]*)\};?\s*$/;

/**
 * A module exporting the same names as `source`, each a function that throws
 * {@link ZOD_JSON_SCHEMA_LEFT_OUT}; undefined when an export statement has another form (then
 * the real module is bundled: a zod release that reshapes these files costs bytes, never a build).
 * With `leftOutFrom`, the throwing function is imported from that module (its export `leftOut`)
 * instead of defined in the stub, so several stubs share one copy of the message.
 */
export function throwingStubOf(source: string, leftOutFrom?: string): string | undefined {
  const names = new Set<string>();
  for (const line of source.split("\n")) {
    if (!line.startsWith("export")) continue;
    const declared = DECLARED_EXPORT.exec(line);
    const listed = LISTED_EXPORT.exec(line);
    if (declared?.[1] !== undefined) names.add(declared[1]);
    else if (listed?.[1] !== undefined) for (const part of listed[1].split(",")) names.add(part.trim().split(/\s+as\s+/).pop() ?? "");
    else return undefined;
  }
  names.delete("");
  const stub = [leftOutFrom === undefined ? LEFT_OUT_FUNCTION : `import { leftOut } from ${JSON.stringify(leftOutFrom)};`];
  for (const name of names) stub.push(name === "default" ? "export default leftOut;" : `export const ${name} = leftOut;`);
  return `${stub.join("\n")}\n`;
}

/**
 * zod's classic schemas reference its JSON Schema generator from every schema type (for
 * `.toJSONSchema()` and Standard Schema's `jsonSchema`), so tree shaking keeps all of it although a
 * charm only parses. This plugin serves those two modules as {@link throwingStubOf} stubs: parsing,
 * errors and messages are unchanged; asking a bundled charm for a JSON Schema throws
 * {@link ZOD_JSON_SCHEMA_LEFT_OUT}.
 */
export const ZOD_JSON_SCHEMA_STUB: Plugin = {
  name: "zod-json-schema-left-out",
  setup(b) {
    b.onLoad({ filter: ZOD_JSON_SCHEMA_MODULE }, async (args) => {
      const stub = throwingStubOf(await fs.promises.readFile(args.path, "utf8"), ZOD_JSON_SCHEMA_LEFT_OUT_MODULE);
      return stub === undefined ? undefined : { contents: stub, loader: "js" };
    });
    b.onResolve({ filter: new RegExp(`^${ZOD_JSON_SCHEMA_LEFT_OUT_MODULE}$`) }, (args) => ({ path: args.path, namespace: ZOD_JSON_SCHEMA_LEFT_OUT_MODULE }));
    b.onLoad({ filter: /.*/, namespace: ZOD_JSON_SCHEMA_LEFT_OUT_MODULE }, () => ({ contents: `export ${LEFT_OUT_FUNCTION}\n`, loader: "js" }));
  },
};

/** What {@link zodSubset} saw while a bundle was built. */
export interface ZodSubsetUse {
  /** Something beside the library's models (the charm's own code, a dependency, lib/testing) imports zod. */
  zodElsewhere: boolean;
}

const ZOD_ENGLISH = /[\\/]zod-english\.[jt]s$/;

/** lib/zod-subset's entry in `dir` when `dir` is the library's root (which also holds zod-english). */
function subsetEntryIn(dir: string): string | undefined {
  if (!["zod-english.js", "zod-english.ts"].some((f) => fs.existsSync(path.join(dir, f)))) return undefined;
  return ["index.js", "index.ts"].map((f) => path.join(dir, "zod-subset", f)).find((f) => fs.existsSync(f));
}

/** The subset's entry when `file` is one of the library's modules (its root a few directories up); cached per directory. */
function subsetEntryFor(file: string, cache: Map<string, string | null>): string | undefined {
  const seen: string[] = [];
  let found: string | null = null;
  let dir = path.dirname(file);
  for (let depth = 0; depth < 6; depth++) {
    const known = cache.get(dir);
    if (known !== undefined) {
      found = known;
      break;
    }
    seen.push(dir);
    found = subsetEntryIn(dir) ?? null;
    const up = path.dirname(dir);
    if (found !== null || up === dir) break;
    dir = up;
  }
  for (const d of seen) cache.set(d, found);
  return found ?? undefined;
}

/**
 * The library's models parse with lib/zod-subset instead of zod: its `zod/mini` imports resolve
 * to the subset and lib/zod-english.js (which configures zod's locale) loads empty, so zod's run
 * time (about 33 kB) leaves the bundle. Only the library's own modules are redirected; when
 * anything else imports zod, `use.zodElsewhere` is set and bundleCharm builds again without this
 * plugin, because a charm composing its zod schemas with the library's (`z.optional(TcpEndpoint)`)
 * needs the library's to be zod's. Must precede {@link TREE_SHAKING}, whose loaders would
 * otherwise read zod-english first.
 */
export function zodSubset(use: ZodSubsetUse): Plugin {
  const cache = new Map<string, string | null>();
  return {
    name: "zod-subset",
    setup(b) {
      b.onResolve({ filter: /^zod(\/.*)?$/ }, (args) => {
        const entry = args.path === "zod/mini" ? subsetEntryFor(args.importer, cache) : undefined;
        if (entry === undefined) use.zodElsewhere = true;
        return entry === undefined ? undefined : { path: entry };
      });
      // The library's own zod-english sits in its root, beside zod-subset/.
      b.onLoad({ filter: ZOD_ENGLISH }, (args) => {
        const entry = subsetEntryFor(args.path, cache);
        return entry !== undefined && path.dirname(path.dirname(entry)) === path.dirname(args.path) ? { contents: "", loader: "js" } : undefined;
      });
    },
  };
}
