/** status-get, status-set, application-version-set (docs/juju-contract.md#log-and-status-tools). */
import * as z from "zod/mini";
import "../../zod-english.js";
import type { SettableStatusName, StatusInfo, StatusName } from "../backend.js";
import { InvalidArgumentError } from "../errors.js";
import { invokeTool, invokeToolJson, JSON_OUTPUT } from "./invoke.js";
import type { ToolRunner } from "./runner.js";

const Status = z.enum(["active", "blocked", "maintenance", "waiting", "error", "unknown"]);
const StatusBody = z.object({ status: z.union([Status, z.pipe(z.literal(""), z.transform(() => "unknown" as const))]), message: z.optional(z.string()) });
const UnitStatus = StatusBody;
const AppStatus = z.object({ "application-status": StatusBody });

const SETTABLE: readonly string[] = ["active", "blocked", "maintenance", "waiting"];

/** `status-get --include-data --format=json --application=<true|false>`. */
export function statusGet(run: ToolRunner, app: boolean): StatusInfo {
  const argv = ["--include-data", JSON_OUTPUT, `--application=${app ? "true" : "false"}`];
  if (app) {
    const out = invokeToolJson(run, "status-get", argv, AppStatus);
    return { status: out["application-status"].status as StatusName, message: out["application-status"].message ?? "" };
  }
  const out = invokeToolJson(run, "status-get", argv, UnitStatus);
  return { status: out.status as StatusName, message: out.message ?? "" };
}

/** `status-set --application=<True|False> <status> -- <message>`. */
export function statusSet(run: ToolRunner, status: SettableStatusName, message: string, app: boolean): void {
  if (!SETTABLE.includes(status)) {
    throw new InvalidArgumentError(`status "${String(status)}" cannot be set; use active, blocked, maintenance or waiting`);
  }
  invokeTool(run, "status-set", [`--application=${app ? "True" : "False"}`, status, "--", message]);
}

/** `application-version-set -- <version>`. */
export function applicationVersionSet(run: ToolRunner, version: string): void {
  invokeTool(run, "application-version-set", ["--", version]);
}
