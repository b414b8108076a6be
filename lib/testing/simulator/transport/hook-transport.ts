import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ToolResult } from "../../../ops/hooktools/runner.js";
import { renderAbsentToolProbe, takeAbsentToolLog } from "./absent-tool-probe.js";
import { renderShimScript, type CannedResponse } from "./shim-script.js";
import { redactArgv, type ToolCallHandler, type ToolCallLogRecord } from "./tool-call.js";
import { HOOK_TOOL_NAMES } from "./tool-names.js";
import { ToolSpool, type SpoolRequest } from "./tool-spool.js";

/** What to run: a charm's `dispatch` with a hook context. */
export interface HookLaunch {
  /** Charm root; `dispatch` inside it is executed with this as its working directory. */
  readonly charmDir: string;
  /** Hook context variables (JUJU_*), as the fake Juju session produces them. */
  readonly env: Readonly<Record<string, string>>;
  /** Answers the hook's tool calls. */
  readonly handler: ToolCallHandler;
  /** Kill the hook (and everything it started) after this long; default 120 s. */
  readonly timeoutMs?: number;
}

/** How one hook process ended, with everything it said and every tool call it made. */
export interface HookProcessResult {
  /** Exit status; `null` when killed by a signal. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  readonly calls: readonly ToolCallLogRecord[];
  /** Hook tools the hook tried to run that have no shim (the Juju version lacks them), in order. */
  readonly absentToolCalls: readonly string[];
}

/** Options for a transport. */
export interface HookTransportOptions {
  /** Per-tool responses the shims answer themselves (the benchmark fast path). */
  readonly canned?: Readonly<Record<string, readonly CannedResponse[]>>;
  /** Parent directory for the transport's temporary directory (default: the OS temp dir). */
  readonly tmpRoot?: string;
  /**
   * Hook tools that get a shim (default: all of HOOK_TOOL_NAMES). The others are not on PATH,
   * as on an agent of a Juju version that lacks them; Node charms calling them are noted
   * (absent-tool-probe.ts) in `HookProcessResult.absentToolCalls`.
   */
  readonly tools?: readonly string[];
}

/** Variables passed through from the simulator's own environment, as Juju passes the agent's. */
const INHERITED_ENV = ["PATH", "HOME", "TMPDIR", "NODE_PATH"];
const OUTPUT_CAP = 4 * 1024 * 1024;

/**
 * Runs charm processes with hook-tool shims on PATH and answers their calls.
 *
 * One transport owns one temporary directory (`tools/` with a shim per hook tool, `spool/` with
 * the request FIFO) and runs one hook at a time. Each hook gets a fresh `JUJU_CONTEXT_ID`; a
 * call carrying another id (a process left over from an earlier hook) is refused, as Juju
 * refuses calls into a finished hook context. `close()` removes the directory.
 */
export class HookTransport {
  private current: { readonly contextId: string; readonly handler: ToolCallHandler; readonly calls: ToolCallLogRecord[] } | undefined;
  private closed = false;

  private constructor(
    /** The transport's temporary directory. */
    readonly root: string,
    /** Directory of tool shims that goes first on each hook's PATH. */
    readonly toolsDir: string,
    private readonly spool: ToolSpool,
    /** Tools with no shim; the probe notes calls of these. */
    private readonly absentTools: readonly string[],
  ) {}

  /** Creates the temporary directory, writes the shims and starts listening. */
  static open(options: HookTransportOptions = {}): HookTransport {
    const root = fs.mkdtempSync(path.join(options.tmpRoot ?? os.tmpdir(), "charm-sim-"));
    try {
      const toolsDir = path.join(root, "tools");
      const spoolDir = path.join(root, "spool");
      fs.mkdirSync(toolsDir);
      fs.mkdirSync(spoolDir, { mode: 0o700 });
      fs.writeFileSync(path.join(root, "absent-tool-probe.cjs"), renderAbsentToolProbe());
      for (const tool of options.tools ?? HOOK_TOOL_NAMES) {
        fs.writeFileSync(path.join(toolsDir, tool), renderShimScript(tool, options.canned?.[tool] ?? []), { mode: 0o755 });
      }
      let transport: HookTransport | undefined;
      const spool = ToolSpool.open(spoolDir, (request) => {
        if (transport === undefined) throw new Error("transport not ready");
        return transport.serve(request);
      });
      const absent = HOOK_TOOL_NAMES.filter((tool) => !(options.tools ?? HOOK_TOOL_NAMES).includes(tool));
      transport = new HookTransport(root, toolsDir, spool, absent);
      return transport;
    } catch (error) {
      fs.rmSync(root, { recursive: true, force: true });
      throw error;
    }
  }

  private async serve(request: SpoolRequest): Promise<ToolResult> {
    const hook = this.current;
    if (hook === undefined || hook.contextId !== request.contextId) {
      return { code: 1, stdout: "", stderr: `ERROR bad request: unknown context id "${request.contextId}"\n` };
    }
    const started = performance.now();
    const result = await hook.handler(request.call);
    hook.calls.push({
      cmd: request.call.cmd,
      argv: redactArgv(request.call.cmd, request.call.argv),
      stdinBytes: request.call.stdin === undefined ? 0 : Buffer.byteLength(request.call.stdin),
      code: result.code,
      durationMs: performance.now() - started,
    });
    return result;
  }

  /** Runs `<charmDir>/dispatch` to completion while serving its tool calls. */
  async runHook(launch: HookLaunch): Promise<HookProcessResult> {
    if (this.closed) throw new Error("HookTransport is closed");
    if (this.current !== undefined) throw new Error("HookTransport runs one hook at a time");
    const contextId = `sim-${randomUUID()}`;
    const calls: ToolCallLogRecord[] = [];
    this.current = { contextId, handler: launch.handler, calls };
    const started = performance.now();
    try {
      const outcome = await this.spawnDispatch(launch, contextId);
      await this.spool.drain();
      const absentToolCalls = takeAbsentToolLog(this.absentLog);
      return { ...outcome, calls, absentToolCalls, durationMs: performance.now() - started };
    } finally {
      this.current = undefined;
      this.spool.sweep();
    }
  }

  private get absentLog(): string {
    return path.join(this.root, "absent-tools.log");
  }

  private hookEnv(launch: HookLaunch, contextId: string): Record<string, string> {
    const env: Record<string, string> = {};
    for (const name of INHERITED_ENV) {
      const value = process.env[name];
      if (value !== undefined) env[name] = value;
    }
    Object.assign(env, {
      LANG: "C.UTF-8",
      DEBIAN_FRONTEND: "noninteractive",
      APT_LISTCHANGES_FRONTEND: "none",
    });
    Object.assign(env, launch.env);
    env["PATH"] = `${this.toolsDir}:${process.env["PATH"] ?? "/usr/bin:/bin"}`;
    env["JUJU_CONTEXT_ID"] = contextId;
    env["JUJU_AGENT_SOCKET_ADDRESS"] = this.spool.dir;
    env["JUJU_AGENT_SOCKET_NETWORK"] = "unix";
    if (this.absentTools.length > 0) {
      env["NODE_OPTIONS"] = `--require ${JSON.stringify(path.join(this.root, "absent-tool-probe.cjs"))}`;
      env["CHARM_SIM_ABSENT_TOOLS"] = this.absentTools.join(",");
      env["CHARM_SIM_ABSENT_LOG"] = this.absentLog;
    }
    return env;
  }

  private spawnDispatch(
    launch: HookLaunch,
    contextId: string,
  ): Promise<Pick<HookProcessResult, "code" | "signal" | "timedOut" | "stdout" | "stderr">> {
    return new Promise((resolve) => {
      const child = spawn(path.join(launch.charmDir, "dispatch"), [], {
        cwd: launch.charmDir,
        env: this.hookEnv(launch, contextId),
        stdio: ["ignore", "pipe", "pipe"],
        // Own process group, so the hook and anything it left running can be killed together.
        detached: true,
      });
      const out = { stdout: "", stderr: "" };
      child.stdout.setEncoding("utf8").on("data", (d: string) => {
        if (out.stdout.length < OUTPUT_CAP) out.stdout += d;
      });
      child.stderr.setEncoding("utf8").on("data", (d: string) => {
        if (out.stderr.length < OUTPUT_CAP) out.stderr += d;
      });
      let timedOut = false;
      const killGroup = (): void => {
        if (child.pid === undefined) return;
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // group already empty
        }
      };
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup();
      }, launch.timeoutMs ?? 120_000);
      // A hook's leftovers must not outlive it (they would keep its pipes open, too).
      child.on("exit", () => {
        killGroup();
        // A leftover that left the process group (setsid) may still hold stdout open: stop waiting for it.
        setTimeout(() => {
          child.stdout.destroy();
          child.stderr.destroy();
        }, 2000).unref();
      });
      child.on("error", (error) => {
        clearTimeout(timer);
        resolve({ code: 127, signal: null, timedOut, stdout: out.stdout, stderr: `${out.stderr}cannot run dispatch: ${error.message}\n` });
      });
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, timedOut, ...out });
      });
    });
  }

  /** Stops serving and removes the temporary directory. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.spool.close();
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
