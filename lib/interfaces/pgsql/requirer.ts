/**
 * Legacy `pgsql` interface, requirer side (docs/protocol.md#pgsql-request): `database`, `roles`, `extensions` in the app
 * databag and mirrored into every unit databag. Lists are written sorted and comma-joined; an
 * extension may be `name:schema`.
 */
import { defineBag, type DecodedOf } from "../database/bag-codec.js";
import { sortedCommaList, text } from "../database/field-codecs.js";

/** Fields of the pgsql request (same keys in the app and the mirrored unit databags). */
export const pgsqlRequestFields = {
  /** Database to create; absent = the provider's default. */
  database: text(),
  /** Roles for the relation user; comma-separated on the wire. */
  roles: sortedCommaList(),
  /** Extensions (`name` or `name:schema`) the provider must enable; comma-separated on the wire. */
  extensions: sortedCommaList(),
};

/** Codec of the pgsql requirer app databag. */
export const PgsqlRequirerAppDatabag = defineBag(pgsqlRequestFields, { name: "pgsql requirer app databag", side: "requirer" });
/** Decoded pgsql requirer app databag. */
export type PgsqlRequirerApp = DecodedOf<typeof PgsqlRequirerAppDatabag>;

/** Codec of a pgsql requirer unit databag (the mirrored request; Juju adds `egress-subnets`). */
export const PgsqlRequirerUnitDatabag = defineBag(
  {
    ...pgsqlRequestFields,
    /** Subnets this unit connects from (`egress-subnets`); comma-separated on the wire. */
    egressSubnets: sortedCommaList(),
  },
  { name: "pgsql requirer unit databag", side: "requirer" },
);
/** Decoded pgsql requirer unit databag. */
export type PgsqlRequirerUnit = DecodedOf<typeof PgsqlRequirerUnitDatabag>;
