/**
 * The parsing core of the zod subset: a schema is a parse step for its type plus the checks
 * attached to it, run with zod's rules (a type mismatch stops the checks, a check's issue does
 * not unless it says so, a pipe stops at the first issue) and finalized into zod's issue shape.
 * Only what the library's own models use is here; docs/build.md#zod-in-a-bundle says why.
 */
import { englishMessage } from "./messages.js";

/** An issue while it is being collected: zod's fields, plus who raised it. */
export interface Issue {
  code: string;
  path?: PropertyKey[];
  message?: string;
  input?: unknown;
  inst?: Schema | Check;
  schema?: Schema;
  continue?: boolean;
  [field: string]: unknown;
}

export interface Payload {
  value: unknown;
  issues: Issue[];
  aborted?: boolean;
}

export type ErrorMap = (issue: Issue) => string | undefined;
export type Optionality = "optional" | "defaulted" | undefined;

/** A check: runs on a parsed value, pushes issues onto the payload. */
export class Check {
  constructor(
    readonly run: (payload: Payload) => void,
    readonly error?: ErrorMap,
    /** Runs even after an earlier issue, when this says so (zod's `when`, for the length checks). */
    readonly when?: (payload: Payload) => boolean,
    readonly onAttach?: (schema: Schema) => void,
  ) {}
}

/** Zod's error: the finalized issues, and as message their JSON. */
export class SubsetZodError extends Error {
  constructor(readonly issues: FinalIssue[]) {
    super(JSON.stringify(issues, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value), 2));
    this.name = "$ZodError";
  }
}

export type FinalIssue = Record<string, unknown> & { code: string; path: PropertyKey[]; message: string };
export type SafeParseResult = { success: true; data: unknown } | { success: false; readonly error: SubsetZodError };

interface SchemaParts {
  type: string;
  parse: (payload: Payload, self: Schema) => Payload;
  checks?: readonly Check[];
  error?: ErrorMap;
  /** The schema is also a check that runs first (zod's number formats: `z.int()`). */
  ownCheck?: (payload: Payload, self: Schema) => void;
  optin?: () => Optionality;
  optout?: () => "optional" | undefined;
  fields?: Record<string, unknown>;
}

export class Schema {
  readonly type: string;
  readonly error: ErrorMap | undefined;
  /** A schema that is also a check (`z.int()`) keeps the stamp of a schema it is checked within. */
  readonly checkToo: boolean;
  private readonly parts: SchemaParts;
  private readonly checks: readonly Check[];

  constructor(parts: SchemaParts) {
    this.parts = parts;
    this.type = parts.type;
    this.error = parts.error;
    const own = parts.ownCheck;
    this.checkToo = own !== undefined;
    this.checks = own === undefined ? (parts.checks ?? []) : [new Check((payload) => own(payload, this)), ...(parts.checks ?? [])];
    for (const check of parts.checks ?? []) check.onAttach?.(this);
    if (parts.fields !== undefined) Object.assign(this, parts.fields);
  }

  get optin(): Optionality {
    return this.parts.optin?.();
  }

  get optout(): "optional" | undefined {
    return this.parts.optout?.();
  }

  run(payload: Payload): Payload {
    const result = this.parts.parse(payload, this);
    if (this.checks.length === 0) return result;
    let stopped = aborted(result);
    for (const check of this.checks) {
      if (check.when !== undefined) {
        if (result.aborted === true || result.issues.some((i) => i.continue === false) || !check.when(result)) continue;
      } else if (stopped) continue;
      const before = result.issues.length;
      check.run(result);
      if (result.issues.length === before) continue;
      for (let i = before; i < result.issues.length; i++) result.issues[i]!.schema ??= this;
      if (!stopped) stopped = aborted(result, before);
    }
    return result;
  }

  check(...checks: (Check | ((payload: Payload) => void))[]): Schema {
    const added = checks.map((c) => (c instanceof Check ? c : new Check(c)));
    return new Schema({ ...this.parts, checks: [...(this.parts.checks ?? []), ...added] });
  }

  safeParse(value: unknown): SafeParseResult {
    return safeParse(this, value);
  }

  parse(value: unknown): unknown {
    const result = this.run({ value, issues: [] });
    if (result.issues.length > 0) throw new SubsetZodError(result.issues.map(finalizeIssue));
    return result.value;
  }
}

export function safeParse(schema: Schema, value: unknown): SafeParseResult {
  // A schema from elsewhere (a charm's own zod schema given to the library) parses itself.
  if (!(schema instanceof Schema)) return (schema as { safeParse(value: unknown): SafeParseResult }).safeParse(value);
  const result = schema.run({ value, issues: [] });
  if (result.issues.length === 0) return { success: true, data: result.value };
  let error: SubsetZodError | undefined;
  const issues = result.issues;
  return {
    success: false,
    get error() {
      return (error ??= new SubsetZodError(issues.map(finalizeIssue)));
    },
  };
}

/** Whether an issue from `start` on stops what follows (zod: any issue not marked `continue`). */
export function aborted(payload: Payload, start = 0): boolean {
  if (payload.aborted === true) return true;
  for (let i = start; i < payload.issues.length; i++) if (payload.issues[i]!.continue !== true) return true;
  return false;
}

export function prefixIssues(key: PropertyKey, issues: Issue[]): Issue[] {
  for (const issue of issues) (issue.path ??= []).unshift(key);
  return issues;
}

/** Zod's finalized issue: the message resolved, and `input` and the bookkeeping left out. */
export function finalizeIssue(issue: Issue): FinalIssue {
  const inst = issue.inst;
  if (inst instanceof Schema) {
    if (inst.checkToo) issue.schema ??= inst;
    else issue.schema = inst;
  }
  const owner = issue.schema !== inst ? issue.schema?.error : undefined;
  const message = issue.message ? issue.message : (inst?.error?.(issue) ?? owner?.(issue) ?? englishMessage(issue));
  const final: Record<string, unknown> = {};
  for (const key of Object.keys(issue)) {
    if (key === "inst" || key === "schema" || key === "continue" || key === "input" || key === "__proto__") continue;
    final[key] = issue[key];
  }
  final.path ??= [];
  final.message = message;
  return final as FinalIssue;
}
