/**
 * The charm bundle: a charm's entry point (`src/main.ts`, which calls `main()` on the class in
 * `src/charm.ts`; or `src/charm.ts` alone) and everything it imports (this library, zod, the
 * database drivers it uses) in ONE CommonJS file, `<outDir>/charm.js`, so a deployed charm needs
 * Node and nothing else: no `node_modules` at run time.
 *
 * The charm's metadata.yaml (else charmcraft.yaml) is read at build time and embedded as JSON
 * (lib/ops/charm-metadata.ts `charmMetadataForBundle`), so the charm process parses no YAML and
 * the bundle does not carry the `yaml` package. A charm whose metadata file changed after the
 * build refuses to run its hooks and says to rebuild.
 *
 * The bundle is CommonJS (the drivers call `require()`, which an ESM bundle cannot serve), so
 * the output directory also gets a one-line `package.json` saying so: Node then reads `charm.js`
 * as CommonJS even below a `"type": "module"` package.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { charmMetadataForBundle, EMBEDDED_METADATA_CONSTANT, type EmbeddedCharmMetadata } from "../ops/charm-metadata.js";
import { loadEsbuild } from "./build-esbuild.js";
import { ABSENT_DYNAMIC_DRIVERS, BUNDLE_FLAG, DATABASE_DRIVERS, extensionCheckWithoutPg, OPTIONAL_DRIVER_ADDONS, TREE_SHAKING, YAML_STUB_FOR_EMBEDDED_METADATA, ZOD_JSON_SCHEMA_LEFT_OUT_MODULE, ZOD_JSON_SCHEMA_STUB, zodSubset, type ZodSubsetUse } from "./build-plugins.js";
import { SNAPSHOT_BUILDER_PRELUDE } from "./snapshot-builder-prelude.js";

/** Options of {@link bundleCharm}. */
export interface BundleOptions {
  /** Entry point relative to the charm directory (default `src/main.ts` when present, else `src/charm.ts`). */
  readonly entry?: string;
  /**
   * Minify (default true: smaller charms). Class and function names are not kept (esbuild's
   * `keepNames` costs ~15 KB): stack traces show short names, while every error class of this
   * library sets its `name` explicitly, so `err.name` and messages read the same as unbundled.
   */
  readonly minify?: boolean;
  /** Also write `charm.js.map` (default false; the map has no source text, only positions). */
  readonly sourcemap?: boolean;
  /**
   * What the library's models parse with: `subset` (default), lib/zod-subset when nothing beside
   * the library imports zod, else zod; or `zod`, zod itself always.
   */
  readonly zod?: "subset" | "zod";
  /** Also return {@link BundleResult.modules}, the bytes of every input file (default false; bench/bundle-breakdown.ts uses it). */
  readonly modules?: boolean;
}

/** What a build produced. */
export interface BundleResult {
  /** Absolute path of the bundle, `<outDir>/charm.js`. */
  readonly outFile: string;
  /** Size of the bundle in bytes. */
  readonly bytes: number;
  /** Bytes of the bundle per source: npm package name (zod includes its stubbed JSON Schema modules), the first two path segments of other files (`lib/ops`), `embedded metadata` or `lib/ops yaml stub`. */
  readonly packages: Readonly<Record<string, number>>;
  /** The metadata file embedded in the bundle (`metadata.yaml` or `charmcraft.yaml`), or null when the charm has neither. */
  readonly metadataSource: "metadata.yaml" | "charmcraft.yaml" | null;
  /** Database drivers left out of the bundle because they are not installed and only imported dynamically (`pg`: the extension check then throws, saying to install it). */
  readonly externalDrivers: readonly string[];
  /**
   * The validation run time the library's models use in the bundle: `subset` (lib/zod-subset, the
   * default) or `zod`, when something beside the library imports zod (the charm's own schemas).
   */
  readonly zod: "subset" | "zod";
  /** With the `modules` option: bytes of the bundle per input file, as esbuild names it (paths relative to the working directory). */
  readonly modules?: Readonly<Record<string, number>>;
}

/** Thrown when the charm directory has no entry point, its metadata is invalid or esbuild reports errors. */
export class CharmBuildError extends Error {
  constructor(charmDir: string, problem: string) {
    super(`building the charm in ${charmDir}: ${problem}`);
    this.name = "CharmBuildError";
  }
}

/** The npm package an input path belongs to, if it is in node_modules. */
function packageOf(input: string): string | undefined {
  const at = input.lastIndexOf("node_modules/");
  if (at < 0) return undefined;
  const rest = input.slice(at + "node_modules/".length).split("/");
  const scope = rest[0] ?? "";
  return scope.startsWith("@") ? `${scope}/${rest[1] ?? ""}` : scope;
}

/** `src/main.ts` (the entry that calls `main()`) when the charm has one, else `src/charm.ts`. */
export function defaultEntry(charmDir: string): string {
  const mainEntry = path.join("src", "main.ts");
  return fs.existsSync(path.join(charmDir, mainEntry)) ? mainEntry : path.join("src", "charm.ts");
}

function embeddedMetadata(root: string): EmbeddedCharmMetadata {
  try {
    return charmMetadataForBundle(root);
  } catch (e) {
    throw new CharmBuildError(root, (e as Error).message);
  }
}

/**
 * Bundles the charm in `charmDir` into `<outDir>/charm.js` (default `outDir`: `<charmDir>/build`)
 * for Node 20, and writes `<outDir>/package.json` marking it CommonJS.
 * @throws CharmBuildError when the entry point is missing, the metadata is invalid or the bundle fails.
 * @throws EsbuildMissingError when esbuild is not installed.
 */
export async function bundleCharm(charmDir: string, outDir?: string, options: BundleOptions = {}): Promise<BundleResult> {
  const root = path.resolve(charmDir);
  const entry = path.join(root, options.entry ?? defaultEntry(root));
  if (!fs.existsSync(entry)) throw new CharmBuildError(root, `no entry point ${path.relative(root, entry)}`);
  const embedded = embeddedMetadata(root);
  const { build, transform } = await loadEsbuild();
  const out = path.resolve(outDir ?? path.join(root, "build"));
  fs.mkdirSync(out, { recursive: true });
  const outFile = path.join(out, "charm.js");
  const minify = options.minify ?? true;
  const externalDrivers = new Set<string>();
  const banner = `"use strict";${minify ? (await transform(SNAPSHOT_BUILDER_PRELUDE, { minify: true, target: "node20" })).code.trim() : SNAPSHOT_BUILDER_PRELUDE.trim()}`;
  const bundle = async (use: ZodSubsetUse | undefined) => {
    try {
      return await build({
        entryPoints: [entry],
        outfile: outFile,
        bundle: true,
        platform: "node",
        target: "node20",
        format: "cjs",
        // A process started from the start-up snapshot has no import() (Node: "A dynamic import
        // callback was not specified"), not even of Node's own modules: written as require().
        supported: { "dynamic-import": false },
        minify,
        sourcemap: options.sourcemap === true ? "linked" : false,
        sourcesContent: false,
        external: [...OPTIONAL_DRIVER_ADDONS],
        // The directive first, so that the prelude does not leave the bundle in sloppy mode.
        banner: { js: banner },
        legalComments: "none",
        metafile: true,
        define: { [EMBEDDED_METADATA_CONSTANT]: JSON.stringify(embedded), [BUNDLE_FLAG]: "true" },
        plugins: [...(use === undefined ? [] : [zodSubset(use)]), YAML_STUB_FOR_EMBEDDED_METADATA, ABSENT_DYNAMIC_DRIVERS, extensionCheckWithoutPg(externalDrivers), TREE_SHAKING, ZOD_JSON_SCHEMA_STUB],
        logLevel: "silent",
      });
    } catch (e) {
      const failure = e as { errors?: { text: string; location?: { file: string; line: number } | null }[] };
      const first = failure.errors?.[0];
      const where = first?.location ? ` (${first.location.file}:${first.location.line})` : "";
      throw new CharmBuildError(root, first === undefined ? String(e) : `${first.text}${where}`);
    }
  };
  // First with the library's zod subset; again with zod itself when the charm uses zod too, or
  // when the library asked the subset for something it lacks (test/zod-subset/ keeps that from
  // happening; a charm still gets a working bundle if it does).
  const forced = options.zod === "zod";
  const use: ZodSubsetUse = { zodElsewhere: false };
  let result = await bundle(forced ? undefined : use);
  const lacking = !forced && result.warnings.some((w) => w.id === "import-is-undefined" && w.text.includes("zod-subset"));
  const withZod = forced || use.zodElsewhere || lacking;
  if (withZod && !forced) {
    externalDrivers.clear();
    result = await bundle(undefined);
  }
  fs.writeFileSync(path.join(out, "package.json"), '{ "type": "commonjs" }\n');
  const packages: Record<string, number> = {};
  const modules: Record<string, number> = {};
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imported of output.imports) if (imported.external && DATABASE_DRIVERS.includes(imported.path)) externalDrivers.add(imported.path);
    for (const [input, info] of Object.entries(output.inputs)) {
      const name = input.startsWith("<define:")
        ? "embedded metadata"
        : input.startsWith("ops-yaml-stub:")
          ? "lib/ops yaml stub"
          : input.startsWith(`${ZOD_JSON_SCHEMA_LEFT_OUT_MODULE}:`)
            ? "zod"
            : (packageOf(input) ?? input.split("/").slice(0, 2).join("/"));
      packages[name] = (packages[name] ?? 0) + info.bytesInOutput;
      modules[input] = (modules[input] ?? 0) + info.bytesInOutput;
    }
  }
  const bytes = fs.statSync(outFile).size;
  return { outFile, bytes, packages, metadataSource: embedded.source, externalDrivers: [...externalDrivers].sort(), zod: withZod ? "zod" : "subset", ...(options.modules === true ? { modules } : {}) };
}

/** One line per bundle: `examples/webapp/build/charm.js  404.6 KB`. */
export function describeBundle(result: Pick<BundleResult, "outFile" | "bytes"> & Partial<BundleResult>, relativeTo: string): string {
  return `${path.relative(relativeTo, result.outFile)}  ${(result.bytes / 1024).toFixed(1)} KB`;
}
