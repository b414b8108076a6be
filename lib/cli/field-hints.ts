/**
 * What to do about a problem in a given databag field: one short, actionable sentence per wire
 * key, written for the author of the charm on the side that owns the field.
 */
import type { DatabagSide } from "../interfaces/index.js";

const SECRET_URI_HINT = "must be a Juju secret URI (secret:<id> or secret://<model-uuid>/<id>) written by the owner of the secret";

const HINTS: Readonly<Record<string, string>> = {
  database: "the requirer's leader writes the database name (or a prefix ending in *) in its application databag at relation-created",
  "extra-user-roles": "comma-separated role names without empty entries, e.g. CREATEDB,SUPERUSER",
  "extra-group-roles": "comma-separated role names without empty entries; only meaningful with entity-type GROUP",
  "entity-type": "USER or GROUP, in capitals",
  "entity-permissions": 'a JSON array of {"resource_name": ..., "resource_type": ..., "privileges": [...]} objects',
  "requested-entity-secret": SECRET_URI_HINT,
  "requested-secrets": 'a JSON array of provider field names, e.g. ["username", "password", "tls", "tls-ca", "uris"]',
  "provided-secrets": 'a JSON array of requirer field names, e.g. ["mtls-cert"]',
  "external-node-connectivity": 'the literal "true", or leave the key out',
  endpoints: "comma-separated host:port items; IPv6 hosts in brackets, e.g. [::1]:5432",
  "read-only-endpoints": "comma-separated host:port items; IPv6 hosts in brackets, e.g. [::1]:5432",
  "prefix-databases": "comma-separated database names without empty entries",
  subordinated: 'the literal "true", or leave the key out',
  status: 'a JSON array of {"code": <int>, "message": ..., "resolution": ...} objects',
  data: "a JSON object: the writer's snapshot of the other side's databag (written by the library, not by hand)",
  tls: "true or false (any case)",
  version: 'v1 databags carry the literal "v1"',
  requests: "a JSON array of v1 requests or responses (written by the library, not by hand)",
  port: "a decimal port number between 1 and 65535",
  "encryption-secret": SECRET_URI_HINT,
  roles: "comma-separated role names, sorted, without empty entries",
  extensions: "comma-separated extension names (name or name:schema), without empty entries",
  "allowed-subnets": "comma-separated CIDRs, e.g. 10.1.40.17/32",
  "allowed-units": "comma-separated unit names",
};

/** The hint for a problem at `field` (a wire key, possibly followed by a JSON path). */
export function hintFor(field: string, side: DatabagSide): string {
  const key = /^[^[.]+/.exec(field)?.[0] ?? field;
  if (key.startsWith("secret-")) return SECRET_URI_HINT;
  const known = HINTS[key];
  if (known !== undefined) return known;
  if (field === "(databag)" || key === field) {
    return `check what the ${side} charm writes here; every databag value must be a string`;
  }
  return `check the ${side} charm that writes "${key}"`;
}

/** The hint for a databag in which a value is not a string. */
export const NON_STRING_HINT = "Juju databags hold strings only: encode numbers, booleans and lists as text (JSON text where the protocol says so)";
