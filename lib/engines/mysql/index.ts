/** MySQL: mysql2 options, MySQL Shell URIs and SSL modes. */
export { mysqlConnection, mysqlConnectionUri, resolveMySqlSslMode } from "./mysql-connection.js";
export { MYSQL_DEFAULT_PORT } from "../../interfaces/database/endpoints.js";
export type { MySqlConnectionConfig, MySqlConnectionOptions } from "./mysql-connection.js";
export { MYSQL_SSL_MODES, defaultMySqlSslMode, isMySqlSslMode, mysqlSslOption } from "./ssl-mode.js";
export type { MySqlSslConfig, MySqlSslMode } from "./ssl-mode.js";
export { formatMysqlshUri, parseMysqlshUri } from "./mysqlsh-uri.js";
export type { MysqlshUri } from "./mysqlsh-uri.js";
export { MySQLRequires, decodeMySQLResponse } from "./mysql-requires.js";
export type { MySQLResponse, MySQLRequiresOptions, MySqlRequirerConnectionOptions } from "./mysql-requires.js";
