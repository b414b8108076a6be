/**
 * `MongoDBRequires` (`mongodb_client`, a replica set) and `MongosRequires` (`mongos_client`, a
 * mongos router of a sharded cluster): {@link DatabaseRequires} with responses decoded by the
 * interface's model and able to produce `{ uri, options }` for `new MongoClient(uri, options)`.
 *
 * The mongos router is a subordinate: it publishes `subordinated: true` and each router unit
 * reports `state: ready`; the protocol engine holds every data event back until the router unit
 * is ready (docs/protocol.md#subordinated-providers), so `databaseCreated` means "the router can serve". Its URI never carries
 * `replicaSet`, and hosts without a port get the mongos port 27018.
 */
import type { CharmBase } from "../../ops/index.js";
import { registerDatabaseRehearsal } from "../rehearsal-part.js";
import { MongoDBResolvedProviderView } from "../../interfaces/mongodb_client/v0/provider.js";
import { MongosResolvedProviderView } from "../../interfaces/mongos_client/v0/provider.js";
import { DatabaseRequires, type DatabaseRequiresOptions } from "../../requires/database-requires.js";
import { decodeEngineResponse, type EngineDecodeContext, type EngineResponse, type SideOption } from "../engine-response.js";
import { requestContext, type RequestedName } from "../request-context.js";
import { mongoConnection, type MongoConnection, type MongoConnectionOptions } from "./mongo-connection.js";
import { MONGODB_DEFAULT_PORT, MONGOS_DEFAULT_PORT } from "../../interfaces/database/endpoints.js";
import { uriEndpointMismatches } from "./uri-endpoints.js";

/** Options of {@link MongoDBResponse.connection}; the topology (`mongos`) is fixed by the requirer class. */
export type MongoRequirerConnectionOptions = Omit<MongoConnectionOptions, "mongos"> & SideOption;

/** What the provider is: a replica set (`mongodb_client`) or a mongos router (`mongos_client`). */
export type MongoTopology = "replica-set" | "mongos";

/** A mongodb_client / mongos_client answer: the common response plus the MongoClient connection. */
export interface MongoDBResponse extends EngineResponse {
  /** The provider's topology. */
  readonly topology: MongoTopology;
  /** `{ uri, options }` for `new MongoClient(uri, options)`: the provider's `uris` when sent, else built (replicaSet, authSource). */
  connection(options?: MongoRequirerConnectionOptions): MongoConnection;
  /** The connection string alone (contains the password). */
  uri(options?: MongoRequirerConnectionOptions): string;
  /**
   * Where the provider's `uris` (or `read-only-uris`) name other hosts than its `endpoints` (or
   * `read-only-endpoints`), one credential-free sentence per side; empty when they agree. The
   * connection uses `uris` all the same; the requirer logs each sentence as a WARNING.
   */
  readonly uriMismatches: readonly string[];
}

/** A decoder of one MongoDB interface's resolved view. */
type MongoDecoder = (view: Readonly<Record<string, string>>, relation: string, context?: EngineDecodeContext) => MongoDBResponse;

function decoderFor(topology: MongoTopology): MongoDecoder {
  const codec = topology === "mongos" ? MongosResolvedProviderView : MongoDBResolvedProviderView;
  const mongos = topology === "mongos";
  const defaultPort = mongos ? MONGOS_DEFAULT_PORT : MONGODB_DEFAULT_PORT;
  return (view, relation, context = {}) =>
    decodeEngineResponse(
      "mongodb",
      codec,
      view,
      relation,
      (base) => {
        const connection = (options: MongoRequirerConnectionOptions = {}): MongoConnection => mongoConnection(base.facts(options.side), { ...options, mongos });
        const uriMismatches = Object.freeze(
          uriEndpointMismatches({ uris: base.uris, readOnlyUris: base.readOnlyUris, endpoints: base.addresses, readOnlyEndpoints: base.readOnlyAddresses }, defaultPort),
        );
        return { topology, connection, uri: (options: MongoRequirerConnectionOptions = {}) => connection(options).uri, uriMismatches };
      },
      context,
    );
}

/** Decodes the resolved mongodb_client provider view (replica set). */
export const decodeMongoDBResponse: MongoDecoder = decoderFor("replica-set");
/** Decodes the resolved mongos_client provider view (router: no replicaSet, port 27018). */
export const decodeMongosResponse: MongoDecoder = decoderFor("mongos");

/**
 * The decoder a requirer uses: its request's database as the fallback name, and each
 * `uris`/`endpoints` mismatch logged once per hook and relation at WARNING.
 */
function requirerDecoder(charm: CharmBase, decode: MongoDecoder, options: RequestedName): (view: Readonly<Record<string, string>>, relation: string) => MongoDBResponse {
  const logged = new Set<string>();
  const context = requestContext(options);
  return (view, relation) => {
    const response = decode(view, relation, context);
    for (const sentence of response.uriMismatches) {
      const line = `relation ${relation}: ${sentence}`;
      if (logged.has(line)) continue;
      logged.add(line);
      charm.log.warning(line);
    }
    return response;
  };
}

/** Options of {@link MongoDBRequires} and {@link MongosRequires}: those of {@link DatabaseRequires} without the decoder. */
export type MongoDBRequiresOptions<A extends string = never> = Omit<DatabaseRequiresOptions<A, MongoDBResponse>, "decodeResponse">;

/** The requirer side of `mongodb_client` (a replica set) for one endpoint. */
export class MongoDBRequires<A extends string = never> extends DatabaseRequires<A, MongoDBResponse> {
  /** Observes the endpoint's hooks on `charm` (see {@link DatabaseRequires}); throws RequestConfigError on bad options. */
  constructor(charm: CharmBase, options: MongoDBRequiresOptions<A>) {
    super(charm, { ...options, decodeResponse: requirerDecoder(charm, decodeMongoDBResponse, options) });
  }
}

/**
 * The requirer side of `mongos_client` for one endpoint (declared under `requires:` or, as the
 * principal of a subordinate router usually does, under `provides:`).
 */
export class MongosRequires<A extends string = never> extends DatabaseRequires<A, MongoDBResponse> {
  /** Observes the endpoint's hooks on `charm` (see {@link DatabaseRequires}); throws RequestConfigError on bad options. */
  constructor(charm: CharmBase, options: MongoDBRequiresOptions<A>) {
    super(charm, { ...options, decodeResponse: requirerDecoder(charm, decodeMongosResponse, options) });
  }
}

// The rehearsal of a start-up snapshot plays these requirers on the charm's mongodb_client and
// mongos_client endpoints (lib/ops/charm/rehearsal.ts), so that hooks started from the
// snapshot find their code compiled.
registerDatabaseRehearsal({ interfaceName: "mongodb_client", requires: (charm, options) => new MongoDBRequires(charm, options), port: MONGODB_DEFAULT_PORT, version: "8.0.4", mongoUris: true });
registerDatabaseRehearsal({ interfaceName: "mongos_client", requires: (charm, options) => new MongosRequires(charm, options), port: MONGOS_DEFAULT_PORT, version: "8.0.4", mongoUris: true });
