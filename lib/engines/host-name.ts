/** Host-name spelling rules shared by the URI builders. */
import { isIPv6 } from "node:net";

/** Removes the DNS root dot (`db.example.com.` → `db.example.com`); IP addresses are unchanged. */
export function withoutTrailingDot(host: string): string {
  return host.length > 1 && host.endsWith(".") ? host.slice(0, -1) : host;
}

/** The host as it appears in a URI authority: IPv6 literals bracketed, others percent-encoded. */
export function uriHost(host: string): string {
  if (isIPv6(host)) return `[${host}]`;
  return encodeURIComponent(host);
}
