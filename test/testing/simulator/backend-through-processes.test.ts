import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { build } from "esbuild";
import { createProcessRunner, HookToolBackend, type ToolRunner } from "../../../lib/ops/index.js";
import { hookEnv, type ModelState } from "../../../lib/testing/index.js";
import { HOOK_TOOL_NAMES, renderShimScript } from "../../../lib/testing/simulator/index.js";
import { describeBackendBehaviour } from "../backend-behaviour.js";

// The shared Backend suite, with every hook tool a real process: lib/ops's production
// processRunner spawns the simulator's sh shims, which a worker thread answers from a HookToolServer.

const work = fs.mkdtempSync(path.join(os.tmpdir(), "backend-processes-"));
const toolsDir = path.join(work, "tools");
fs.mkdirSync(toolsDir);
for (const tool of HOOK_TOOL_NAMES) fs.writeFileSync(path.join(toolsDir, tool), renderShimScript(tool), { mode: 0o755 });
let workerBundle: Promise<string> | undefined;
let hookCount = 0;
const live: Worker[] = [];

function bundleWorker(): Promise<string> {
  const outfile = path.join(work, "session-worker.cjs");
  workerBundle ??= build({
    entryPoints: [path.join(__dirname, "session-worker.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    outfile,
    logLevel: "error",
  }).then(() => outfile);
  return workerBundle;
}

/** Replaces `target`'s contents with `source` (the suite holds on to the model object). */
function adopt(target: ModelState, source: ModelState): void {
  for (const key of Object.keys(target)) delete (target as unknown as Record<string, unknown>)[key];
  Object.assign(target, source);
}

afterAll(async () => {
  await Promise.all(live.map((w) => w.terminate()));
  fs.rmSync(work, { recursive: true, force: true });
});

describeBackendBehaviour("HookToolBackend over real tool processes (simulator shims)", async (model, unit, hook) => {
  const bundle = await bundleWorker();
  const spoolDir = path.join(work, `spool-${++hookCount}`);
  fs.mkdirSync(spoolDir);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(bundle, { workerData: { model, unit, hook, spoolDir, port: port2 }, transferList: [port2] });
  live.push(worker);
  await new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
  });
  const env = {
    ...hookEnv(model, unit, hook),
    PATH: `${toolsDir}:${process.env["PATH"] ?? ""}`,
    JUJU_AGENT_SOCKET_ADDRESS: spoolDir,
    JUJU_CONTEXT_ID: `behaviour-${hookCount}`,
  };
  const processes = createProcessRunner({ env });
  const runner: ToolRunner = {
    run(cmd, argv, stdin) {
      const result = processes.run(cmd, argv, stdin);
      // The worker posted the live model before answering; take the newest snapshot.
      for (let m = receiveMessageOnPort(port1); m !== undefined; m = receiveMessageOnPort(port1)) {
        const message = m.message as { type: string; model: ModelState };
        adopt(model, message.model);
      }
      return result;
    },
  };
  const finish = (how: "commit" | "discard") =>
    new Promise<string | undefined>((resolve) => {
      port1.on("message", (message: { type: string; model: ModelState; refused?: string }) => {
        if (message.type !== "done") return;
        adopt(model, message.model);
        port1.close();
        void worker.terminate().then(() => {
          fs.rmSync(spoolDir, { recursive: true, force: true });
          resolve(message.refused);
        });
      });
      port1.postMessage(how);
    });
  return { backend: new HookToolBackend(runner), commit: () => finish("commit"), discard: async () => void (await finish("discard")) };
});
