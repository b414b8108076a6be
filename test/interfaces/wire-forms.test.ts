/**
 * The generated wire schemas take their patterns and enums from each field's WireForm, which
 * promises they accept exactly the strings the field's decoder accepts. Checked here for every
 * field of every model, generated ones and legacy ones, over strings built from the characters
 * that matter to those encodings.
 */
import fc from "fast-check";
import {
  SCHEMA_SOURCES,
  PgsqlProviderDatabag,
  PgsqlRequirerAppDatabag,
  PgsqlRequirerUnitDatabag,
  MysqlProviderUnitDatabag,
  type BagCodec,
  type FieldSpec,
} from "../../lib/interfaces/index.js";

const codecs: BagCodec<unknown>[] = [
  ...SCHEMA_SOURCES.flatMap((s) => [s.app, s.unit, ...(s.decodedApp === undefined ? [] : [s.decodedApp])]),
  PgsqlProviderDatabag,
  PgsqlRequirerAppDatabag,
  PgsqlRequirerUnitDatabag,
  MysqlProviderUnitDatabag,
] as BagCodec<unknown>[];

// One entry per distinct wire form with a pattern or enum, with a field that carries it.
const constrained = new Map<string, [string, FieldSpec<unknown>]>();
for (const codec of codecs) {
  for (const [prop, spec] of Object.entries(codec.fields)) {
    if (spec.wire.pattern === undefined && spec.wire.enum === undefined) continue;
    const key = JSON.stringify([spec.wire.encoding, spec.wire.pattern, spec.wire.enum]);
    if (!constrained.has(key)) constrained.set(key, [`${codec.name} ${codec.wireKeyOf(prop)}`, spec]);
  }
}

const pieces = ["true", "TRUE", "False", "fals", "USER", "GROUP", "user", "secret:", "//", "/", "-", "a", "Z", "0", "1", "6", "9", "65535", "65536", "00", ",", " ", "\t", "x y", "é"];
const candidate = fc.oneof(
  fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 6 }).map((parts) => parts.join("")),
  fc.string({ minLength: 1, maxLength: 12 }),
);

test("every field kind with a pattern or enum is checked", () => {
  expect([...constrained.values()].map(([, spec]) => spec.wire.encoding).sort()).toEqual([
    "Juju secret URI",
    "comma-separated list",
    "decimal port number",
    "flag (the word true; false in any case, or no key, means off)",
    "one of a fixed set of words",
    "true or false in any case (Python providers write True/False)",
  ]);
});

test.each([...constrained.values()])("%s: the schema accepts exactly what the decoder accepts", (_name, spec) => {
  const { pattern, enum: values } = spec.wire;
  const schemaAccepts = (raw: string) =>
    (pattern === undefined || new RegExp(pattern, "u").test(raw)) && (values === undefined || values.includes(raw));
  fc.assert(
    fc.property(candidate, (raw) => {
      expect(schemaAccepts(raw)).toBe(spec.decode(raw, (v) => v).ok);
    }),
    { numRuns: 1000 },
  );
});
