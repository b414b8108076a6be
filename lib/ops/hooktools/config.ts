/** config-get (docs/juju-contract.md#config-and-action-tools). */
import * as z from "zod/mini";
import "../../zod-english.js";
import type { ConfigValue } from "../backend.js";
import { invokeToolJson, JSON_OUTPUT } from "./invoke.js";
import type { ToolRunner } from "./runner.js";

const ConfigMap = z.nullable(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])));

/** `config-get --format=json`: options that are set or have a default (null values are dropped). */
export function configGet(run: ToolRunner): Record<string, ConfigValue> {
  const raw = invokeToolJson(run, "config-get", [JSON_OUTPUT], ConfigMap) ?? {};
  const out: Record<string, ConfigValue> = {};
  for (const [key, value] of Object.entries(raw)) if (value !== null) out[key] = value;
  return out;
}
