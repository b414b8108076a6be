/** action-get, action-set, action-log, action-fail (docs/juju-contract.md#config-and-action-tools). */
import * as z from "zod/mini";
import "../../zod-english.js";
import { InvalidArgumentError } from "../errors.js";
import { invokeTool, invokeToolJson, JSON_OUTPUT } from "./invoke.js";
import type { ToolRunner } from "./runner.js";

// Output schemas built once (not per call), so a start-up snapshot keeps them warm.
const ActionParams = z.nullable(z.record(z.string(), z.unknown()));

const KEY_PART = /^[a-z0-9](?:[a-z0-9-.]*[a-z0-9])?$/;
const RESERVED = new Set(["stdout", "stdout-encoding", "stderr", "stderr-encoding"]);

/** `action-get --format=json`: the parameters object (`{}` when there are none). */
export function actionGet(run: ToolRunner): Record<string, unknown> {
  return invokeToolJson(run, "action-get", [JSON_OUTPUT], ActionParams) ?? {};
}

/**
 * `action-set k=v ...` with flat dotted keys. Juju has no `--file` here, so values travel on
 * argv; they are redacted from any error this raises.
 */
export function actionSet(run: ToolRunner, results: Readonly<Record<string, string>>): void {
  const keys = Object.keys(results);
  if (keys.length === 0) return;
  for (const key of keys) {
    if (RESERVED.has(key)) throw new InvalidArgumentError(`action result key "${key}" is reserved by Juju`);
    for (const part of key.split(".")) {
      if (!KEY_PART.test(part)) {
        throw new InvalidArgumentError(`action result key "${key}": each dotted part must be lower-case letters, digits and hyphens`);
      }
    }
    if (typeof results[key] !== "string") throw new InvalidArgumentError(`action result "${key}" must be a string`);
  }
  const argv = keys.map((key) => `${key}=${results[key] ?? ""}`);
  invokeTool(run, "action-set", argv, { argvForErrors: keys.map((key) => `${key}=<redacted>`) });
}

/** `action-log -- <message>`. */
export function actionLog(run: ToolRunner, message: string): void {
  invokeTool(run, "action-log", ["--", message]);
}

/** `action-fail [-- <message>]`. */
export function actionFail(run: ToolRunner, message?: string): void {
  invokeTool(run, "action-fail", message === undefined ? [] : ["--", message]);
}
