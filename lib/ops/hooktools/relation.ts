/** relation-ids, relation-list, relation-get, relation-set, relation-model-get (docs/juju-contract.md#relation-tools). */
import * as z from "zod/mini";
import "../../zod-english.js";
import type { RelationRef } from "../backend.js";
import { InvalidArgumentError } from "../errors.js";
import { invokeTool, invokeToolJson, JSON_OUTPUT } from "./invoke.js";
import type { ToolRunner } from "./runner.js";

// Output schemas built once (not per call), so a start-up snapshot keeps them warm.
const NameList = z.nullable(z.array(z.string()));
const OptionalName = z.nullable(z.string());
const ModelUuid = z.object({ uuid: z.string() });

const StringMap = z.record(z.string(), z.string());
const OptionalStringMap = z.nullable(StringMap);

/** `<endpoint>:<id>`, the `-r` form that lets Juju check the id belongs to the endpoint. */
export function formatRelationRef(rel: RelationRef): string {
  return `${rel.endpoint}:${rel.id}`;
}

/** Parses a relation-ids entry (`"database:7"`, or a bare id) into a reference on `endpoint`. */
export function parseRelationRef(entry: string, endpoint: string): RelationRef {
  const colon = entry.lastIndexOf(":");
  const id = Number(entry.slice(colon + 1));
  if (!Number.isInteger(id) || entry.slice(colon + 1) === "") {
    throw new InvalidArgumentError(`relation id "${entry}" does not end in :<number>`);
  }
  return { endpoint: colon >= 0 ? entry.slice(0, colon) : endpoint, id };
}

/** `relation-ids <endpoint> --format=json`. */
export function relationIds(run: ToolRunner, endpoint: string): RelationRef[] {
  const entries = invokeToolJson(run, "relation-ids", [endpoint, JSON_OUTPUT], NameList);
  return (entries ?? []).map((entry) => parseRelationRef(entry, endpoint));
}

/** `relation-list --format=json -r R`: the remote units. */
export function relationList(run: ToolRunner, rel: RelationRef): string[] {
  const units = invokeToolJson(run, "relation-list", [JSON_OUTPUT, "-r", formatRelationRef(rel)], NameList);
  return units ?? [];
}

/** `relation-list --format=json --app -r R`: the remote application, when Juju knows it. */
export function relationRemoteApp(run: ToolRunner, rel: RelationRef): string | undefined {
  const app = invokeToolJson(run, "relation-list", [JSON_OUTPUT, "--app", "-r", formatRelationRef(rel)], OptionalName);
  return app === null || app === "" ? undefined : app;
}

/** The arguments of {@link relationGet} for the relation `ref` (`<endpoint>:<id>`), which read-ahead.ts may send early. */
export function relationGetArgv(ref: string, owner: string, app: boolean): string[] {
  return [JSON_OUTPUT, "-r", ref, ...(app ? ["--app"] : []), "-", owner];
}

/** `relation-get --format=json -r R [--app] - <owner>`: a whole databag. */
export function relationGet(run: ToolRunner, rel: RelationRef, owner: string, app: boolean): Record<string, string> {
  return invokeToolJson(run, "relation-get", relationGetArgv(formatRelationRef(rel), owner, app), OptionalStringMap) ?? {};
}

/**
 * `relation-set -r R [--app] --file -` with the data as a JSON object on stdin (one line, with
 * its newline), so values of any size and content stay off the command line. `""` deletes a
 * key. Empty data makes no call.
 */
export function relationSet(run: ToolRunner, rel: RelationRef, data: Readonly<Record<string, string>>, app: boolean): void {
  const entries = Object.entries(data);
  if (entries.length === 0) return;
  for (const [key, value] of entries) {
    if (key === "" || key === "-") throw new InvalidArgumentError(`relation ${formatRelationRef(rel)}: invalid databag key "${key}"`);
    if (typeof value !== "string") {
      throw new InvalidArgumentError(`relation ${formatRelationRef(rel)}: value of "${key}" must be a string`);
    }
  }
  const argv = ["-r", formatRelationRef(rel), ...(app ? ["--app"] : []), "--file", "-"];
  invokeTool(run, "relation-set", argv, { stdin: `${JSON.stringify(Object.fromEntries(entries))}\n` });
}

/** `relation-model-get --format=json -r R` (Juju >= 3.6.2). */
export function relationModelGet(run: ToolRunner, rel: RelationRef): { readonly uuid: string } {
  const out = invokeToolJson(run, "relation-model-get", [JSON_OUTPUT, "-r", formatRelationRef(rel)], ModelUuid);
  return { uuid: out.uuid };
}
