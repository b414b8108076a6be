/**
 * Turns {@link ConnectionFacts} into what the `pg` driver takes (`new pg.Client(config)` or
 * `new pg.Pool(config)`), and into a libpq URI for tools that speak libpq (psql, other drivers).
 */
import type { ConnectionOptions } from "node:tls";
import { hostAddresses, type ConnectionFacts, type HostAddress } from "../connection-facts.js";
import { EngineConnectionError } from "../engine-errors.js";
import { hostsForSide, type ProviderUriReader } from "../side-hosts.js";
import { usableCa, writeTlsCaFile } from "../tls-ca.js";
import { formatLibpqUri, parseLibpqUri } from "./libpq-uri.js";
import { defaultPgSslMode, isPgSslMode, pgSslOption, type PgSslMode } from "./ssl-mode.js";
import { POSTGRESQL_DEFAULT_PORT } from "../../interfaces/database/endpoints.js";
import { defined } from "../../ops/defined.js";

/** Choices the charm makes about a PostgreSQL connection. */
export interface PgConnectionOptions {
  /** libpq SSL mode; default from {@link defaultPgSslMode} (disable with TLS off, even with a CA; verify-full with TLS on and a CA; else prefer). */
  readonly sslmode?: PgSslMode | undefined;
  /**
   * Also write the provider CA to this path (mode 0600), e.g. for a sidecar that wants a file.
   * `pg` itself needs the PEM text, so the returned config still carries it inline; the libpq URI
   * refers to the file as `sslrootcert`.
   */
  readonly caFile?: string | undefined;
  /** Sent as `application_name`, visible in `pg_stat_activity`. */
  readonly applicationName?: string | undefined;
  /** Connect timeout for the driver, in milliseconds. */
  readonly connectionTimeoutMillis?: number | undefined;
}

/**
 * The subset of `pg`'s `ClientConfig`/`PoolConfig` this layer fills; assignable to both.
 * `pg` connects to exactly one host, so `host` is the FIRST endpoint of the chosen side in provider
 * order (Canonical providers publish one service host per side). Use {@link pgConnectionUri} when a
 * multi-host list must be kept.
 */
export interface PgConnectionConfig {
  /** First endpoint's host, trailing root dot removed. */
  readonly host: string;
  /** First endpoint's port (5432 when absent). */
  readonly port: number;
  /** Relation user. */
  readonly user: string;
  /** Relation password (secret). */
  readonly password: string;
  /** Database name as the provider answered it. */
  readonly database: string;
  /** `false` (no TLS) or node TLS options per the SSL mode. */
  readonly ssl: false | ConnectionOptions;
  /** Optional `application_name`. */
  readonly application_name?: string;
  /** Optional driver connect timeout. */
  readonly connectionTimeoutMillis?: number;
}

/** Builds the `pg` config for the read-write or read-only side of `facts`. */
export function pgConnection(facts: ConnectionFacts, options: PgConnectionOptions = {}): PgConnectionConfig {
  const sslmode = resolvePgSslMode(facts, options);
  const first = pgHosts(facts)[0] as HostAddress;
  const ca = usableCa(facts.tlsCa);
  if (options.caFile !== undefined && ca !== undefined) writeTlsCaFile(options.caFile, ca);
  return {
    host: first.host,
    port: first.port ?? POSTGRESQL_DEFAULT_PORT,
    user: facts.username,
    password: facts.password,
    database: facts.database,
    ssl: pgSslOption(sslmode, facts.tlsCa),
    ...defined({ application_name: options.applicationName, connectionTimeoutMillis: options.connectionTimeoutMillis }),
  };
}

/**
 * Builds a libpq URI with every host of the chosen side, `sslmode`, and `sslrootcert` when
 * `options.caFile` is given (the CA is written there, 0600). The URI contains the password.
 */
export function pgConnectionUri(facts: ConnectionFacts, options: PgConnectionOptions = {}): string {
  const sslmode = resolvePgSslMode(facts, options);
  const params: Record<string, string> = { sslmode };
  const ca = usableCa(facts.tlsCa);
  if (options.caFile !== undefined && ca !== undefined) params["sslrootcert"] = writeTlsCaFile(options.caFile, ca);
  if (options.applicationName !== undefined) params["application_name"] = options.applicationName;
  if (options.connectionTimeoutMillis !== undefined) params["connect_timeout"] = String(Math.max(1, Math.ceil(options.connectionTimeoutMillis / 1000)));
  return formatLibpqUri({
    user: facts.username,
    password: facts.password,
    hosts: pgHosts(facts).map((h) => ({ host: h.host, port: h.port ?? POSTGRESQL_DEFAULT_PORT })),
    database: facts.database,
    params,
  });
}

/** The SSL mode that {@link pgConnection} will use for these facts and options. */
export function resolvePgSslMode(facts: ConnectionFacts, options: PgConnectionOptions): PgSslMode {
  const requested = options.sslmode;
  if (requested === undefined) return defaultPgSslMode(facts.tls, facts.tlsCa);
  if (!isPgSslMode(requested)) {
    throw new EngineConnectionError("postgresql", "sslmode", `unknown SSL mode; expected one of disable, allow, prefer, require, verify-ca, verify-full`);
  }
  return requested;
}

const LIBPQ_URI: ProviderUriReader = { formatName: "a libpq URI", hosts: (uri) => parseLibpqUri(uri).hosts };

/** Hosts of the chosen side (see {@link hostsForSide}); postgresql_client never carries sockets. */
function pgHosts(facts: ConnectionFacts): readonly HostAddress[] {
  const side = (facts.side ?? "read-write") === "read-only" ? "readOnlyEndpoints" : "endpoints";
  return hostAddresses("postgresql", side, hostsForSide("postgresql", facts, LIBPQ_URI));
}
