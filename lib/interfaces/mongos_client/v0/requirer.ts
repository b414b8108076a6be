/** mongos_client v0, requirer side: the request this charm writes (docs/protocol.md#v0-request). Same wire format as every database interface. */
import { requirerAppBag, requirerUnitBag } from "../../database/requirer-fields.js";
import type { DecodedOf } from "../../database/bag-codec.js";

/** Codec of the mongos_client requirer application databag. */
export const MongosRequirerAppDatabag = requirerAppBag("mongos_client");
/** Decoded mongos_client requirer application databag. */
export type MongosRequirerApp = DecodedOf<typeof MongosRequirerAppDatabag>;

/** Codec of a mongos_client requirer unit databag. */
export const MongosRequirerUnitDatabag = requirerUnitBag("mongos_client");
/** Decoded mongos_client requirer unit databag. */
export type MongosRequirerUnit = DecodedOf<typeof MongosRequirerUnitDatabag>;
