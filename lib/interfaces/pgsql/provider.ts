/**
 * Legacy `pgsql` interface, provider side (§4.3): the same keys in the provider's app databag
 * and its leader's unit databag. `master` and each `standbys` line are libpq keyword/value
 * connection strings containing the password; parsing them lives with the legacy adapter.
 */
import { defineBag, type DecodedOf } from "../database/bag_codec.js";
import { commaList, lineList, portNumber, sortedCommaList, text } from "../database/field_codecs.js";

/** Fields of a pgsql provider databag (app or unit). */
export const pgsqlProviderFields = {
  allowedSubnets: commaList(),
  allowedUnits: commaList(),
  host: text(),
  master: text({ secret: true }),
  standbys: lineList({ secret: true }),
  port: portNumber(),
  user: text(),
  password: text({ secret: true }),
  database: text(),
  extensions: sortedCommaList(),
  /** Requested roles mirrored back (older PostgreSQL charms do; postgresql-k8s refuses roles). */
  roles: sortedCommaList(),
  version: text(),
};

/** Codec of a pgsql provider databag (app databag or a unit databag; both carry the answer). */
export const PgsqlProviderDatabag = defineBag(pgsqlProviderFields, { name: "pgsql provider databag", side: "provider" });
/** Decoded pgsql provider databag. */
export type PgsqlProvider = DecodedOf<typeof PgsqlProviderDatabag>;
