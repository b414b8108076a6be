/** The simulator's command line as a function (`runCli`), for tests and the `bin.ts` entry. */
export { runCli, type CliIo } from "./run-cli.js";
export { UsageError } from "./arguments.js";
