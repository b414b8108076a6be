/** postgresql_client v0, requirer side: the request this charm writes (docs/protocol.md#v0-request). Same wire format as every database interface. */
import { requirerAppBag, requirerUnitBag } from "../../database/requirer-fields.js";
import type { DecodedOf } from "../../database/bag-codec.js";

/** Codec of the postgresql_client requirer application databag. */
export const PostgreSQLRequirerAppDatabag = requirerAppBag("postgresql_client");
/** Decoded postgresql_client requirer application databag. */
export type PostgreSQLRequirerApp = DecodedOf<typeof PostgreSQLRequirerAppDatabag>;

/** Codec of a postgresql_client requirer unit databag. */
export const PostgreSQLRequirerUnitDatabag = requirerUnitBag("postgresql_client");
/** Decoded postgresql_client requirer unit databag. */
export type PostgreSQLRequirerUnit = DecodedOf<typeof PostgreSQLRequirerUnitDatabag>;
