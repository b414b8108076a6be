/**
 * `endpoints` / `read-only-endpoints`: comma-separated `host:port` items (docs/protocol.md#k-03..K-05, docs/protocol.md#p-11).
 * Hosts may be IPv4, bracketed IPv6, DNS names with a trailing dot, Kubernetes service names or
 * (mongos) a URL-encoded Unix socket path. MongoDB providers may omit the port; the engine's
 * default port is used then.
 *
 * One more item form, accepted only where an interface opts in (`fileSockets`): `file://<absolute
 * path>`, a Unix socket. The machine mysql-router charm (canonical/mysql-router-operators,
 * machines/src/charm.py `_read_write_endpoint` / `_read_only_endpoint`) answers a principal that did
 * not ask for `external-node-connectivity` on mysql_client with
 * `file:///var/snap/charmed-mysql/common/run/mysqlrouter/mysql.sock` (and `mysqlro.sock`); no other
 * Canonical provider writes `file://`, so the other interfaces keep refusing it.
 */
import * as z from "zod/mini";
import "../../zod-english.js";
import { commaItems } from "./comma-lists.js";
import { SOCKET_PATH_MAX_BYTES } from "./value-limits.js";

/**
 * The servers' default ports: what an endpoint or a legacy bag without a port means, and what the
 * connection builders (lib/engines) fill in. The library's one definition of each.
 */
/** PostgreSQL's default port. */
export const POSTGRESQL_DEFAULT_PORT = 5432;
/** MySQL's default port (also the legacy `mysql` bag's port when it has none). */
export const MYSQL_DEFAULT_PORT = 3306;
/** mongod's default port: MongoDB hosts published without one. */
export const MONGODB_DEFAULT_PORT = 27017;
/** mongos' default port (the charms' router): mongos hosts published without one. */
export const MONGOS_DEFAULT_PORT = 27018;

/** One decoded TCP endpoint (mongos' URL-encoded socket host included, as it carries a port). */
export const TcpEndpoint = z.object({
  /** Host as written on the wire, without IPv6 brackets. */
  host: z.string().check(z.minLength(1)),
  /** TCP port (for a socket path, the port the provider published or the engine default). */
  port: z.int().check(z.gte(1), z.lte(65535)),
  /** Decoded Unix socket path, when the host is a URL-encoded absolute path (mongos on VMs). */
  socketPath: z.optional(z.string()),
});
/** One decoded TCP endpoint. */
export type TcpEndpoint = z.infer<typeof TcpEndpoint>;

/** A `file://` Unix socket endpoint (mysql-router on machines); `socket` is the absolute path. */
export const SocketEndpoint = z.object({
  /** Absolute path of the socket, as written after `file://` (not percent-decoded: the router writes it raw). */
  socket: z.string().check(z.startsWith("/")),
});
/** A `file://` Unix socket endpoint. */
export type SocketEndpoint = z.infer<typeof SocketEndpoint>;

/** One decoded endpoint: TCP `{ host, port }` or, where the interface accepts it, `{ socket }`. */
export const Endpoint = z.union([TcpEndpoint, SocketEndpoint]);
/** One decoded endpoint. */
export type Endpoint = z.infer<typeof Endpoint>;

/** True for a `file://` socket endpoint. */
export function isSocketEndpoint(e: Endpoint): e is SocketEndpoint {
  return "socket" in e;
}

/** How {@link parseEndpoints} reads items. */
export interface EndpointParseOptions {
  /** Port for items without one (MongoDB); without it such items are refused. */
  readonly defaultPort?: number | undefined;
  /** Accept `file://<absolute path>` items as {@link SocketEndpoint} (mysql_client only). */
  readonly fileSockets?: boolean | undefined;
}

/** Parsed endpoints, or a problem description that may quote the value (endpoints are not secret). */
export type EndpointsParse =
  | {
      /** Every entry parsed. */
      readonly ok: true;
      /** The endpoints, in the order written. */
      readonly value: Endpoint[];
    }
  | {
      /** An entry did not parse. */
      readonly ok: false;
      /** What is wrong and where (entry position), quoting the value. */
      readonly problem: string;
    };

const HOST = /^[A-Za-z0-9._%~-]+$/;
const PORT = /^[0-9]{1,5}$/;

function parsePort(text: string): number | undefined {
  if (!PORT.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

const FILE_SCHEME = /^file:/i;
// Control characters are refused before the comma split by the value policy; checked again here
// so the parser is safe on its own.
const CONTROL = /[\u0000-\u001f\u007f]/;

function parseSocket(item: string, at: string, accept: boolean): SocketEndpoint | string {
  if (!accept) return `${at}: "file://" socket endpoints are only accepted on mysql_client (the mysql-router charm's answer to a principal)`;
  const m = /^file:\/\/(\/.*)$/i.exec(item);
  if (m === null || m[1] === undefined) return `${at}: expected file:// followed by an absolute socket path, e.g. file:///run/mysqlrouter/mysql.sock`;
  const socket = m[1];
  if (CONTROL.test(socket)) return `${at}: the socket path contains control characters`;
  if (socket.endsWith("/")) return `${at}: the socket path names a directory`;
  const bytes = Buffer.byteLength(socket, "utf8");
  if (bytes > SOCKET_PATH_MAX_BYTES) return `${at}: the socket path is ${bytes} bytes long; Unix sockets allow at most ${SOCKET_PATH_MAX_BYTES}`;
  return { socket };
}

function parseOne(item: string, position: number, options: EndpointParseOptions): Endpoint | string {
  const at = `entry ${position} (${JSON.stringify(item)})`;
  if (FILE_SCHEME.test(item)) return parseSocket(item, at, options.fileSockets === true);
  const defaultPort = options.defaultPort;
  let host: string;
  let portText: string | undefined;
  if (item.startsWith("[")) {
    const m = /^\[([0-9A-Fa-f:.%a-z]+)\](?::(.*))?$/.exec(item);
    if (m === null || m[1] === undefined) return `${at}: malformed bracketed IPv6 address`;
    host = m[1];
    portText = m[2];
  } else {
    const colons = item.split(":").length - 1;
    if (colons > 1) return `${at}: IPv6 addresses must be written in brackets, e.g. [::1]:5432`;
    const idx = item.lastIndexOf(":");
    host = idx < 0 ? item : item.slice(0, idx);
    portText = idx < 0 ? undefined : item.slice(idx + 1);
    if (!HOST.test(host)) return `${at}: "${host}" is not a host name, IP address or URL-encoded socket path`;
  }
  let port: number | undefined;
  if (portText === undefined) {
    if (defaultPort === undefined) return `${at}: expected host:port, the port is missing`;
    port = defaultPort;
  } else {
    port = parsePort(portText);
    if (port === undefined) return `${at}: port must be an integer between 1 and 65535`;
  }
  const endpoint: Endpoint = { host, port };
  if (/^%2F/i.test(host)) {
    try {
      return { ...endpoint, socketPath: decodeURIComponent(host) };
    } catch {
      return `${at}: malformed URL-encoded socket path`;
    }
  }
  return endpoint;
}

/**
 * Parses `host:port[,host:port…]`. A number is the default port (items without a port, MongoDB);
 * options also switch on `file://` socket items (mysql_client).
 */
export function parseEndpoints(raw: string, options: number | EndpointParseOptions = {}): EndpointsParse {
  const opts: EndpointParseOptions = typeof options === "number" ? { defaultPort: options } : options;
  const items = commaItems(raw);
  const out: Endpoint[] = [];
  for (const [i, item] of items.entries()) {
    if (item === "") return { ok: false, problem: `expected host:port[,host:port...], got an empty entry at position ${i + 1}` };
    const parsed = parseOne(item, i + 1, opts);
    if (typeof parsed === "string") return { ok: false, problem: parsed };
    out.push(parsed);
  }
  return { ok: true, value: out };
}

/** Writes endpoints back in wire form; IPv6 hosts are bracketed again, sockets become `file://<path>`. */
export function formatEndpoints(endpoints: readonly Endpoint[]): string {
  return endpoints.map((e) => (isSocketEndpoint(e) ? `file://${e.socket}` : `${e.host.includes(":") ? `[${e.host}]` : e.host}:${e.port}`)).join(",");
}

/**
 * True when two endpoint lists name the same host:port set, ignoring order and duplicates.
 * Some providers build the list from an unordered set (docs/protocol.md#g-14, docs/protocol.md#k-04).
 */
export function sameEndpoints(a: readonly Endpoint[], b: readonly Endpoint[]): boolean {
  const key = (e: Endpoint): string => (isSocketEndpoint(e) ? `file\u0000${e.socket}` : `${e.host}\u0000${e.port}`);
  const left = new Set(a.map(key));
  const right = new Set(b.map(key));
  return left.size === right.size && [...left].every((k) => right.has(k));
}
