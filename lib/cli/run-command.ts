/**
 * The package's command line, `charm-data-interfaces <command>`: `build` bundles a charm (see
 * build-command.ts); `validate` checks databags (see {@link runValidate}); `sim` drives the model
 * simulator (see sim/run-sim.ts).
 */
import { runValidate, EXIT, type CommandIo } from "./validate-command.js";

/** Top-level usage text. */
export const USAGE = `usage: charm-data-interfaces <command> [args]
commands:
  build [CHARM_DIR] ...   bundle a charm into build/charm.js, with dispatch and charmcraft parts
  validate [FILE|-] ...   check database relation data (juju show-unit, get-credentials output, a databag)
  sim ...                 the model simulator (deploy, integrate, show-unit, ...)
run "charm-data-interfaces <command> --help" for the options of a command
`;

/** Runs the command line (arguments after the program name); resolves to the exit code. */
export async function runCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "validate":
      return runValidate(rest, io);
    case "build": {
      // Loaded on demand, like esbuild itself.
      const { runBuild } = await import("./build-command.js");
      return runBuild(rest, io);
    }
    case "sim": {
      // Loaded on demand: the validator does not need the simulator.
      const { runSim } = await import("./sim/run-sim.js");
      return runSim(rest, io);
    }
    case "help":
    case "--help":
    case "-h":
      io.stdout(USAGE);
      return EXIT.valid;
    default:
      io.stderr(`${command === undefined ? "missing command" : `unknown command "${command}"`}\n${USAGE}`);
      return EXIT.usage;
  }
}
