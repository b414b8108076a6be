/**
 * What the shared provider fields (provider-fields.ts) mean, for the generated JSON schemas only.
 * The texts live here, not in the field tables, so a charm bundle that decodes the provider's
 * answer does not carry them (about 1.3 kB of a no-driver charm, docs/build.md).
 */
import type { FieldSpec } from "./field-codecs.js";

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  username: "User name for the database.",
  password: "Password of that user.",
  uris: "Connection URI(s) in the engine's format, with credentials.",
  readOnlyUris: "Connection URI(s) of the read-only endpoints, with credentials.",
  tls: "Whether the provider requires TLS; True/true/False/false on the wire.",
  tlsCa: "PEM CA chain to verify the server with: one or more X.509 certificates.",
  entityName: "Name of the custom entity created.",
  entityPassword: "Password of the custom entity (absent for GROUP).",
  database: "Database actually created; use it rather than the requested name.",
  endpoints: "Read/write endpoints; host:port[,host:port] on the wire",
  readOnlyEndpoints: "Read-only endpoints; host:port[,host:port] on the wire",
  version: "Engine version.",
  prefixDatabases: "Databases matching a prefix request, sorted; comma-separated on the wire.",
  subordinated: "True when the provider is a subordinate that signals readiness per unit.",
  status: "Active provider conditions; a JSON array on the wire.",
  data: "The provider's snapshot of the requirer app databag.",
  encryptionSecret: "Cross-model relations only: provider secret with the mtls encryption key.",
  state: "ready once this subordinate provider unit can serve.",
};

const ENDPOINT_FIELDS: ReadonlySet<string> = new Set(["endpoints", "readOnlyEndpoints"]);

/** The meaning of provider field `prop` (property name in the field tables), or undefined for a field the shared tables do not define. */
export function providerFieldDescription(prop: string, spec: FieldSpec<unknown>): string | undefined {
  const text = Object.hasOwn(DESCRIPTIONS, prop) ? DESCRIPTIONS[prop] : undefined;
  if (text === undefined || !ENDPOINT_FIELDS.has(prop)) return text;
  const sockets = spec.wire.encoding.includes("file://") ? "; an item may be file://<absolute socket path> (mysql-router on machines)" : "";
  return `${text}${sockets}.`;
}
