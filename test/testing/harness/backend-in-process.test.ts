import { HookToolBackend } from "../../../lib/ops/index.js";
import { HookSession, sessionRunner } from "../../../lib/testing/index.js";
import { describeBackendBehaviour } from "../backend-behaviour.js";

describeBackendBehaviour("HookToolBackend over an in-process HookSession", (model, unit, hook) => {
  const session = new HookSession(model, unit, hook);
  return {
    backend: new HookToolBackend(sessionRunner(session)),
    commit: () => void session.commit(),
    discard: () => session.discard(),
  };
});
