/**
 * libpq connection URIs: `postgresql://user:password@host1:port1,host2:port2/dbname?key=value`.
 * Every component is percent-encoded; IPv6 hosts are bracketed; several hosts are allowed
 * (libpq tries them in order), which is why this format, not `pg`'s config object, is the one
 * that can carry a whole multi-host endpoint list.
 */
import type { Endpoint } from "../connection-facts.js";
import { ConnectionStringError } from "../engine-errors.js";
import { uriHost } from "../host-name.js";

/** The parts of a libpq connection URI. */
export interface LibpqUri {
  /** User name, decoded. */
  readonly user?: string | undefined;
  /** Password, decoded (secret). */
  readonly password?: string | undefined;
  /** Hosts in order; port absent when the URI omits it. */
  readonly hosts: readonly Endpoint[];
  /** Database name, decoded. */
  readonly database?: string | undefined;
  /** Query parameters (e.g. `sslmode`, `sslrootcert`, `target_session_attrs`), decoded, in order. */
  readonly params: Readonly<Record<string, string>>;
}

const SCHEMES = ["postgresql://", "postgres://"] as const;

/** Builds a libpq connection URI from its parts, percent-encoding every component. */
export function formatLibpqUri(uri: LibpqUri): string {
  let text = "postgresql://";
  if (uri.user !== undefined) {
    text += encodeURIComponent(uri.user);
    if (uri.password !== undefined) text += `:${encodeURIComponent(uri.password)}`;
    text += "@";
  }
  text += uri.hosts.map((h) => uriHost(h.host) + (h.port === undefined ? "" : `:${h.port}`)).join(",");
  if (uri.database !== undefined) text += `/${encodeURIComponent(uri.database)}`;
  const params = Object.entries(uri.params);
  if (params.length > 0) {
    text += `?${params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}`;
  }
  return text;
}

/**
 * Parses a libpq connection URI (`postgresql://` or `postgres://`). Throws
 * {@link ConnectionStringError} on malformed input; the input is never echoed.
 */
export function parseLibpqUri(text: string): LibpqUri {
  const scheme = SCHEMES.find((s) => text.startsWith(s));
  if (scheme === undefined) throw new ConnectionStringError("libpq-uri", 'expected the scheme "postgresql://" or "postgres://"', 0);
  let rest = text.slice(scheme.length);
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
  const hosts = rest === "" ? [] : rest.split(",").map(parseHostPort);
  const params: Record<string, string> = {};
  for (const pair of query === "" ? [] : query.split("&")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new ConnectionStringError("libpq-uri", "query parameter without key=value form");
    params[decode(pair.slice(0, eq), "parameter name")] = decode(pair.slice(eq + 1), "parameter value");
  }
  return { user, password, hosts, database: path === undefined || path === "" ? undefined : decode(path, "database name"), params };
}

function parseHostPort(item: string, index: number): Endpoint {
  let host: string;
  let portText: string | undefined;
  if (item.startsWith("[")) {
    const close = item.indexOf("]");
    if (close < 0) throw new ConnectionStringError("libpq-uri", `host ${index + 1}: unterminated IPv6 literal`);
    host = item.slice(1, close);
    const after = item.slice(close + 1);
    if (after !== "" && !after.startsWith(":")) throw new ConnectionStringError("libpq-uri", `host ${index + 1}: unexpected text after IPv6 literal`);
    portText = after === "" ? undefined : after.slice(1);
  } else {
    const colon = item.lastIndexOf(":");
    host = decode(colon >= 0 ? item.slice(0, colon) : item, `host ${index + 1}`);
    portText = colon >= 0 ? item.slice(colon + 1) : undefined;
  }
  if (portText === undefined || portText === "") return { host };
  return { host, port: parsePort(portText, `host ${index + 1}`) };
}

function parsePort(text: string, where: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new ConnectionStringError("libpq-uri", `${where}: port must be a number from 1 to 65535`);
  return port;
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ConnectionStringError("libpq-uri", `${what}: invalid percent-encoding`);
  }
}
