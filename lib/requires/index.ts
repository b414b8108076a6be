/**
 * `lib/requires`: the requirer side of the database relation protocol (postgresql_client,
 * mysql_client, mongodb_client; v0 and v1 wire formats).
 *
 * Charm authors use {@link DatabaseRequires}. Engines and tests may use the pure protocol core
 * (request building and reconciliation, snapshot and diff, the event decision) and the per-hook
 * {@link RequirerEngine} over an {@link EndpointModel}. Wire-format constants shared with the
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
} from "./events.js";
export { isAliasable, REQUIRES_EVENT_NAMES } from "./events.js";
export { decodeResponse, isCreated, parseTlsFlag, splitList, type DatabaseResponse } from "./response.js";
export { parseStatuses, statusChanges, type ProviderStatus } from "./provider-answer.js";
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
} from "./options.js";
export { requestId, deriveSalt } from "./request.js";
export {
  buildV0Request,
  buildV1Request,
  buildV1RequestObject,
  requestedSecretFields,
  type RequestContext,
  type V1Request,
} from "./request.js";
export { reconcileV0, reconcileV1, IMMUTABLE_V0_KEYS, MUTABLE_V0_KEYS, type ReconcilePlan, type RequestConflict } from "./request-reconcile.js";

// Secrets: labels, field resolution, rotation memory.
export {
  groupOfField,
  fieldsOfGroup,
  secretKeyOf,
  groupOfSecretKey,
  secretLabel,
  parseSecretLabel,
  secretIdentity,
  type ParsedSecretLabel,
} from "../interfaces/database/secret-groups.js";
export { groupsToRead, requirerView, resolveFields, type GroupContents } from "../interfaces/database/resolved-view.js";
export { contentDigest, digestKey, isNewContent, rotationEventOf } from "./memory.js";

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
} from "./memory.js";
export { EngineMemory, VolatileMemoryStore, KEYED_DIGEST_PREFIX, type MemoryStore, type RelationMemory } from "./memory.js";
export {
  decideV0,
  decideV1,
  isGated,
  type DataEventName,
  type DecidedEvent,
  type Decision,
  type DecisionInput,
  type V1Decision,
  type V1DecisionInput,
} from "./decision.js";
export { chooseAlias, ALIAS_KEY, helperSecretLabel } from "./request.js";
export { isV1Layout, parseV1Responses, type FlatResponse } from "../interfaces/v1/response.js";
export { endpointDeclaration, findEndpoint, type EndpointDeclaration } from "./options.js";

// The per-hook engine and the endpoint in the lib/ops Model it runs on.
export { RequirerEngine, type RelationConflicts } from "./engine.js";
export { EndpointModel, storedStateMemory } from "./endpoint-model.js";
