/**
 * mongodb_client v0, provider side: what the database answers (docs/protocol.md#v0-answer, docs/protocol.md#mongodb-and-mongos; hosts may lack a port, docs/protocol.md#k-04).
 * Credentials arrive in secrets or, in fallback mode, in plaintext; charms receive the
 * resolved view (app databag minus `secret-*`, merged with the secret contents).
 */
import type { DecodedOf } from "../../database/bag-codec.js";
import { defineProviderModels } from "../../database/provider-models.js";
import { described, mongoUri, text } from "../../database/field-codecs.js";
import { SCHEMA_DOCS } from "../../database/schema-docs.js";
import { MONGODB_DEFAULT_PORT } from "../../database/endpoints.js";

const models = defineProviderModels("mongodb_client", {
    /** Replica-set name. */
    replset: described(text(), SCHEMA_DOCS && "Replica-set name."),
    // uris / read-only-uris refine the shared fields (same doc comment there; typedoc wants one):
    // the value must follow MongoDB's connection-string format.
    uris: described(mongoUri({ secret: true }), SCHEMA_DOCS && "MongoDB connection string with credentials (mongodb:// or mongodb+srv://)."),
    readOnlyUris: described(mongoUri({ secret: true }), SCHEMA_DOCS && "MongoDB connection string of the read-only side, with credentials."),
  }, { defaultPort: MONGODB_DEFAULT_PORT });

/** Codec of the mongodb_client provider application databag (raw, with `secret-*` URIs). */
export const MongoDBProviderAppDatabag = models.app;
/** Decoded mongodb_client provider application databag. */
export type MongoDBProviderApp = DecodedOf<typeof MongoDBProviderAppDatabag>;

/** Codec of a mongodb_client provider unit databag. */
export const MongoDBProviderUnitDatabag = models.unit;
/** Decoded mongodb_client provider unit databag. */
export type MongoDBProviderUnit = DecodedOf<typeof MongoDBProviderUnitDatabag>;

/** Codec of the resolved mongodb_client provider view (what the engine hands to charms). */
export const MongoDBResolvedProviderView = models.resolved;
/** The resolved mongodb_client provider view. */
export type MongoDBProvider = DecodedOf<typeof MongoDBResolvedProviderView>;

/** Builds the resolved view from the raw app databag and the raw secret contents (never throws). */
export const resolveMongoDBProvider = models.resolve;
