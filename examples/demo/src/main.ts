/**
 * `npm run demo` (through examples/demo/run-demo.mjs, which bundles this file with esbuild and
 * runs it with node): parses the command line, runs the demo, exits 0 only when every step
 * passed. Ctrl-C stops it cleanly (the server is stopped, the temporary files removed).
 *
 *   npm run demo [-- --show-secrets] [--logs <dir>]
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runDemo } from "./demo.js";

const USAGE = "usage: npm run demo [-- --show-secrets] [--logs <dir>]";

/** The parsed command line. */
interface DemoArguments {
  readonly showSecrets: boolean;
  readonly logDir?: string;
}

function parseArguments(argv: readonly string[]): DemoArguments | string {
  let showSecrets = false;
  let logDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--show-secrets") showSecrets = true;
    else if (arg === "--logs") {
      const value = argv[++i];
      if (value === undefined || value === "") return "--logs needs a directory";
      logDir = path.resolve(value);
    } else if (arg === "--help" || arg === "-h") return "";
    else return `unknown argument "${arg ?? ""}"`;
  }
  return { showSecrets, ...(logDir === undefined ? {} : { logDir }) };
}

/** The repository root: CHARM_DEMO_ROOT from the launcher, else the working directory; it must hold the example charms. */
function repositoryRoot(): string {
  const root = path.resolve(process.env["CHARM_DEMO_ROOT"] ?? process.cwd());
  if (!fs.existsSync(path.join(root, "examples", "webapp", "metadata.yaml"))) {
    throw new Error(`${root} does not look like the charm-data-interfaces repository (no examples/webapp); run the demo from the repository with npm run demo`);
  }
  return root;
}

async function main(): Promise<number> {
  const args = parseArguments(process.argv.slice(2));
  if (typeof args === "string") {
    process.stderr.write(args === "" ? `${USAGE}\n` : `demo: ${args}\n${USAGE}\n`);
    return args === "" ? 0 : 2;
  }
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const report = await runDemo({
    repoRoot: repositoryRoot(),
    out: process.stdout,
    showSecrets: args.showSecrets,
    live: process.stdout.isTTY === true,
    signal: controller.signal,
    ...(args.logDir === undefined ? {} : { logDir: args.logDir }),
  });
  if (controller.signal.aborted) return 130;
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
