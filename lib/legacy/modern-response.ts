/**
 * The modern response a legacy relation is presented as: exactly the engines'
 * {@link PostgreSQLResponse} / {@link MySQLResponse} (the {@link DatabaseResponse} fields,
 * `addresses`, `facts(side)`, `connection()`, `uri()`), built by the engines' builders from
 * {@link ConnectionFacts}. So one handler serves a `database` endpoint (PostgreSQLRequires /
 * MySQLRequires) and a legacy `db` / `mysql` endpoint. Serialising a response hides the password.
 */
import {
  mysqlConnection,
  mysqlConnectionUri,
  pgConnection,
  pgConnectionUri,
  type ConnectionFacts,
  type ConnectionSide,
  type Address,
  type MySQLResponse,
  type PgConnectionOptions,
  type PostgreSQLResponse,
} from "../engines/index.js";
import type { DatabaseResponse } from "../requires/index.js";

/** A legacy pgsql relation as the engines' PostgreSQL response (master = read-write, standbys = read-only). */
export type LegacyPostgreSQLResponse = PostgreSQLResponse;
/** A legacy mysql relation as the engines' MySQL response (one read-write host, no read-only side). */
export type LegacyMySQLResponse = MySQLResponse;

/** `host:port` text of an endpoint, IPv6 bracketed. */
export function endpointText(e: Address, defaultPort: number): string {
  if (e.socket !== undefined) return `file://${e.socket}`;
  const host = e.host.includes(":") ? `[${e.host}]` : e.host;
  return `${host}:${e.port ?? defaultPort}`;
}

interface CommonInput {
  /** The relation as `endpoint:id`. */
  readonly relation: string;
  /** Read-write facts; `readOnlyEndpoints` carries the read-only side. */
  readonly facts: ConnectionFacts;
  readonly defaultPort: number;
  readonly version: string | undefined;
  readonly uris: string | undefined;
  readonly readOnlyUris: string | undefined;
}

function common(input: CommonInput): Omit<PostgreSQLResponse, "connection" | "uri"> {
  const { facts, defaultPort } = input;
  const addresses = Object.freeze(facts.endpoints.map((e) => Object.freeze({ ...e })));
  const readOnlyAddresses = Object.freeze(facts.readOnlyEndpoints.map((e) => Object.freeze({ ...e })));
  const base: DatabaseResponse = {
    database: facts.database,
    endpoints: Object.freeze(addresses.map((e) => endpointText(e, defaultPort))),
    readOnlyEndpoints: Object.freeze(readOnlyAddresses.map((e) => endpointText(e, defaultPort))),
    prefixDatabases: Object.freeze([]),
    version: input.version,
    replset: undefined,
    username: facts.username,
    password: facts.password,
    uris: input.uris,
    readOnlyUris: input.readOnlyUris,
    tls: facts.tls,
    tlsCa: undefined,
    entityName: undefined,
    entityPassword: undefined,
    requestId: undefined,
    extra: Object.freeze({}),
  };
  return { ...base, relation: input.relation, addresses, readOnlyAddresses, facts: (side: ConnectionSide = "read-write") => ({ ...facts, side }) };
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
 * A pgsql relation as the engines' `PostgreSQLResponse`. `defaults` (the connection string's own
 * `sslmode` and application name) apply unless the caller overrides them.
 */
export function legacyPostgreSQLResponse(input: {
  readonly relation: string;
  readonly facts: ConnectionFacts;
  readonly version: string | undefined;
  readonly defaults: PgConnectionOptions;
}): LegacyPostgreSQLResponse {
  const { facts, defaults } = input;
  const uriOf = (side: ConnectionSide): string | undefined => {
    const hosts = side === "read-write" ? facts.endpoints : facts.readOnlyEndpoints;
    return hosts.length === 0 ? undefined : pgConnectionUri({ ...facts, side }, defaults);
  };
  const base = common({ relation: input.relation, facts, defaultPort: 5432, version: input.version, uris: uriOf("read-write"), readOnlyUris: uriOf("read-only") });
  return hideSecrets<LegacyPostgreSQLResponse>({
    ...base,
    connection: (options = {}) => pgConnection(base.facts(options.side), { ...defaults, ...options }),
    uri: (options = {}) => pgConnectionUri(base.facts(options.side), { ...defaults, ...options }),
  });
}

/** A mysql relation as the engines' `MySQLResponse`. */
export function legacyMySQLResponse(input: { readonly relation: string; readonly facts: ConnectionFacts }): LegacyMySQLResponse {
  const { facts } = input;
  const base = common({ relation: input.relation, facts, defaultPort: 3306, version: undefined, uris: mysqlConnectionUri(facts), readOnlyUris: undefined });
  return hideSecrets<LegacyMySQLResponse>({
    ...base,
    connection: (options = {}) => mysqlConnection(base.facts(options.side), options),
    uri: (options = {}) => mysqlConnectionUri(base.facts(options.side), options),
  });
}
