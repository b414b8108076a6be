import { HookToolBackend } from "../../../lib/ops/index.js";
import { HookToolServer, toolServerRunner } from "../../../lib/testing/index.js";
import { describeBackendBehaviour } from "../backend-behaviour.js";

describeBackendBehaviour("HookToolBackend over an in-process HookToolServer", (model, unit, hook) => {
  const session = new HookToolServer(model, unit, hook);
  return {
    backend: new HookToolBackend(toolServerRunner(session)),
    commit: () => session.commit().failure,
    discard: () => session.discard(),
  };
});
