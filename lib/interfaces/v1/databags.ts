/**
 * v1 application databags (docs/protocol.md#v1-request, docs/protocol.md#v1-response): `version: v1` plus a `requests` JSON array (requests on
 * the requirer side, responses on the provider side). Used by every database interface.
 */
import * as z from "zod/mini";
import "../../zod-english.js";
import { defineBag, type DecodedOf } from "../database/bag-codec.js";
import { jsonText, oneOf } from "../database/field-codecs.js";
import { snapshotField } from "../database/requirer-fields.js";
import { RelationStatusList } from "../database/status.js";
import { RequestV1, RequestV1FromWire, requestV1ToWire } from "./request.js";
import { ResponseV1, ResponseV1FromWire, responseV1ToWire } from "./response.js";

/** The only protocol version value written by v1 peers. */
export const V1_VERSION = ["v1"] as const;

/** Codec of a v1 requirer application databag. */
export const RequirerV1AppDatabag = defineBag(
  {
    /** Always `v1`. */
    version: oneOf(V1_VERSION),
    /** The requests; a JSON array on the wire. */
    requests: jsonText(z.array(RequestV1), z.array(RequestV1FromWire), (rs) => rs.map(requestV1ToWire)),
  },
  { name: "v1 requirer app databag", side: "requirer", required: ["version", "requests"] },
);
/** Decoded v1 requirer application databag. */
export type RequirerV1App = DecodedOf<typeof RequirerV1AppDatabag>;

/** Codec of a v1 provider application databag. */
export const ProviderV1AppDatabag = defineBag(
  {
    /** Always `v1`. */
    version: oneOf(V1_VERSION),
    /** The responses, one per answered request; a JSON array on the wire. */
    requests: jsonText(z.array(ResponseV1), z.array(ResponseV1FromWire), (rs) => rs.map(responseV1ToWire)),
    /** The provider's snapshot of the requirer app databag. */
    data: snapshotField(),
    /** Active provider conditions; a JSON array on the wire. */
    status: jsonText(RelationStatusList, RelationStatusList, (v) => v),
  },
  { name: "v1 provider app databag", side: "provider", required: ["version"] },
);
/** Decoded v1 provider application databag. */
export type ProviderV1App = DecodedOf<typeof ProviderV1AppDatabag>;
