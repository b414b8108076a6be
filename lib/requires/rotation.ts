/**
 * Secret rotation (S-05, V-05): a `credentialsRotated` / `tlsChanged` event fires exactly once
 * per new secret content. The decision compares a digest of the refreshed content with the
 * digest remembered in the unit databag; a re-run hook or a deferred event therefore cannot fire
 * twice, and the secret values themselves are never stored.
 */
import { createHash } from "node:crypto";
import type { SecretGroup } from "./secret-groups.js";

/** Digest of secret content, independent of key order. */
export function contentDigest(content: Readonly<Record<string, string>>): string {
  const h = createHash("sha256");
  for (const k of Object.keys(content).sort()) h.update(`${k}\u0000${content[k] ?? ""}\u0000`, "utf8");
  return "sha256:" + h.digest("hex");
}

/** Key under which a group's digest is remembered. */
export function digestKey(group: SecretGroup, requestId?: string): string {
  return requestId === undefined ? group : `${requestId}.${group}`;
}

/** The event a content change of `group` means, if any. */
export function rotationEventOf(group: SecretGroup): "credentialsRotated" | "tlsChanged" | undefined {
  switch (group) {
    case "user":
    case "entity":
    case "extra":
      return "credentialsRotated";
    case "tls":
      return "tlsChanged";
    case "mtls":
      return undefined;
  }
}

/**
 * Whether new content of a group is news: true when its digest differs from the remembered one
 * (also when nothing was remembered, e.g. after migrating from the Python library).
 */
export function isNewContent(remembered: string | undefined, current: string): boolean {
  return remembered !== current;
}
