/**
 * `charm-data-interfaces/testing`: the Context/State harness, in the spirit of Scenario. One
 * charm, one event, in-process, against an immutable `State`, with hook tools answered by a
 * fake Juju (whose model types and rules are exported here too). Run observers see every run.
 * The multi-unit model simulator is its own entry, `charm-data-interfaces/simulator`.
 */
export * from "./juju/model.js";
export * from "./juju/hook.js";
export { ModelStateSchema, parseModelState } from "./juju/model-schema.js";
export type { CommitReport, DatabagChange, GrantChange, SecretRevisionChange } from "./juju/commit.js";
export { HookToolServer, HOOK_TOOLS, toolServerRunner, type AbsentToolCallRecord, type ToolCallRecord } from "./juju/hook-tool-server.js";
export { hasHookTool, hookToolsOf, JUJU_VERSION_MATRIX, JUJU_VERSIONS, TOOL_AVAILABILITY, type ToolAvailabilityRule } from "./juju/tool-registry.js";
export { redactToolArgv } from "./juju/argv-redaction.js";
export type { LogRecord, StatusRecord } from "./juju/tool-context.js";
export { Context, type ActionOutput, type CharmDispatcher, type ContextConstructor, type ContextOptions, type ContextOptionsFor } from "./harness/context.js";
export { UncaughtCharmError } from "./harness/uncaught-charm-error.js";
export { CommitRefusedError } from "./harness/commit-refused-error.js";
export type { HarnessEmittedEvent } from "./harness/reemit-capture.js";
export type { ActionsOf, CharmHookKind, EndpointsOf, UnitHookName } from "./harness/hook-names.js";
export type { SecretQuery, StateLookups } from "./harness/state-lookups.js";
export { EventFactory, describeEvent, type ActionEvent, type HarnessEvent, type RelationEvent, type SecretEvent, type UnitEvent, type RemoteUnitOption } from "./harness/events.js";
export { checkConsistency, consistencyProblems, InconsistentScenarioError, type CheckTarget } from "./harness/consistency.js";
export { charmSpecFrom, type ActionsInput, type ConfigInput, type MetadataInput } from "./harness/charm-spec.js";
export {
  DEFAULT_UNIT_BAG,
  deepFreeze,
  peerRelation,
  relation,
  remoteAppName,
  remoteUnitNames,
  secret,
  state,
  subordinateRelation,
  withState,
  type AnyRelation,
  type ModelInfo,
  type PeerRelation,
  type PeerRelationInit,
  type Relation,
  type RelationInit,
  type Secret,
  type SecretInit,
  type State,
  type StateData,
  type StateInit,
  type SubordinateRelation,
  type SubordinateRelationInit,
} from "./harness/state.js";
export {
  observeRuns,
  type ObservedAction,
  type ObservedHarnessRun,
  type ObservedOutput,
  type ObservedRun,
  type ObservedSimulatorHook,
  type RunObserver,
} from "./run-observer.js";
export { deferredNotices, storedStateValue, withStoredStateValue, type DeferredNotice } from "./harness/ops-state.js";
