/** v1 request identity (docs/protocol.md#request-id-and-salt, docs/protocol.md#v-02): `request-id` = first 16 hex chars of sha256("<resource>:<salt>"). */
import { sha256 } from "../../ops/sha256.js";

/** Computes the v1 `request-id` of a resource and salt. */
export function computeRequestId(resource: string, salt: string): string {
  return sha256(`${resource}:${salt}`).toString("hex").slice(0, 16);
}
