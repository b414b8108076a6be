/**
 * The `sim` command's typed arguments: config values typed by the charm's config.yaml, and
 * `juju run`-style action parameters.
 */
import { parse as parseYaml } from "yaml";
import type { ConfigValue } from "../../ops/index.js";
import type { ConfigOptionSpec, JsonObject, JsonValue } from "../../testing/index.js";
import { splitAssignment, UsageError } from "../arguments.js";

/** Converts a command-line string to the type config option `key` declares. */
export function configValueFor(key: string, option: ConfigOptionSpec | undefined, text: string): ConfigValue {
  if (option === undefined) throw new UsageError(`unknown config option "${key}"`);
  switch (option.type) {
    case "int":
      if (!/^-?\d+$/.test(text)) throw new UsageError(`config option "${key}" expects an int, got "${text}"`);
      return Number(text);
    case "float":
      if (text.trim() === "" || !Number.isFinite(Number(text))) throw new UsageError(`config option "${key}" expects a float, got "${text}"`);
      return Number(text);
    case "boolean":
      if (!/^(true|false)$/i.test(text)) throw new UsageError(`config option "${key}" expects true or false, got "${text}"`);
      return text.toLowerCase() === "true";
    case "string":
    case "secret":
      return text;
  }
}

/** `juju run` parameters: `a.b=v` nests, values are read as YAML scalars (`3`, `true`, `"x"`). */
export function actionParams(assignments: readonly string[]): JsonObject {
  const params: JsonObject = {};
  for (const assignment of assignments) {
    const [key, text] = splitAssignment(assignment);
    let value: JsonValue;
    try {
      value = (parseYaml(text) ?? "") as JsonValue;
    } catch {
      value = text;
    }
    const parts = key.split(".");
    let target: JsonObject = params;
    for (const part of parts.slice(0, -1)) {
      const next = target[part];
      if (next === undefined || next === null || typeof next !== "object" || Array.isArray(next)) target[part] = {};
      target = target[part] as JsonObject;
    }
    target[parts[parts.length - 1] ?? key] = value;
  }
  return params;
}
