/**
 * How raw values are shown inside error messages. A value is quoted only when its field cannot
 * carry a credential; everything else prints as {@link REDACTED}.
 */

/** The placeholder printed instead of a secret-bearing value. */
export const REDACTED = "<redacted>";

const MAX_SHOWN = 80;

/** Renders a raw value for an error message, truncating long values. */
export function quoteValue(value: string): string {
  const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
  return JSON.stringify(shown);
}

/** A function that renders a raw value for an error message (quoted or redacted). */
export type ValueShower = (value: string) => string;

/** Picks the renderer for a field: secret-bearing fields are always redacted. */
export function showerFor(secret: boolean): ValueShower {
  return secret ? () => REDACTED : quoteValue;
}
