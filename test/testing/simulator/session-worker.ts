/**
 * Worker-thread entry (bundled by backend-through-processes.test.ts): holds a HookToolServer and
 * serves the tool shims' spool, so the main thread can call the real shim processes
 * synchronously (spawnSync) while this thread answers them. After every call it posts the live
 * model on `port`, so the main thread sees immediate effects (status-set, action output) at once.
 */
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import type { HookSpec } from "../../../lib/testing/juju/hook.js";
import type { ModelState } from "../../../lib/testing/juju/model.js";
import { HookToolServer } from "../../../lib/testing/juju/hook-tool-server.js";
import { ToolSpool } from "../../../lib/testing/simulator/transport/tool-spool.js";

interface WorkerInput {
  readonly model: ModelState;
  readonly unit: string;
  readonly hook: HookSpec;
  readonly spoolDir: string;
  readonly port: MessagePort;
}

const input = workerData as WorkerInput;
const session = new HookToolServer(input.model, input.unit, input.hook);
const spool = ToolSpool.open(input.spoolDir, async ({ call }) => {
  const result = session.run(call.cmd, call.argv, call.stdin);
  input.port.postMessage({ type: "model", model: input.model });
  return result;
});
input.port.on("message", (message: "commit" | "discard") => {
  let refused: string | undefined;
  if (message === "commit") refused = session.commit().failure;
  else session.discard();
  spool.close();
  input.port.postMessage({ type: "done", model: input.model, refused });
});
parentPort?.postMessage("ready");
