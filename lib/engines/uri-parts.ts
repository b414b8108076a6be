/**
 * The URI grammar the libpq and MySQL Shell formats share:
 * `scheme://[user[:password]@]hosts[/path][?key=value&...]`, every component percent-encoded,
 * IPv6 hosts bracketed. The engine modules add their scheme and host-count rules.
 */
import type { HostAddress } from "./connection-facts.js";
import { ConnectionStringError } from "./engine-errors.js";
import { uriHost } from "./host-name.js";

/** Which URI format an error belongs to. */
type UriFormat = Extract<ConnectionStringError["format"], "libpq-uri" | "mysqlsh-uri">;

/** A URI after the scheme, split into its decoded parts (hosts still as raw text). */
export interface UriParts {
  /** Decoded user name. */
  readonly user: string | undefined;
  /** Decoded password (secret). */
  readonly password: string | undefined;
  /** The raw host list between `@` and `/`. */
  readonly hostsText: string;
  /** Decoded path without the leading `/` (the database); undefined when absent or empty. */
  readonly path: string | undefined;
  /** Decoded query parameters in order; a bare `key` (no `=`) has the value "". */
  readonly params: Record<string, string>;
}

/**
 * Splits what follows `scheme://`. `bareFlags` accepts query items without `=` (MySQL Shell does,
 * libpq does not). Throws {@link ConnectionStringError}; never echoes the input.
 */
export function splitUri(format: UriFormat, afterScheme: string, bareFlags: boolean): UriParts {
  let rest = afterScheme;
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
  // The last "@" ends the user info, so an unencoded "@" in a password still parses.
  const at = rest.lastIndexOf("@");
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const colon = userinfo.indexOf(":");
    user = decodeComponent(format, colon >= 0 ? userinfo.slice(0, colon) : userinfo, "user name");
    if (colon >= 0) password = decodeComponent(format, userinfo.slice(colon + 1), "password");
  }
  const params: Record<string, string> = {};
  for (const pair of query === "" ? [] : query.split("&")) {
    const eq = pair.indexOf("=");
    if (eq === 0 || pair === "") throw new ConnectionStringError(format, "query parameter without a name");
    if (eq < 0 && !bareFlags) throw new ConnectionStringError(format, "query parameter without key=value form");
    if (eq < 0) params[decodeComponent(format, pair, "parameter name")] = "";
    else params[decodeComponent(format, pair.slice(0, eq), "parameter name")] = decodeComponent(format, pair.slice(eq + 1), "parameter value");
  }
  return { user, password, hostsText: rest, path: path === undefined || path === "" ? undefined : decodeComponent(format, path, "database name"), params };
}

/** Parses one `host[:port]` or `[ipv6][:port]` item; `where` names it in errors (e.g. "host 2"). */
export function parseHostPort(format: UriFormat, item: string, where: string): HostAddress {
  let host: string;
  let portText: string | undefined;
  if (item.startsWith("[")) {
    const close = item.indexOf("]");
    if (close < 0) throw new ConnectionStringError(format, `${where}: unterminated IPv6 literal`);
    host = item.slice(1, close);
    const after = item.slice(close + 1);
    if (after !== "" && !after.startsWith(":")) throw new ConnectionStringError(format, `${where}: unexpected text after IPv6 literal`);
    portText = after === "" ? undefined : after.slice(1);
  } else {
    const colon = item.lastIndexOf(":");
    host = decodeComponent(format, colon >= 0 ? item.slice(0, colon) : item, where);
    portText = colon >= 0 ? item.slice(colon + 1) : undefined;
  }
  if (portText === undefined || portText === "") return { host };
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new ConnectionStringError(format, `${where}: port must be a number from 1 to 65535`);
  return { host, port };
}

/** `user[:password]@`, percent-encoded, or "" without a user. */
export function formatUserinfo(user: string | undefined, password: string | undefined): string {
  if (user === undefined) return "";
  return `${encodeURIComponent(user)}${password === undefined ? "" : `:${encodeURIComponent(password)}`}@`;
}

/** `host[:port]` with the host bracketed (IPv6) or percent-encoded. */
export function formatHostPort(endpoint: HostAddress): string {
  return uriHost(endpoint.host) + (endpoint.port === undefined ? "" : `:${endpoint.port}`);
}

/** `/database` (encoded) + `?k=v&...` (encoded), each part omitted when absent/empty. */
export function formatPathAndQuery(database: string | undefined, params: Readonly<Record<string, string>>): string {
  const entries = Object.entries(params);
  const query = entries.length > 0 ? `?${entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}` : "";
  return (database === undefined ? "" : `/${encodeURIComponent(database)}`) + query;
}

function decodeComponent(format: UriFormat, text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ConnectionStringError(format, `${what}: invalid percent-encoding`);
  }
}
