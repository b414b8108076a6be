/**
 * The validator's input, as users paste it: `juju show-unit` output in YAML (Juju's default) or
 * JSON, whole or as a fragment (the `relation-info` list or one entry of it); the output of an
 * action such as data-integrator's `get-credentials` (see action-output.ts); or one plain databag.
 * The wrapping around a paste (prompt, `juju run` preamble, `...`) is removed first
 * (paste-cleanup.ts). Parsed with zod; anything else is an {@link InputError}.
 *
 * YAML is read with the failsafe schema: every scalar stays the text Juju printed, so a databag
 * value such as `version: "14"` or `port: 5432` is read as the string it is in Juju.
 *
 * `juju show-unit` prints an object keyed by unit name. Each unit's `relation-info` lists its
 * relations: `endpoint` (local), `related-endpoint`, `application-data` (the databag of the
 * *related* application), `local-unit.data` (this unit's databag) and `related-units`
 * (`<unit>: {in-scope, data}`, the databags of the related units).
 */
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { readActionOutput, type CredentialsBlock } from "./action-output.js";
import { cleanPaste } from "./paste-cleanup.js";

/** The input could not be read or is neither show-unit output nor a databag. Exit code 2. */
export class InputError extends Error {
  override readonly name = "InputError";
}

/** A databag as found in the input: keys to values (Juju always prints strings). */
export type LooseBag = Readonly<Record<string, unknown>>;

/** YAML prints an empty map as `{}` but an absent one as an empty value, read as "". */
const emptyAsAbsent = (value: unknown): unknown => (value === "" ? undefined : value);
const Bag = z.preprocess(emptyAsAbsent, z.record(z.string(), z.unknown()).nullish());
/** Booleans and numbers arrive as text from YAML (failsafe schema) and typed from JSON. */
const Flag = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : emptyAsAbsent(v)), z.boolean().optional());
const RelationId = z.preprocess((v) => (typeof v === "string" && /^[0-9]+$/.test(v) ? Number(v) : emptyAsAbsent(v)), z.number().int().optional());

const UnitRelationData = z.object({
  "in-scope": Flag,
  data: Bag,
});

const RelationInfo = z.object({
  "relation-id": RelationId,
  endpoint: z.string().min(1),
  "related-endpoint": z.string().optional(),
  "cross-model": Flag,
  "application-data": Bag,
  "local-unit": z.preprocess(emptyAsAbsent, UnitRelationData.nullish()),
  "related-units": z.preprocess(emptyAsAbsent, z.record(z.string(), UnitRelationData).nullish()),
});

const UnitInfo = z.looseObject({
  leader: Flag,
  "relation-info": z.preprocess(emptyAsAbsent, z.array(RelationInfo).nullish()),
});

const UNIT_NAME = /^[a-z][a-z0-9-]*\/[0-9]+$/;

/** One relation of one unit, as shown by `juju show-unit`. */
export interface ShownRelation {
  /** The unit `juju show-unit` was run for. */
  readonly unit: string;
  /** Whether that unit was the leader. */
  readonly leader: boolean | undefined;
  /** Juju's relation id, when printed. */
  readonly relationId: number | undefined;
  /** The unit's endpoint. */
  readonly endpoint: string;
  /** The related application's endpoint, when printed. */
  readonly relatedEndpoint: string | undefined;
  /** Name of the related application, taken from its unit names (unknown when none is listed). */
  readonly remoteApp: string | undefined;
  /** The related application's databag. */
  readonly remoteAppBag: LooseBag;
  /** This unit's databag. */
  readonly localUnitBag: LooseBag;
  /** The related units' databags, by unit name. */
  readonly remoteUnitBags: Readonly<Record<string, LooseBag>>;
}

/** What the input held. Every kind carries `read`: how the paste was understood. */
export type ValidatorInput =
  | {
      /** `juju show-unit` output. */
      readonly kind: "show-unit";
      /** Every relation of every unit shown. */
      readonly relations: readonly ShownRelation[];
      /** How the paste was read (format, wrapping removed). */
      readonly read: readonly string[];
    }
  | {
      /** The output of an action that prints provider fields per product (get-credentials). */
      readonly kind: "credentials";
      /** One block per product key of the results. */
      readonly blocks: readonly CredentialsBlock[];
      /** Scalar results such as `ok`, never credentials. */
      readonly scalars: Readonly<Record<string, string>>;
      /** How the paste was read. */
      readonly read: readonly string[];
    }
  | {
      /** A single databag. */
      readonly kind: "databag";
      /** Its keys and values. */
      readonly bag: LooseBag;
      /** How the paste was read. */
      readonly read: readonly string[];
    };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function looksLikeShowUnit(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => UNIT_NAME.test(k) && isObject(value[k]));
}

/** Stand-in unit name for a fragment pasted without its `<unit>:` line and without a command. */
export const UNKNOWN_UNIT = "unknown-unit/0";

function appOf(unit: string): string {
  return unit.slice(0, unit.lastIndexOf("/"));
}

function toRelations(unit: string, info: z.infer<typeof UnitInfo>): ShownRelation[] {
  return (info["relation-info"] ?? []).map((rel): ShownRelation => {
    const remoteUnitBags: Record<string, LooseBag> = {};
    for (const [name, data] of Object.entries(rel["related-units"] ?? {})) remoteUnitBags[name] = data.data ?? {};
    const firstRemote = Object.keys(remoteUnitBags)[0];
    return {
      unit,
      leader: info.leader,
      relationId: rel["relation-id"],
      endpoint: rel.endpoint,
      relatedEndpoint: rel["related-endpoint"],
      remoteApp: firstRemote === undefined ? undefined : appOf(firstRemote),
      remoteAppBag: rel["application-data"] ?? {},
      localUnitBag: rel["local-unit"]?.data ?? {},
      remoteUnitBags,
    };
  });
}

function unitInfoOf(unit: string, raw: unknown, source: string): ShownRelation[] {
  const info = UnitInfo.safeParse(raw, { reportInput: false });
  if (!info.success) {
    const issue = info.error.issues[0];
    const at = issue === undefined ? "" : issue.path.map(String).join(".");
    throw new InputError(`${source}: unit ${unit}: unexpected show-unit shape at "${at}": ${issue?.message ?? "invalid"}`);
  }
  return toRelations(unit, info.data);
}

/** Reads the cleaned text as JSON, else as YAML; says which. */
function parseText(text: string, source: string): { value: unknown; format: string } {
  try {
    return { value: JSON.parse(text), format: "JSON" };
  } catch {
    // not JSON: YAML is Juju's default output format
  }
  try {
    return { value: parseYaml(text, { schema: "failsafe", prettyErrors: true }), format: "YAML" };
  } catch (error) {
    const detail = error instanceof Error ? (error.message.split("\n")[0] ?? "") : "";
    throw new InputError(
      `${source}: neither JSON nor YAML (${detail}); paste the whole output of juju show-unit <unit>, of the get-credentials action, or one databag`,
    );
  }
}

/** Parses the input text; throws {@link InputError} with what to fix. */
export function parseValidatorInput(text: string, source: string): ValidatorInput {
  const paste = cleanPaste(text);
  if (paste.text === "") throw new InputError(`${source}: empty input; paste the output of juju show-unit <unit> or of the get-credentials action`);
  const { value, format } = parseText(paste.text, source);
  const read = [`read as ${format}`, ...paste.removed.map((r) => `ignored ${r}`)];
  const fragmentUnit = paste.unitHint ?? UNKNOWN_UNIT;
  const fragmentNote = paste.unitHint === undefined ? `the paste names no unit: "${UNKNOWN_UNIT}" stands for it` : `unit ${paste.unitHint} taken from the pasted command`;
  if (Array.isArray(value)) {
    // The `relation-info` list (or part of it) pasted on its own.
    return { kind: "show-unit", relations: unitInfoOf(fragmentUnit, { "relation-info": value }, source), read: [...read, "show-unit relation-info fragment", fragmentNote] };
  }
  if (!isObject(value)) throw new InputError(`${source}: expected a map (juju show-unit output, action output or a databag), got a ${typeof value === "string" ? "line of text" : typeof value}`);
  const action = readActionOutput(value, paste.unitHint);
  if (action !== undefined) {
    if (action.blocks.length === 0) {
      // Only the outcome is quoted: other scalar results of an action may be credentials.
      const outcome = ["ok", "Code", "return-code"].filter((k) => action.scalars[k] !== undefined).map((k) => `${k}: ${action.scalars[k] ?? ""}`);
      throw new InputError(
        `${source}: the action output holds no credentials (${outcome.join(", ") || "no results"}); run get-credentials once the data-integrator is related and active`,
      );
    }
    return { kind: "credentials", blocks: action.blocks, scalars: action.scalars, read: [...read, action.format] };
  }
  if (looksLikeShowUnit(value)) {
    const relations = Object.entries(value).flatMap(([unit, raw]) => unitInfoOf(unit, raw, source));
    return { kind: "show-unit", relations, read: [...read, "juju show-unit output"] };
  }
  if ("relation-info" in value) {
    return { kind: "show-unit", relations: unitInfoOf(fragmentUnit, value, source), read: [...read, "show-unit fragment without the unit line", fragmentNote] };
  }
  if ("endpoint" in value && ("application-data" in value || "related-units" in value || "local-unit" in value)) {
    return { kind: "show-unit", relations: unitInfoOf(fragmentUnit, { "relation-info": [value] }, source), read: [...read, "one relation-info entry", fragmentNote] };
  }
  const nested = Object.keys(value).filter((k) => isObject(value[k]));
  if (nested.length > 0) {
    // A databag holds strings only; maps inside mean some other output (e.g. juju status).
    const keys = Object.keys(value).slice(0, 6).join(", ");
    throw new InputError(
      `${source}: not show-unit output, an action output or a databag (top-level keys ${keys}; ${nested.map((k) => `"${k}"`).join(", ")} ${nested.length === 1 ? "holds" : "hold"} a map); paste the output of juju show-unit <unit> or of the get-credentials action`,
    );
  }
  return { kind: "databag", bag: value, read: [...read, "one databag"] };
}
