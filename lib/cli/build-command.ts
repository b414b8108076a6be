/**
 * `charm-data-interfaces build [CHARM_DIR] [options]`: bundles a charm project into one file
 * (build-bundle.ts), writes `dispatch` when the charm has none, and prints (or writes) the
 * `charmcraft.yaml` parts that pack it.
 *
 * Exit codes: 0 built, 1 the build failed (message on stderr), 2 usage error.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { flagValue, parseArgs, UsageError } from "./arguments.js";
import { bundleCharm, CharmBuildError, describeBundle, type BundleResult } from "./build-bundle.js";
import { charmcraftParts, charmcraftYaml, charmYamlFiles, ensureDispatch, type DispatchOutcome } from "./build-charm-files.js";
import { EsbuildMissingError } from "./build-esbuild.js";
import { checkStartupSnapshot, type SnapshotCheck } from "./snapshot-check.js";

/** Where the command writes. */
export interface BuildIo {
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
}

/** Usage text of `build`. */
export const BUILD_USAGE = `usage: charm-data-interfaces build [CHARM_DIR] [options]
  Bundles the charm in CHARM_DIR (default: the current directory) into build/charm.js:
  one CommonJS file with the library and the drivers and packages the charm imports, its
  metadata embedded (no YAML parser at run time), for Node 20. Writes an executable
  dispatch when the charm has none. Needs esbuild in the project (npm i -D esbuild).
options:
  --entry FILE        entry point, relative to CHARM_DIR (default src/main.ts, else src/charm.ts)
  --out-dir DIR       directory of charm.js (default CHARM_DIR/build)
  --no-minify         readable output (default: minified; error names stay, class names in stack traces do not)
  --sourcemap         also write charm.js.map
  --with-zod          the library's models parse with zod itself (default: with the library's
                      zod subset, about 22 kB smaller, unless the charm imports zod too;
                      docs/build.md#zod-in-a-bundle)
  --charmcraft        write charmcraft.yaml when the charm has none (default: print its parts)
  --no-snapshot       the dispatch written starts every hook plainly (default: from a start-up
                      snapshot the unit's Node makes once per charm file; docs/startup-snapshot.md).
                      Without it, the build makes one with this machine's Node and warns when
                      Node cannot (the unit's hooks would then start plainly)
  --format text|json  report as text (default) or JSON
`;

const FLAGS = { values: { entry: [], "out-dir": ["-o"], format: [] }, bools: ["no-minify", "sourcemap", "with-zod", "charmcraft", "no-snapshot", "help"] } as const;

/** The machine-readable report of a build (`--format json`). */
export interface BuildReport {
  /** The bundle. */
  readonly bundle: BundleResult;
  /** What happened to `dispatch`. */
  readonly dispatch: DispatchOutcome;
  /** Whether charmcraft.yaml was written by this run. */
  readonly charmcraftWritten: boolean;
  /** Whether this machine's Node could make a start-up snapshot of the bundle; null with `--no-snapshot`. */
  readonly snapshot: SnapshotCheck | null;
}

/** Runs `build` (arguments after the command name); resolves to the exit code. */
export async function runBuild(argv: readonly string[], io: BuildIo): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, FLAGS);
    if (args.bools.has("help")) {
      io.stdout(BUILD_USAGE);
      return 0;
    }
    if (args.positionals.length > 1) throw new UsageError(`one charm directory at most, got ${args.positionals.length}`);
    const format = flagValue(args, "format") ?? "text";
    if (format !== "text" && format !== "json") throw new UsageError(`invalid --format "${format}" (text or json)`);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`ERROR ${e.message}\n${BUILD_USAGE}`);
    return 2;
  }
  const charmDir = path.resolve(args.positionals[0] ?? ".");
  if (!fs.existsSync(charmDir) || !fs.statSync(charmDir).isDirectory()) {
    io.stderr(`ERROR no charm directory at ${charmDir}\n`);
    return 2;
  }
  const outDir = path.resolve(charmDir, flagValue(args, "out-dir") ?? "build");
  const entry = flagValue(args, "entry");
  const hadCharmcraft = fs.existsSync(path.join(charmDir, "charmcraft.yaml"));
  const buildDir = path.relative(charmDir, outDir).split(path.sep).join("/");
  // Written before bundling: a charm without metadata.yaml takes its metadata from charmcraft.yaml.
  const charmcraftWritten = args.bools.has("charmcraft") && !hadCharmcraft;
  if (charmcraftWritten) fs.writeFileSync(path.join(charmDir, "charmcraft.yaml"), charmcraftYaml(charmYamlFiles(charmDir), buildDir));
  let bundle: BundleResult;
  try {
    bundle = await bundleCharm(charmDir, outDir, {
      ...(entry === undefined ? {} : { entry }),
      minify: !args.bools.has("no-minify"),
      sourcemap: args.bools.has("sourcemap"),
      zod: args.bools.has("with-zod") ? "zod" : "subset",
    });
  } catch (e) {
    if (e instanceof CharmBuildError || e instanceof EsbuildMissingError) {
      io.stderr(`ERROR ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const startupSnapshot = !args.bools.has("no-snapshot");
  const dispatch = ensureDispatch(charmDir, `${buildDir}/charm.js`, { startupSnapshot });
  const snapshot = startupSnapshot ? checkStartupSnapshot(bundle.outFile) : null;
  if (flagValue(args, "format") === "json") {
    const report: BuildReport = { bundle, dispatch, charmcraftWritten, snapshot };
    io.stdout(`${JSON.stringify(report)}\n`);
    return 0;
  }
  const lines = [`built ${describeBundle(bundle, charmDir)} (metadata: ${bundle.metadataSource ?? "none"})`, `dispatch: ${dispatch}`];
  if (bundle.zod === "zod") lines.push(`zod: bundled for the library's models too (${args.bools.has("with-zod") ? "--with-zod" : "the charm imports zod"}); without, they parse with the library's zod subset, docs/build.md#zod-in-a-bundle`);
  if (bundle.externalDrivers.length > 0) {
    lines.push(`not bundled (not installed, only imported on demand): ${bundle.externalDrivers.join(", ")}`);
  }
  if (snapshot?.ok === true) lines.push(`start-up snapshot: made by Node ${snapshot.node} here`);
  if (snapshot?.ok === false) {
    lines.push(
      `WARNING start-up snapshot: Node ${snapshot.node} cannot make one of this bundle, so every hook would start plainly (2-3 times slower): ${snapshot.reason}`,
      "  Module code runs when the snapshot is made: load what it cannot hold (node:http, and so the mongodb driver) inside the handler that needs it, e.g. await import(\"mongodb\"); docs/startup-snapshot.md",
    );
  }
  if (charmcraftWritten) lines.push("charmcraft.yaml: written");
  else if (!hadCharmcraft) lines.push("", "To pack it with charmcraft, add these parts to charmcraft.yaml (or rerun with --charmcraft):", "", charmcraftParts(charmYamlFiles(charmDir), buildDir));
  io.stdout(`${lines.join("\n")}\n`);
  return 0;
}
