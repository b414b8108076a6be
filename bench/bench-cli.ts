// Command line of the hook benchmark (run through bench/run.mjs, `npm run bench`); USAGE lists
// its options, and `--help` prints them.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { RECIPE_NODE_VERSION } from "../lib/cli/build-charm-files.js";
import { nodeBinDir } from "../test/support/node-binaries.js";
import { runBenchmark } from "./hook-bench.js";
import { compareBundles, profileHook, type DispatchVariant } from "./profile-hook.js";
import { formatResultsFile, formatTables } from "./report.js";

const USAGE = `Usage: npm run bench -- [options]   (or: node bench/run.mjs [options])
With no option: the full benchmark, printed and written to bench/RESULTS.md.
  --runs N         timed rounds (default 15)
  --rss-runs N     peak-RSS / CPU probe rounds (default 3)
  --calls N        calls in the no-op tool-call measurement (default 200)
  --startup-runs N runs per module-loading command (default 30: the bound the targets quote comes from it)
  --no-python      leave out the Python charm
  --no-write       print only; do not rewrite bench/RESULTS.md
  --keep-work-dir  keep the benchmark's directory (charms, recordings, canned tool shims) and
                   print its path, to profile a hook by hand
  --profile HOOK   no benchmark: profile one hook of the standard sequence (profile-hook.ts)
  --compare HOOK [--bundle FILE ...] [--flags "NODE FLAGS" ...] [--dispatch FILE[:BUNDLE] ...] [--kubernetes]
                   no benchmark: time one hook with other bundles, Node flags or dispatch
                   scripts of the charm (profile-hook.ts); --kubernetes: the hook of a unit in a
                   pod (its state file copied to the controller), as the "library on
                   Kubernetes" variant
  --node VERSION   run everything (hooks, floor, module loading) under that official Node,
                   fetched from the npm registry once (test/support/node-binaries.ts); default
                   the Node the part recipe ships (RECIPE_NODE_VERSION), what a charm built the
                   documented way runs its hooks with. \`--node machine\`: the Node on PATH
  --smoke          a quick end-to-end run (library charm only, 1 round, tiny counts, no write):
                   checks that the benchmark works; its figures mean nothing
  --help, -h       print this and run nothing`;

/** A command line the benchmark cannot run: printed as its message alone, without a stack. */
class UsageError extends Error {}

const VALUED = new Set(["--runs", "--rss-runs", "--calls", "--startup-runs", "--profile", "--compare", "--bundle", "--flags", "--dispatch", "--node"]);
const SWITCHES = new Set(["--kubernetes", "--no-python", "--no-write", "--keep-work-dir", "--smoke", "--help", "-h"]);

/**
 * "help" when the arguments ask for the usage; otherwise throws on a word the command does not
 * know, so a typo (or `--help` to an older copy) never starts a run that rewrites bench/RESULTS.md.
 */
export function readArgs(args: readonly string[]): "help" | "run" {
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as string;
    if (VALUED.has(word)) {
      if (args[i + 1] === undefined) throw new UsageError(`${word} needs a value; \`npm run bench -- --help\` lists the options`);
      i++;
    } else if (!SWITCHES.has(word)) {
      throw new UsageError(`unknown option ${JSON.stringify(word)}; \`npm run bench -- --help\` lists the options`);
    }
  }
  return args.includes("--help") || args.includes("-h") ? "help" : "run";
}

/**
 * The `--dispatch` variants of `--compare`: `FILE`, a dispatch run with the bundle as built, or
 * `FILE:BUNDLE`, a dispatch with a bundle of its own (one that speaks another protocol with it),
 * as absolute paths of files that exist.
 */
export function dispatchVariants(args: readonly string[]): DispatchVariant[] {
  return valuesOf(args, "--dispatch").map((value) => {
    const parts = value.split(":");
    if (parts.length > 2 || parts.includes("")) throw new UsageError(`--dispatch takes FILE or FILE:BUNDLE, not ${JSON.stringify(value)}`);
    const [dispatch = "", bundle] = parts.map((f) => path.resolve(f));
    for (const file of [dispatch, bundle]) if (file !== undefined && !fs.existsSync(file)) throw new UsageError(`--dispatch: no file ${file}`);
    return bundle === undefined ? { dispatch } : { dispatch, bundle };
  });
}

/** Every value of an option that may be given more than once (`--bundle a --bundle b`), in order. */
function valuesOf(args: readonly string[], name: string): string[] {
  return args.flatMap((word, i) => (word === name && args[i + 1] !== undefined ? [args[i + 1] as string] : []));
}

function intOption(args: readonly string[], name: string): number | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`${name} needs a positive whole number`);
  return value;
}

/**
 * The Node `--node` asks for (`machine`: this one), or undefined when this process already is
 * it. A charm built the documented way brings its own Node (the part recipe's), so that is the
 * default: a unit never runs hooks under the machine's Node.
 */
export function otherNode(args: readonly string[]): string | undefined {
  const at = args.indexOf("--node");
  const wanted = at < 0 ? RECIPE_NODE_VERSION : args[at + 1];
  if (wanted === undefined || !/^(machine|\d+\.\d+\.\d+)$/.test(wanted)) throw new UsageError("--node needs a version such as 24.22.3, or machine");
  return wanted === "machine" || process.version === `v${wanted}` ? undefined : wanted;
}

/** Runs bench/run.mjs again, with these arguments, under Node `version` (first on PATH, so hooks' `node` is it too). */
function rerunUnder(repoRoot: string, version: string, args: readonly string[]): number {
  const bin = nodeBinDir(repoRoot, version);
  const env = { ...process.env, PATH: `${bin}:${process.env["PATH"] ?? ""}` };
  const run = spawnSync(path.join(bin, "node"), [path.join(repoRoot, "bench", "run.mjs"), ...args], { stdio: "inherit", env });
  return run.status ?? 1;
}

/** Runs the benchmark, prints the tables, writes bench/RESULTS.md; returns the exit code. */
export async function benchCli(repoRoot: string, args: readonly string[]): Promise<number> {
  try {
    if (readArgs(args) === "help") {
      console.log(USAGE);
      return 0;
    }
    const node = otherNode(args);
    if (node !== undefined) return rerunUnder(repoRoot, node, args);
    const profiled = args.indexOf("--profile");
    if (profiled >= 0) {
      await profileHook(repoRoot, args[profiled + 1] ?? "", intOption(args, "--runs") ?? 10);
      return 0;
    }
    const compared = args.indexOf("--compare");
    if (compared >= 0) {
      await compareBundles(repoRoot, args[compared + 1] ?? "", intOption(args, "--runs") ?? 20, {
        bundles: valuesOf(args, "--bundle").map((f) => path.resolve(f)),
        flagSets: valuesOf(args, "--flags"),
        dispatches: dispatchVariants(args),
        kubernetes: args.includes("--kubernetes"),
      });
      return 0;
    }
    const smoke = args.includes("--smoke");
    const runs = intOption(args, "--runs") ?? (smoke ? 1 : undefined);
    const rssRuns = intOption(args, "--rss-runs") ?? (smoke ? 1 : undefined);
    const toolCalls = intOption(args, "--calls") ?? (smoke ? 5 : undefined);
    const startupRuns = intOption(args, "--startup-runs") ?? (smoke ? 1 : undefined);
    const result = await runBenchmark({
      repoRoot,
      ...(runs === undefined ? {} : { runs }),
      ...(rssRuns === undefined ? {} : { rssRuns }),
      ...(toolCalls === undefined ? {} : { toolCalls }),
      ...(startupRuns === undefined ? {} : { startupRuns }),
      ...(args.includes("--no-python") || smoke ? { noPython: true } : {}),
      ...(smoke ? { libraryOnly: true } : {}),
      ...(args.includes("--keep-work-dir") ? { keepWorkDir: true } : {}),
    });
    console.log(formatTables(result));
    if (!args.includes("--no-write") && !smoke) {
      const notesFile = path.join(repoRoot, "bench", "NOTES.md");
      const notes = fs.existsSync(notesFile) ? fs.readFileSync(notesFile, "utf8") : "";
      const command = ["npm run bench", ...(args.length > 0 ? ["--", ...args] : [])].join(" ");
      fs.writeFileSync(path.join(repoRoot, "bench", "RESULTS.md"), formatResultsFile(result, command, notes));
      console.log("wrote bench/RESULTS.md");
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) console.error(error.message);
    else console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }
}
