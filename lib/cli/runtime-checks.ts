/**
 * The requirer runtime's own checks of provider values (size caps, control characters), applied
 * by the validator so that what it calls valid is what a charm built on this library accepts.
 * This is the only place the validator reaches into the runtime: the checks are imported, never
 * restated, and their messages are the runtime's (minus its relation prefix).
 */
import type { FieldProblem } from "../interfaces/index.js";
import { valueProblems } from "../requires/provider-answer.js";

const RELATION = "validate:0";

/** The runtime's problems with the string values of a provider-written databag or view. */
export function runtimeValueProblems(bag: Readonly<Record<string, unknown>>): FieldProblem[] {
  const strings: Record<string, string> = {};
  for (const [key, value] of Object.entries(bag)) if (typeof value === "string") strings[key] = value;
  return valueProblems(RELATION, strings).map((error) => {
    const prefix = `relation ${RELATION}, provider field "${error.field}": `;
    const text = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    // The runtime appends what the requirer does about it ("…; the provider wrote it: …"); the
    // validator gives its own hint, so only the problem itself is kept.
    const cut = text.lastIndexOf("; ");
    const problem = cut < 0 ? text : text.slice(0, cut);
    return { field: error.field, problem: `${problem} (the library's runtime check)` };
  });
}
