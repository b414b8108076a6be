/**
 * The raw entries of a v1 `requests` JSON array (requests on the requirer side, responses on the
 * provider side), for tools that look at keys before any model is chosen: the databag validator
 * tells the writer's side from them and lists the secret URIs they carry.
 */
import * as z from "zod/mini";
import "../../zod-english.js";
import { parseJsonText } from "../database/json-text.js";

/** One entry as written: an object, values not yet checked (the typed models check them). */
export type RequestEntry = Readonly<Record<string, unknown>>;

const EntryList = z.array(z.record(z.string(), z.unknown()));

/**
 * Reads a `requests` value as a list of objects; `undefined` when the text is not JSON or not an
 * array of objects, so callers can tell "unreadable" from "empty".
 */
export function readRequestEntries(raw: string): readonly RequestEntry[] | undefined {
  const json = parseJsonText(raw);
  if (json === undefined) return undefined;
  const parsed = EntryList.safeParse(json.value);
  return parsed.success ? parsed.data : undefined;
}
