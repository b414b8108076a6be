/**
 * The keys of a resolved provider answer that the database interfaces model, derived from their
 * field tables: the shared v0 resolved view plus an engine's own fields, and the v1 response
 * object without its `secret-*` URIs (resolution replaces those by the secrets' contents). A
 * requirer passes every other key on as unknown (docs/protocol.md#p-09).
 */
import type { FieldTable } from "./bag-codec.js";
import { camelToKebab } from "./key-names.js";
import { resolvedProviderFields } from "./provider-fields.js";
import { KNOWN_RESPONSE_KEYS } from "../v1/response.js";

/** Wire keys of a resolved provider answer (v0, or a flattened v1 response) with `engineFields` added. */
export function resolvedResponseKeys(engineFields: FieldTable = {}): ReadonlySet<string> {
  const fields: FieldTable = resolvedProviderFields(engineFields);
  return new Set([
    ...Object.entries(fields).map(([property, spec]) => spec.wireKey ?? camelToKebab(property)),
    ...KNOWN_RESPONSE_KEYS.filter((key) => !key.startsWith("secret-")),
  ]);
}
