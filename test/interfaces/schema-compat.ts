/**
 * Field-by-field comparison of one of our wire schemas with a published charm-relation-interfaces
 * schema: for every property the published schema lists, the type, and the enum / pattern when the
 * published schema states one. Published `anyOf [X, null]` is pydantic's optional field; in a
 * databag "null" is a missing key, so only X is compared.
 *
 * One lift is allowed and reported: where the published schema types a value as non-string (an
 * array for `requested-secrets`), it describes the JSON-decoded value (J-01); our wire schema must
 * then say "a string holding JSON" whose `contentSchema` is compatible with the published type.
 */

type Node = { [keyword: string]: unknown };

/** One property whose types disagree. */
export interface Incompatibility {
  /** Path of the property, e.g. `app/extra-user-roles` or `app/requested-secrets(content)/items`. */
  readonly path: string;
  /** What disagrees. */
  readonly problem: string;
}

/** Result of comparing one part (`app` or `unit`) of two documents. */
export interface PartComparison {
  /** Published properties missing from ours. */
  readonly missing: string[];
  /** Type, enum or pattern disagreements. */
  readonly incompatible: Incompatibility[];
  /** Properties our schema carries as JSON text where the published schema types the decoded value. */
  readonly jsonLifted: string[];
  /** Required in ours, not in the published schema (we would refuse bags it accepts). */
  readonly requiredOnlyInOurs: string[];
  /** Required in the published schema, not in ours (documented relaxations). */
  readonly requiredOnlyInPublished: string[];
}

function resolve(doc: Node, node: Node): Node {
  let current = node;
  for (let hops = 0; typeof current["$ref"] === "string" && hops < 10; hops++) {
    const name = (current["$ref"] as string).replace("#/$defs/", "");
    current = ((doc["$defs"] as Record<string, Node> | undefined) ?? {})[name] ?? {};
  }
  return current;
}

/** The alternatives of a property other than `null`, each resolved. */
function nonNull(doc: Node, node: Node): Node[] {
  const resolved = resolve(doc, node);
  const options = Array.isArray(resolved["anyOf"]) ? (resolved["anyOf"] as Node[]) : [resolved];
  return options.map((o) => resolve(doc, o)).filter((o) => o["type"] !== "null");
}

function typeOf(node: Node): string | undefined {
  return typeof node["type"] === "string" ? node["type"] : undefined;
}

/** Compares one of our (resolved) schemas with one published alternative. */
function compareNode(ourDoc: Node, ours: Node, pubDoc: Node, published: Node, path: string, out: Incompatibility[]): void {
  const pubOptions = nonNull(pubDoc, published);
  const ourOptions = nonNull(ourDoc, ours);
  if (pubOptions.length !== 1 || ourOptions.length !== 1) {
    out.push({ path, problem: `cannot compare ${ourOptions.length} alternatives with ${pubOptions.length}` });
    return;
  }
  const [p, o] = [pubOptions[0] as Node, ourOptions[0] as Node];
  const [pt, ot] = [typeOf(p), typeOf(o)];
  if (pt !== undefined && pt !== ot && !(pt === "number" && ot === "integer")) {
    out.push({ path, problem: `published type ${pt}, ours ${ot ?? "(none)"}` });
    return;
  }
  const pubEnum = Array.isArray(p["enum"]) ? (p["enum"] as unknown[]) : "const" in p ? [p["const"]] : undefined;
  if (pubEnum !== undefined) {
    const ourEnum = Array.isArray(o["enum"]) ? (o["enum"] as unknown[]) : "const" in o ? [o["const"]] : undefined;
    const extra = ourEnum === undefined ? ["(any value)"] : ourEnum.filter((v) => !pubEnum.some((e) => JSON.stringify(e) === JSON.stringify(v)));
    if (extra.length > 0) out.push({ path, problem: `published enum ${JSON.stringify(pubEnum)}, ours also allows ${JSON.stringify(extra)}` });
  }
  // Regular-expression inclusion is not decidable here: a stated pattern must be repeated exactly.
  if (typeof p["pattern"] === "string" && o["pattern"] !== p["pattern"]) {
    out.push({ path, problem: `published pattern ${String(p["pattern"])}, ours ${typeof o["pattern"] === "string" ? o["pattern"] : "(none)"}` });
  }
  if (pt === "array" && p["items"] !== undefined) {
    compareNode(ourDoc, (o["items"] ?? {}) as Node, pubDoc, p["items"] as Node, `${path}/items`, out);
  }
  if (pt === "object") {
    const ourProps = (o["properties"] ?? {}) as Record<string, Node>;
    for (const [key, sub] of Object.entries((p["properties"] ?? {}) as Record<string, Node>)) {
      const mine = ourProps[key];
      if (mine === undefined) out.push({ path: `${path}/${key}`, problem: "missing from ours" });
      else compareNode(ourDoc, mine, pubDoc, sub, `${path}/${key}`, out);
    }
  }
}

function partOf(doc: Node, part: "app" | "unit"): Node {
  const props = (doc["properties"] ?? {}) as Record<string, Node>;
  const node = props[part];
  if (node === undefined) return {};
  return nonNull(doc, node)[0] ?? {};
}

/** Compares the `app` or `unit` part of our wire schema with the published one. */
export function comparePart(ourDoc: unknown, publishedDoc: unknown, part: "app" | "unit"): PartComparison {
  const [od, pd] = [ourDoc as Node, publishedDoc as Node];
  const [ours, published] = [partOf(od, part), partOf(pd, part)];
  const ourProps = (ours["properties"] ?? {}) as Record<string, Node>;
  const result: PartComparison = { missing: [], incompatible: [], jsonLifted: [], requiredOnlyInOurs: [], requiredOnlyInPublished: [] };
  for (const [key, pub] of Object.entries((published["properties"] ?? {}) as Record<string, Node>)) {
    const mine = ourProps[key];
    if (mine === undefined) {
      result.missing.push(key);
      continue;
    }
    const ourNode = resolve(od, mine);
    const pubType = typeOf(nonNull(pd, pub)[0] ?? {});
    const lifted = pubType !== undefined && pubType !== "string" && ourNode["type"] === "string";
    if (lifted) {
      if (ourNode["contentMediaType"] !== "application/json" || ourNode["contentSchema"] === undefined) {
        result.incompatible.push({ path: `${part}/${key}`, problem: `published type ${pubType}, ours a string that is not declared as JSON` });
        continue;
      }
      result.jsonLifted.push(key);
      compareNode(od, ourNode["contentSchema"] as Node, pd, pub, `${part}/${key}(content)`, result.incompatible);
    } else {
      compareNode(od, ourNode, pd, pub, `${part}/${key}`, result.incompatible);
    }
  }
  const ourRequired = (ours["required"] ?? []) as string[];
  const pubRequired = (published["required"] ?? []) as string[];
  result.requiredOnlyInOurs.push(...ourRequired.filter((r) => !pubRequired.includes(r)));
  result.requiredOnlyInPublished.push(...pubRequired.filter((r) => !ourRequired.includes(r)).sort());
  return result;
}
