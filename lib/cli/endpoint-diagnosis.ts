/**
 * A precise reading of a malformed `endpoints` value. The interface model reports the first
 * entry it cannot parse; some mistakes have a better name than its generic message (two IPv4
 * addresses run together are not an unbracketed IPv6 address). Endpoints are not secret, so the
 * value may be quoted.
 */
import { commaItems } from "../interfaces/database/comma-lists.js";

const IPV4 = /(?:\d{1,3}\.){3}\d{1,3}/g;

/** A more exact description of what is wrong with `raw`, or `undefined` to keep the model's. */
export function diagnoseEndpoints(raw: string): string | undefined {
  // The model's own split, so entry numbers agree with its messages.
  const items = commaItems(raw);
  for (const [i, item] of items.entries()) {
    if (item.startsWith("[")) continue;
    const at = `entry ${i + 1} (${JSON.stringify(item)})`;
    const separated = item.split(/[\s;|]+/).filter((s) => s !== "");
    if (separated.length > 1) {
      return `${at} holds ${separated.length} endpoints separated by spaces or semicolons: separate host:port items with commas, e.g. ${separated.join(",")}`;
    }
    const addresses = item.match(IPV4) ?? [];
    if (addresses.length > 1) {
      return `${at} holds ${addresses.length} IPv4 addresses run together: separate host:port items with commas, e.g. 10.0.0.1:5432,10.0.0.2:5432`;
    }
    if (/^(?:\d{1,3}\.){3}\d{1,3}:\d+:\d+$/.test(item)) return `${at} has two ports: write one host:port per entry`;
    // file:// is the mysql-router socket form: the model's own message says where it is accepted.
    if (/^file:\/\//i.test(item)) continue;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(item)) return `${at} is a URI: endpoints are host:port items (URIs go in the uris field)`;
  }
  return undefined;
}
