/**
 * Engine-specific connection logic: from the engine-neutral {@link ConnectionFacts} a resolved
 * provider answer yields, to what the official drivers take (`pg`, `mysql2`, `mongodb`), plus the
 * connection-string formats the providers publish; and the engine requirers (`PostgreSQLRequires`,
 * `MySQLRequires`, `MongoDBRequires`, `MongosRequires`) whose event responses build those connections.
 */
export { ConnectionFactsSchema, endpointsForSide, hostAddresses, isSocketAddress, parseConnectionFacts, urisForSide } from "./connection-facts.js";
export type { Address, ConnectionFacts, ConnectionSide, HostAddress, SocketAddress } from "./connection-facts.js";
export { ConnectionFactsError, ConnectionStringError, EngineConnectionError, RepeatedKeywordError } from "./engine-errors.js";
export type { EngineName } from "./engine-errors.js";
export { writeTlsCaFile } from "./tls-ca.js";
export type { EngineResponse, ResolvedEngineView, SideOption } from "./engine-response.js";
export * from "./postgresql/index.js";
export * from "./mysql/index.js";
export * from "./mongodb/index.js";
