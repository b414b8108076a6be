/**
 * charm-data-interfaces: what a charm author uses to ask a database charm for a database.
 *
 * - The requirers: {@link PostgreSQLRequires}, {@link MySQLRequires}, {@link MongoDBRequires},
 *   {@link MongosRequires}, and {@link DatabaseRequires} (the engine-neutral protocol engine),
 *   with their options, events and typed responses.
 * - The errors they raise and report.
 * - Connection helpers: driver options (`pg`, `mysql2`, `mongodb`) and the connection-string
 *   formats the providers publish.
 *
 * Other entry points: `charm-data-interfaces/ops` (the charm runtime), `/testing` (the test
 * stand), `/legacy` (the `pgsql` and `mysql` interfaces) and `/interfaces` (the databag models
 * and codecs, for providers and tools).
 */
// The requirers, their options, events and responses.
export { DatabaseRequires, type DatabaseRequiresOptions } from "./requires/database-requires.js";
export type { RelationConflicts } from "./requires/engine.js";
export {
  REQUIRES_EVENT_NAMES,
  type AliasableEventName,
  type AliasedEventName,
  type EmittedEvent,
  type RelationEventBase,
  type RemovedEvent,
  type RequiresEventMap,
  type RequiresEventMapWithAliases,
  type RequiresEventName,
  type ResponseDecoder,
  type ResponseEvent,
  type StatusEvent,
} from "./requires/events.js";
export type { DatabaseResponse } from "./requires/response.js";
export type { ProviderStatus } from "./requires/provider-answer.js";
export {
  validateRequestOptions,
  type EntityPermissionOption,
  type EventMode,
  type ProtocolChoice,
  type RequestedEntity,
  type RequestOptions,
  type RequestSpec,
} from "./requires/options.js";
export { PostgreSQLRequires, type ExtensionCheckOptions, type PgRequirerConnectionOptions, type PostgreSQLRequiresOptions, type PostgreSQLResponse } from "./engines/postgresql/postgresql-requires.js";
export { MySQLRequires, type MySQLRequiresOptions, type MySQLResponse, type MySqlRequirerConnectionOptions } from "./engines/mysql/mysql-requires.js";
export {
  MongoDBRequires,
  MongosRequires,
  type MongoDBRequiresOptions,
  type MongoDBResponse,
  type MongoRequirerConnectionOptions,
  type MongoTopology,
} from "./engines/mongodb/mongodb-requires.js";
export type { EngineResponse, SideOption } from "./engines/engine-response.js";
export type { Address, ConnectionFacts, ConnectionSide } from "./engines/connection-facts.js";
// Endpoints as the databag carries them, and the servers' default ports: one definition each, in lib/interfaces.
export { MONGODB_DEFAULT_PORT, MONGOS_DEFAULT_PORT, MYSQL_DEFAULT_PORT, POSTGRESQL_DEFAULT_PORT, type Endpoint, type SocketEndpoint } from "./interfaces/database/endpoints.js";

// Errors.
export {
  AliasExhaustedError,
  ProviderDataError,
  ProviderSecretReadError,
  ProviderSecretUnavailableError,
  RelationLimitExceededError,
  RequestConfigError,
  RequiresError,
  SecretLabelTakenError,
  SecretsUnsupportedError,
  UnknownRelationError,
} from "./requires/errors.js";
export { ConnectionFactsError, ConnectionStringError, EngineConnectionError, RepeatedKeywordError, type EngineName } from "./engines/engine-errors.js";
export { PgCheckError, isExtensionEnabled, type PgCheckFailure } from "./engines/postgresql/extension-check.js";

// Connection helpers.
export { writeTlsCaFile } from "./engines/tls-ca.js";
export { pgConnection, pgConnectionUri, type PgConnectionConfig, type PgConnectionOptions } from "./engines/postgresql/pg-connection.js";
export { PG_SSL_MODES, defaultPgSslMode, type PgSslMode } from "./engines/postgresql/ssl-mode.js";
export { formatLibpqUri, parseLibpqUri, type LibpqUri } from "./engines/postgresql/libpq-uri.js";
export { formatLibpqKeywordValue, parseLibpqKeywordValue, type LibpqKeywords } from "./engines/postgresql/libpq-keyword-value.js";
export { mysqlConnection, mysqlConnectionUri, type MySqlConnectionConfig, type MySqlConnectionOptions } from "./engines/mysql/mysql-connection.js";
export { MYSQL_SSL_MODES, defaultMySqlSslMode, type MySqlSslConfig, type MySqlSslMode } from "./engines/mysql/ssl-mode.js";
export { formatMysqlshUri, parseMysqlshUri, type MysqlshUri } from "./engines/mysql/mysqlsh-uri.js";
export {
  mongoConnection,
  buildMongoUri,
  type MongoConnection,
  type MongoConnectionClientOptions,
  type MongoConnectionOptions,
  type MongoReadPreference,
} from "./engines/mongodb/mongo-connection.js";
