/**
 * libpq keyword/value connection strings, e.g.
 * `dbname=myappdb host=db.example port=5432 user=u password='with space'`.
 * The legacy `pgsql` interface publishes `master` and each `standbys` line in this form.
 *
 * Grammar (as libpq's own parser accepts it): pairs `key = value` separated by whitespace; spaces
 * around `=` are allowed; a value is either single-quoted (`\\` and `\'` escape inside) or a run
 * of non-whitespace characters (where a backslash also escapes the next character). A repeated
 * keyword is refused with {@link RepeatedKeywordError} (libpq would keep the last value silently).
 * Unknown keys are kept: this layer does not decide what libpq supports.
 */
import { ConnectionStringError, RepeatedKeywordError } from "../engine-errors.js";

/** Parsed keyword/value pairs in input order, each keyword once. */
export type LibpqKeywords = Readonly<Record<string, string>>;

/**
 * Parses a keyword/value connection string. Throws {@link ConnectionStringError} (a
 * {@link RepeatedKeywordError} when a keyword appears twice); values are never echoed.
 */
export function parseLibpqKeywordValue(text: string): LibpqKeywords {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  let i = 0;
  const n = text.length;
  const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
  const fail = (problem: string, at: number): never => {
    throw new ConnectionStringError("libpq-keyword-value", problem, at);
  };
  while (true) {
    while (i < n && isSpace(text[i])) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && !isSpace(text[i]) && text[i] !== "=") i++;
    const key = text.slice(keyStart, i);
    if (key === "") fail("expected a keyword before \"=\"", keyStart);
    if (Object.hasOwn(out, key)) throw new RepeatedKeywordError(printableKey(key), keyStart);
    while (i < n && isSpace(text[i])) i++;
    if (text[i] !== "=") fail(`missing "=" after keyword "${printableKey(key)}"`, i);
    i++;
    while (i < n && isSpace(text[i])) i++;
    let value = "";
    if (text[i] === "'") {
      const open = i;
      i++;
      let closed = false;
      while (i < n) {
        const c = text[i] as string;
        if (c === "\\" && i + 1 < n) {
          value += text[i + 1];
          i += 2;
        } else if (c === "'") {
          closed = true;
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      if (!closed) fail(`unterminated quoted value for keyword "${printableKey(key)}"`, open);
    } else {
      while (i < n && !isSpace(text[i])) {
        if (text[i] === "\\" && i + 1 < n) {
          value += text[i + 1];
          i += 2;
        } else {
          value += text[i];
          i++;
        }
      }
    }
    out[key] = value;
  }
  return out;
}

/**
 * Formats pairs as a keyword/value string in the given key order. Values that are empty or
 * contain whitespace, quotes, backslashes or commas are single-quoted with `\` and `'` escaped, so
 * `parseLibpqKeywordValue(formatLibpqKeywordValue(x))` equals `x`.
 * Throws {@link ConnectionStringError} for a keyword that cannot be written (empty, or containing
 * whitespace, `=`, a quote or a backslash).
 */
export function formatLibpqKeywordValue(pairs: LibpqKeywords): string {
  return Object.entries(pairs)
    .map(([key, value]) => {
      if (!/^[^\s='\\]+$/.test(key)) {
        throw new ConnectionStringError("libpq-keyword-value", `keyword "${printableKey(key)}" cannot be written: it is empty or contains whitespace, "=", a quote or a backslash`);
      }
      return `${key}=${formatValue(value)}`;
    })
    .join(" ");
}

function formatValue(value: string): string {
  // Commas are quoted too, so several strings joined with "," (pgsql `standbys`) split back unambiguously.
  if (value !== "" && !/[\s'\\,]/.test(value)) return value;
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** Keywords are not secret, but keep them short and printable in messages. */
function printableKey(key: string): string {
  const printable = key.replace(/[^\x20-\x7e]/g, "?");
  return printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
}
