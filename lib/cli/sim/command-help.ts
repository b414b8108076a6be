/**
 * The `sim` command's subcommands: for each, its usage line, what it does, and every option it
 * takes. The flag table the parser uses is derived from the same entries, so `sim <command>
 * --help` lists exactly the options the command accepts.
 */
import type { FlagTable } from "../arguments.js";

/** One option of a command. */
export interface OptionHelp {
  /** The long name without dashes (`num-units`). */
  readonly name: string;
  /** Short aliases (`-n`). */
  readonly aliases?: readonly string[];
  /** The value placeholder (`N`); absent for a boolean flag. */
  readonly value?: string;
  /** What it does. */
  readonly help: string;
}

/** One command. */
export interface CommandHelp {
  readonly usage: string;
  readonly summary: string;
  readonly options: readonly OptionHelp[];
  /** Another name for the same command (`relate` for `integrate`). */
  readonly alias?: string;
}

const FORMAT_JSON_YAML: OptionHelp = { name: "format", value: "json|yaml", help: "output format (default yaml)" };

/** Every command, in the order the overview lists them. */
export const COMMANDS: Readonly<Record<string, CommandHelp>> = {
  deploy: {
    usage: "deploy <charm-dir> [<app>] [-n N] [--config k=v ...] [--profile NAME]",
    summary: "Deploys the charm in <charm-dir> (it must have an executable dispatch) as <app> (default: the charm name). A subordinate charm gets no units until it is integrated with a principal.",
    options: [
      { name: "num-units", aliases: ["-n"], value: "N", help: "number of units (default 1; not for subordinates)" },
      { name: "config", value: "k=v", help: "config value, repeatable" },
      { name: "builtin", help: "deploy the test provider the package ships prebuilt (no <charm-dir>: deploy --builtin [<app>])" },
      { name: "profile", value: "NAME", help: "sets the charm's profile option: examples/database-provider answers as that database charm (docs/provider-profiles.md)" },
    ],
  },
  integrate: {
    usage: "integrate <app>[:<endpoint>] <app>[:<endpoint>]",
    summary: "Relates two applications (relation-created, then joined/changed per unit pair). Relating a subordinate to a principal creates one subordinate unit per principal unit.",
    options: [],
    alias: "relate",
  },
  "remove-relation": { usage: "remove-relation <app>[:<ep>] <app>[:<ep>] | <relation-id>", summary: "Removes a relation (departed per remote unit, then broken).", options: [] },
  "add-unit": { usage: "add-unit <app> [-n N]", summary: "Adds units to an application.", options: [{ name: "num-units", aliases: ["-n"], value: "N", help: "number of units to add (default 1)" }] },
  "remove-unit": { usage: "remove-unit <unit> [<unit> ...]", summary: "Removes units (departed, broken, stop, remove).", options: [] },
  config: {
    usage: "config <app> [<key> | k=v ... | --reset k1,k2]",
    summary: "Shows the application's config, one key, or sets/resets values (config-changed on every unit).",
    options: [{ name: "reset", value: "k1,k2", help: "reset these keys to their defaults" }, FORMAT_JSON_YAML],
  },
  run: { usage: "run <unit> <action> [k=v ...]", summary: "Runs an action on a unit once the model is quiet, like `juju run`.", options: [FORMAT_JSON_YAML] },
  "show-unit": { usage: "show-unit <unit>", summary: "Shows a unit's relations and databags, like `juju show-unit`.", options: [FORMAT_JSON_YAML] },
  status: { usage: "status", summary: "Shows applications, units, statuses and pending hooks.", options: [{ name: "format", value: "short|json|yaml", help: "output format (default short)" }] },
  "debug-log": {
    usage: "debug-log [--unit U] [--level L]",
    summary: "Shows the charms' log lines, like `juju debug-log`: juju-log calls, hook stdout (DEBUG, or the level word a line starts with) and stderr (WARNING), and each hook's outcome.",
    options: [
      { name: "unit", value: "U", help: "only this unit (app/N) or every unit of this application" },
      { name: "level", value: "L", help: "TRACE, DEBUG, INFO, WARNING, ERROR or CRITICAL: this level and above" },
    ],
  },
  log: {
    usage: "log [--unit U] [-n N] [--calls] [--format json]",
    summary: "Shows the hooks that ran, one line each.",
    options: [
      { name: "unit", value: "U", help: "only this unit" },
      { name: "lines", aliases: ["-n"], value: "N", help: "only the last N hooks" },
      { name: "format", value: "json", help: "one JSON record per line" },
      { name: "calls", help: "list each hook's tool calls" },
    ],
  },
  "set-leader": { usage: "set-leader <unit>", summary: "Makes the unit its application's leader (leader-elected).", options: [] },
  "update-secret": { usage: "update-secret <uri> k=v ...", summary: "Adds a secret revision with this content (secret-changed to observers).", options: [] },
  resolve: {
    usage: "resolve <unit> [--no-retry]",
    summary: "Clears a unit's error, like `juju resolve`: the failed hook runs again, then the unit's waiting hooks.",
    options: [{ name: "no-retry", help: "do not run the failed hook again; just mark the unit resolved" }],
    alias: "resolved",
  },
  "fire-hook": { usage: "fire-hook <unit|app> <hook>", summary: "Runs a plain hook (update-status, upgrade-charm, ...).", options: [] },
  "trigger-secret": {
    usage: "trigger-secret <uri> rotate|expired [--revision N]",
    summary: "Fires secret-rotate or secret-expired on the secret's owner.",
    options: [{ name: "revision", value: "N", help: "the revision that expired (default the latest)" }],
  },
  settle: { usage: "settle", summary: "Runs whatever is still queued.", options: [] },
};

/** The command an alias or name stands for, if any. */
export function commandNamed(name: string): string | undefined {
  if (COMMANDS[name] !== undefined) return name;
  return Object.entries(COMMANDS).find(([, c]) => c.alias === name)?.[0];
}

/** The parser's flag table for a command. */
export function flagTable(command: string): FlagTable {
  const options = COMMANDS[command]?.options ?? [];
  return {
    values: Object.fromEntries(options.filter((o) => o.value !== undefined).map((o) => [o.name, o.aliases ?? []])),
    bools: options.filter((o) => o.value === undefined).map((o) => o.name),
  };
}

/** `sim <command> --help`. */
export function commandHelp(command: string): string {
  const c = COMMANDS[command];
  if (c === undefined) return "";
  const rows = [...c.options.map((o) => [[...(o.aliases ?? []), `--${o.name}`].join(", ") + (o.value === undefined ? "" : ` ${o.value}`), o.help]), ["--model-dir DIR", "the model directory (default .sim)"], ["-h, --help", "show this help"]];
  const width = Math.max(...rows.map(([flag = ""]) => flag.length));
  return [
    `usage: sim [--model-dir DIR] ${c.usage}`,
    ...(c.alias === undefined ? [] : [`alias: ${c.alias}`]),
    "",
    c.summary,
    "",
    "options:",
    ...rows.map(([flag = "", help = ""]) => `  ${flag.padEnd(width)}  ${help}`),
    "",
  ].join("\n");
}

/** `sim --help`: the commands. */
export function overviewHelp(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  return [
    "usage: sim [--model-dir DIR] [--juju-version X.Y.Z] <command> [args]",
    "",
    "--juju-version sets a new model's Juju version (default 3.6.14; docs/juju-behaviour.md).",
    "",
    "commands:",
    ...names.map((n) => `  ${n.padEnd(width)}  ${(COMMANDS[n]?.summary ?? "").split(". ")[0]?.replace(/\.$/, "") ?? ""}`),
    "",
    "`sim <command> --help` (or `sim help <command>`) lists a command's options.",
    "",
  ].join("\n");
}
