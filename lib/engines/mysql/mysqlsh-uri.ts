/**
 * MySQL Shell URI-like connection strings, the format of `mysql_client`'s `uris`:
 * `mysql://user:password@host:port/database[?key=value...]`. One host; user, password, database
 * and parameters percent-encoded; IPv6 hosts bracketed. `mysqlx://` (X protocol) is also read.
 * A Unix socket is written as its percent-encoded absolute path in the host place
 * (`mysql://u:p@%2Frun%2Fmysqlrouter%2Fmysql.sock/db`), the form MySQL Shell's URI syntax takes.
 */
import type { Address } from "../connection-facts.js";
import { ConnectionStringError } from "../engine-errors.js";
import { formatHostPort, formatPathAndQuery, formatUserinfo, parseHostPort, splitUri } from "../uri-parts.js";

/** The parts of a MySQL Shell URI. */
export interface MysqlshUri {
  /** `mysql` (classic protocol) or `mysqlx` (X protocol). */
  readonly scheme: "mysql" | "mysqlx";
  /** User name, decoded. */
  readonly user?: string | undefined;
  /** Password, decoded (secret). */
  readonly password?: string | undefined;
  /** The single host (port absent when the URI omits it), or `{ socket }` for a Unix socket. */
  readonly host: Address;
  /** Default schema (database), decoded. */
  readonly database?: string | undefined;
  /** Query parameters (e.g. `ssl-mode`, `ssl-ca`), decoded, in order; bare flags have the value "". */
  readonly params: Readonly<Record<string, string>>;
}

/** Builds a MySQL Shell URI, percent-encoding every component. */
export function formatMysqlshUri(uri: Omit<MysqlshUri, "scheme" | "params"> & Partial<Pick<MysqlshUri, "scheme" | "params">>): string {
  const host = uri.host.socket !== undefined ? encodeURIComponent(uri.host.socket) : formatHostPort(uri.host);
  return `${uri.scheme ?? "mysql"}://${formatUserinfo(uri.user, uri.password)}${host}${formatPathAndQuery(uri.database, uri.params ?? {})}`;
}

/** Parses a MySQL Shell URI. Throws {@link ConnectionStringError}; the input is never echoed. */
export function parseMysqlshUri(text: string): MysqlshUri {
  const match = /^(mysqlx?):\/\//.exec(text);
  if (match === null) throw new ConnectionStringError("mysqlsh-uri", 'expected the scheme "mysql://" or "mysqlx://"', 0);
  const parts = splitUri("mysqlsh-uri", text.slice(match[0].length), true);
  if (parts.hostsText === "") throw new ConnectionStringError("mysqlsh-uri", "missing host");
  const host = parseHostPort("mysqlsh-uri", parts.hostsText, "host");
  if (host.host === "") throw new ConnectionStringError("mysqlsh-uri", "missing host");
  // A decoded host that is an absolute path is a Unix socket (it cannot carry a port).
  const address: Address = host.host.startsWith("/") && host.port === undefined ? { socket: host.host } : host;
  return { scheme: match[1] === "mysqlx" ? "mysqlx" : "mysql", user: parts.user, password: parts.password, host: address, database: parts.path, params: parts.params };
}
