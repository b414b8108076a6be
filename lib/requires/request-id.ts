/**
 * v1 request identity (V-02, V-03): `request-id` = first 16 hex characters of
 * sha256("<resource>:<salt>"); the salt is derived from the relation so every hook (and every
 * unit) computes the same id without storing anything.
 */
import { createHash } from "node:crypto";
import { computeRequestId } from "../interfaces/v1/request-id.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** The v1 request id of `resource` with `salt` (the wire model's definition, lib/interfaces). */
export const requestId: (resource: string, salt: string) => string = computeRequestId;

/**
 * A 16-character salt from `A-Z a-z 0-9`, deterministic in the requirer application, endpoint
 * and relation id (the Python library draws it at random, which makes ids unreproducible, G-V5).
 */
export function deriveSalt(appName: string, endpoint: string, relationId: number): string {
  const digest = createHash("sha256").update(`${appName}:${endpoint}:${relationId}`, "utf8").digest();
  let salt = "";
  for (let i = 0; i < 16; i++) salt += ALPHABET[(digest[i] ?? 0) % ALPHABET.length];
  return salt;
}
