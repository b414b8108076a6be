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
export { HookToolBackend } from "./hooktools/backend.js";
export { processRunner, createProcessRunner } from "./hooktools/process-runner.js";
export type { ProcessRunnerOptions } from "./hooktools/process-runner.js";
export { canonicalSecretId } from "./hooktools/secret.js";
export { formatRelationRef } from "./hooktools/relation.js";
export { parseCharmMetadata, loadCharmMetadata } from "./charm-metadata.js";
export type { CharmMetadata } from "./charm-metadata.js";
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
