/**
 * libpq connection URIs: `postgresql://user:password@host1:port1,host2:port2/dbname?key=value`.
 * Every component is percent-encoded; IPv6 hosts are bracketed; several hosts are allowed
 * (libpq tries them in order), which is why this format, not `pg`'s config object, is the one
 * that can carry a whole multi-host endpoint list.
 */
import type { HostAddress } from "../connection-facts.js";
import { ConnectionStringError } from "../engine-errors.js";
import { formatHostPort, formatPathAndQuery, formatUserinfo, parseHostPort, splitUri } from "../uri-parts.js";

/** The parts of a libpq connection URI. */
export interface LibpqUri {
  /** User name, decoded. */
  readonly user?: string | undefined;
  /** Password, decoded (secret). */
  readonly password?: string | undefined;
  /** Hosts in order; port absent when the URI omits it. */
  readonly hosts: readonly HostAddress[];
  /** Database name, decoded. */
  readonly database?: string | undefined;
  /** Query parameters (e.g. `sslmode`, `sslrootcert`, `target_session_attrs`), decoded, in order. */
  readonly params: Readonly<Record<string, string>>;
}

const SCHEMES = ["postgresql://", "postgres://"] as const;

/** Builds a libpq connection URI from its parts, percent-encoding every component. */
export function formatLibpqUri(uri: LibpqUri): string {
  return `postgresql://${formatUserinfo(uri.user, uri.password)}${uri.hosts.map(formatHostPort).join(",")}${formatPathAndQuery(uri.database, uri.params)}`;
}

/**
 * Parses a libpq connection URI (`postgresql://` or `postgres://`). Throws
 * {@link ConnectionStringError} on malformed input; the input is never echoed.
 */
export function parseLibpqUri(text: string): LibpqUri {
  const scheme = SCHEMES.find((s) => text.startsWith(s));
  if (scheme === undefined) throw new ConnectionStringError("libpq-uri", 'expected the scheme "postgresql://" or "postgres://"', 0);
  const parts = splitUri("libpq-uri", text.slice(scheme.length), false);
  const hosts = parts.hostsText === "" ? [] : parts.hostsText.split(",").map((item, i) => parseHostPort("libpq-uri", item, `host ${i + 1}`));
  return { user: parts.user, password: parts.password, hosts, database: parts.path, params: parts.params };
}
