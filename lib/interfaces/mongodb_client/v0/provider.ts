/**
 * mongodb_client v0, provider side: what the database answers (docs/protocol.md#v0-answer, docs/protocol.md#mongodb-and-mongos; hosts may lack a port, docs/protocol.md#k-04).
 * Credentials arrive in secrets or, in fallback mode, in plaintext; charms receive the
 * resolved view (app databag minus `secret-*`, merged with the secret contents).
 */
import type { DecodedOf } from "../../database/bag-codec.js";
import { providerAppBag, providerResolver, resolvedProviderBag } from "../../database/provider-models.js";
import { mongoUriFields, providerUnitBag } from "../../database/provider-fields.js";
import { described, text } from "../../database/field-codecs.js";
import { SCHEMA_DOCS } from "../../database/schema-docs.js";
import { MONGODB_DEFAULT_PORT } from "../../database/endpoints.js";

// The /* @__PURE__ */ marks let a bundler drop the codecs a charm does not use.
const engineFields = {
  /** Replica-set name. */
  replset: /* @__PURE__ */ described(/* @__PURE__ */ text(), SCHEMA_DOCS && "Replica-set name."),
  // uris / read-only-uris: MongoDB's connection-string format (provider-fields.ts).
  ...mongoUriFields,
};
const opts = { defaultPort: MONGODB_DEFAULT_PORT };

/** Codec of the mongodb_client provider application databag (raw, with `secret-*` URIs). */
export const MongoDBProviderAppDatabag = /* @__PURE__ */ providerAppBag("mongodb_client", engineFields, opts);
/** Decoded mongodb_client provider application databag. */
export type MongoDBProviderApp = DecodedOf<typeof MongoDBProviderAppDatabag>;

/** Codec of a mongodb_client provider unit databag. */
export const MongoDBProviderUnitDatabag = /* @__PURE__ */ providerUnitBag("mongodb_client");
/** Decoded mongodb_client provider unit databag. */
export type MongoDBProviderUnit = DecodedOf<typeof MongoDBProviderUnitDatabag>;

/** Codec of the resolved mongodb_client provider view (what the engine hands to charms). */
export const MongoDBResolvedProviderView = /* @__PURE__ */ resolvedProviderBag("mongodb_client", engineFields, opts);
/** The resolved mongodb_client provider view. */
export type MongoDBProvider = DecodedOf<typeof MongoDBResolvedProviderView>;

/** Builds the resolved view from the raw app databag and the raw secret contents (never throws). */
export const resolveMongoDBProvider = /* @__PURE__ */ providerResolver(MongoDBResolvedProviderView);
