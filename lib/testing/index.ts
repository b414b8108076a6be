// Public entry point of the test stand (the package's future `./testing` export).
export * from "./juju/model.js";
export * from "./juju/hook.js";
export type { CommitReport, DatabagChange, GrantChange, SecretRevisionChange } from "./juju/commit.js";
export { HookSession, HOOK_TOOLS, sessionRunner, type ToolCallRecord } from "./juju/session.js";
export type { LogRecord, StatusRecord } from "./juju/tool-context.js";
