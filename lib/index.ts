/**
 * charm-data-interfaces: the requirer side of the database relation interfaces for TypeScript charms.
 *
 * - `lib/interfaces`: zod models and codecs of every databag (postgresql_client, mysql_client,
 *   mongodb_client, mongos_client, v1, legacy pgsql and mysql).
 * - `lib/requires`: `DatabaseRequires`, the one protocol engine, with typed events.
 * - `lib/engines`: driver-ready connections for pg, mysql2 and mongodb.
 *
 * The runtime lives at `charm-data-interfaces/ops`, the test stand at `charm-data-interfaces/testing`.
 */
export * from "./interfaces/index.js";
export * from "./requires/index.js";
export * from "./engines/index.js";
// The engines take endpoints in the same {host, port} shape the interfaces decode; where both
// layers name a symbol, the wire model's is the public one.
export { Endpoint, MONGODB_DEFAULT_PORT, MONGOS_DEFAULT_PORT, MYSQL_DEFAULT_PORT } from "./interfaces/index.js";
