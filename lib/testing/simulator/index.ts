/**
 * The model simulator: applications and units as real charm processes over one fake Juju model.
 * See simulator.ts (the facade), hook-scheduling.ts for the hook ordering, hook-runner.ts for how
 * one hook runs, and transport/ for how tool calls reach the model.
 */
export { Simulator, type SimulatorOptions, type RunResult, type ActionOutcome, type HookRecording, type RecordedToolCall } from "./simulator.js";
export { SimulatorError, ModelNotQuietError } from "./errors.js";
export { loadCharmSpec, CharmSpecError } from "./charm-spec-loader.js";
export { type HookRunRecord, formatHookRun } from "./hook-log.js";
export { DEBUG_LOG_LEVELS, debugLogLines, formatDebugLogLine, type DebugLogFilter, type DebugLogLevel, type DebugLogLine } from "./debug-log.js";
export { assertExecutableDispatch } from "./charm-spec-loader.js";
export { type StatusView, type ShowUnitView, type RelationInfoView, type UnitStatusView } from "./views.js";
export { HookTransport, type HookLaunch, type HookProcessResult, type HookTransportOptions } from "./transport/hook-transport.js";
export { type CannedResponse, renderShimScript } from "./transport/shim-script.js";
export { type ToolCall, type ToolCallHandler, type ToolCallLogRecord, redactArgv } from "./transport/tool-call.js";
export { HOOK_TOOL_NAMES } from "./transport/tool-names.js";
