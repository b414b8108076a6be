/** PostgreSQL: `pg` configs, libpq URIs and keyword/value strings, SSL modes, the extension check. */
export { pgConnection, pgConnectionUri, resolvePgSslMode } from "./pg-connection.js";
export { POSTGRESQL_DEFAULT_PORT } from "../../interfaces/database/endpoints.js";
export type { PgConnectionConfig, PgConnectionOptions } from "./pg-connection.js";
export { PG_SSL_MODES, defaultPgSslMode, isPgSslMode, pgSslOption } from "./ssl-mode.js";
export type { PgSslMode } from "./ssl-mode.js";
export { formatLibpqUri, parseLibpqUri } from "./libpq-uri.js";
export type { LibpqUri } from "./libpq-uri.js";
export { formatLibpqKeywordValue, parseLibpqKeywordValue } from "./libpq-keyword-value.js";
export type { LibpqKeywords } from "./libpq-keyword-value.js";
export { isExtensionEnabled, PgCheckError } from "./extension-check.js";
export type { PgCheckFailure } from "./extension-check.js";
export { connectionFromLibpqKeywords } from "./libpq-keyword-facts.js";
export type { LibpqKeywordConnection } from "./libpq-keyword-facts.js";
export { PostgreSQLRequires, decodePostgreSQLResponse } from "./postgresql-requires.js";
export type { PostgreSQLResponse, PostgreSQLRequiresOptions, PgRequirerConnectionOptions, ExtensionCheckOptions } from "./postgresql-requires.js";
