/**
 * `endpoints` / `read-only-endpoints`: comma-separated `host:port` items (K-03..K-05, P-11).
 * Hosts may be IPv4, bracketed IPv6, DNS names with a trailing dot, Kubernetes service names or
 * (mongos) a URL-encoded Unix socket path. MongoDB providers may omit the port; the engine's
 * default port is used then.
 */
import { z } from "zod";

/** One decoded endpoint. */
export const Endpoint = z.object({
  /** Host as written on the wire, without IPv6 brackets. */
  host: z.string().min(1),
  /** TCP port (for a socket path, the port the provider published or the engine default). */
  port: z.number().int().min(1).max(65535),
  /** Decoded Unix socket path, when the host is a URL-encoded absolute path (mongos on VMs). */
  socketPath: z.string().optional(),
});
/** One decoded endpoint. */
export type Endpoint = z.infer<typeof Endpoint>;

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

function parseOne(item: string, position: number, defaultPort: number | undefined): Endpoint | string {
  const at = `entry ${position} (${JSON.stringify(item)})`;
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

/** Parses `host:port[,host:port…]`; `defaultPort` applies to items without a port (MongoDB). */
export function parseEndpoints(raw: string, defaultPort?: number): EndpointsParse {
  const items = raw.split(",").map((s) => s.trim());
  const out: Endpoint[] = [];
  for (const [i, item] of items.entries()) {
    if (item === "") return { ok: false, problem: `expected host:port[,host:port...], got an empty entry at position ${i + 1}` };
    const parsed = parseOne(item, i + 1, defaultPort);
    if (typeof parsed === "string") return { ok: false, problem: parsed };
    out.push(parsed);
  }
  return { ok: true, value: out };
}

/** Writes endpoints back in wire form; IPv6 hosts are bracketed again. */
export function formatEndpoints(endpoints: readonly Endpoint[]): string {
  return endpoints.map((e) => `${e.host.includes(":") ? `[${e.host}]` : e.host}:${e.port}`).join(",");
}

/**
 * True when two endpoint lists name the same host:port set, ignoring order and duplicates.
 * Some providers build the list from an unordered set (G-14, K-04).
 */
export function sameEndpoints(a: readonly Endpoint[], b: readonly Endpoint[]): boolean {
  const key = (e: Endpoint): string => `${e.host}\u0000${e.port}`;
  const left = new Set(a.map(key));
  const right = new Set(b.map(key));
  return left.size === right.size && [...left].every((k) => right.has(k));
}
