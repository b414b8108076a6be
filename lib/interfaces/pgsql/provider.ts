/**
 * Legacy `pgsql` interface, provider side (docs/protocol.md#pgsql-answer): the same keys in the provider's app databag
 * and its leader's unit databag. `master` and each `standbys` line are libpq keyword/value
 * connection strings containing the password; parsing them lives with the legacy adapter.
 */
import { defineBag, type DecodedOf } from "../database/bag-codec.js";
import { commaList, portNumber, sortedCommaList, text } from "../database/field-codecs.js";
import { connectionStringList } from "./connection-list.js";

/** Fields of a pgsql provider databag (app or unit). */
export const pgsqlProviderFields = {
  /** Subnets the provider lets connect (`allowed-subnets`). */
  allowedSubnets: commaList(),
  /** Requirer units the provider lets connect (`allowed-units`); a unit waits for its own name here. */
  allowedUnits: commaList(),
  /** Host of the master. */
  host: text(),
  /** libpq keyword/value connection string of the master, with the password (secret). */
  master: text({ secret: true }),
  /** Connection strings of the standbys, separated by line breaks or commas (secret; see connection_list.ts). */
  standbys: connectionStringList({ secret: true }),
  /** Port of the master. */
  port: portNumber(),
  /** Relation user name. */
  user: text(),
  /** Relation user password (secret). */
  password: text({ secret: true }),
  /** Database the provider created. */
  database: text(),
  /** Extensions the provider enabled. */
  extensions: sortedCommaList(),
  /** Requested roles mirrored back (older PostgreSQL charms do; postgresql-k8s refuses roles). */
  roles: sortedCommaList(),
  /** PostgreSQL version. */
  version: text(),
};

/** Codec of a pgsql provider databag (app databag or a unit databag; both carry the answer). */
export const PgsqlProviderDatabag = defineBag(pgsqlProviderFields, { name: "pgsql provider databag", side: "provider" });
/** Decoded pgsql provider databag. */
export type PgsqlProvider = DecodedOf<typeof PgsqlProviderDatabag>;
