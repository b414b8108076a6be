/**
 * The modern-style response a legacy relation is presented as, so one handler serves a
 * `database` (postgresql_client / mysql_client) endpoint and a legacy `db` / `mysql` endpoint:
 * the same {@link DatabaseResponse} fields, plus `connection()` helpers built by the engines'
 * builders from {@link ConnectionFacts}. Serialising a response never shows a password.
 */
import {
  mysqlConnection,
  mysqlConnectionUri,
  pgConnection,
  pgConnectionUri,
  type ConnectionFacts,
  type ConnectionSide,
  type Endpoint,
  type MySqlConnectionConfig,
  type MySqlConnectionOptions,
  type PgConnectionConfig,
  type PgConnectionOptions,
} from "../engines/index.js";
import type { DatabaseResponse } from "../requires/index.js";

/** Which side to connect to, on top of the engine's options. */
export interface SideOption {
  /** `read-write` (default: the master / the mysql host) or `read-only` (pgsql standbys). */
  readonly side?: ConnectionSide | undefined;
}

/** A legacy pgsql relation as a modern PostgreSQL response. */
export interface LegacyPostgreSQLResponse extends DatabaseResponse {
  /** The facts the helpers use (read-write = master, read-only = standbys). */
  readonly facts: ConnectionFacts;
  /** `pg` client/pool config for the chosen side. */
  connection(options?: PgConnectionOptions & SideOption): PgConnectionConfig;
  /** libpq URI for the chosen side (contains the password). */
  connectionUri(options?: PgConnectionOptions & SideOption): string;
}

/** A legacy mysql relation as a modern MySQL response. */
export interface LegacyMySQLResponse extends DatabaseResponse {
  /** The facts the helpers use. */
  readonly facts: ConnectionFacts;
  /** mysql2 connection options. */
  connection(options?: MySqlConnectionOptions & SideOption): MySqlConnectionConfig;
  /** MySQL Shell URI (contains the password). */
  connectionUri(options?: MySqlConnectionOptions & SideOption): string;
}

/** `host:port` text of an endpoint, IPv6 bracketed. */
export function endpointText(e: Endpoint, defaultPort: number): string {
  const host = e.host.includes(":") ? `[${e.host}]` : e.host;
  return `${host}:${e.port ?? defaultPort}`;
}

interface BaseFields {
  readonly facts: ConnectionFacts;
  readonly defaultPort: number;
  readonly version: string | undefined;
  readonly uris: string | undefined;
  readonly readOnlyUris: string | undefined;
  readonly extra: Readonly<Record<string, string>>;
}

function baseResponse(f: BaseFields): DatabaseResponse {
  return {
    database: f.facts.database,
    endpoints: Object.freeze(f.facts.endpoints.map((e) => endpointText(e, f.defaultPort))),
    readOnlyEndpoints: Object.freeze(f.facts.readOnlyEndpoints.map((e) => endpointText(e, f.defaultPort))),
    prefixDatabases: Object.freeze([]),
    version: f.version,
    replset: undefined,
    username: f.facts.username,
    password: f.facts.password,
    uris: f.uris,
    readOnlyUris: f.readOnlyUris,
    tls: f.facts.tls,
    tlsCa: undefined,
    entityName: undefined,
    entityPassword: undefined,
    requestId: undefined,
    extra: Object.freeze({ ...f.extra }),
  };
}

function hideSecrets<T extends DatabaseResponse>(response: T): T {
  const safe = (): Record<string, unknown> => ({
    database: response.database,
    endpoints: response.endpoints,
    readOnlyEndpoints: response.readOnlyEndpoints,
    username: response.username,
    password: response.password === undefined ? undefined : "<redacted>",
    version: response.version,
  });
  Object.defineProperty(response, "toJSON", { value: safe, enumerable: false });
  return Object.freeze(response);
}

/**
 * A pgsql relation as a modern response. `master` (if any) gives the read-write side, the
 * standbys the read-only side; `defaults` are the string's own `sslmode`/application name.
 */
export function legacyPostgreSQLResponse(input: {
  readonly facts: ConnectionFacts;
  readonly version: string | undefined;
  readonly defaults: PgConnectionOptions;
  readonly extra?: Readonly<Record<string, string>>;
}): LegacyPostgreSQLResponse {
  const { facts } = input;
  const withSide = (options: PgConnectionOptions & SideOption): [ConnectionFacts, PgConnectionOptions] => {
    const { side, ...rest } = options;
    return [{ ...facts, side: side ?? "read-write" }, { ...input.defaults, ...rest }];
  };
  const uriOf = (side: ConnectionSide): string | undefined => {
    const hosts = side === "read-write" ? facts.endpoints : facts.readOnlyEndpoints;
    return hosts.length === 0 ? undefined : pgConnectionUri({ ...facts, side }, input.defaults);
  };
  const response: LegacyPostgreSQLResponse = {
    ...baseResponse({ facts, defaultPort: 5432, version: input.version, uris: uriOf("read-write"), readOnlyUris: uriOf("read-only"), extra: input.extra ?? {} }),
    facts,
    connection: (options = {}) => pgConnection(...withSide(options)),
    connectionUri: (options = {}) => pgConnectionUri(...withSide(options)),
  };
  return hideSecrets(response);
}

/** A mysql relation as a modern response (one host, no read-only side). */
export function legacyMySQLResponse(input: { readonly facts: ConnectionFacts; readonly extra?: Readonly<Record<string, string>> }): LegacyMySQLResponse {
  const { facts } = input;
  const withSide = (options: MySqlConnectionOptions & SideOption): [ConnectionFacts, MySqlConnectionOptions] => {
    const { side, ...rest } = options;
    return [{ ...facts, side: side ?? "read-write" }, rest];
  };
  const response: LegacyMySQLResponse = {
    ...baseResponse({ facts, defaultPort: 3306, version: undefined, uris: mysqlConnectionUri(facts), readOnlyUris: undefined, extra: input.extra ?? {} }),
    facts,
    connection: (options = {}) => mysqlConnection(...withSide(options)),
    connectionUri: (options = {}) => mysqlConnectionUri(...withSide(options)),
  };
  return hideSecrets(response);
}
