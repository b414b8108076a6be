/**
 * The keys of a resolved provider answer that the database interfaces model, derived from their
 * field tables: the v0 resolved view of every database interface (shared fields plus engine ones
 * such as `replset`) and the v1 response object (without its `secret-*` URIs, which resolution
 * replaces by the secrets' contents). A requirer passes every other key through as unknown
 * (docs/protocol.md#p-09).
 */
import type { BagCodec } from "./database/bag-codec.js";
import { MongoDBResolvedProviderView } from "./mongodb_client/v0/provider.js";
import { MongosResolvedProviderView } from "./mongos_client/v0/provider.js";
import { MySQLResolvedProviderView } from "./mysql_client/v0/provider.js";
import { PostgreSQLResolvedProviderView } from "./postgresql_client/v0/provider.js";
import { KNOWN_RESPONSE_KEYS } from "./v1/response.js";

function wireKeysOf(codec: BagCodec<unknown>): string[] {
  return Object.keys(codec.fields).map((property) => codec.wireKeyOf(property));
}

const RESOLVED_VIEWS: readonly BagCodec<unknown>[] = [PostgreSQLResolvedProviderView, MySQLResolvedProviderView, MongoDBResolvedProviderView, MongosResolvedProviderView];

/** Wire keys of a resolved provider answer (v0 or flattened v1) that some database interface models. */
export const RESOLVED_RESPONSE_KEYS: ReadonlySet<string> = new Set([
  ...RESOLVED_VIEWS.flatMap(wireKeysOf),
  ...KNOWN_RESPONSE_KEYS.filter((key) => !key.startsWith("secret-")),
]);
