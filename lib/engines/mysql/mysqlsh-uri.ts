/**
 * MySQL Shell URI-like connection strings, the format of `mysql_client`'s `uris`:
 * `mysql://user:password@host:port/database[?key=value...]`. One host; user, password, database
 * and parameters percent-encoded; IPv6 hosts bracketed. `mysqlx://` (X protocol) is also read.
 */
import type { Endpoint } from "../connection-facts.js";
import { ConnectionStringError } from "../engine-errors.js";
import { uriHost } from "../host-name.js";

/** The parts of a MySQL Shell URI. */
export interface MysqlshUri {
  /** `mysql` (classic protocol) or `mysqlx` (X protocol). */
  readonly scheme: "mysql" | "mysqlx";
  /** User name, decoded. */
  readonly user?: string | undefined;
  /** Password, decoded (secret). */
  readonly password?: string | undefined;
  /** The single host; port absent when the URI omits it. */
  readonly host: Endpoint;
  /** Default schema (database), decoded. */
  readonly database?: string | undefined;
  /** Query parameters (e.g. `ssl-mode`, `ssl-ca`), decoded, in order. */
  readonly params: Readonly<Record<string, string>>;
}

/** Builds a MySQL Shell URI, percent-encoding every component. */
export function formatMysqlshUri(uri: Omit<MysqlshUri, "scheme" | "params"> & Partial<Pick<MysqlshUri, "scheme" | "params">>): string {
  let text = `${uri.scheme ?? "mysql"}://`;
  if (uri.user !== undefined) {
    text += encodeURIComponent(uri.user);
    if (uri.password !== undefined) text += `:${encodeURIComponent(uri.password)}`;
    text += "@";
  }
  text += uriHost(uri.host.host) + (uri.host.port === undefined ? "" : `:${uri.host.port}`);
  if (uri.database !== undefined) text += `/${encodeURIComponent(uri.database)}`;
  const params = Object.entries(uri.params ?? {});
  if (params.length > 0) text += `?${params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}`;
  return text;
}

/** Parses a MySQL Shell URI. Throws {@link ConnectionStringError}; the input is never echoed. */
export function parseMysqlshUri(text: string): MysqlshUri {
  const match = /^(mysqlx?):\/\//.exec(text);
  if (match === null) throw new ConnectionStringError("mysqlsh-uri", 'expected the scheme "mysql://" or "mysqlx://"', 0);
  const scheme = match[1] === "mysqlx" ? "mysqlx" : "mysql";
  let rest = text.slice(match[0].length);
  let query = "";
  const q = rest.indexOf("?");
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  let path: string | undefined;
  const slash = rest.indexOf("/");
  if (slash >= 0) {
    path = rest.slice(slash + 1);
    rest = rest.slice(0, slash);
  }
  let user: string | undefined;
  let password: string | undefined;
  const at = rest.lastIndexOf("@");
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const colon = userinfo.indexOf(":");
    user = decode(colon >= 0 ? userinfo.slice(0, colon) : userinfo, "user name");
    if (colon >= 0) password = decode(userinfo.slice(colon + 1), "password");
  }
  const host = parseHost(rest);
  const params: Record<string, string> = {};
  for (const pair of query === "" ? [] : query.split("&")) {
    const eq = pair.indexOf("=");
    if (eq === 0) throw new ConnectionStringError("mysqlsh-uri", "query parameter without a name");
    // mysqlsh accepts bare flags (`?ssl-mode`); keep them with an empty value.
    if (eq < 0) params[decode(pair, "parameter name")] = "";
    else params[decode(pair.slice(0, eq), "parameter name")] = decode(pair.slice(eq + 1), "parameter value");
  }
  return { scheme, user, password, host, database: path === undefined || path === "" ? undefined : decode(path, "database name"), params };
}

function parseHost(text: string): Endpoint {
  let host: string;
  let portText: string | undefined;
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close < 0) throw new ConnectionStringError("mysqlsh-uri", "unterminated IPv6 literal");
    host = text.slice(1, close);
    const after = text.slice(close + 1);
    if (after !== "" && !after.startsWith(":")) throw new ConnectionStringError("mysqlsh-uri", "unexpected text after IPv6 literal");
    portText = after === "" ? undefined : after.slice(1);
  } else {
    const colon = text.lastIndexOf(":");
    host = decode(colon >= 0 ? text.slice(0, colon) : text, "host");
    portText = colon >= 0 ? text.slice(colon + 1) : undefined;
  }
  if (host === "") throw new ConnectionStringError("mysqlsh-uri", "missing host");
  if (portText === undefined || portText === "") return { host };
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new ConnectionStringError("mysqlsh-uri", "port must be a number from 1 to 65535");
  return { host, port };
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ConnectionStringError("mysqlsh-uri", `${what}: invalid percent-encoding`);
  }
}
