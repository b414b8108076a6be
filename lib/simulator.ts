/**
 * `charm-data-interfaces/simulator`: the model simulator. Applications and units run as real
 * charm processes over one fake Juju model, with Juju's hook ordering, without a controller
 * (`Simulator.open(dir)`; the same model the `charm-data-interfaces sim` command drives), plus
 * the test provider charm the package ships prebuilt (`builtinProviderDir()`).
 *
 * The one-charm, one-event harness (`Context`, `state`, ...) is `charm-data-interfaces/testing`;
 * both answer hook tools from the same fake Juju and accept the same run observers.
 */
export * from "./testing/simulator/index.js";
export { builtinProviderDir, BUILTIN_PROVIDER } from "./testing/builtin-provider.js";
export {
  observeRuns,
  type ObservedAction,
  type ObservedHarnessRun,
  type ObservedOutput,
  type ObservedRun,
  type ObservedSimulatorHook,
  type RunObserver,
} from "./testing/run-observer.js";
// Types the simulator's methods take and return, so a test can name them from this entry.
export type { ConfigOptionSpec, JsonObject, JsonValue, ModelState } from "./testing/juju/model.js";
export type { HookSpec } from "./testing/juju/hook.js";
