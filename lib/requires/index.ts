/**
 * `lib/requires`: the requirer side of the database relation protocol (postgresql_client,
 * mysql_client, mongodb_client; v0 and v1 wire formats).
 *
 * Charm authors use {@link DatabaseRequires}. Engines and tests may use the pure protocol core
 * (request building and reconciliation, snapshot and diff, the event decision) and the per-hook
 * {@link RequirerEngine} behind a {@link RequirerPort}. Wire-format constants shared with the
 * interface models (secret groups, default requested secrets, status classes) are exported by
 * lib/interfaces only.
 */
// The charm-facing class, its options, events and responses.
export { DatabaseRequires, type DatabaseRequiresOptions } from "./database-requires.js";
export type {
  RelationEventBase,
  ResponseEvent,
  StatusEvent,
  RemovedEvent,
  RequiresEventMap,
  RequiresEventName,
  AliasableEventName,
  AliasedEventName,
  RequiresEventMapWithAliases,
  EmittedEvent,
  ResponseDecoder,
} from "./requires-events.js";
export { isAliasable, REQUIRES_EVENT_NAMES } from "./requires-events.js";
export { decodeResponse, isCreated, parseTlsFlag, splitList, type DatabaseResponse } from "./response.js";
export { parseStatuses, statusChanges, type ProviderStatus } from "./provider-status.js";
export * from "./errors.js";

// Request options, validation, building and reconciliation.
export {
  validateRequestOptions,
  validateAliasCount,
  type RequestOptions,
  type RequestSpec,
  type RequestedEntity,
  type EntityPermissionOption,
  type ProtocolChoice,
  type EventMode,
} from "./request-config.js";
export { requestId, deriveSalt } from "./request-id.js";
export {
  buildV0Request,
  buildV1Request,
  buildV1RequestObject,
  buildUnitRequest,
  requestedSecretFields,
  type RequestContext,
  type V1Request,
} from "./request-builder.js";
export { reconcileV0, reconcileV1, IMMUTABLE_V0_KEYS, MUTABLE_V0_KEYS, type ReconcilePlan, type RequestConflict } from "./request-reconciler.js";

// Secrets: labels, field resolution, rotation memory.
export {
  groupOfField,
  fieldsOfGroup,
  secretKeyOf,
  groupOfSecretKey,
  secretLabel,
  parseSecretLabel,
  helperSecretLabel,
  secretIdentity,
  type ParsedSecretLabel,
} from "./secret-groups.js";
export { groupsToRead, resolveFields, type GroupContents } from "./field-resolution.js";
export { contentDigest, digestKey, isNewContent, rotationEventOf } from "./rotation.js";

// Snapshot, diff and the event decision.
export {
  SNAPSHOT_KEY,
  DIGESTS_KEY,
  LIST_KEYS,
  valueDigest,
  sameAsSnapshot,
  takeSnapshot,
  diffSnapshot,
  readSnapshot,
  readV1Snapshot,
  encodeSnapshot,
  encodeV1Snapshot,
  readDigests,
  type Snapshot,
  type SnapshotDiff,
  type V1Snapshot,
  type ContentDigests,
  type ValueDigester,
} from "./snapshot.js";
export { EngineMemory, VolatileMemoryStore, KEYED_DIGEST_PREFIX, type MemoryStore, type RelationMemory } from "./engine-memory.js";
export {
  decideV0,
  decideV1,
  isGated,
  isV1Layout,
  parseV1Responses,
  type DataEventName,
  type DecidedEvent,
  type Decision,
  type DecisionInput,
  type V1Decision,
  type V1DecisionInput,
  type FlatResponse,
} from "./event-decision.js";
export { chooseAlias, ALIAS_KEY } from "./alias-assignment.js";
export { endpointDeclaration, findEndpoint, type EndpointDeclaration } from "./endpoint-metadata.js";
export { pythonJson, type WireJson } from "./python-json.js";

// The per-hook engine and the runtime port it runs on.
export { RequirerEngine, type RelationConflicts } from "./requirer-engine.js";
export type { RequirerPort, RelationHandle, SecretRead } from "./requirer-port.js";
export { OpsRequirerPort, storedStateMemory } from "./ops-requirer-port.js";
