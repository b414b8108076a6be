/**
 * Secret groups (§1.5.2, S-01): which provider fields travel in which Juju secret, and the
 * databag key holding that secret's URI.
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

/** The fields a v0 requirer asks to receive through secrets, in the reference order (P-04). */
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
  for (const [group, fields] of Object.entries(SECRET_GROUP_FIELDS)) {
    if (fields.includes(wireField)) return group as SecretGroup;
  }
  return "extra";
}

/** Databag key holding the URI of a group's secret: `secret-<group>`. */
export function secretUriKey(group: SecretGroup): `secret-${SecretGroup}` {
  return `secret-${group}`;
}
