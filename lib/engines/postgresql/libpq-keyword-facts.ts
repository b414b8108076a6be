/**
 * From a libpq keyword/value connection string (the legacy `pgsql` interface's `master` and
 * `standbys` lines) to {@link ConnectionFacts}, so legacy relations reuse {@link pgConnection}.
 */
import type { ConnectionFacts, HostAddress } from "../connection-facts.js";
import { ConnectionStringError, EngineConnectionError } from "../engine-errors.js";
import { parseLibpqKeywordValue, type LibpqKeywords } from "./libpq-keyword-value.js";
import { isPgSslMode, type PgSslMode } from "./ssl-mode.js";

/** A keyword/value string read as connection facts, plus the libpq settings that are not facts. */
export interface LibpqKeywordConnection {
  /** Credentials, database and endpoints (read-write side; `readOnlyEndpoints` empty). */
  readonly facts: ConnectionFacts;
  /** The string's `sslmode`, when it has a valid one; pass it to {@link pgConnection} as `sslmode`. */
  readonly sslmode?: PgSslMode | undefined;
  /** `application_name` or else `fallback_application_name`, when present. */
  readonly applicationName?: string | undefined;
}

/**
 * Reads `text` (or already parsed pairs). libpq rules: `host` and `port` may be comma-separated
 * lists (one port for all hosts, or one per host); `dbname` defaults to `user`; a missing
 * `password` means none (trust or peer authentication). `field` names the source in errors
 * (e.g. `master`, `standbys[1]`); values are never quoted in errors.
 */
export function connectionFromLibpqKeywords(text: string | LibpqKeywords, field = "master"): LibpqKeywordConnection {
  let pairs: LibpqKeywords;
  try {
    pairs = typeof text === "string" ? parseLibpqKeywordValue(text) : text;
  } catch (error) {
    if (!(error instanceof ConnectionStringError)) throw error;
    // The typed parse error (e.g. RepeatedKeywordError) stays reachable as `cause`.
    throw Object.assign(new EngineConnectionError("postgresql", field, `not a libpq keyword/value string (${error.problem})`), { cause: error });
  }
  const user = nonEmpty(pairs["user"]);
  if (user === undefined) throw new EngineConnectionError("postgresql", `${field}.user`, "the connection string has no user");
  const hosts = splitList(pairs["host"] ?? pairs["hostaddr"]);
  if (hosts.length === 0) throw new EngineConnectionError("postgresql", `${field}.host`, "the connection string has no host");
  const ports = splitList(pairs["port"]).map((p) => {
    const port = /^\d{1,5}$/.test(p) ? Number(p) : NaN;
    if (!(port >= 1 && port <= 65535)) throw new EngineConnectionError("postgresql", `${field}.port`, "port must be a number from 1 to 65535");
    return port;
  });
  if (ports.length > 1 && ports.length !== hosts.length) {
    throw new EngineConnectionError("postgresql", `${field}.port`, `${ports.length} ports for ${hosts.length} hosts; give one port or one per host`);
  }
  const endpoints: HostAddress[] = hosts.map((host, i) => ({ host, port: ports.length > 1 ? ports[i] : ports[0] }));
  const rawMode = nonEmpty(pairs["sslmode"]);
  if (rawMode !== undefined && !isPgSslMode(rawMode)) {
    throw new EngineConnectionError("postgresql", `${field}.sslmode`, "unknown SSL mode; expected one of disable, allow, prefer, require, verify-ca, verify-full");
  }
  return {
    facts: {
      username: user,
      password: pairs["password"] ?? "",
      database: nonEmpty(pairs["dbname"]) ?? user,
      endpoints,
      readOnlyEndpoints: [],
      tls: rawMode !== undefined && rawMode !== "disable" && rawMode !== "allow",
    },
    sslmode: rawMode,
    applicationName: nonEmpty(pairs["application_name"]) ?? nonEmpty(pairs["fallback_application_name"]),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function splitList(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(",").map((s) => s.trim()).filter((s) => s !== "");
}
