/**
 * mysql_client v0, provider side: what the database answers (docs/protocol.md#v0-answer, docs/protocol.md#mysql; endpoint hosts may end with a dot, docs/protocol.md#k-03).
 * Credentials arrive in secrets or, in fallback mode, in plaintext; charms receive the
 * resolved view (app databag minus `secret-*`, merged with the secret contents).
 */
import type { DecodedOf } from "../../database/bag-codec.js";
import { providerAppBag, providerResolver, resolvedProviderBag } from "../../database/provider-models.js";
import { providerUnitBag } from "../../database/provider-fields.js";

// The machine mysql-router charm publishes `file://` socket endpoints to principals (endpoints.ts).
const opts = { fileSocketEndpoints: true };

/** Codec of the mysql_client provider application databag (raw, with `secret-*` URIs). */
export const MySQLProviderAppDatabag = /* @__PURE__ */ providerAppBag("mysql_client", {}, opts);
/** Decoded mysql_client provider application databag. */
export type MySQLProviderApp = DecodedOf<typeof MySQLProviderAppDatabag>;

/** Codec of a mysql_client provider unit databag. */
export const MySQLProviderUnitDatabag = /* @__PURE__ */ providerUnitBag("mysql_client");
/** Decoded mysql_client provider unit databag. */
export type MySQLProviderUnit = DecodedOf<typeof MySQLProviderUnitDatabag>;

/** Codec of the resolved mysql_client provider view (what the engine hands to charms). */
export const MySQLResolvedProviderView = /* @__PURE__ */ resolvedProviderBag("mysql_client", {}, opts);
/** The resolved mysql_client provider view. */
export type MySQLProvider = DecodedOf<typeof MySQLResolvedProviderView>;

/** Builds the resolved view from the raw app databag and the raw secret contents (never throws). */
export const resolveMySQLProvider = /* @__PURE__ */ providerResolver(MySQLResolvedProviderView);
