/**
 * `MySQLRequires`: the requirer of `mysql_client`, i.e. {@link DatabaseRequires} with responses
 * decoded by the mysql_client model and able to produce mysql2 options and MySQL Shell URIs.
 *
 * ```ts
 * private readonly db = new MySQLRequires(this, { relationName: "database", database: "webapp" });
 * // in a handler: const conn = await mysql.createConnection(e.response.connection());
 * ```
 */
import type { CharmBase } from "../../ops/index.js";
import { registerDatabaseRehearsal } from "../rehearsal-part.js";
import { MYSQL_DEFAULT_PORT } from "../../interfaces/database/endpoints.js";
import { MySQLResolvedProviderView } from "../../interfaces/mysql_client/v0/provider.js";
import { DatabaseRequires, type DatabaseRequiresOptions } from "../../requires/database-requires.js";
import { requestContext } from "../request-context.js";
import { decodeEngineResponse, type EngineDecodeContext, type EngineResponse, type SideOption } from "../engine-response.js";
import { mysqlConnection, mysqlConnectionUri, type MySqlConnectionConfig, type MySqlConnectionOptions } from "./mysql-connection.js";

/** Options of {@link MySQLResponse.connection} and {@link MySQLResponse.uri}. */
export type MySqlRequirerConnectionOptions = MySqlConnectionOptions & SideOption;

/** A mysql_client answer: the common response plus mysql2 and MySQL Shell forms of the connection. */
export interface MySQLResponse extends EngineResponse {
  /**
   * mysql2 `createConnection` / `createPool` options for the chosen side (TLS per `tls`/`tls-ca`
   * and the SSL mode). The database is the provider's `database`, or, when it sent none (older
   * mysql-k8s revisions), the name the requirer asked for (not for prefix requests).
   */
  connection(options?: MySqlRequirerConnectionOptions): MySqlConnectionConfig;
  /** The provider's MySQL Shell URI for the side, or one built from the first endpoint. Contains the password. */
  uri(options?: MySqlRequirerConnectionOptions): string;
}

/** Decodes the resolved mysql_client provider view into a {@link MySQLResponse}. */
export function decodeMySQLResponse(view: Readonly<Record<string, string>>, relation: string, context: EngineDecodeContext = {}): MySQLResponse {
  return decodeEngineResponse("mysql", MySQLResolvedProviderView, view, relation, (base) => ({
    connection: (options: MySqlRequirerConnectionOptions = {}) => mysqlConnection(base.facts(options.side), options),
    uri: (options: MySqlRequirerConnectionOptions = {}) => mysqlConnectionUri(base.facts(options.side), options),
  }), context);
}

/** Options of {@link MySQLRequires}: those of {@link DatabaseRequires} without the decoder. */
export type MySQLRequiresOptions<A extends string = never> = Omit<DatabaseRequiresOptions<A, MySQLResponse>, "decodeResponse">;

/** The requirer side of `mysql_client` for one endpoint. */
export class MySQLRequires<A extends string = never> extends DatabaseRequires<A, MySQLResponse> {
  /** Observes the endpoint's hooks on `charm` (see {@link DatabaseRequires}); throws RequestConfigError on bad options. */
  constructor(charm: CharmBase, options: MySQLRequiresOptions<A>) {
    super(charm, { ...options, decodeResponse: (view, relation) => decodeMySQLResponse(view, relation, requestContext(options)) });
  }
}

// The rehearsal of a start-up snapshot plays this requirer on the charm's mysql_client endpoints
// (lib/ops/charm/rehearsal.ts), so that hooks started from the snapshot find its code compiled.
registerDatabaseRehearsal({ interfaceName: "mysql_client", requires: (charm, options) => new MySQLRequires(charm, options), port: MYSQL_DEFAULT_PORT, version: "8.0.41" });
