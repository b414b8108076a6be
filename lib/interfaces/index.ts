/**
 * Typed models of every database relation databag and the codec between Juju's string-only
 * databags and those models. Charm authors never parse a databag string themselves.
 */
export * from "./database/databag_error.js";
export * from "./database/redaction.js";
export * from "./database/value_limits.js";
export * from "./database/json_text.js";
export * from "./database/key_names.js";
export * from "./database/endpoints.js";
export * from "./database/status.js";
export * from "./database/entity_permissions.js";
export * from "./database/pem_certificates.js";
export * from "./database/mongodb_uri.js";
export * from "./database/field_codecs.js";
export * from "./database/bag_codec.js";
export * from "./database/secret_groups.js";
export * from "./database/requirer_fields.js";
export * from "./database/provider_fields.js";
export * from "./database/provider_models.js";
export * from "./database/resolved_view.js";
export * from "./database/request_rules.js";
export * from "./postgresql_client/v0/requirer.js";
export * from "./postgresql_client/v0/provider.js";
export * from "./mysql_client/v0/requirer.js";
export * from "./mysql_client/v0/provider.js";
export * from "./mongodb_client/v0/requirer.js";
export * from "./mongodb_client/v0/provider.js";
export * from "./mongos_client/v0/requirer.js";
export * from "./mongos_client/v0/provider.js";
export * from "./v1/request_id.js";
export * from "./v1/request.js";
export * from "./v1/response.js";
export * from "./v1/databags.js";
export * from "./pgsql/requirer.js";
export * from "./pgsql/connection_list.js";
export * from "./pgsql/provider.js";
export * from "./mysql/provider.js";
export * from "./json_schemas.js";
