/**
 * The validator's input: the JSON printed by `juju show-unit <unit> --format=json`, or one plain
 * databag object. Parsed with zod; anything else is an {@link InputError}.
 *
 * `juju show-unit` prints an object keyed by unit name. Each unit's `relation-info` lists its
 * relations: `endpoint` (local), `related-endpoint`, `application-data` (the databag of the
 * *related* application), `local-unit.data` (this unit's databag) and `related-units`
 * (`<unit>: {in-scope, data}`, the databags of the related units).
 */
import { z } from "zod";

/** The input could not be read or is neither show-unit output nor a databag. Exit code 2. */
export class InputError extends Error {
  override readonly name = "InputError";
}

/** A databag as found in the input: keys to values (Juju always prints strings). */
export type LooseBag = Readonly<Record<string, unknown>>;

const Bag = z.record(z.string(), z.unknown());

const UnitRelationData = z.object({
  "in-scope": z.boolean().optional(),
  data: Bag.nullish(),
});

const RelationInfo = z.object({
  "relation-id": z.number().int().optional(),
  endpoint: z.string().min(1),
  "related-endpoint": z.string().optional(),
  "cross-model": z.boolean().optional(),
  "application-data": Bag.nullish(),
  "local-unit": UnitRelationData.nullish(),
  "related-units": z.record(z.string(), UnitRelationData).nullish(),
});

const UnitInfo = z.looseObject({
  leader: z.boolean().optional(),
  "relation-info": z.array(RelationInfo).nullish(),
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

/** What the input held. */
export type ValidatorInput =
  | {
      /** `juju show-unit` output. */
      readonly kind: "show-unit";
      /** Every relation of every unit shown. */
      readonly relations: readonly ShownRelation[];
    }
  | {
      /** A single databag. */
      readonly kind: "databag";
      /** Its keys and values. */
      readonly bag: LooseBag;
    };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function looksLikeShowUnit(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => UNIT_NAME.test(k) && isObject(value[k]));
}

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

/** Parses the input text; throws {@link InputError} with what to fix. */
export function parseValidatorInput(text: string, source: string): ValidatorInput {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const hint = /^\s*[A-Za-z0-9_-]+\/[0-9]+:/.test(text) ? " (this looks like YAML: run juju show-unit with --format=json)" : "";
    throw new InputError(`${source}: not valid JSON${hint}`);
  }
  if (!isObject(value)) throw new InputError(`${source}: expected a JSON object (juju show-unit output or a databag)`);
  if (!looksLikeShowUnit(value)) return { kind: "databag", bag: value };
  const relations: ShownRelation[] = [];
  for (const [unit, raw] of Object.entries(value)) {
    const info = UnitInfo.safeParse(raw, { reportInput: false });
    if (!info.success) {
      const issue = info.error.issues[0];
      const at = issue === undefined ? "" : issue.path.map(String).join(".");
      throw new InputError(`${source}: unit ${unit}: unexpected show-unit shape at "${at}": ${issue?.message ?? "invalid"}`);
    }
    relations.push(...toRelations(unit, info.data));
  }
  return { kind: "show-unit", relations };
}
