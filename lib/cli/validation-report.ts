/**
 * The validator's findings as data (what `--format json` prints) and as text for a terminal.
 * Reports name fields and secret URIs only; databag values are never copied into them, except
 * inside codec problem messages, which quote a value only when its field cannot carry a secret.
 */
import type { DatabagSide } from "../interfaces/index.js";
import type { BagScope, SupportedInterface } from "./interface-catalog.js";
import type { Evidence } from "./relation-classifier.js";

/** One field that does not match the model, with what to do about it. */
export interface FieldFinding {
  /** Wire key, followed by a path inside JSON values, e.g. `entity-permissions[0].privileges`. */
  readonly field: string;
  /** What is wrong. */
  readonly problem: string;
  /** What to do about it. */
  readonly hint: string;
}

/** A databag key holding a Juju secret URI; the secret itself is not read. */
export interface SecretReference {
  /** Wire key, e.g. `secret-user`. */
  readonly field: string;
  /** The URI as written. */
  readonly uri: string;
}

/** The verdict on one databag. */
export interface BagReport {
  /** Who wrote it: an application name or a unit name. */
  readonly owner: string;
  /** Application or unit databag. */
  readonly scope: BagScope;
  /** The side that wrote it. */
  readonly side: DatabagSide;
  /** Name of the model it was checked against, or `undefined` when that side writes nothing there. */
  readonly model: string | undefined;
  /** True when no problem was found. */
  readonly valid: boolean;
  /** Every problem found. */
  readonly problems: readonly FieldFinding[];
  /** Secret URIs found (reported as such, never resolved). */
  readonly secretReferences: readonly SecretReference[];
  /** Keys present whose values may be credentials; their values are never shown. */
  readonly secretBearingFields: readonly string[];
  /** Remarks that are not problems: fallback mode, unknown keys, empty databags. */
  readonly notes: readonly string[];
  /** True when this is an action's printout of the provider's answer (secrets resolved), not a raw databag. */
  readonly resolved?: boolean;
}

/** The verdict on one relation (or on the single databag given as input). */
export interface RelationReport {
  /** The unit `juju show-unit` ran on; absent for a plain databag. */
  readonly unit?: string;
  /** Relation in Juju's `<endpoint>:<id>` form; absent for a plain databag. */
  readonly relation?: string;
  /** The related application's endpoint, when shown. */
  readonly relatedEndpoint?: string;
  /** What was checked when it is not a relation of show-unit output, e.g. `get-credentials result "postgresql"`. */
  readonly source?: string;
  /** The interface the databags were checked against. */
  readonly interface: SupportedInterface;
  /** How the interface was decided, e.g. `content: key "replset"`. */
  readonly interfaceEvidence: string;
  /** The side of `unit` (show-unit input) or of the databag's writer (databag input). */
  readonly side: DatabagSide;
  /** How the side was decided. */
  readonly sideEvidence: string;
  /** One report per databag. */
  readonly bags: readonly BagReport[];
}

/** A relation the validator did not check, and why. */
export interface SkippedRelation {
  /** The unit it belongs to. */
  readonly unit: string;
  /** `<endpoint>:<id>`. */
  readonly relation: string;
  /** Why it was skipped. */
  readonly reason: string;
}

/** Everything one run found. */
export interface ValidationReport {
  /** True when every checked databag is valid. */
  readonly valid: boolean;
  /** Checked relations. */
  readonly relations: readonly RelationReport[];
  /** Relations that were not database relations (or not the one asked for). */
  readonly skipped: readonly SkippedRelation[];
  /** How the input was read: its format and the wrapping that was ignored. */
  readonly read: readonly string[];
}

/** Formats how a conclusion was reached, for the report. */
export function describeEvidence(evidence: Evidence, because: string): string {
  return evidence === "flag" ? `given by ${because}` : evidence === "assumed" ? `assumed: ${because}` : `from ${because}`;
}

function renderBag(bag: BagReport): string[] {
  const what = bag.resolved === true ? `${bag.owner}: the ${bag.side}'s answer, secrets resolved by the action` : `${bag.owner} ${bag.scope === "app" ? "application" : "unit"} databag (${bag.side})`;
  const count = bag.problems.length;
  const lines = [`  ${bag.valid ? "OK     " : "INVALID"} ${what}${count > 0 ? `: ${count} problem${count > 1 ? "s" : ""}` : ""}`];
  for (const p of bag.problems) {
    lines.push(`      ${p.field}: ${p.problem}`);
    lines.push(`        hint: ${p.hint}`);
  }
  for (const ref of bag.secretReferences) lines.push(`      ${ref.field}: Juju secret ${ref.uri} (reference only, not resolved)`);
  if (bag.secretBearingFields.length > 0) lines.push(`      secret-bearing keys present (values not shown): ${bag.secretBearingFields.join(", ")}`);
  for (const note of bag.notes) lines.push(`      note: ${note}`);
  return lines;
}

/** Renders the report for a terminal. */
export function renderText(report: ValidationReport): string {
  const out: string[] = [];
  if (report.read.length > 0) out.push(`input: ${report.read.join("; ")}`);
  for (const rel of report.relations) {
    const where =
      rel.source !== undefined
        ? `${rel.source}${rel.unit === undefined ? "" : ` (unit ${rel.unit})`}`
        : rel.unit === undefined
          ? "databag"
          : `${rel.unit} relation ${rel.relation ?? "?"}${rel.relatedEndpoint === undefined ? "" : ` (related endpoint ${rel.relatedEndpoint})`}`;
    out.push(`${where}`);
    out.push(`  interface ${rel.interface} (${rel.interfaceEvidence})`);
    out.push(`  ${rel.unit === undefined || rel.source !== undefined ? "written by the" : "this unit is the"} ${rel.side} (${rel.sideEvidence})`);
    for (const bag of rel.bags) out.push(...renderBag(bag));
  }
  for (const s of report.skipped) out.push(`skipped ${s.unit} relation ${s.relation}: ${s.reason}`);
  const bags = report.relations.flatMap((r) => r.bags);
  const problems = bags.reduce((n, b) => n + b.problems.length, 0);
  out.push(
    `${report.valid ? "valid" : "problems found"}: ${report.relations.length} relation${report.relations.length === 1 ? "" : "s"}, ${bags.length} databag${bags.length === 1 ? "" : "s"}, ${problems} problem${problems === 1 ? "" : "s"}`,
  );
  return `${out.join("\n")}\n`;
}
