/**
 * `lib/requires`: the requirer side of the database relation protocol (postgresql_client,
 * mysql_client, mongodb_client; v0 and v1 wire formats). The pure protocol core is exported for
 * engines and tests; `DatabaseRequires` wires it into a charm.
 */
export * from "./errors.js";
export * from "./secret-groups.js";
export * from "./request-config.js";
export * from "./request-id.js";
export * from "./request-builder.js";
export * from "./request-reconciler.js";
export * from "./provider-status.js";
export * from "./snapshot.js";
export * from "./event-decision.js";
export * from "./field-resolution.js";
export * from "./response.js";
export * from "./rotation.js";
export * from "./alias-assignment.js";
export { pythonJson, type WireJson } from "./python-json.js";
export * from "./requires-events.js";
export type { RequirerPort, RelationHandle } from "./requirer-port.js";
export { RequirerEngine, type RelationConflicts } from "./requirer-engine.js";
export { OpsRequirerPort } from "./ops-requirer-port.js";
export { findEndpoint, loadEndpoint, type EndpointDeclaration } from "./endpoint-metadata.js";
export { DatabaseRequires, type DatabaseRequiresOptions } from "./database-requires.js";
