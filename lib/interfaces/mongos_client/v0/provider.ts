/**
 * mongos_client v0, provider side: what the database answers (docs/protocol.md#v0-answer, docs/protocol.md#mongodb-and-mongos; mongos never sends replset and may publish a URL-encoded socket path, docs/protocol.md#k-05).
 * Credentials arrive in secrets or, in fallback mode, in plaintext; charms receive the
 * resolved view (app databag minus `secret-*`, merged with the secret contents).
 */
import type { DecodedOf } from "../../database/bag-codec.js";
import { providerAppBag, providerResolver, resolvedProviderBag } from "../../database/provider-models.js";
import { mongoUriFields, providerUnitBag } from "../../database/provider-fields.js";
import { described, text } from "../../database/field-codecs.js";
import { SCHEMA_DOCS } from "../../database/schema-docs.js";
import { MONGOS_DEFAULT_PORT } from "../../database/endpoints.js";

// The /* @__PURE__ */ marks let a bundler drop the codecs a charm does not use.
const engineFields = {
  /** Replica-set name (never sent by mongos). */
  replset: /* @__PURE__ */ described(/* @__PURE__ */ text(), SCHEMA_DOCS && "Replica-set name (never sent by mongos)."),
  // uris / read-only-uris: MongoDB's connection-string format (provider-fields.ts).
  ...mongoUriFields,
};
const opts = { defaultPort: MONGOS_DEFAULT_PORT };

/** Codec of the mongos_client provider application databag (raw, with `secret-*` URIs). */
export const MongosProviderAppDatabag = /* @__PURE__ */ providerAppBag("mongos_client", engineFields, opts);
/** Decoded mongos_client provider application databag. */
export type MongosProviderApp = DecodedOf<typeof MongosProviderAppDatabag>;

/** Codec of a mongos_client provider unit databag. */
export const MongosProviderUnitDatabag = /* @__PURE__ */ providerUnitBag("mongos_client");
/** Decoded mongos_client provider unit databag. */
export type MongosProviderUnit = DecodedOf<typeof MongosProviderUnitDatabag>;

/** Codec of the resolved mongos_client provider view (what the engine hands to charms). */
export const MongosResolvedProviderView = /* @__PURE__ */ resolvedProviderBag("mongos_client", engineFields, opts);
/** The resolved mongos_client provider view. */
export type MongosProvider = DecodedOf<typeof MongosResolvedProviderView>;

/** Builds the resolved view from the raw app databag and the raw secret contents (never throws). */
export const resolveMongosProvider = /* @__PURE__ */ providerResolver(MongosResolvedProviderView);
