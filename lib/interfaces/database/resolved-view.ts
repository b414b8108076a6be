/**
 * The resolved provider view (J-02, §1.5.4): the provider app databag without its `secret-*`
 * keys, merged with the contents of the group secrets. A field found in a secret wins over the
 * same field in the databag (plaintext fallback). This is what the engine hands to charms.
 */
import type { RawDatabag } from "./bag-codec.js";
import { SECRET_GROUPS, type SecretGroup } from "./secret-groups.js";

/** Raw contents of the group secrets that could be read, keyed by group. */
export type SecretContents = Partial<Readonly<Record<SecretGroup, Readonly<Record<string, string>>>>>;

/** Merges a raw provider app databag with raw secret contents into the raw resolved view. */
export function mergeSecretContents(appBag: Readonly<RawDatabag>, secrets: SecretContents): RawDatabag {
  const merged: RawDatabag = {};
  for (const [key, value] of Object.entries(appBag)) {
    if (!key.startsWith("secret-")) merged[key] = value;
  }
  for (const group of SECRET_GROUPS) {
    for (const [key, value] of Object.entries(secrets[group] ?? {})) {
      if (value !== "") merged[key] = value;
    }
  }
  return merged;
}
