export type * from "./backend.js";
export type { ToolRunner, ToolResult } from "./hooktools/runner.js";
