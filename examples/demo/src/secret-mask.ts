/**
 * The secret values the demo has seen (passwords, the superuser password), and the one place
 * that hides them: every line the demo prints or logs goes through {@link SecretMask.apply}.
 */

/** What a hidden value is replaced with. */
export const MASK = "********";

/** Shorter values are not remembered: hiding them would mangle ordinary words. */
const MIN_SECRET_LENGTH = 8;

/** A growing set of secret values and the masking of texts that might contain them. */
export class SecretMask {
  private readonly values = new Set<string>();

  /** `onNew` hears each new value once (a test collects them to scan outputs with). */
  constructor(private readonly onNew?: (value: string) => void) {}

  /** Remembers values to hide (undefined, empty and short values are ignored). */
  add(...values: readonly (string | undefined)[]): void {
    for (const value of values) {
      if (value === undefined || value.length < MIN_SECRET_LENGTH || this.values.has(value)) continue;
      this.values.add(value);
      this.onNew?.(value);
    }
  }

  /** How many distinct values are remembered. */
  get size(): number {
    return this.values.size;
  }

  /** `text` with every remembered value replaced by {@link MASK} (longest first, so a value inside another goes too). */
  apply(text: string): string {
    let out = text;
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) out = out.split(value).join(MASK);
    return out;
  }

  /** How many remembered values occur in `text` (0 means it is clean). */
  countIn(text: string): number {
    let found = 0;
    for (const value of this.values) if (text.includes(value)) found++;
    return found;
  }
}
