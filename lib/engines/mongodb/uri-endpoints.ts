/**
 * Whether a MongoDB provider's `uris` names the same hosts as its `endpoints`. When they differ the
 * connection still uses `uris` (it also carries the replica-set name, the auth source and any
 * option the provider chose); the requirer logs a WARNING naming both host lists so an operator
 * can tell, and a charm that trusts the endpoints passes `ignoreProviderUri: true`. Host names are
 * not credentials; the URI's user and password never appear in the message.
 */
import { mongoUriText, parseMongoUri } from "../../interfaces/database/mongodb-uri.js";
import type { Address, ConnectionFacts } from "../connection-facts.js";
import { withoutTrailingDot } from "../host-name.js";

function hostKey(host: string, port: number | undefined, defaultPort: number): string {
  let name = host;
  if (/^%2F/i.test(name)) {
    try {
      name = decodeURIComponent(name);
    } catch {
      // keep it encoded: it then simply does not match
    }
  }
  if (name.startsWith("/")) return name; // a Unix socket: no port
  return `${withoutTrailingDot(name).toLowerCase()}:${port ?? defaultPort}`;
}

function keys(hosts: readonly Address[], defaultPort: number): string[] {
  return [...new Set(hosts.map((h) => (h.socket !== undefined ? h.socket : hostKey(h.host, h.port, defaultPort))))].sort();
}

/** A credential-free description of the mismatch between one side's URI and its endpoints, if any. */
export function sideMismatch(uri: string | undefined, endpoints: readonly Address[], defaultPort: number, names: { readonly uris: string; readonly endpoints: string }): string | undefined {
  const text = mongoUriText(uri);
  if (text === undefined || endpoints.length === 0) return undefined;
  const parsed = parseMongoUri(text);
  // Unparseable strings are refused when the answer is decoded; SRV names are resolved by DNS and cannot be compared.
  if (!parsed.ok || parsed.value.scheme === "mongodb+srv") return undefined;
  const fromUri = keys(parsed.value.hosts, defaultPort);
  const fromEndpoints = keys(endpoints, defaultPort);
  if (fromUri.length === fromEndpoints.length && fromUri.every((k, i) => k === fromEndpoints[i])) return undefined;
  return `"${names.uris}" names hosts ${fromUri.join(",")} but "${names.endpoints}" lists ${fromEndpoints.join(",")}; the connection uses "${names.uris}" (pass ignoreProviderUri: true to build it from the endpoints)`;
}

/** The mismatches of both sides of a MongoDB answer (empty when `uris` and `endpoints` agree). */
export function uriEndpointMismatches(facts: Pick<ConnectionFacts, "uris" | "readOnlyUris" | "endpoints" | "readOnlyEndpoints">, defaultPort: number): string[] {
  const out: string[] = [];
  const rw = sideMismatch(facts.uris, facts.endpoints, defaultPort, { uris: "uris", endpoints: "endpoints" });
  if (rw !== undefined) out.push(rw);
  const ro = sideMismatch(facts.readOnlyUris, facts.readOnlyEndpoints, defaultPort, { uris: "read-only-uris", endpoints: "read-only-endpoints" });
  if (ro !== undefined) out.push(ro);
  return out;
}
