/**
 * Turns {@link ConnectionFacts} into `{ uri, options }` for `new MongoClient(uri, options)`, for a
 * replica set (`mongodb_client`) or a mongos router (`mongos_client`).
 *
 * The provider's `uris` is used verbatim when present (docs/protocol.md#k-04): it already carries the replica-set
 * name and `authSource`, so it wins over `endpoints` when the two name different hosts (the
 * requirer logs a WARNING then; `ignoreProviderUri` builds from the endpoints instead). It was
 * checked against MongoDB's connection-string format when the answer was decoded. Otherwise the
 * URI is built the way the providers build theirs:
 * `mongodb://<user>:<password>@<h1:p1,h2:p2>/<database>?replicaSet=<replset>&authSource=admin`,
 * every part URL-encoded, `replicaSet` only when a replica-set name is known and the target is not a
 * router, `authSource=admin` omitted when the database is `admin` itself.
 * TLS and the read preference travel in `options`, never in the URI, so they apply to both cases.
 */
import type { ConnectionFacts, HostAddress } from "../connection-facts.js";
import { hostAddresses, urisForSide } from "../connection-facts.js";
import { EngineConnectionError } from "../engine-errors.js";
import { uriHost, withoutTrailingDot } from "../host-name.js";
import { usableCa, writeTlsCaFile } from "../tls-ca.js";
import { MONGODB_DEFAULT_PORT, MONGOS_DEFAULT_PORT } from "../../interfaces/database/endpoints.js";
import { defined } from "../../ops/defined.js";

/** MongoDB read preference modes. */
export type MongoReadPreference = "primary" | "primaryPreferred" | "secondary" | "secondaryPreferred" | "nearest";

/** Choices the charm makes about a MongoDB connection. */
export interface MongoConnectionOptions {
  /** The provider is a mongos router: default port 27018 and never a `replicaSet` parameter. */
  readonly mongos?: boolean | undefined;
  /** Read preference; the read-only side defaults to `secondaryPreferred`, the read-write side to the driver's default (primary). */
  readonly readPreference?: MongoReadPreference | undefined;
  /** Write the provider CA to this path (0600) and pass `tlsCAFile` instead of the inline `ca`. */
  readonly caFile?: string | undefined;
  /** Ignore the provider's `uris` and build the URI from endpoints and credentials. */
  readonly ignoreProviderUri?: boolean | undefined;
}

/** The MongoClient options this layer sets; assignable to `MongoClientOptions`. */
export interface MongoConnectionClientOptions {
  /** Whether to use TLS: the provider's `tls` flag, or, when it sent none, whether it sent a CA. */
  readonly tls: boolean;
  /** Inline CA chain (PEM), when the provider sent one and no `caFile` was asked for. */
  readonly ca?: string;
  /** CA file path, when `caFile` was given. */
  readonly tlsCAFile?: string;
  /** Read preference, when one applies. */
  readonly readPreference?: MongoReadPreference;
}

/** What `new MongoClient(uri, options)` takes. The URI contains the password. */
export interface MongoConnection {
  /** The connection string. */
  readonly uri: string;
  /** Client options (TLS, read preference). */
  readonly options: MongoConnectionClientOptions;
}

/** Builds the MongoDB connection for the read-write or read-only side of `facts`. */
export function mongoConnection(facts: ConnectionFacts, options: MongoConnectionOptions = {}): MongoConnection {
  const side = facts.side ?? "read-write";
  const readPreference = options.readPreference ?? (side === "read-only" ? "secondaryPreferred" : undefined);
  // TLS follows facts.tls (the provider's flag, or a CA when it sent no flag); a CA next to
  // `tls: false` is not passed, as the driver takes CA options only with TLS on.
  const ca = facts.tls ? usableCa(facts.tlsCa) : undefined;
  const tlsOptions = ca === undefined ? {} : options.caFile !== undefined ? { tlsCAFile: writeTlsCaFile(options.caFile, ca) } : { ca };
  return {
    uri: providerUri(facts, options) ?? buildMongoUri(facts, options),
    options: {
      tls: facts.tls,
      ...tlsOptions,
      ...defined({ readPreference }),
    },
  };
}

/**
 * Builds a MongoDB URI from endpoints and credentials (ignoring the provider's `uris`). Hosts that
 * are Unix socket paths (start with `/`, or already URL-encoded as `%2F…`) are written encoded and
 * without a port, as the driver expects.
 */
export function buildMongoUri(facts: ConnectionFacts, options: Pick<MongoConnectionOptions, "mongos"> = {}): string {
  const mongos = options.mongos === true;
  const hosts = mongoHosts(facts);
  const defaultPort = mongos ? MONGOS_DEFAULT_PORT : MONGODB_DEFAULT_PORT;
  const authority = hosts.map((h) => mongoHost(h, defaultPort)).join(",");
  const params: string[] = [];
  const replset = facts.replset?.trim();
  if (!mongos && replset !== undefined && replset !== "") params.push(`replicaSet=${encodeURIComponent(replset)}`);
  if (facts.database !== "admin") params.push("authSource=admin");
  const credentials = `${encodeURIComponent(facts.username)}:${encodeURIComponent(facts.password)}`;
  const query = params.length > 0 ? `?${params.join("&")}` : "";
  return `mongodb://${credentials}@${authority}/${encodeURIComponent(facts.database)}${query}`;
}

function providerUri(facts: ConnectionFacts, options: MongoConnectionOptions): string | undefined {
  if (options.ignoreProviderUri === true) return undefined;
  // A replica-set URI reaches every member; for reads the read preference picks secondaries,
  // so the read-only side may use the read-write URI when no read-only one was sent.
  return urisForSide(facts) ?? urisForSide({ ...facts, side: "read-write" });
}

function mongoHosts(facts: ConnectionFacts): readonly HostAddress[] {
  const side = facts.side ?? "read-write";
  const readOnly = side === "read-only" && facts.readOnlyEndpoints.length > 0;
  // mongodb_client / mongos_client never carry file:// sockets (mongos writes a URL-encoded host).
  const hosts = hostAddresses("mongodb", readOnly ? "readOnlyEndpoints" : "endpoints", readOnly ? facts.readOnlyEndpoints : facts.endpoints);
  if (hosts.length === 0) {
    throw new EngineConnectionError("mongodb", "endpoints", "the provider published neither uris nor endpoints yet; wait for them to arrive");
  }
  return hosts;
}

function mongoHost(endpoint: HostAddress, defaultPort: number): string {
  const socketPath = asSocketPath(endpoint.host);
  if (socketPath !== undefined) return encodeURIComponent(socketPath);
  return `${uriHost(withoutTrailingDot(endpoint.host))}:${endpoint.port ?? defaultPort}`;
}

function asSocketPath(host: string): string | undefined {
  if (host.startsWith("/")) return host;
  if (/^%2F/i.test(host)) {
    try {
      return decodeURIComponent(host);
    } catch {
      throw new EngineConnectionError("mongodb", "endpoints", "a socket-path host has invalid URL encoding");
    }
  }
  return undefined;
}
