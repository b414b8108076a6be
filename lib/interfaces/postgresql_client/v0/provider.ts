/**
 * postgresql_client v0, provider side: what the database answers (docs/protocol.md#v0-answer, docs/protocol.md#postgresql).
 * Credentials arrive in secrets or, in fallback mode, in plaintext; charms receive the
 * resolved view (app databag minus `secret-*`, merged with the secret contents).
 */
import type { DecodedOf } from "../../database/bag-codec.js";
import { providerAppBag, providerResolver, resolvedProviderBag } from "../../database/provider-models.js";
import { providerUnitBag } from "../../database/provider-fields.js";


/** Codec of the postgresql_client provider application databag (raw, with `secret-*` URIs). */
export const PostgreSQLProviderAppDatabag = /* @__PURE__ */ providerAppBag("postgresql_client", {}, {});
/** Decoded postgresql_client provider application databag. */
export type PostgreSQLProviderApp = DecodedOf<typeof PostgreSQLProviderAppDatabag>;

/** Codec of a postgresql_client provider unit databag. */
export const PostgreSQLProviderUnitDatabag = /* @__PURE__ */ providerUnitBag("postgresql_client");
/** Decoded postgresql_client provider unit databag. */
export type PostgreSQLProviderUnit = DecodedOf<typeof PostgreSQLProviderUnitDatabag>;

/** Codec of the resolved postgresql_client provider view (what the engine hands to charms). */
export const PostgreSQLResolvedProviderView = /* @__PURE__ */ resolvedProviderBag("postgresql_client", {}, {});
/** The resolved postgresql_client provider view. */
export type PostgreSQLProvider = DecodedOf<typeof PostgreSQLResolvedProviderView>;

/** Builds the resolved view from the raw app databag and the raw secret contents (never throws). */
export const resolvePostgreSQLProvider = /* @__PURE__ */ providerResolver(PostgreSQLResolvedProviderView);
