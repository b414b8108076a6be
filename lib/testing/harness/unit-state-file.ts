/**
 * The state file of a machine unit (lib/ops's `.ops-ts-state.json` in the charm directory,
 * docs/state-storage.md) for one harness run, kept in memory: lib/ops's own store reads and
 * writes it through these file operations, as it would the real file, and the run's `State`
 * is what the file holds before and after. A `State` stands for a unit past its first hook, so
 * the file always exists at the start of a run (empty when `storedState` is).
 */
import { LAGS_KEY, stateFileText, stateFileValues, type StateFiles } from "../../ops/index.js";

/** One run's state file: seeded from the input state, read back for the output state. */
export class UnitStateFile implements StateFiles {
  private text: string;
  private written = false;

  /** @param values the logical values the file holds when the run starts */
  constructor(values: Readonly<Record<string, string>>) {
    this.text = stateFileText(values);
  }

  read(): string | undefined {
    return this.text;
  }

  replace(_file: string, text: string, beforeRename?: () => void): void {
    beforeRename?.();
    this.text = text;
    this.written = true;
  }

  /** Never reached: the file the harness seeds is always readable. */
  setAside(file: string): string {
    throw new Error(`the harness's state file ${file} was found unreadable; it is written by the harness and by lib/ops alone`);
  }

  /**
   * What the file holds now, or undefined when the run did not write it. A mirrored store's list
   * of keys its controller copy lacks is left out: the harness starts each run with the copy
   * holding what the file holds.
   */
  writtenValues(): Record<string, string> | undefined {
    if (!this.written) return undefined;
    const read = stateFileValues(this.text);
    if ("values" in read) {
      const { [LAGS_KEY]: _lags, ...values } = read.values;
      return values;
    }
    throw new Error(`lib/ops wrote a state file the harness cannot read back (${read.problem})`);
  }
}
