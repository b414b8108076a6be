/**
 * Object literals with optional properties under `exactOptionalPropertyTypes`: a property whose
 * value is undefined is left out, never set to undefined.
 */

/** `T` with every property that may be undefined made optional, without the undefined. */
export type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** The entries of `fields` whose value is not undefined, e.g. `{ ...defined({ label, revision }) }`. */
export function defined<T extends object>(fields: T): Defined<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out as Defined<T>;
}
