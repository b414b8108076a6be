/**
 * Command line of the hook benchmark (run through bench/run.mjs):
 *   --runs N         timed runs per hook (default 25)
 *   --rss-runs N     peak-RSS runs per hook (default 5)
 *   --calls N        calls in the no-op tool-call measurement (default 200)
 *   --startup-runs N runs per module-loading command (default 15)
 *   --charms a,b     which charms (webapp, pg-minimal, pg-minimal-snapshot; default all)
 *   --no-write       print only; do not rewrite bench/RESULTS.md
 *   --smoke          a quick end-to-end run (pg-minimal, 2 runs, tiny counts, no write): checks
 *                    that the benchmark works; its figures mean nothing
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runBenchmark, type BenchCharm } from "./hook-bench.js";
import { formatResultsFile, formatTables } from "./report.js";

function intOption(args: readonly string[], name: string): number | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a positive whole number`);
  return value;
}

const KNOWN_CHARMS: readonly BenchCharm[] = ["webapp", "pg-minimal", "pg-minimal-snapshot"];

function charmsOption(args: readonly string[]): BenchCharm[] | undefined {
  const at = args.indexOf("--charms");
  if (at < 0) return undefined;
  const names = (args[at + 1] ?? "").split(",").filter((n) => n !== "");
  const known = names.filter((n): n is BenchCharm => (KNOWN_CHARMS as readonly string[]).includes(n));
  if (known.length === 0 || known.length !== names.length) throw new Error(`--charms takes a comma-separated list of ${KNOWN_CHARMS.join(", ")}`);
  return known;
}

/** Runs the benchmark, prints the tables, writes bench/RESULTS.md; returns the exit code. */
export async function benchCli(repoRoot: string, args: readonly string[]): Promise<number> {
  try {
    const smoke = args.includes("--smoke");
    const runs = intOption(args, "--runs") ?? (smoke ? 2 : undefined);
    const rssRuns = intOption(args, "--rss-runs") ?? (smoke ? 1 : undefined);
    const toolCalls = intOption(args, "--calls") ?? (smoke ? 5 : undefined);
    const startupRuns = intOption(args, "--startup-runs") ?? (smoke ? 1 : undefined);
    const charms = charmsOption(args) ?? (smoke ? ["pg-minimal"] : undefined);
    const result = await runBenchmark({
      repoRoot,
      ...(runs === undefined ? {} : { runs }),
      ...(rssRuns === undefined ? {} : { rssRuns }),
      ...(toolCalls === undefined ? {} : { toolCalls }),
      ...(startupRuns === undefined ? {} : { startupRuns }),
      ...(charms === undefined ? {} : { charms }),
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
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }
}
