/**
 * The example charms' build: bundles a charm's entry point (`src/main.ts`, which calls `main()`
 * on the class in `src/charm.ts`; or `src/charm.ts` alone) and everything it imports (the
 * library, zod, yaml, database drivers) into ONE JavaScript file, `<charmDir>/build/charm.js`,
 * so a deployed charm needs Node and nothing else: no `node_modules` at runtime.
 *
 * ```ts
 * import { bundleCharm } from "../examples/build.js";
 * const { outFile, bytes } = await bundleCharm("examples/webapp");
 * ```
 *
 * The bundle is CommonJS (the `yaml` package's CommonJS build calls `require()`, which an ESM
 * bundle cannot serve), so the build directory also gets a one-line `package.json` saying so:
 * Node then reads `charm.js` as CommonJS wherever the charm directory ends up, even below a
 * `"type": "module"` package such as this repository.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { build } from "esbuild";

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
  /** Bundled packages (from `node_modules`) and how many bytes of input each contributed. */
  readonly packages: Readonly<Record<string, number>>;
}

/** Optional driver add-ons that the drivers load only when asked to; charms never ask. */
const OPTIONAL_DRIVER_MODULES: readonly string[] = [
  "pg-native", // pg: `require("pg").native`
  "pg-cloudflare", // pg: Cloudflare Workers sockets
  "cloudflare:sockets",
];

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
  for (const [input, info] of Object.entries(result.metafile.inputs)) {
    const name = packageOf(input);
    if (name !== undefined) packages[name] = (packages[name] ?? 0) + info.bytes;
  }
  return { outFile, bytes: fs.statSync(outFile).size, packages };
}
