/**
 * postgresql_client v0, provider side: what the database answers (docs/protocol.md#v0-answer, docs/protocol.md#postgresql).
 * Credentials arrive in secrets or, in fallback mode, in plaintext; charms receive the
 * resolved view (app databag minus `secret-*`, merged with the secret contents).
 */
import type { DecodedOf } from "../../database/bag-codec.js";
import { defineProviderModels } from "../../database/provider-models.js";

const models = defineProviderModels("postgresql_client", {}, {});

/** Codec of the postgresql_client provider application databag (raw, with `secret-*` URIs). */
export const PostgreSQLProviderAppDatabag = models.app;
/** Decoded postgresql_client provider application databag. */
export type PostgreSQLProviderApp = DecodedOf<typeof PostgreSQLProviderAppDatabag>;

/** Codec of a postgresql_client provider unit databag. */
export const PostgreSQLProviderUnitDatabag = models.unit;
/** Decoded postgresql_client provider unit databag. */
export type PostgreSQLProviderUnit = DecodedOf<typeof PostgreSQLProviderUnitDatabag>;

/** Codec of the resolved postgresql_client provider view (what the engine hands to charms). */
export const PostgreSQLResolvedProviderView = models.resolved;
/** The resolved postgresql_client provider view. */
export type PostgreSQLProvider = DecodedOf<typeof PostgreSQLResolvedProviderView>;

/** Builds the resolved view from the raw app databag and the raw secret contents (never throws). */
export const resolvePostgreSQLProvider = models.resolve;
