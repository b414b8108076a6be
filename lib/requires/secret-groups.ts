/**
 * Secret groups of the database relation protocol (S-01) and the consumer labels the requirer
 * attaches to provider secrets (S-02, V-04).
 */

// The defining module, not the interfaces index: importing the index would construct every
// interface's zod models (MySQL, MongoDB, legacy) in each charm process, used or not.
import { DEFAULT_REQUESTED_SECRETS, SECRET_GROUPS, secretGroupOf, type SecretGroup } from "../interfaces/database/secret-groups.js";

export { DEFAULT_REQUESTED_SECRETS, SECRET_GROUPS, type SecretGroup };

/** The group a secret field travels in; unknown names go to `extra` (delegates to the interface model). */
export function groupOfField(field: string): SecretGroup {
  return secretGroupOf(field);
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
