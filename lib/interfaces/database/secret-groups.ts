/**
 * Secret groups (docs/protocol.md#secret-fields, docs/protocol.md#s-01): which provider fields travel in which Juju secret, the databag
 * key holding that secret's URI, and the consumer labels a requirer attaches to provider
 * secrets (docs/protocol.md#s-02, docs/protocol.md#v-04).
 */

/** The secret groups of the v0/v1 database protocol. */
export const SECRET_GROUPS = ["user", "tls", "mtls", "entity", "extra"] as const;
/** One secret group. */
export type SecretGroup = (typeof SECRET_GROUPS)[number];

/** Wire field names stored in each named group; every other requested field goes to `extra`. */
export const SECRET_GROUP_FIELDS: Readonly<Record<Exclude<SecretGroup, "extra">, readonly string[]>> = {
  user: ["username", "password", "uris", "read-only-uris"],
  tls: ["tls", "tls-ca"],
  mtls: ["mtls-cert"],
  entity: ["entity-name", "entity-password"],
};

/** The fields a v0 requirer asks to receive through secrets, in the reference order (docs/protocol.md#p-04). */
export const DEFAULT_REQUESTED_SECRETS = [
  "username",
  "password",
  "tls",
  "tls-ca",
  "uris",
  "read-only-uris",
  "entity-name",
  "entity-password",
] as const;

/** The secret group a wire field belongs to (unknown names → `extra`). */
export function secretGroupOf(wireField: string): SecretGroup {
  return GROUP_OF_FIELD.get(wireField) ?? "extra";
}

// Built once, when the module loads (a start-up snapshot keeps it): a hook looks up every field
// of the bags it reads, in V8's interpreter, where a loop over the groups per field cost it
// about 0.35 ms (bench/NOTES.md).
const GROUP_OF_FIELD = new Map<string, SecretGroup>(Object.entries(SECRET_GROUP_FIELDS).flatMap(([group, fields]) => fields.map((f): [string, SecretGroup] => [f, group as SecretGroup])));

/** Databag key holding the URI of a group's secret: `secret-<group>`. */
export function secretUriKey(group: SecretGroup): `secret-${SecretGroup}` {
  return `secret-${group}`;
}

/** The group a secret field travels in; unknown names go to `extra`. */
export const groupOfField: (field: string) => SecretGroup = secretGroupOf;

/** Fields of `fields` that belong to `group`. */
export function fieldsOfGroup(group: SecretGroup, fields: readonly string[]): string[] {
  return fields.filter((f) => groupOfField(f) === group);
}

/** Databag key holding a group's secret URI: `secret-<group>` (as a plain string). */
export const secretKeyOf: (group: SecretGroup) => string = secretUriKey;

/** The group named by a `secret-<group>` key, if it is one. */
export function groupOfSecretKey(key: string): SecretGroup | undefined {
  if (!key.startsWith("secret-")) return undefined;
  const g = key.slice("secret-".length);
  return (SECRET_GROUPS as readonly string[]).includes(g) ? (g as SecretGroup) : undefined;
}

/**
 * Consumer label of a provider secret: `<endpoint>.<relation-id>.<group>.secret` (v0) or
 * `<endpoint>.<relation-id>.<request-id>.<group>.secret` (v1).
 */
export function secretLabel(endpoint: string, relationId: number, group: SecretGroup, requestId?: string): string {
  return requestId === undefined
    ? `${endpoint}.${relationId}.${group}.secret`
    : `${endpoint}.${relationId}.${requestId}.${group}.secret`;
}

/** A consumer label taken apart. */
export interface ParsedSecretLabel {
  /** The relation endpoint. */
  readonly endpoint: string;
  /** The relation id. */
  readonly relationId: number;
  /** The secret group (`user`, `tls`, `entity`, `extra`, `mtls`). */
  readonly group: SecretGroup;
  /** The v1 request id, for v1 labels. */
  readonly requestId?: string;
}

/**
 * Parses a label made by {@link secretLabel}; undefined for any other label (e.g. the helper
 * secret's `<model-uuid>-<id>-requested-entity`). Endpoint names never contain dots in Juju.
 */
export function parseSecretLabel(label: string): ParsedSecretLabel | undefined {
  const parts = label.split(".");
  if (parts.length !== 4 && parts.length !== 5) return undefined;
  if (parts[parts.length - 1] !== "secret") return undefined;
  const endpoint = parts[0] ?? "";
  const idText = parts[1] ?? "";
  const group = parts[parts.length - 2] ?? "";
  if (endpoint === "" || !/^\d+$/.test(idText)) return undefined;
  if (!(SECRET_GROUPS as readonly string[]).includes(group)) return undefined;
  const base = { endpoint, relationId: Number(idText), group: group as SecretGroup };
  if (parts.length === 5) {
    const requestId = parts[2] ?? "";
    if (!/^[0-9a-f]{16}$/.test(requestId)) return undefined;
    return { ...base, requestId };
  }
  return base;
}


/** Normalises the long URI form `secret://<model>/<id>` to compare it with `secret:<id>`. */
export function secretIdentity(uri: string): string {
  const m = /^secret:\/\/[^/]*\/(.+)$/.exec(uri);
  if (m?.[1] !== undefined) return m[1];
  return uri.startsWith("secret:") ? uri.slice("secret:".length) : uri;
}
