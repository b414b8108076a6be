/** is-leader (docs/juju-contract.md#leadership-tools). Caching lives in the model, which knows the 30 s lease rule. */
import * as z from "zod/mini";
import "../../zod-english.js";
import { invokeToolJson, JSON_OUTPUT } from "./invoke.js";
import type { ToolRunner } from "./runner.js";

// Output schemas built once (not per call), so a start-up snapshot keeps them warm.
const Leader = z.boolean();

/** The command line of {@link isLeader}, which read-ahead.ts may start early. */
export const IS_LEADER = { cmd: "is-leader", argv: [JSON_OUTPUT] } as const;

/** `is-leader --format=json`. */
export function isLeader(run: ToolRunner): boolean {
  return invokeToolJson(run, IS_LEADER.cmd, IS_LEADER.argv, Leader);
}
