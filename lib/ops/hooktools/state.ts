/** state-get, state-set, state-delete: controller-side unit state (docs/juju-contract.md#state-tools). */
import * as z from "zod/mini";
import "../../zod-english.js";
import { invokeTool, invokeToolJson, JSON_OUTPUT } from "./invoke.js";
import type { ToolRunner } from "./runner.js";

// Output schemas built once (not per call), so a start-up snapshot keeps them warm.
const StateMap = z.nullable(z.record(z.string(), z.string()));

/** `state-get --format=json`: the whole map (Juju 4 may print `null` for an empty store). */
export function stateGet(run: ToolRunner): Record<string, string> {
  return invokeToolJson(run, "state-get", [JSON_OUTPUT], StateMap) ?? {};
}

/** `state-set --file -` with a JSON object on stdin (one line, with its newline). Empty data makes no call. */
export function stateSet(run: ToolRunner, data: Readonly<Record<string, string>>): void {
  if (Object.keys(data).length === 0) return;
  invokeTool(run, "state-set", ["--file", "-"], { stdin: `${JSON.stringify(data)}\n` });
}

/** `state-delete <key>`. */
export function stateDelete(run: ToolRunner, key: string): void {
  invokeTool(run, "state-delete", [key]);
}
