/**
 * A pgsql `master` or `standbys` line, parsed with the engines' libpq keyword/value parser into
 * a typed connection whose helpers hand the facts to the engines' `pg` builders. Serialising it
 * (`JSON.stringify`, string templates) never shows the password.
 */
import {
  connectionFromLibpqKeywords,
  formatLibpqKeywordValue,
  parseLibpqKeywordValue,
  pgConnection,
  pgConnectionUri,
  POSTGRESQL_DEFAULT_PORT,
  type ConnectionFacts,
  type LibpqKeywords,
  type PgConnectionConfig,
  type PgConnectionOptions,
  type PgSslMode,
} from "../../engines/index.js";

/** One PostgreSQL connection published over the pgsql interface. */
export interface PgsqlConnection {
  /** Every keyword of the string (contains `password`: do not log). */
  readonly keywords: LibpqKeywords;
  /** The engine-neutral facts (read-write side = this string's hosts). */
  readonly facts: ConnectionFacts;
  /** First host. */
  readonly host: string;
  /** First host's port (5432 when the string has none). */
  readonly port: number;
  /** `user`. */
  readonly user: string;
  /** `password` (secret; empty when the string has none). */
  readonly password: string;
  /** `dbname` (libpq default: the user name). */
  readonly database: string;
  /** The string's `sslmode`, when present. */
  readonly sslmode: PgSslMode | undefined;
  /** `application_name`, else `fallback_application_name`. */
  readonly applicationName: string | undefined;
  /** `pg` client/pool config; the string's `sslmode` and application name are the defaults. */
  connection(options?: PgConnectionOptions): PgConnectionConfig;
  /** libpq URI (contains the password). */
  uri(options?: PgConnectionOptions): string;
  /** Canonical keyword/value text, keys sorted (contains the password). */
  text(): string;
}

/**
 * Parses one connection string. Throws `EngineConnectionError` (from lib/engines) naming
 * `field`; the value is never quoted.
 */
export function parsePgsqlConnection(text: string, field: string): PgsqlConnection {
  const parsed = connectionFromLibpqKeywords(text, field);
  const keywords = Object.freeze(parseLibpqKeywordValue(text));
  const first = parsed.facts.endpoints[0];
  const defaults = (options: PgConnectionOptions): PgConnectionOptions => ({
    ...(parsed.sslmode === undefined ? {} : { sslmode: parsed.sslmode }),
    ...(parsed.applicationName === undefined ? {} : { applicationName: parsed.applicationName }),
    ...options,
  });
  const connection: PgsqlConnection = {
    keywords,
    facts: parsed.facts,
    host: first?.host ?? "",
    port: first?.port ?? POSTGRESQL_DEFAULT_PORT,
    user: parsed.facts.username,
    password: parsed.facts.password,
    database: parsed.facts.database,
    sslmode: parsed.sslmode,
    applicationName: parsed.applicationName,
    connection: (options = {}) => pgConnection(parsed.facts, defaults(options)),
    uri: (options = {}) => pgConnectionUri(parsed.facts, defaults(options)),
    text: () => canonicalText(keywords),
  };
  Object.defineProperty(connection, "toJSON", { value: () => redacted(connection), enumerable: false });
  Object.defineProperty(connection, "toString", { value: () => describe(connection), enumerable: false });
  return Object.freeze(connection);
}

/** The keyword/value text with keys in sorted order: equal for strings that mean the same. */
export function canonicalText(keywords: LibpqKeywords): string {
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(keywords).sort()) sorted[key] = keywords[key] ?? "";
  return formatLibpqKeywordValue(sorted);
}

function redacted(c: PgsqlConnection): Record<string, unknown> {
  return { host: c.host, port: c.port, user: c.user, database: c.database, password: "<redacted>", sslmode: c.sslmode ?? null };
}

function describe(c: PgsqlConnection): string {
  return `postgresql://${c.user}@${c.host}:${c.port}/${c.database}`;
}
