/**
 * mysql_client v0, provider side: what the database answers (docs/protocol.md#v0-answer, docs/protocol.md#mysql; endpoint hosts may end with a dot, docs/protocol.md#k-03).
 * Credentials arrive in secrets or, in fallback mode, in plaintext; charms receive the
 * resolved view (app databag minus `secret-*`, merged with the secret contents).
 */
import type { DecodedOf } from "../../database/bag-codec.js";
import { defineProviderModels } from "../../database/provider-models.js";

// The machine mysql-router charm publishes `file://` socket endpoints to principals (endpoints.ts).
const models = defineProviderModels("mysql_client", {}, { fileSocketEndpoints: true });

/** Codec of the mysql_client provider application databag (raw, with `secret-*` URIs). */
export const MySQLProviderAppDatabag = models.app;
/** Decoded mysql_client provider application databag. */
export type MySQLProviderApp = DecodedOf<typeof MySQLProviderAppDatabag>;

/** Codec of a mysql_client provider unit databag. */
export const MySQLProviderUnitDatabag = models.unit;
/** Decoded mysql_client provider unit databag. */
export type MySQLProviderUnit = DecodedOf<typeof MySQLProviderUnitDatabag>;

/** Codec of the resolved mysql_client provider view (what the engine hands to charms). */
export const MySQLResolvedProviderView = models.resolved;
/** The resolved mysql_client provider view. */
export type MySQLProvider = DecodedOf<typeof MySQLResolvedProviderView>;

/** Builds the resolved view from the raw app databag and the raw secret contents (never throws). */
export const resolveMySQLProvider = models.resolve;
