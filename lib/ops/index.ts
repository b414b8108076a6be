// Public API of the ops runtime. Other layers import only from here (docs/design/ops-api.md).
export type * from "./backend.js";
export type { ToolRunner, ToolResult } from "./hooktools/runner.js";
export * from "./errors.js";
export { JujuVersion } from "./juju-version.js";
export { parseHookContext } from "./context.js";
export type {
  HookContext,
  RelationContext,
  SecretContext,
  ActionContext,
  WorkloadContext,
  NoticeContext,
  StorageContext,
} from "./context.js";
export { HookToolBackend, gateBackend } from "./hooktools/backend.js";
export type { HookToolBackendOptions } from "./hooktools/backend.js";
export { GatedToolRunner, assertToolCall } from "./hooktools/gated-runner.js";
export { HOOK_TOOL_VERSIONS, hookToolRows, hasHookTool, toolAbsence, isKnownHookTool } from "./hook-tool-versions.js";
export type { HookToolRow, HookToolSource, ToolAbsence } from "./hook-tool-versions.js";
export { processRunner, createProcessRunner } from "./hooktools/process-runner.js";
export type { ProcessRunnerOptions } from "./hooktools/process-runner.js";
export { canonicalSecretId } from "./hooktools/secret.js";
export { formatRelationRef } from "./hooktools/relation.js";
export { parseCharmMetadata, loadCharmMetadata, charmMetadataForBundle, embeddedCharmMetadata, EMBEDDED_METADATA_CONSTANT } from "./charm-metadata.js";
export type { EmbeddedCharmMetadata } from "./charm-metadata.js";
export type { CharmMetadata, EndpointMetadata } from "./charm-metadata.js";
export { Model } from "./model/model.js";
export type { ModelOptions } from "./model/model.js";
export { LEADERSHIP_LEASE_MS } from "./model/hook-session.js";
export { Relation } from "./model/relation.js";
export { Databag } from "./model/databag.js";
export type { DatabagOwner } from "./model/databag.js";
export { Secret } from "./model/secret.js";
export { Unit, Application } from "./model/unit.js";
export {
  StatusBase,
  ActiveStatus,
  BlockedStatus,
  MaintenanceStatus,
  WaitingStatus,
  ErrorStatus,
  UnknownStatus,
} from "./model/status.js";
export { Logger, jujuLogSink } from "./logger.js";
export type { LogSink, TextWriter } from "./logger.js";
export { JsonValueSchema, type JsonValue, type JsonObject } from "./charm/json.js";
export { Framework, CHARM_SOURCE } from "./charm/framework.js";
export type { FrameworkOptions, EmittedEvent } from "./charm/framework.js";
export { CharmBase } from "./charm/charm-base.js";
export { EventSource } from "./charm/event-source.js";
export type { EventCodec, EventSourceOwner } from "./charm/event-source.js";
export type { StoredState } from "./charm/stored-state.js";
export { classifyHookKind, isDeferrable, isRestrictedHook } from "./charm/hook-kinds.js";
export type { ActionsOf, CharmHookKind, EndpointsOf } from "./charm/hook-names.js";
export type {
  HookKind,
  EventFor,
  HookFamily,
  LifecycleHookKind,
  RelationHookKind,
  SecretHookKind,
  WorkloadHookKind,
  StorageHookKind,
  ActionKind,
} from "./charm/hook-kinds.js";
export type {
  Deferrable,
  HookEventBase,
  LifecycleEvent,
  RelationEvent,
  SecretEvent,
  WorkloadEvent,
  StorageEvent,
  ActionEvent,
} from "./charm/events.js";
export { flattenActionResults } from "./charm/hook-events.js";
export {
  STATE_KEY_MAX_BYTES,
  STATE_VALUE_MAX_BYTES,
  STATE_CHUNK_MARKER,
  readStateValue,
  logicalStateEntries,
  encodeStateValue,
} from "./charm/controller-state.js";
export { LAGS_KEY, LOCAL_STATE_FILE, stateFileText, stateFileValues, type StateFiles } from "./charm/local-file-state.js";
export { defaultStateStorage, type StateStorage } from "./charm/state-store.js";
export { storedStateKey } from "./charm/stored-state.js";
export { DEFERRED_QUEUE_KEY } from "./charm/deferred-queue.js";
export { dispatch, eventKindOf } from "./charm/dispatch.js";
export type { CharmClass, DispatchOptions, DispatchOutcome } from "./charm/dispatch.js";
export { main, DISPATCH_GUARD_VARIABLE } from "./charm/main.js";
export { registerRehearsalPart } from "./charm/rehearsal.js";
export { declareSureRead, type SureReadName } from "./hooktools/read-ahead.js";
export type { RehearsalAnswer, RehearsalPart } from "./charm/rehearsal.js";
export type { MainOptions } from "./charm/main.js";
