/**
 * `runSim(argv, io)`: `charm-data-interfaces sim ...`, the simulator's command line, with Juju's verbs.
 *
 * ```
 * sim [--model-dir .sim] [--juju-version 3.6.14] deploy <charm-dir> [<app>] [-n N] [--config k=v ...] [--profile NAME]
 * sim deploy --builtin [<app>] [...]  (the test provider the package ships prebuilt)
 * sim integrate <app>[:<endpoint>] <app>[:<endpoint>]
 * sim remove-relation <app>[:<ep>] <app>[:<ep>] | <relation-id>
 * sim add-unit <app> [-n N]           sim remove-unit <unit> [<unit> ...]
 * sim config <app> [<key> | k=v ... | --reset k1,k2]
 * sim run <unit> <action> [k=v ...] [--format json|yaml]
 * sim show-unit <unit> [--format json|yaml]     sim status [--format json|yaml|short]
 * sim set-leader <unit>     sim update-secret <uri> k=v ...     sim settle
 * sim resolve <unit> [--no-retry]     sim fire-hook <unit|app> <hook>     sim trigger-secret <uri> rotate|expired [--revision N]
 * sim log [--unit U] [-n N] [--calls] [--format json]     sim debug-log [--unit U] [--level L]
 * ```
 *
 * `sim <command> --help` lists a command's options (command-help.ts holds them all).
 * `--juju-version` sets the Juju version of a new model (which hook tools its units have and how
 * secrets behave: docs/juju-behaviour.md); an existing model keeps its own and refuses another.
 *
 * Exit codes: 0 success, 1 a hook or action failed (or the model would not settle), 2 usage.
 */
import { stringify as toYaml } from "yaml";
import type { ConfigValue } from "../../ops/index.js";
// The simulator through its public entry: the command uses nothing a test could not.
import {
  builtinProviderDir,
  CharmSpecError,
  DEBUG_LOG_LEVELS,
  formatDebugLogLine,
  formatHookRun,
  loadCharmSpec,
  Simulator,
  SimulatorError,
  type DebugLogLevel,
  type HookRunRecord,
  type RunResult,
} from "../../simulator.js";
import { countFlag, flagValue, parseArgs, splitAssignment, UsageError, type ParsedArgs } from "../arguments.js";
import { actionParams, configValueFor } from "./sim-arguments.js";
import { COMMANDS, commandHelp, commandNamed, flagTable, overviewHelp } from "./command-help.js";

/** Where the CLI writes. */
export interface SimIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const USAGE = overviewHelp();

type Format = "json" | "yaml";

function formatOf(args: ParsedArgs, fallback: Format): Format {
  const f = flagValue(args, "format") ?? fallback;
  if (f !== "json" && f !== "yaml") throw new UsageError(`invalid --format "${f}" (json or yaml)`);
  return f;
}

function render(value: unknown, format: Format): string {
  return format === "json" ? `${JSON.stringify(value)}\n` : toYaml(value);
}

function need(args: ParsedArgs, count: number, what: string): string[] {
  if (args.positionals.length < count) throw new UsageError(`missing ${what}`);
  return args.positionals;
}

/** Reports the hooks a run executed (stderr) and, for a failure, its exit code and output. */
function reportRun(io: SimIo, run: RunResult): number {
  for (const hook of run.hooks) io.stderr(`${formatHookRun(hook)}\n`);
  if (run.failed === undefined) return 0;
  io.stderr(describeFailure(run.failed));
  return 1;
}

function describeFailure(hook: HookRunRecord): string {
  const lines = [`ERROR hook "${hook.hook}" on ${hook.unit} failed (${hook.timedOut ? "timed out" : `exit ${hook.code ?? hook.signal ?? "?"}`}); its changes were discarded`];
  if (hook.stdout !== "") lines.push(`--- stdout\n${hook.stdout.trimEnd()}`);
  if (hook.stderr !== "") lines.push(`--- stderr\n${hook.stderr.trimEnd()}`);
  return `${lines.join("\n")}\n`;
}

async function deploy(sim: Simulator, args: ParsedArgs, io: SimIo): Promise<number> {
  const [charmDir = "", appArg] = args.bools.has("builtin") ? [builtinProviderDir(), ...args.positionals] : need(args, 1, "charm directory: deploy <charm-dir> [<app>]");
  const spec = loadCharmSpec(charmDir);
  const config: Record<string, ConfigValue> = {};
  for (const assignment of args.flags.get("config") ?? []) {
    const [key, text] = splitAssignment(assignment);
    config[key] = configValueFor(key, spec.config[key], text);
  }
  const units = flagValue(args, "num-units") === undefined ? undefined : countFlag(args, "num-units", 1);
  // `--profile NAME` sets the charm's `profile` option (examples/database-provider: docs/provider-profiles.md).
  const profile = flagValue(args, "profile");
  if (profile !== undefined) {
    if (spec.config["profile"] === undefined) throw new UsageError(`charm "${spec.name}" has no "profile" option`);
    config["profile"] = configValueFor("profile", spec.config["profile"], profile);
  }
  return reportRun(io, await sim.deploy(appArg ?? spec.name, charmDir, { ...(units === undefined ? {} : { units }), config }));
}

async function config(sim: Simulator, args: ParsedArgs, io: SimIo): Promise<number> {
  const [appName = "", ...rest] = need(args, 1, "application name: config <app> [key | k=v ...]");
  const app = sim.model.applications[appName];
  if (app === undefined) throw new SimulatorError(`application "${appName}" not found`);
  const reset = (flagValue(args, "reset") ?? "").split(",").filter((k) => k !== "");
  const assignments = rest.filter((r) => r.includes("="));
  if (assignments.length === 0 && reset.length === 0) {
    const effective: Record<string, ConfigValue> = {};
    for (const [key, option] of Object.entries(app.charm.config)) {
      const value = app.config[key] ?? option.default;
      if (value !== undefined) effective[key] = value;
    }
    const [key] = rest;
    if (key !== undefined) {
      if (app.charm.config[key] === undefined) throw new UsageError(`unknown config option "${key}"`);
      io.stdout(`${effective[key] ?? ""}\n`);
    } else io.stdout(render(effective, formatOf(args, "yaml")));
    return 0;
  }
  const values: Record<string, ConfigValue | null> = {};
  for (const key of reset) values[key] = null;
  for (const assignment of assignments) {
    const [key, text] = splitAssignment(assignment);
    values[key] = configValueFor(key, app.charm.config[key], text);
  }
  return reportRun(io, await sim.configure(appName, values));
}

async function runAction(sim: Simulator, args: ParsedArgs, io: SimIo): Promise<number> {
  const [unit = "", action = "", ...assignments] = need(args, 2, "unit and action: run <unit> <action> [k=v ...]");
  const outcome = await sim.runAction(unit, action, actionParams(assignments));
  const own = outcome.hooks.find((h) => h.spec.kind === "action" && h.spec.id === outcome.id);
  for (const hook of outcome.hooks) if (hook !== own) io.stderr(`${formatHookRun(hook)}\n`);
  for (const line of outcome.log) io.stderr(`${line}\n`);
  const format = formatOf(args, "yaml");
  if (format === "json") {
    io.stdout(
      render(
        {
          [unit]: {
            id: outcome.id,
            results: { ...outcome.results, "return-code": outcome.code ?? -1, ...(outcome.stdout === "" ? {} : { stdout: outcome.stdout }), ...(outcome.stderr === "" ? {} : { stderr: outcome.stderr }) },
            status: outcome.status,
            ...(outcome.message === undefined ? {} : { message: outcome.message }),
            unit,
          },
        },
        "json",
      ),
    );
  } else {
    if (Object.keys(outcome.results).length > 0) io.stdout(toYaml(outcome.results));
    if (outcome.stdout !== "") io.stdout(outcome.stdout);
    if (outcome.stderr !== "") io.stderr(outcome.stderr);
  }
  if (outcome.status === "failed") io.stderr(`ERROR action "${action}" on ${unit} failed${outcome.message === undefined ? "" : `: ${outcome.message}`}\n`);
  if (outcome.failed !== undefined && outcome.failed !== own) io.stderr(describeFailure(outcome.failed));
  return outcome.status === "failed" || outcome.failed !== undefined ? 1 : 0;
}

function statusCommand(sim: Simulator, args: ParsedArgs, io: SimIo): number {
  const view = sim.status();
  const f = flagValue(args, "format") ?? "short";
  if (f === "json" || f === "yaml") {
    io.stdout(render(view, f));
    return 0;
  }
  if (f !== "short") throw new UsageError(`invalid --format "${f}" (short, json or yaml)`);
  io.stdout(`Model ${view.model.name} (Juju ${view.model.version})${view.pending > 0 ? `, ${view.pending} hooks pending` : ""}\n`);
  for (const [name, app] of Object.entries(view.applications)) {
    const relations = Object.entries(app.relations).map(([ep, remotes]) => `${ep}→${remotes.join(",")}`);
    io.stdout(`\n${name} (${app["charm-name"]}) ${app["application-status"].current}${relations.length > 0 ? `  relations: ${relations.join(" ")}` : ""}\n`);
    for (const [unit, u] of Object.entries(app.units)) {
      const ws = u["workload-status"];
      const agent = u["juju-status"].current === "error" ? `  [${u["juju-status"].message ?? "error"}]` : "";
      io.stdout(`  ${unit}${u.leader ? "*" : ""}  ${ws.current}${ws.message ? `: ${ws.message}` : ""}${agent}\n`);
    }
  }
  return 0;
}

function logCommand(sim: Simulator, args: ParsedArgs, io: SimIo): number {
  const unit = flagValue(args, "unit");
  let records = sim.log().filter((r) => unit === undefined || r.unit === unit);
  const last = flagValue(args, "lines");
  if (last !== undefined) records = records.slice(-countFlag(args, "lines", records.length));
  if (flagValue(args, "format") === "json") {
    for (const record of records) io.stdout(`${JSON.stringify(record)}\n`);
    return 0;
  }
  for (const record of records) {
    io.stdout(`${formatHookRun(record)}\n`);
    if (args.bools.has("calls")) {
      for (const call of record.calls) io.stdout(`    ${call.cmd} ${JSON.stringify(call.argv)} -> ${call.code} (${call.durationMs.toFixed(2)} ms)\n`);
    }
  }
  return 0;
}

function debugLogCommand(sim: Simulator, args: ParsedArgs, io: SimIo): number {
  const level = flagValue(args, "level")?.toUpperCase();
  if (level !== undefined && !(DEBUG_LOG_LEVELS as readonly string[]).includes(level)) throw new UsageError(`invalid --level "${level}" (${DEBUG_LOG_LEVELS.join(", ")})`);
  const unit = flagValue(args, "unit");
  const lines = sim.debugLog({ ...(unit === undefined ? {} : { unit }), ...(level === undefined ? {} : { level: level as DebugLogLevel }) });
  for (const line of lines) io.stdout(`${formatDebugLogLine(line)}\n`);
  return 0;
}

/** `--help` or `-h` before any `--`. */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

/** Runs one CLI command against the model in `--model-dir` (default `.sim`); resolves to the exit code. */
export async function runSim(argv: readonly string[], io: SimIo): Promise<number> {
  let modelDir = ".sim";
  let jujuVersion: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--model-dir") modelDir = argv[++i] ?? "";
    else if (arg.startsWith("--model-dir=")) modelDir = arg.slice("--model-dir=".length);
    else if (arg === "--juju-version") jujuVersion = argv[++i] ?? "";
    else if (arg.startsWith("--juju-version=")) jujuVersion = arg.slice("--juju-version=".length);
    else rest.push(arg);
  }
  const [verbArg, ...verbArgs] = rest;
  if (verbArg === undefined || verbArg === "help" || verbArg === "--help" || verbArg === "-h") {
    const topic = verbArg === "help" && verbArgs[0] !== undefined ? commandNamed(verbArgs[0]) : undefined;
    if (verbArg === "help" && verbArgs[0] !== undefined && topic === undefined) {
      io.stderr(`ERROR unrecognized command: ${verbArgs[0]}\n${USAGE}`);
      return 2;
    }
    io.stdout(topic === undefined ? USAGE : commandHelp(topic));
    return verbArg === undefined ? 2 : 0;
  }
  const verb = commandNamed(verbArg);
  if (verb !== undefined && asksForHelp(verbArgs)) {
    io.stdout(commandHelp(verb));
    return 0;
  }
  let sim: Simulator | undefined;
  try {
    if (verb === undefined) throw new UsageError(`unrecognized command: ${verbArg}`);
    if (modelDir === "") throw new UsageError("--model-dir needs a directory");
    if (jujuVersion === "") throw new UsageError("--juju-version needs a version, e.g. 3.6.14");
    const args = parseArgs(verbArgs, flagTable(verb));
    sim = Simulator.open(modelDir, jujuVersion === undefined ? {} : { jujuVersion });
    switch (verb) {
      case "deploy":
        return await deploy(sim, args, io);
      case "integrate": {
        const [a = "", b = ""] = need(args, 2, "two applications: integrate <app>[:<ep>] <app>[:<ep>]");
        const run = await sim.integrate(a, b);
        return reportRun(io, run);
      }
      case "remove-relation": {
        const [a = "", b] = need(args, 1, "relation: remove-relation <app> <app> | <relation-id>");
        return reportRun(io, await sim.removeRelation(a, b));
      }
      case "add-unit": {
        const [app = ""] = need(args, 1, "application name: add-unit <app> [-n N]");
        return reportRun(io, await sim.addUnit(app, countFlag(args, "num-units", 1)));
      }
      case "remove-unit": {
        let code = 0;
        for (const unit of need(args, 1, "unit name: remove-unit <unit> [...]")) code = Math.max(code, reportRun(io, await sim.removeUnit(unit)));
        return code;
      }
      case "config":
        return await config(sim, args, io);
      case "run":
        return await runAction(sim, args, io);
      case "show-unit": {
        const [unit = ""] = need(args, 1, "unit name: show-unit <unit>");
        io.stdout(render(sim.showUnit(unit), formatOf(args, "yaml")));
        return 0;
      }
      case "status":
        return statusCommand(sim, args, io);
      case "log":
        return logCommand(sim, args, io);
      case "debug-log":
        return debugLogCommand(sim, args, io);
      case "set-leader": {
        const [unit = ""] = need(args, 1, "unit name: set-leader <unit>");
        return reportRun(io, await sim.setLeader(unit));
      }
      case "update-secret": {
        const [uri = "", ...assignments] = need(args, 2, "secret and content: update-secret <uri> k=v ...");
        return reportRun(io, await sim.updateSecret(uri, Object.fromEntries(assignments.map(splitAssignment))));
      }
      case "fire-hook": {
        const [target = "", hook = ""] = need(args, 2, "target and hook: fire-hook <unit|app> <hook-name>");
        return reportRun(io, await sim.fireHook(target, hook));
      }
      case "trigger-secret": {
        const [uri = "", event = ""] = need(args, 2, "secret and event: trigger-secret <uri> rotate|expired [--revision N]");
        if (event !== "rotate" && event !== "expired") throw new UsageError(`secret event must be rotate or expired, got "${event}"`);
        const revision = flagValue(args, "revision");
        return reportRun(io, await sim.triggerSecret(uri, event, revision === undefined ? undefined : countFlag(args, "revision", 1)));
      }
      case "resolve": {
        const [unit = ""] = need(args, 1, "unit name: resolve <unit> [--no-retry]");
        return reportRun(io, await sim.resolve(unit, { retry: !args.bools.has("no-retry") }));
      }
      case "settle":
        return reportRun(io, await sim.settle());
      default:
        throw new UsageError(`unrecognized command: ${verb}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`ERROR ${error.message}\n${verb === undefined ? USAGE : `usage: sim [--model-dir DIR] ${COMMANDS[verb]?.usage ?? verb}\n(sim ${verb} --help lists its options)\n`}`);
      return 2;
    }
    if (error instanceof SimulatorError || error instanceof CharmSpecError) {
      io.stderr(`ERROR ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    sim?.close();
  }
}
