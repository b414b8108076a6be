/**
 * Turns {@link ConnectionFacts} into mysql2 `ConnectionOptions` (for `createConnection` and
 * `createPool`) and into a MySQL Shell URI.
 */
import type { Address, ConnectionFacts } from "../connection-facts.js";
import { urisForSide } from "../connection-facts.js";
import { EngineConnectionError } from "../engine-errors.js";
import { hostsForSide, type ProviderUriReader } from "../side-hosts.js";
import { usableCa, writeTlsCaFile } from "../tls-ca.js";
import { formatMysqlshUri, parseMysqlshUri } from "./mysqlsh-uri.js";
import { defaultMySqlSslMode, isMySqlSslMode, mysqlSslOption, type MySqlSslConfig, type MySqlSslMode } from "./ssl-mode.js";
import { MYSQL_DEFAULT_PORT } from "../../interfaces/database/endpoints.js";
import { defined } from "../../ops/defined.js";

/** Choices the charm makes about a MySQL connection. */
export interface MySqlConnectionOptions {
  /** SSL mode; default from {@link defaultMySqlSslMode}. */
  readonly sslMode?: MySqlSslMode | undefined;
  /** Also write the provider CA to this path (mode 0600); mysql2 still gets the PEM inline. */
  readonly caFile?: string | undefined;
  /**
   * Keep a trailing root dot on host names (`db.example.` stays as is). Default false: mysql-k8s
   * publishes `<fqdn>.:3306`, and certificate host-name checks compare against names without the dot.
   */
  readonly keepTrailingDot?: boolean | undefined;
  /** Driver connect timeout in milliseconds. */
  readonly connectTimeout?: number | undefined;
}

/**
 * The subset of mysql2's `ConnectionOptions` this layer fills; assignable to `ConnectionOptions` and
 * `PoolOptions`. Either `host` and `port` (TCP) or `socketPath` (a `file://` endpoint of the machine
 * mysql-router charm) is set, never both.
 */
export interface MySqlConnectionConfig {
  /** Host of the first endpoint of the chosen side (mysql2 connects to one host); absent for a socket. */
  readonly host?: string;
  /** Its port (3306 when absent); absent for a socket. */
  readonly port?: number;
  /** Unix socket path, when the first endpoint of the chosen side is `file://<path>`. */
  readonly socketPath?: string;
  /** Relation user (up to 26 characters from mysql-k8s, docs/protocol.md#k-03). */
  readonly user: string;
  /** Relation password (secret). */
  readonly password: string;
  /** Database name as the provider answered it. */
  readonly database: string;
  /** TLS options per the SSL mode; absent = no TLS. */
  readonly ssl?: MySqlSslConfig;
  /** Optional connect timeout. */
  readonly connectTimeout?: number;
}

/** Builds mysql2 connection options for the read-write or read-only side of `facts`. */
export function mysqlConnection(facts: ConnectionFacts, options: MySqlConnectionOptions = {}): MySqlConnectionConfig {
  const mode = resolveMySqlSslMode(facts, options);
  const first = mysqlHosts(facts, options)[0] as Address;
  const ca = usableCa(facts.tlsCa);
  if (options.caFile !== undefined && ca !== undefined) writeTlsCaFile(options.caFile, ca);
  const ssl = mysqlSslOption(mode, facts.tlsCa);
  return {
    // The SSL mode still applies on a socket: MySQL negotiates TLS the same way over either transport.
    ...(first.socket !== undefined ? { socketPath: first.socket } : { host: first.host, port: first.port ?? MYSQL_DEFAULT_PORT }),
    user: facts.username,
    password: facts.password,
    database: facts.database,
    ...defined({ ssl, connectTimeout: options.connectTimeout }),
  };
}

/**
 * A MySQL Shell URI for the chosen side: the provider's own URI when it sent one, otherwise built
 * from the first endpoint and the credentials. Contains the password.
 */
export function mysqlConnectionUri(facts: ConnectionFacts, options: MySqlConnectionOptions = {}): string {
  const provided = urisForSide(facts);
  if (provided !== undefined) return provided;
  const first = mysqlHosts(facts, options)[0] as Address;
  const host: Address = first.socket !== undefined ? first : { host: first.host, port: first.port ?? MYSQL_DEFAULT_PORT };
  return formatMysqlshUri({ user: facts.username, password: facts.password, host, database: facts.database });
}

/** The SSL mode {@link mysqlConnection} will use for these facts and options. */
export function resolveMySqlSslMode(facts: ConnectionFacts, options: MySqlConnectionOptions): MySqlSslMode {
  if (options.sslMode === undefined) return defaultMySqlSslMode(facts.tls, facts.tlsCa);
  if (!isMySqlSslMode(options.sslMode)) {
    throw new EngineConnectionError("mysql", "sslMode", "unknown SSL mode; expected one of disabled, preferred, required, verify-ca, verify-identity");
  }
  return options.sslMode;
}

const MYSQLSH_URI: ProviderUriReader = { formatName: "a MySQL Shell URI", hosts: (uri) => [parseMysqlshUri(uri).host] };

/** Hosts of the chosen side (see {@link hostsForSide}). */
function mysqlHosts(facts: ConnectionFacts, options: MySqlConnectionOptions): readonly Address[] {
  return hostsForSide("mysql", facts, MYSQLSH_URI, options.keepTrailingDot === true);
}
