/**
 * The pgsql `standbys` value: several libpq keyword/value connection strings in one databag
 * value. The PostgreSQL charms do not agree on the separator:
 * - the reactive `postgresql` charm and ops-lib-pgsql (`pgsql/client.py`, `_standbys`) use one
 *   string per line (`splitlines()` on read);
 * - canonical/postgresql-operator and postgresql-k8s-operator (`src/relations/db.py`,
 *   `update_endpoints`) write `",".join(...)` of pgconnstr `ConnectionString`s on one line.
 * So both are separators: every line break, and a comma outside a quoted value when what follows
 * it starts a new `keyword=` pair. A comma anywhere else stays in its value, which keeps libpq's
 * own multi-host lists (`host=a,b port=5432,5433`) whole. pgconnstr quotes only values with a
 * space, so a value such as `x,y=z` written unquoted cannot be told apart from two strings; the
 * charms' generated names and passwords never hold one, and this package's own formatter quotes
 * every value containing a comma.
 */
import * as z from "zod/mini";
import "../../zod-english.js";
import type { FieldOptions, FieldSpec } from "../database/field-codecs.js";
import { SCHEMA_DOCS, WIRE_FORM_LEFT_OUT } from "../database/schema-docs.js";

/** What follows a separating comma: optional blanks, a keyword, optional blanks, `=` (sticky: tested at an offset). */
const NEXT_PAIR = /[ \t]*[^\s=',\\]+[ \t]*=/y;

/** Whether a new `keyword=` pair starts right after position `i` of `line`. */
function pairFollows(line: string, i: number): boolean {
  NEXT_PAIR.lastIndex = i + 1;
  return NEXT_PAIR.test(line);
}

/** Where the scanner is inside one `keyword = value` pair (libpq's own grammar). */
type ScanState = "keyword" | "value-start" | "unquoted" | "quoted";

/** Splits a `standbys` value into its connection strings (trimmed, empty ones dropped). */
export function splitConnectionStrings(raw: string): string[] {
  const out: string[] = [];
  for (const line of raw.split(/\r\n|\r|\n/)) {
    let start = 0;
    let state: ScanState = "keyword";
    let keyword = ""; // the keyword read so far in the "keyword" state
    const cut = (i: number): void => {
      out.push(line.slice(start, i));
      start = i + 1;
      state = "keyword";
      keyword = "";
    };
    for (let i = 0; i < line.length; i++) {
      const c = line[i] as string;
      if (state === "value-start") {
        if (c === " " || c === "\t") continue;
        if (c === "'") {
          state = "quoted";
          continue;
        }
        state = "unquoted";
      }
      if (state === "quoted") {
        if (c === "\\") i++;
        else if (c === "'") state = "keyword";
      } else if (state === "unquoted") {
        if (c === "\\") i++;
        else if (c === " " || c === "\t") state = "keyword";
        else if (c === "," && pairFollows(line, i)) cut(i);
      } else if (c === "=") {
        state = "value-start";
        keyword = "";
      } else if (c === "," && keyword === "" && pairFollows(line, i)) {
        cut(i); // after a quoted value: `password='a b',host=c`
      } else if (c !== " " && c !== "\t") {
        keyword += c;
      }
    }
    out.push(line.slice(start));
  }
  return out.map((s) => s.trim()).filter((s) => s !== "");
}

/** `standbys`: libpq connection strings separated by line breaks or commas (see the file comment). */
export function connectionStringList(opts: FieldOptions = {}): FieldSpec<string[]> {
  return {
    schema: z.array(z.string().check(z.minLength(1))),
    wire: SCHEMA_DOCS ? { encoding: "libpq connection strings, one per line (commas accepted)" } : WIRE_FORM_LEFT_OUT,
    secret: opts.secret ?? false,
    decode: (raw) => ({ ok: true, value: splitConnectionStrings(raw) }),
    // Written one per line, the form every reader of the interface accepts.
    encode: (v) => (v.length === 0 ? undefined : v.join("\n")),
  };
}
