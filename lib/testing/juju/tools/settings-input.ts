/**
 * Reading a flat string map from a hook tool's `--file` (a YAML map; `-` is stdin) plus
 * `key=value` arguments that override it, as relation-set and state-set take them.
 */
import { readFileSync } from "node:fs";

import { parse } from "yaml";
import { z } from "zod";

import { ToolFailure } from "../flags.js";

// Juju decodes the file as map[string]string: scalars are turned into strings, nested values refused.
const SettingsFile = z.union([z.null(), z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))]);

/** Parses `key=value` arguments; a value may be empty (meaning delete) but the `=` is required. */
export function keyValueArgs(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf("=");
    if (eq <= 0) throw new ToolFailure(`expected "key=value", got "${arg}"`, 2);
    const key = arg.slice(0, eq);
    if (key in out) throw new ToolFailure(`key "${key}" specified more than once`, 2);
    out[key] = arg.slice(eq + 1);
  }
  return out;
}

/** Reads the settings file (`-` = stdin) as a YAML map of scalars; null values become "". */
export function settingsFile(path: string, stdin: string | undefined): Record<string, string> {
  let text: string;
  try {
    text = path === "-" ? (stdin ?? "") : readFileSync(path, "utf8");
  } catch (e) {
    throw new ToolFailure(`cannot read settings file "${path}": ${(e as NodeJS.ErrnoException).code ?? "read error"}`, 2);
  }
  let raw: unknown;
  try {
    raw = parse(text, { uniqueKeys: true });
  } catch {
    throw new ToolFailure(`cannot parse settings file "${path}": not valid YAML`, 2);
  }
  const parsed = SettingsFile.safeParse(raw === undefined ? null : raw);
  if (!parsed.success) throw new ToolFailure(`cannot parse settings file "${path}": expected a map of string values`, 2);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed.data ?? {})) out[k] = v === null ? "" : String(v);
  return out;
}

/** File settings (if any) overridden by `key=value` arguments. */
export function readSettings(file: string | undefined, args: readonly string[], stdin: string | undefined): Record<string, string> {
  const fromArgs = keyValueArgs(args);
  return { ...(file === undefined ? {} : settingsFile(file, stdin)), ...fromArgs };
}

/** Merges `changes` into `bag`; an empty value deletes the key. */
export function mergeIntoBag(bag: Record<string, string>, changes: Readonly<Record<string, string>>): void {
  for (const [k, v] of Object.entries(changes)) {
    if (v === "") delete bag[k];
    else bag[k] = v;
  }
}
