/**
 * The version gate: a {@link ToolRunner} that checks every call against the hook-tool table
 * (lib/ops/hook-tool-versions.ts) before handing it on, so a tool or flag the running Juju lacks
 * raises {@link ToolUnavailableError} and nothing is spawned. Every hook tool the runtime runs goes
 * through a runner, so this is the one place the version is enforced.
 */
import { ToolUnavailableError } from "../errors.js";
import { toolAbsence, versionedFlags } from "../hook-tool-versions.js";
import type { JujuVersion } from "../juju-version.js";
import type { ToolResult, ToolRunner } from "./runner.js";
import { defined } from "../defined.js";

/**
 * The versioned flags `argv` uses: tokens equal to a flag of the table (or `<flag>=...`) before
 * the first `--`. After `--` come free-text values (log lines, messages), never flags. The argv
 * forms built in lib/ops/hooktools put no value that could look like a versioned flag before `--`.
 */
export function flagsUsed(tool: string, argv: readonly string[]): string[] {
  const known = versionedFlags(tool);
  if (known.length === 0) return [];
  const used: string[] = [];
  for (const arg of argv) {
    if (arg === "--") break;
    for (const flag of known) if ((arg === flag || arg.startsWith(`${flag}=`)) && !used.includes(flag)) used.push(flag);
  }
  return used;
}

/** Throws {@link ToolUnavailableError} when `version` lacks `tool`, or one of the flags `argv` uses. */
export function assertToolCall(version: JujuVersion, tool: string, argv: readonly string[]): void {
  for (const flag of [undefined, ...flagsUsed(tool, argv)]) {
    const gap = toolAbsence(version, tool, flag);
    if (gap === undefined) continue;
    throw new ToolUnavailableError({
      tool,
      ...defined({ flag: gap.row.flag }),
      jujuVersion: version.toString(),
      ...(gap.reason === "too-old" && gap.row.since !== undefined ? { minimumVersion: gap.row.since } : {}),
      ...(gap.reason === "removed" && gap.row.removedIn !== undefined ? { removedIn: gap.row.removedIn } : {}),
      ...defined({ feature: gap.row.feature }),
    });
  }
}

/** A runner that checks each call against `jujuVersion` before `inner` runs it. */
export class GatedToolRunner implements ToolRunner {
  /** The runner calls go to once they pass the gate. */
  readonly inner: ToolRunner;
  /** The agent version calls are checked against. */
  readonly jujuVersion: JujuVersion;

  constructor(inner: ToolRunner, jujuVersion: JujuVersion) {
    // Gating twice is harmless but wasteful: unwrap a runner that is already gated.
    this.inner = inner instanceof GatedToolRunner ? inner.inner : inner;
    this.jujuVersion = jujuVersion;
  }

  run(cmd: string, argv: readonly string[], stdin?: string): ToolResult {
    assertToolCall(this.jujuVersion, cmd, argv);
    return this.inner.run(cmd, argv, stdin);
  }

  finishWrites(): void {
    this.inner.finishWrites?.();
  }
}
