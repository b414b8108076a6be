/** The parameters an action runs with: declared defaults, then the caller's values, checked against the action's schema. */
import type { JsonObject, ModelState } from "../juju/model.js";
import { SimulatorError } from "./errors.js";

/** Fills defaults into `params` and checks required and undeclared names; throws SimulatorError naming the action and parameter. */
export function actionParams(app: NonNullable<ModelState["applications"][string]>, action: string, params: JsonObject): JsonObject {
  const spec = app.charm.actions[action];
  if (spec === undefined) throw new SimulatorError(`action "${action}" is not defined by charm "${app.charm.name}"`);
  const filled: JsonObject = {};
  for (const [name, param] of Object.entries(spec.params ?? {})) {
    if (param.default !== undefined) filled[name] = param.default;
  }
  Object.assign(filled, params);
  for (const required of spec.required ?? []) {
    if (filled[required] === undefined) throw new SimulatorError(`action "${action}": missing required parameter "${required}"`);
  }
  if (spec.additionalProperties === false) {
    for (const name of Object.keys(filled)) {
      if (spec.params?.[name] === undefined) throw new SimulatorError(`action "${action}": parameter "${name}" is not declared`);
    }
  }
  return filled;
}
