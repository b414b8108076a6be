/**
 * The shared copy of a pgsql request (docs/protocol.md#pgsql-request) in the requirer's peer
 * relation app databag. Only the leader may read its application's relation databag, so the
 * leader also stores each relation's request under one peer key; non-leaders read it from there
 * to mirror the request into their unit databags. The value is a JSON object of the request's
 * wire keys (`database`, `roles`, `extensions`; empty ones left out), written compactly.
 */
import * as z from "zod/mini";
import "../../zod-english.js";
import { parseJsonText } from "../database/json-text.js";
import { PgsqlRequirerAppDatabag, pgsqlRequestFields, type PgsqlRequirerApp } from "./requirer.js";

/** Peer app databag key holding the shared copy of one relation's request. */
export function pgsqlSharedRequestKey(endpoint: string, relationId: number): string {
  return `legacy-pgsql.${endpoint}.${relationId}`;
}

/** The copy's JSON shape: request keys to their wire strings. */
const SharedRequestJson = z.record(z.string(), z.string());

/** The wire keys in the order the copy writes them (the field order of the request bag). */
const KEYS = Object.keys(pgsqlRequestFields) as ReadonlyArray<keyof typeof pgsqlRequestFields>;

/** Encodes a request as its shared-copy value; keys whose wire form is empty are left out. */
export function encodePgsqlSharedRequest(request: PgsqlRequirerApp): string {
  const wire = PgsqlRequirerAppDatabag.encode(request);
  const present: Record<string, string> = {};
  for (const key of KEYS) {
    const v = wire[key];
    if (v !== undefined && v !== "") present[key] = v;
  }
  // Plain JSON.stringify, not the Python separators: only this library reads the copy back.
  return JSON.stringify(present);
}

/** Result of reading a shared copy: absent, the decoded request, or why it cannot be used. */
export type PgsqlSharedRequestRead =
  | { readonly ok: true; readonly value: PgsqlRequirerApp | undefined }
  | {
      readonly ok: false;
      /** Why the copy cannot be used. */
      readonly problem: string;
    };

/** Decodes a shared-copy value; `value: undefined` when the key is absent or empty. */
export function decodePgsqlSharedRequest(text: string | undefined): PgsqlSharedRequestRead {
  if (text === undefined || text === "") return { ok: true, value: undefined };
  const json = parseJsonText(text);
  if (json === undefined) return { ok: false, problem: "not JSON" };
  const bag = SharedRequestJson.safeParse(json.value);
  if (!bag.success) return { ok: false, problem: "expected a JSON object of strings" };
  const decoded = PgsqlRequirerAppDatabag.decode(bag.data);
  if (!decoded.ok) return { ok: false, problem: decoded.problems.map((p) => `${p.field}: ${p.problem}`).join("; ") };
  return { ok: true, value: decoded.value };
}
