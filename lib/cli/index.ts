/**
 * The package's command line as functions: `runCommand` (what the `charm-data-interfaces` bin
 * runs), the `validate` and `sim` commands, and the validator itself for use from scripts and tests.
 */
export { runCommand, USAGE } from "./run-command.js";
export { runSim, type SimIo } from "./sim/run-sim.js";
export { UsageError } from "./arguments.js";
export { runValidate, VALIDATE_USAGE, EXIT, type CommandIo } from "./validate-command.js";
export { validateInput, type ValidateOptions } from "./databag-validator.js";
export { parseValidatorInput, InputError, type ValidatorInput, type ShownRelation, type LooseBag } from "./show-unit-input.js";
export { SUPPORTED_INTERFACES, isSupportedInterface, type SupportedInterface, type BagScope } from "./interface-catalog.js";
export {
  renderText,
  type ValidationReport,
  type RelationReport,
  type BagReport,
  type FieldFinding,
  type SecretReference,
  type SkippedRelation,
} from "./validation-report.js";
