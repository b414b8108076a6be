/**
 * Juju's output formatters for hook tools: `json` (one line), `yaml`, and the default `smart`
 * (bare strings, `True`/`False`, YAML for maps and lists, nothing for null).
 */
import { stringify } from "yaml";

import type { JsonValue } from "./model.js";

/** Output format names Juju's tools accept with `--format`. */
export type OutputFormat = "json" | "yaml" | "smart";

/** Renders `value` as Juju would print it in `format`. */
export function formatOutput(value: JsonValue | undefined, format: OutputFormat): string {
  const v = value === undefined ? null : value;
  switch (format) {
    case "json":
      return `${JSON.stringify(v)}\n`;
    case "yaml":
      return v === null ? "" : stringify(v);
    case "smart":
      if (v === null) return "";
      if (typeof v === "string") return `${v}\n`;
      if (typeof v === "boolean") return v ? "True\n" : "False\n";
      if (typeof v === "number") return `${v}\n`;
      return stringify(v);
  }
}

/** The `--format` a parsed command line asked for (Juju's default is `smart`). */
export function format(args: { readonly strings: ReadonlyMap<string, string> }): OutputFormat {
  return (args.strings.get("format") ?? "smart") as OutputFormat;
}
