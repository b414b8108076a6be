/**
 * The validator as a pure function: parsed input and options in, {@link ValidationReport} out.
 * For `juju show-unit` output every database relation of every unit is checked from both sides:
 * the related application's databag and related units' databags (written by the other side) and
 * this unit's databag (written by this side).
 */
import type { DatabagSide } from "../interfaces/index.js";
import { validateBag } from "./bag-validation.js";
import type { BagScope, SupportedInterface } from "./interface-catalog.js";
import type { CredentialsBlock } from "./action-output.js";
import { inferBagOrigin, inferInterface, inferLocalSide, interfaceOfProduct, remoteSide } from "./relation-classifier.js";
import type { LooseBag, ShownRelation, ValidatorInput } from "./show-unit-input.js";
import { describeEvidence, type BagReport, type RelationReport, type SkippedRelation, type ValidationReport } from "./validation-report.js";

/** What the user told the validator. */
export interface ValidateOptions {
  /** Only relations on this (local) endpoint. */
  readonly endpoint?: string | undefined;
  /** The interface, instead of inferring it. */
  readonly interface?: SupportedInterface | undefined;
  /** For show-unit input: the side of the unit shown; for a databag: the side that wrote it. */
  readonly side?: DatabagSide | undefined;
  /** For a databag: application or unit databag (default: application, unit for legacy mysql). */
  readonly scope?: BagScope | undefined;
}

function relationName(rel: ShownRelation): string {
  return `${rel.endpoint}:${rel.relationId ?? "?"}`;
}

function checkRelation(rel: ShownRelation, iface: SupportedInterface, interfaceEvidence: string, options: ValidateOptions): RelationReport {
  const local = inferLocalSide(rel, iface, options.side);
  const remote = remoteSide(local.value);
  const remoteApp = rel.remoteApp ?? `(application related on ${rel.relatedEndpoint ?? "the other endpoint"})`;
  const bags: BagReport[] = [
    validateBag({ owner: remoteApp, iface, side: remote, scope: "app" }, rel.remoteAppBag),
    ...Object.entries(rel.remoteUnitBags).map(([unit, bag]) => validateBag({ owner: unit, iface, side: remote, scope: "unit" }, bag)),
    validateBag({ owner: rel.unit, iface, side: local.value, scope: "unit" }, rel.localUnitBag),
  ];
  return {
    unit: rel.unit,
    relation: relationName(rel),
    ...(rel.relatedEndpoint === undefined ? {} : { relatedEndpoint: rel.relatedEndpoint }),
    interface: iface,
    interfaceEvidence,
    side: local.value,
    sideEvidence: describeEvidence(local.evidence, local.because),
    bags,
  };
}

function checkShowUnit(relations: readonly ShownRelation[], options: ValidateOptions, read: readonly string[]): ValidationReport {
  const checked: RelationReport[] = [];
  const skipped: SkippedRelation[] = [];
  for (const rel of relations) {
    if (options.endpoint !== undefined && rel.endpoint !== options.endpoint) {
      skipped.push({ unit: rel.unit, relation: relationName(rel), reason: `not on endpoint "${options.endpoint}"` });
      continue;
    }
    const ownApp = rel.unit.slice(0, rel.unit.lastIndexOf("/"));
    if (rel.remoteApp === ownApp && options.endpoint === undefined) {
      skipped.push({ unit: rel.unit, relation: relationName(rel), reason: "peer relation (pass --endpoint and --interface to check it anyway)" });
      continue;
    }
    const iface = inferInterface(rel, options.interface);
    if (iface === undefined) {
      skipped.push({ unit: rel.unit, relation: relationName(rel), reason: "not a database relation (pass --endpoint and --interface to check it anyway)" });
      continue;
    }
    checked.push(checkRelation(rel, iface.value, describeEvidence(iface.evidence, iface.because), options));
  }
  return { valid: checked.every((r) => r.bags.every((b) => b.valid)), relations: checked, skipped, read };
}

/** Each product block of an action output is the provider's answer with its secrets resolved. */
function checkCredentials(blocks: readonly CredentialsBlock[], options: ValidateOptions, read: readonly string[]): ValidationReport {
  const checked: RelationReport[] = [];
  const skipped: SkippedRelation[] = [];
  for (const block of blocks) {
    const source = `get-credentials result "${block.product}"`;
    const iface = interfaceOfProduct(block.product, block.bag, options.interface);
    if (iface === undefined) {
      skipped.push({ unit: block.unit ?? "(action output)", relation: source, reason: "not a database interface this validator checks" });
      continue;
    }
    const owner = `result "${block.product}"`;
    const bag = validateBag({ owner, iface: iface.value, side: "provider", scope: "app", resolved: true }, block.bag);
    checked.push({
      ...(block.unit === undefined ? {} : { unit: block.unit }),
      source,
      interface: iface.value,
      interfaceEvidence: describeEvidence(iface.evidence, iface.because),
      side: "provider",
      sideEvidence: "from the action output: get-credentials prints the provider's answer",
      bags: [bag],
    });
  }
  return { valid: checked.every((r) => r.bags.every((b) => b.valid)), relations: checked, skipped, read };
}

function checkDatabag(bag: LooseBag, options: ValidateOptions, read: readonly string[]): ValidationReport {
  const origin = inferBagOrigin(bag, options.interface, options.side);
  const scope: BagScope = options.scope ?? (origin.iface.value === "mysql" ? "unit" : "app");
  const report = validateBag({ owner: "(given databag)", iface: origin.iface.value, side: origin.side.value, scope }, bag);
  const relation: RelationReport = {
    interface: origin.iface.value,
    interfaceEvidence: describeEvidence(origin.iface.evidence, origin.iface.because),
    side: origin.side.value,
    sideEvidence: describeEvidence(origin.side.evidence, origin.side.because),
    bags: [report],
  };
  return { valid: report.valid, relations: [relation], skipped: [], read };
}

/** Validates the input; a report with no relations means nothing was checked. */
export function validateInput(input: ValidatorInput, options: ValidateOptions = {}): ValidationReport {
  switch (input.kind) {
    case "show-unit":
      return checkShowUnit(input.relations, options, input.read);
    case "credentials":
      return checkCredentials(input.blocks, options, input.read);
    case "databag":
      return checkDatabag(input.bag, options, input.read);
  }
}
