/**
 * `PostgreSQLRequires`: the requirer of `postgresql_client`, i.e. {@link DatabaseRequires} with
 * responses decoded by the postgresql_client model and able to produce `pg` configs and libpq URIs.
 *
 * ```ts
 * private readonly db = new PostgreSQLRequires(this, { relationName: "database", database: "webapp" });
 * protected override setup(): void {
 *   this.db.on("databaseCreated", async (e) => {
 *     const client = new pg.Client(e.response.connection());
 *     ...
 *   });
 * }
 * ```
 */
import type { CharmBase } from "../../ops/index.js";
import { registerDatabaseRehearsal } from "../rehearsal-part.js";
import { POSTGRESQL_DEFAULT_PORT } from "../../interfaces/database/endpoints.js";
import { PostgreSQLResolvedProviderView } from "../../interfaces/postgresql_client/v0/provider.js";
import { DatabaseRequires, type DatabaseRequiresOptions } from "../../requires/database-requires.js";
import { requestContext } from "../request-context.js";
import { decodeEngineResponse, type EngineDecodeContext, type EngineResponse, type SideOption } from "../engine-response.js";
import { EngineConnectionError } from "../engine-errors.js";
import { isExtensionEnabled } from "./extension-check.js";
import { pgConnection, pgConnectionUri, type PgConnectionConfig, type PgConnectionOptions } from "./pg-connection.js";

/** Options of {@link PostgreSQLResponse.connection} and {@link PostgreSQLResponse.uri}. */
export type PgRequirerConnectionOptions = PgConnectionOptions & SideOption;

/** A postgresql_client answer: the common response plus `pg` and libpq forms of the connection. */
export interface PostgreSQLResponse extends EngineResponse {
  /**
   * `new pg.Client(...)` / `new pg.Pool(...)` config for the chosen side. The SSL mode defaults to
   * disable with TLS off (an explicit `tls: False` wins over a CA), verify-full with TLS on and a
   * CA, else prefer. The database is the provider's, or the requested name when it sent none.
   */
  connection(options?: PgRequirerConnectionOptions): PgConnectionConfig;
  /** A libpq URI with every host of the chosen side, `sslmode` (and `sslrootcert` with `caFile`). Contains the password. */
  uri(options?: PgRequirerConnectionOptions): string;
}

/** Decodes the resolved postgresql_client provider view into a {@link PostgreSQLResponse}. */
export function decodePostgreSQLResponse(view: Readonly<Record<string, string>>, relation: string, context: EngineDecodeContext = {}): PostgreSQLResponse {
  return decodeEngineResponse("postgresql", PostgreSQLResolvedProviderView, view, relation, (base) => ({
    connection: (options: PgRequirerConnectionOptions = {}) => pgConnection(base.facts(options.side), options),
    uri: (options: PgRequirerConnectionOptions = {}) => pgConnectionUri(base.facts(options.side), options),
  }), context);
}

/** Options of {@link PostgreSQLRequires}: those of {@link DatabaseRequires} without the decoder. */
export type PostgreSQLRequiresOptions<A extends string = never> = Omit<DatabaseRequiresOptions<A, PostgreSQLResponse>, "decodeResponse">;

/** Options of {@link PostgreSQLRequires.isExtensionEnabled}. */
export interface ExtensionCheckOptions extends PgRequirerConnectionOptions {
  /** The relation to ask through; default: the endpoint's relation with the lowest id. */
  readonly relationId?: number | undefined;
}

/** The requirer side of `postgresql_client` for one endpoint. */
export class PostgreSQLRequires<A extends string = never> extends DatabaseRequires<A, PostgreSQLResponse> {
  /** Observes the endpoint's hooks on `charm` (see {@link DatabaseRequires}); throws RequestConfigError on bad options. */
  constructor(charm: CharmBase, options: PostgreSQLRequiresOptions<A>) {
    super(charm, { ...options, decodeResponse: (view, relation) => decodePostgreSQLResponse(view, relation, requestContext(options)) });
  }

  /**
   * Whether extension `name` is enabled in the provided database (docs/protocol.md#k-02: the database, port and TLS
   * the provider answered, not the requested name). False when there is no such relation or the
   * provider has not sent credentials yet.
   * @throws PgCheckError (no stack trace, no password) when the database is unreachable or refuses the login.
   */
  async isExtensionEnabled(name: string, options: ExtensionCheckOptions = {}): Promise<boolean> {
    const responses = this.responses();
    const id = options.relationId ?? Math.min(...responses.keys());
    const response = responses.get(id);
    if (response === undefined || response.username === undefined || response.password === undefined) return false;
    if (response.addresses.length === 0) return false;
    let config: PgConnectionConfig;
    try {
      config = response.connection(options); // the provider's database, else the requested one
    } catch (error) {
      if (error instanceof EngineConnectionError && error.field === "database") return false;
      throw error;
    }
    return isExtensionEnabled(config, name);
  }
}

// The rehearsal of a start-up snapshot plays this requirer on the charm's postgresql_client endpoints
// (lib/ops/charm/rehearsal.ts), so that hooks started from the snapshot find its code compiled.
registerDatabaseRehearsal({ interfaceName: "postgresql_client", requires: (charm, options) => new PostgreSQLRequires(charm, options), port: POSTGRESQL_DEFAULT_PORT, version: "16.6" });
