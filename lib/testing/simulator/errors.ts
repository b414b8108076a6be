/** A request the simulated model cannot honour (unknown unit, ambiguous endpoint, bad config key, ...). */
export class SimulatorError extends Error {
  override readonly name: string = "SimulatorError";
}

/** Hooks kept triggering each other past the loop bound: a charm (or pair of charms) ping-pongs. */
export class ModelNotQuietError extends SimulatorError {
  override readonly name = "ModelNotQuietError";
  constructor(
    /** How many hooks ran before the simulator gave up. */
    readonly hooksRun: number,
    /** The last hooks that ran, as `<unit> <hook>` lines, oldest first. */
    readonly lastHooks: readonly string[],
  ) {
    super(
      `the model did not settle after ${hooksRun} hooks; the charms probably keep triggering each other ` +
        `(e.g. writing relation data in every relation-changed). Last hooks:\n  ${lastHooks.join("\n  ")}`,
    );
  }
}
