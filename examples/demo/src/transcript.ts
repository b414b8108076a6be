/**
 * What the user sees while the demo runs: numbered steps, one line each, ✓ or ✗, in sections;
 * and the detail log beside it. Every text goes through the {@link SecretMask}: the terminal
 * shows a secret only when the user asked for it ({@link TranscriptOptions.revealSecrets}), the
 * log never does.
 */
import type { SecretMask } from "./secret-mask.js";

/** Where text goes (`process.stdout` fits, so does an in-memory collector). */
export interface TextSink {
  write(text: string): void;
}

/** How a {@link Transcript} writes. */
export interface TranscriptOptions {
  /** The terminal (or what stands for it). */
  readonly out: TextSink;
  /** The detail log. */
  readonly log: TextSink;
  readonly mask: SecretMask;
  /** Print a step's title while it runs and overwrite the line when it ends (a TTY). Default false. */
  readonly live?: boolean;
  /** Show secret values in {@link StepContext.show} blocks on `out` (never in the log). Default false. */
  readonly revealSecrets?: boolean;
  /** Milliseconds clock; default `Date.now`. */
  readonly now?: () => number;
}

/** What a running step can do besides succeeding or throwing. */
export interface StepContext {
  /** The short result printed after the title (`relation 3`, `active`). */
  summary(text: string): void;
  /** A detail line for the log only. */
  detail(text: string): void;
  /** Lines printed under the step line (indented), e.g. an action's output. */
  show(lines: readonly string[]): void;
}

/** A check that did not hold: the message says what was expected and what was found. */
export class DemoCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DemoCheckError";
  }
}

/** Throws {@link DemoCheckError} with `message` unless `condition` holds. */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new DemoCheckError(message);
}

/** A step that failed: its number and title, and the reason. */
export class DemoStepError extends Error {
  constructor(
    readonly step: number,
    readonly title: string,
    readonly reason: string,
  ) {
    super(`step ${step} (${title}) failed: ${reason}`);
    this.name = "DemoStepError";
  }
}

/** Numbered steps on the terminal, details in the log. */
export class Transcript {
  private count = 0;
  private quiet = false;
  private readonly now: () => number;

  constructor(private readonly options: TranscriptOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Steps run so far (including a failed one). */
  get steps(): number {
    return this.count;
  }

  /** From now on the terminal gets only {@link Transcript.line}s (a step still running after an interruption stays in the log). */
  silenceSteps(): void {
    this.quiet = true;
  }

  /** A plain line on the terminal and in the log. */
  line(text: string): void {
    this.options.out.write(this.options.mask.apply(`${text}\n`));
    this.toLog(text);
  }

  /** A section heading. */
  section(title: string): void {
    this.toOut(`\n${title}\n`);
    this.toLog(`== ${title}`);
  }

  /** A line for the log only. */
  detail(text: string): void {
    this.toLog(`     ${text}`);
  }

  /**
   * Runs one numbered step: `  n. ✓ title: summary` when `run` resolves, `  n. ✗ title: reason`
   * when it throws (then rethrown as {@link DemoStepError}).
   */
  async step<T>(title: string, run: (step: StepContext) => Promise<T>): Promise<T> {
    const n = ++this.count;
    const label = `${String(n).padStart(3)}.`;
    let summary = "";
    const shown: string[] = [];
    const context: StepContext = {
      summary: (text) => (summary = text),
      detail: (text) => this.detail(text),
      show: (lines) => shown.push(...lines),
    };
    const started = this.now();
    this.toLog(`${label} ${title} ...`);
    if (this.options.live === true) this.toOut(`${label} … ${title}`);
    const clear = this.options.live === true ? "\r\x1b[2K" : "";
    try {
      const result = await run(context);
      const seconds = ((this.now() - started) / 1000).toFixed(1);
      this.toOut(`${clear}${label} ✓ ${title}${summary === "" ? "" : `: ${summary}`}\n`);
      this.toLog(`${label} ✓ ${title}${summary === "" ? "" : `: ${summary}`} (${seconds} s)`);
      for (const text of shown) {
        this.toOut(`        ${text}\n`, true);
        this.toLog(`        ${text}`);
      }
      return result;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.toOut(`${clear}${label} ✗ ${title}: ${this.options.mask.apply(reason)}\n`);
      this.toLog(`${label} ✗ ${title}: ${reason}`);
      if (error instanceof Error && !(error instanceof DemoCheckError) && error.stack !== undefined) this.toLog(error.stack);
      throw new DemoStepError(n, title, this.options.mask.apply(reason));
    }
  }

  private toOut(text: string, mayReveal = false): void {
    if (this.quiet) return;
    this.options.out.write(mayReveal && this.options.revealSecrets === true ? text : this.options.mask.apply(text));
  }

  private toLog(text: string): void {
    this.options.log.write(`${this.options.mask.apply(text)}\n`);
  }
}
