/**
 * The example charms' build: bundles a charm's entry point (`src/main.ts`, which calls `main()`
 * on the class in `src/charm.ts`; or `src/charm.ts` alone) and everything it imports (the
 * library, zod, database drivers) into ONE JavaScript file, `<charmDir>/build/charm.js`,
 * so a deployed charm needs Node and nothing else: no `node_modules` at runtime.
 *
 * The charm's metadata.yaml (else charmcraft.yaml) is read at build time and embedded in the
 * bundle as JSON (lib/ops/charm-metadata.ts `charmMetadataForBundle`), so the charm process
 * parses no YAML and the bundle does not carry the `yaml` package: lib/ops' import of it is
 * served by a stub that throws if it is ever called. Rebuild after changing the metadata, as
 * after any code change: a charm whose metadata file no longer matches the build refuses to run
 * its hooks with an error saying so (it never runs on stale metadata).
 *
 * ```ts
 * import { bundleCharm } from "../examples/build.js";
 * const { outFile, bytes } = await bundleCharm("examples/webapp");
 * ```
 *
 * The bundle is CommonJS (dependencies such as the database drivers call `require()`, which an
 * ESM bundle cannot serve), so the build directory also gets a one-line `package.json` saying so:
 * Node then reads `charm.js` as CommonJS wherever the charm directory ends up, even below a
 * `"type": "module"` package such as this repository.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { build, type Plugin } from "esbuild";
import { charmMetadataForBundle, EMBEDDED_METADATA_CONSTANT } from "../lib/ops/charm-metadata.js";

/** Options of {@link bundleCharm}. */
export interface BundleOptions {
  /** Entry point relative to the charm directory (default `src/main.ts` when present, else `src/charm.ts`). */
  readonly entry?: string;
  /** Minify (default true: smaller charms; names of classes and functions are kept for stack traces). */
  readonly minify?: boolean;
  /** Also write `charm.js.map` (default false; the map has no source text, only positions). */
  readonly sourcemap?: boolean;
}

/** What a build produced. */
export interface BundleResult {
  /** Absolute path of the bundle, `<outDir>/charm.js`. */
  readonly outFile: string;
  /** Size of the bundle in bytes. */
  readonly bytes: number;
  /** Bytes of the bundle per source: npm package name, the first two path segments of our own files (`lib/ops`), `embedded metadata` or `lib/ops yaml stub`. */
  readonly packages: Readonly<Record<string, number>>;
  /** The metadata file embedded in the bundle (`metadata.yaml` or `charmcraft.yaml`), or null when the charm has neither. */
  readonly metadataSource: "metadata.yaml" | "charmcraft.yaml" | null;
}

/** Optional driver add-ons that the drivers load only when asked to; charms never ask. */
const OPTIONAL_DRIVER_MODULES: readonly string[] = [
  "pg-native", // pg: `require("pg").native`
  "pg-cloudflare", // pg: Cloudflare Workers sockets
  "cloudflare:sockets",
];

/**
 * Makes the two runtime packages every charm carries tree-shakable, which keeps a charm near
 * 200 KB instead of 700 KB:
 * - `import { z } from "zod"` reaches zod's `z` namespace object, which esbuild keeps whole
 *   (every locale included, ~400 KB); `import * as z from "zod"` (the form zod's documentation
 *   recommends) is the same API member for member and lets esbuild keep only what is used, so
 *   TypeScript sources are read with that import;
 * - `yaml`'s `node` export is its CommonJS build, kept whole; its ESM build (`browser/`, pure
 *   JavaScript with no browser API) is the same code and is used instead.
 */
const TREE_SHAKING: Plugin = {
  name: "tree-shakable-zod-and-yaml",
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, async (args) => {
      const manifest = await b.resolve("yaml/package.json", { kind: args.kind, resolveDir: args.resolveDir });
      if (manifest.errors.length > 0) return undefined;
      return { path: path.join(path.dirname(manifest.path), "browser", "index.js") };
    });
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = await fs.promises.readFile(args.path, "utf8");
      return { contents: source.replace(/^import \{ z \} from "zod";$/gm, 'import * as z from "zod";'), loader: "ts" };
    });
  },
};

/** lib/ops' metadata module, the one importer of `yaml` that the embedded metadata makes unused. */
const METADATA_MODULE = /[\\/]lib[\\/]ops[\\/]charm-metadata\.[cm]?[jt]s$/;

/** What lib/ops' metadata module gets for `yaml` in a bundle with embedded metadata. */
const YAML_STUB = `export function parse() {
  throw new Error("this charm was bundled with its metadata embedded and without the yaml package; rebuild it with examples/build.ts");
}
`;

/**
 * Serves lib/ops' `import { parse } from "yaml"` with {@link YAML_STUB}: with the metadata
 * embedded the runtime never parses YAML. Only that importer is stubbed; a charm that imports
 * `yaml` itself still gets the real package.
 */
const YAML_STUB_FOR_EMBEDDED_METADATA: Plugin = {
  name: "yaml-stub-for-embedded-metadata",
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, (args) => (METADATA_MODULE.test(args.importer) ? { path: "yaml", namespace: "ops-yaml-stub" } : undefined));
    b.onLoad({ filter: /.*/, namespace: "ops-yaml-stub" }, () => ({ contents: YAML_STUB, loader: "js" }));
  },
};

/** Thrown when the charm directory has no entry point or esbuild reports errors. */
export class CharmBuildError extends Error {
  constructor(charmDir: string, problem: string) {
    super(`building the charm in ${charmDir}: ${problem}`);
    this.name = "CharmBuildError";
  }
}

function packageOf(input: string): string | undefined {
  const at = input.lastIndexOf("node_modules/");
  if (at < 0) return undefined;
  const rest = input.slice(at + "node_modules/".length).split("/");
  const scope = rest[0] ?? "";
  return scope.startsWith("@") ? `${scope}/${rest[1] ?? ""}` : scope;
}

/** `src/main.ts` (the entry that calls `main()`) when the charm has one, else `src/charm.ts`. */
function defaultEntry(root: string): string {
  const mainEntry = path.join("src", "main.ts");
  return fs.existsSync(path.join(root, mainEntry)) ? mainEntry : path.join("src", "charm.ts");
}

/**
 * Bundles the charm in `charmDir` into `<outDir>/charm.js` (default `outDir`: `<charmDir>/build`)
 * for Node 20, and writes `<outDir>/package.json` marking it CommonJS.
 * @throws CharmBuildError when the entry point is missing or the bundle fails.
 */
export async function bundleCharm(charmDir: string, outDir?: string, options: BundleOptions = {}): Promise<BundleResult> {
  const root = path.resolve(charmDir);
  const entry = path.join(root, options.entry ?? defaultEntry(root));
  if (!fs.existsSync(entry)) throw new CharmBuildError(root, `no entry point ${path.relative(root, entry)}`);
  const out = path.resolve(outDir ?? path.join(root, "build"));
  fs.mkdirSync(out, { recursive: true });
  const outFile = path.join(out, "charm.js");
  const minify = options.minify ?? true;
  let embedded;
  try {
    embedded = charmMetadataForBundle(root);
  } catch (e) {
    throw new CharmBuildError(root, (e as Error).message);
  }
  let result;
  try {
    result = await build({
      entryPoints: [entry],
      outfile: outFile,
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      minify,
      keepNames: minify,
      sourcemap: options.sourcemap === true ? "linked" : false,
      sourcesContent: false,
      external: [...OPTIONAL_DRIVER_MODULES],
      legalComments: "none",
      metafile: true,
      define: { [EMBEDDED_METADATA_CONSTANT]: JSON.stringify(embedded) },
      plugins: [YAML_STUB_FOR_EMBEDDED_METADATA, TREE_SHAKING],
      logLevel: "silent",
    });
  } catch (e) {
    const failure = e as { errors?: { text: string; location?: { file: string; line: number } | null }[] };
    const first = failure.errors?.[0];
    const where = first?.location ? ` (${first.location.file}:${first.location.line})` : "";
    throw new CharmBuildError(root, first === undefined ? String(e) : `${first.text}${where}`);
  }
  fs.writeFileSync(path.join(out, "package.json"), '{ "type": "commonjs" }\n');
  const packages: Record<string, number> = {};
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [input, info] of Object.entries(output.inputs)) {
      const name = input.startsWith("<define:")
        ? "embedded metadata"
        : input.startsWith("ops-yaml-stub:")
          ? "lib/ops yaml stub"
          : (packageOf(input) ?? input.split("/").slice(0, 2).join("/"));
      packages[name] = (packages[name] ?? 0) + info.bytesInOutput;
    }
  }
  return { outFile, bytes: fs.statSync(outFile).size, packages, metadataSource: embedded.source };
}

/** The example charms in `examplesDir`: subdirectories with a `dispatch` and a `src/` entry point. */
export function exampleCharmDirs(examplesDir: string): string[] {
  return fs
    .readdirSync(examplesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(examplesDir, d.name))
    .filter((dir) => fs.existsSync(path.join(dir, "dispatch")) && ["main.ts", "charm.ts"].some((f) => fs.existsSync(path.join(dir, "src", f))));
}

/** One line per bundle: `examples/webapp/build/charm.js  404.6 KB`. */
export function describeBundle(result: BundleResult, relativeTo: string): string {
  return `${path.relative(relativeTo, result.outFile)}  ${(result.bytes / 1024).toFixed(1)} KB`;
}
