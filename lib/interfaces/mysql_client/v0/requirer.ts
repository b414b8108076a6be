/** mysql_client v0, requirer side: the request this charm writes (docs/protocol.md#v0-request). Same wire format as every database interface. */
import { requirerAppBag, requirerUnitBag } from "../../database/requirer-fields.js";
import type { DecodedOf } from "../../database/bag-codec.js";

/** Codec of the mysql_client requirer application databag. */
export const MySQLRequirerAppDatabag = requirerAppBag("mysql_client");
/** Decoded mysql_client requirer application databag. */
export type MySQLRequirerApp = DecodedOf<typeof MySQLRequirerAppDatabag>;

/** Codec of a mysql_client requirer unit databag. */
export const MySQLRequirerUnitDatabag = requirerUnitBag("mysql_client");
/** Decoded mysql_client requirer unit databag. */
export type MySQLRequirerUnit = DecodedOf<typeof MySQLRequirerUnitDatabag>;
