import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import type { ToolResult } from "../../../ops/hooktools/runner.js";
import type { ToolCall } from "./tool-call.js";

/** A request as the spool hands it over: the call plus the hook context it claims. */
export interface SpoolRequest {
  readonly contextId: string;
  readonly call: ToolCall;
}

/** Serves one request; the spool writes the result back to the waiting shim. */
export type SpoolServer = (request: SpoolRequest) => Promise<ToolResult>;

const REQUEST_LINE = /^(\d+) ([01]) (.*)$/;

/**
 * The parent side of the shim protocol (see shim-script.ts): a directory holding the
 * `requests` FIFO, read without blocking the event loop, plus the per-call files the shims write.
 * Requests are served strictly one after another, in arrival order.
 */
export class ToolSpool {
  private readonly socket: net.Socket;
  private buffered = "";
  private queue: Promise<void> = Promise.resolve();
  /** Response FIFOs being written; unblocked by `releaseStalled` if their shim died. */
  private readonly pendingOut = new Set<string>();

  private constructor(
    /** The spool directory (what `JUJU_AGENT_SOCKET_ADDRESS` names). */
    readonly dir: string,
    private readonly serve: SpoolServer,
  ) {
    const fifo = path.join(dir, "requests");
    execFileSync("mkfifo", ["-m", "600", fifo]);
    // Opened read-write so the FIFO never reports EOF when the last shim closes it.
    const fd = fs.openSync(fifo, fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
    this.socket = new net.Socket({ fd, readable: true, writable: false });
    this.socket.setEncoding("utf8");
    this.socket.on("data", (chunk: string) => this.onData(chunk));
  }

  /** Creates the spool in `dir` (which must exist and be empty) and starts serving. */
  static open(dir: string, serve: SpoolServer): ToolSpool {
    return new ToolSpool(dir, serve);
  }

  private onData(chunk: string): void {
    this.buffered += chunk;
    for (let nl = this.buffered.indexOf("\n"); nl >= 0; nl = this.buffered.indexOf("\n")) {
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + 1);
      const match = REQUEST_LINE.exec(line);
      if (match === null) continue; // not from a shim: ignore rather than crash the simulator
      const [, pid = "", hasStdin, contextId = ""] = match;
      this.queue = this.queue.then(() => this.handle(pid, hasStdin === "1", contextId));
    }
  }

  private async handle(pid: string, hasStdin: boolean, contextId: string): Promise<void> {
    const base = path.join(this.dir, pid);
    let result: ToolResult;
    try {
      const raw = fs.readFileSync(`${base}.argv`, "utf8");
      fs.rmSync(`${base}.argv`, { force: true });
      const parts = raw.split("\0");
      parts.pop(); // every element, the last included, ends with NUL
      let stdin: string | undefined;
      if (hasStdin) {
        stdin = fs.readFileSync(`${base}.in`, "utf8");
        fs.rmSync(`${base}.in`, { force: true });
      }
      const [cmd = "", ...argv] = parts;
      result = await this.serve({ contextId, call: { cmd, argv, stdin } });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      result = { code: 1, stdout: "", stderr: `ERROR simulator failed to serve the call: ${reason}\n` };
    }
    await this.respond(base, result);
  }

  private async respond(base: string, result: ToolResult): Promise<void> {
    if (result.stderr === "") fs.rmSync(`${base}.err`, { force: true });
    else fs.writeFileSync(`${base}.err`, result.stderr);
    const out = `${base}.out`;
    this.pendingOut.add(out);
    try {
      // Blocks (in libuv's pool) until the shim opens its end, which it does right after asking.
      const handle = await fs.promises.open(out, "w");
      try {
        await handle.write(`${result.code} ${result.stdout === "" ? 0 : 1}\n${result.stdout}`);
      } finally {
        await handle.close();
      }
    } catch {
      // The shim is gone (killed mid-call); nothing is waiting for the answer.
    } finally {
      this.pendingOut.delete(out);
      fs.rmSync(out, { force: true });
    }
  }

  /**
   * Unblocks responses whose shim died before reading them (opening the FIFO's read end lets
   * the pending writer through), then waits until every queued request is done.
   */
  async drain(): Promise<void> {
    for (const out of this.pendingOut) {
      try {
        const fd = fs.openSync(out, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
        setTimeout(() => fs.closeSync(fd), 50);
      } catch {
        // already gone
      }
    }
    await this.queue;
  }

  /** Removes per-call leftovers (stderr files of finished calls, files of killed shims). */
  sweep(): void {
    for (const name of fs.readdirSync(this.dir)) {
      if (name !== "requests") fs.rmSync(path.join(this.dir, name), { force: true });
    }
  }

  /** Stops listening; the directory itself is removed by the owner. */
  close(): void {
    this.socket.destroy();
  }
}
