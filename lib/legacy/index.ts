/**
 * `lib/legacy` (the package's `./legacy` entry): requirers for the deprecated `pgsql`
 * (`db`, `db-admin`) and `mysql` (`mysql`, `mysql-root`) interfaces, which also emit the
 * modern-style `databaseCreated` / `endpointsChanged` / `databaseRemoved` events with the same
 * payload shape as `DatabaseRequires`, so one handler serves both kinds of endpoint.
 */
export { PgsqlRequires, type PgsqlRequiresOptions, type PgsqlDatabase } from "./pgsql/pgsql-requires.js";
export { PGSQL_EVENT_NAMES, type PgsqlEventMap, type PgsqlEventName, type PgsqlRelationEvent, type PgsqlDatabaseEvent } from "./pgsql/pgsql-events.js";
export { parsePgsqlConnection, canonicalText, type PgsqlConnection } from "./pgsql/pgsql-connection.js";
export { normalizeRequest, requestBag, sharedCopyKey, encodeSharedCopy, decodeSharedCopy, type PgsqlRequest } from "./pgsql/pgsql-request.js";
export {
  decodeCandidates,
  isReady,
  notReadyReason,
  selectConnections,
  splitCsv,
  type CandidateBag,
  type DecodedCandidate,
  type LocalUnitView,
  type PgsqlSelection,
} from "./pgsql/pgsql-readiness.js";
export { beforeJoin, changeEvents, brokenEvents, modernChange, type PgsqlAnnounced, type PgsqlChangeEventName, type ModernChange } from "./pgsql/pgsql-transitions.js";
export {
  MySQLLegacyRequires,
  type MySQLLegacyRequiresOptions,
  type MysqlLegacyConnection,
  type MysqlLegacyEvent,
  type MysqlLegacyEventMap,
  type MysqlLegacyEventName,
} from "./mysql/mysql-legacy-requires.js";
export { judgeUnitBag, chooseCredentials, credentialsDigest, credentialsFacts, type MysqlLegacyCredentials, type UnitBagVerdict } from "./mysql/mysql-credentials.js";
export { legacyPostgreSQLResponse, legacyMySQLResponse, endpointText, type LegacyPostgreSQLResponse, type LegacyMySQLResponse } from "./modern-response.js";
export { deprecationMessage, PGSQL_INTERFACE, MYSQL_INTERFACE, type LegacyInterface } from "./deprecation.js";
export { LegacyConfigError, LegacyDataError } from "./legacy-errors.js";
