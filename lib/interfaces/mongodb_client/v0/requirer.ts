/** mongodb_client v0, requirer side: the request this charm writes (docs/protocol.md#v0-request). Same wire format as every database interface. */
import { requirerAppBag, requirerUnitBag } from "../../database/requirer-fields.js";
import type { DecodedOf } from "../../database/bag-codec.js";

/** Codec of the mongodb_client requirer application databag. */
export const MongoDBRequirerAppDatabag = requirerAppBag("mongodb_client");
/** Decoded mongodb_client requirer application databag. */
export type MongoDBRequirerApp = DecodedOf<typeof MongoDBRequirerAppDatabag>;

/** Codec of a mongodb_client requirer unit databag. */
export const MongoDBRequirerUnitDatabag = requirerUnitBag("mongodb_client");
/** Decoded mongodb_client requirer unit databag. */
export type MongoDBRequirerUnit = DecodedOf<typeof MongoDBRequirerUnitDatabag>;
