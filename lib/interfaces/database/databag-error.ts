/**
 * The one error type for databag content that does not match its model.
 *
 * Remote data is decoded without throwing (see {@link DecodeResult}); a {@link DatabagError}
 * is thrown by the `decodeOrThrow`/`encode` variants and carries every field problem found.
 */

/** Which side of the relation wrote the databag being decoded or encoded. */
export type DatabagSide = "requirer" | "provider";

/** One field that did not match its model. */
export interface FieldProblem {
  /** Wire key (kebab-case), followed by a path inside JSON values, e.g. `entity-permissions[0].privileges`. */
  readonly field: string;
  /** What was wrong. Secret-bearing values appear as `<redacted>`, never verbatim. */
  readonly problem: string;
}

/** Where a databag came from, used to make errors actionable. */
export interface DatabagOrigin {
  /** Relation in Juju's `<endpoint>:<id>` form, when known. */
  readonly relation?: string | undefined;
  /** The side that wrote the databag. */
  readonly side: DatabagSide;
}

/** Constructor arguments of {@link DatabagError}: one problem, or several at once. */
export interface DatabagErrorInit extends DatabagOrigin {
  /** Wire key of the (first) offending field. */
  readonly field: string;
  /** What was wrong with it. */
  readonly problem: string;
  /** Further problems found in the same databag, if any. */
  readonly more?: readonly FieldProblem[];
}

function describeProblem(origin: DatabagOrigin, p: FieldProblem): string {
  const where = origin.relation === undefined ? "" : `relation ${origin.relation}, `;
  return `${where}${origin.side} field "${p.field}": ${p.problem}`;
}

/** A databag did not match its model; the message names the relation, side and field. */
export class DatabagError extends Error {
  /** Relation in `<endpoint>:<id>` form, when known. */
  readonly relation: string | undefined;
  /** Side that wrote the databag. */
  readonly side: DatabagSide;
  /** Wire key of the first offending field. */
  readonly field: string;
  /** What was wrong with the first offending field. */
  readonly problem: string;
  /** Every problem found, the first one included. */
  readonly problems: readonly FieldProblem[];

  constructor(init: DatabagErrorInit) {
    const first: FieldProblem = { field: init.field, problem: init.problem };
    const problems = [first, ...(init.more ?? [])];
    const extra = problems.length > 1 ? `; and ${problems.slice(1).map((p) => `"${p.field}": ${p.problem}`).join("; ")}` : "";
    super(describeProblem(init, first) + extra);
    this.name = "DatabagError";
    this.relation = init.relation;
    this.side = init.side;
    this.field = first.field;
    this.problem = first.problem;
    this.problems = problems;
  }

  /** Builds the error from a non-empty list of problems. */
  static fromProblems(origin: DatabagOrigin, problems: readonly FieldProblem[]): DatabagError {
    const [first, ...rest] = problems;
    if (first === undefined) throw new RangeError("DatabagError.fromProblems needs at least one problem");
    return new DatabagError({ relation: origin.relation, side: origin.side, field: first.field, problem: first.problem, more: rest });
  }
}

/** Outcome of decoding remote data: the typed value, or every field problem found. */
export type DecodeResult<T> =
  | {
      /** The databag matched its model. */
      readonly ok: true;
      /** The typed value. */
      readonly value: T;
    }
  | {
      /** The databag did not match its model. */
      readonly ok: false;
      /** Every field problem found (never empty). */
      readonly problems: readonly FieldProblem[];
    };
