/**
 * Secret groups of the database relation protocol (S-01) and the consumer labels the requirer
 * attaches to provider secrets (S-02, V-04).
 */

/** The groups a provider spreads its secret fields over. */
export type SecretGroup = "user" | "tls" | "entity" | "mtls" | "extra";

/** All groups, in the order the reference registers labels. */
export const SECRET_GROUPS: readonly SecretGroup[] = ["user", "tls", "mtls", "entity", "extra"];

const FIELD_GROUP: Readonly<Record<string, SecretGroup>> = {
  username: "user",
  password: "user",
  uris: "user",
  "read-only-uris": "user",
  tls: "tls",
  "tls-ca": "tls",
  "entity-name": "entity",
  "entity-password": "entity",
  "mtls-cert": "mtls",
};

/** The fields a requirer asks to receive through secrets by default, in wire order (P-04). */
export const DEFAULT_REQUESTED_SECRETS: readonly string[] = [
  "username",
  "password",
  "tls",
  "tls-ca",
  "uris",
  "read-only-uris",
  "entity-name",
  "entity-password",
];

/** The group a secret field travels in; unknown names go to `extra`. */
export function groupOfField(field: string): SecretGroup {
  return FIELD_GROUP[field] ?? "extra";
}

/** Fields of `fields` that belong to `group`. */
export function fieldsOfGroup(group: SecretGroup, fields: readonly string[]): string[] {
  return fields.filter((f) => groupOfField(f) === group);
}

/** Databag key holding a group's secret URI: `secret-<group>`. */
export function secretKeyOf(group: SecretGroup): string {
  return `secret-${group}`;
}

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
  readonly endpoint: string;
  readonly relationId: number;
  readonly group: SecretGroup;
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

/** Label of the requirer-owned helper secret naming a requested entity (S-07). */
export function helperSecretLabel(modelUuid: string, relationId: number): string {
  return `${modelUuid}-${relationId}-requested-entity`;
}

/** Normalises the long URI form `secret://<model>/<id>` to compare it with `secret:<id>`. */
export function secretIdentity(uri: string): string {
  const m = /^secret:\/\/[^/]*\/(.+)$/.exec(uri);
  if (m?.[1] !== undefined) return m[1];
  return uri.startsWith("secret:") ? uri.slice("secret:".length) : uri;
}
