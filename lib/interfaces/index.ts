/**
 * Typed models of every database relation databag and the codec between Juju's string-only
 * databags and those models. Charm authors never parse a databag string themselves.
 */
export * from "./database/databag-error.js";
export * from "./database/redaction.js";
export * from "./database/value-limits.js";
export * from "./database/json-text.js";
export * from "./database/comma-lists.js";
export * from "./database/key-names.js";
export * from "./database/endpoints.js";
export * from "./database/status.js";
export * from "./database/entity-permissions.js";
export * from "./database/pem-certificates.js";
export * from "./database/mongodb-uri.js";
export * from "./database/field-codecs.js";
export * from "./database/bag-codec.js";
export * from "./database/secret-groups.js";
export * from "./database/requirer-fields.js";
export * from "./database/provider-fields.js";
export * from "./database/provider-models.js";
export * from "./database/resolved-view.js";
export * from "./database/request-rules.js";
export * from "./postgresql_client/v0/requirer.js";
export * from "./postgresql_client/v0/provider.js";
export * from "./mysql_client/v0/requirer.js";
export * from "./mysql_client/v0/provider.js";
export * from "./mongodb_client/v0/requirer.js";
export * from "./mongodb_client/v0/provider.js";
export * from "./mongos_client/v0/requirer.js";
export * from "./mongos_client/v0/provider.js";
export * from "./v1/request-id.js";
export * from "./v1/request.js";
export * from "./v1/response.js";
export * from "./v1/databags.js";
export * from "./pgsql/requirer.js";
export * from "./pgsql/connection-list.js";
export * from "./pgsql/provider.js";
export * from "./pgsql/shared-request-copy.js";
export * from "./mysql/provider.js";
export * from "./json-schemas.js";
export * from "./database/response-keys.js";
