/**
 * The small readers lib/interfaces offers for values the engines, the legacy requirers and the
 * CLI only compare or split (issue 16: no caller repeats a wire encoding).
 */
import fc from "fast-check";
import { commaItems, flatString, flatStrings, mongoUriText, parseEndpoints, PgsqlRequirerUnitDatabag, readCommaList, sameCommaSet } from "../../lib/interfaces/index.js";
import { commaList, flag, FLAG_ON, flagIsOn } from "../../lib/interfaces/database/field-codecs.js";

const show = (): string => "<value>";

describe("comma lists", () => {
  test("commaItems trims and keeps empty items, so the strict codecs can name their position", () => {
    expect(commaItems(" a, b ,,c ")).toEqual(["a", "b", "", "c"]);
    expect(commaItems("")).toEqual([""]);
    expect(commaList().decode("a,,b", show)).toEqual({ ok: false, problem: "expected a comma-separated list, got an empty entry at position 2" });
    expect(parseEndpoints("h:1, ,h:2")).toEqual({ ok: false, problem: "expected host:port[,host:port...], got an empty entry at position 2" });
  });

  test("readCommaList drops empty items; absent and empty text are no items (ops-lib-pgsql _csplit)", () => {
    expect(readCommaList(undefined)).toEqual([]);
    expect(readCommaList("")).toEqual([]);
    expect(readCommaList(" , ")).toEqual([]);
    expect(readCommaList("10.1.40.17/32, 10.1.40.18/32,")).toEqual(["10.1.40.17/32", "10.1.40.18/32"]);
  });

  test("readCommaList agrees with the strict codec on every list the codec accepts", () => {
    const item = fc.stringMatching(/^[a-z0-9./:]{1,8}$/);
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 5 }), (items) => {
        const raw = items.join(",");
        const strict = commaList().decode(raw, show);
        expect(strict.ok && strict.value).toEqual(readCommaList(raw));
      }),
    );
  });

  test("Juju's egress-subnets as written (CIDRs joined by a comma) decode the same strictly and leniently", () => {
    const raw = "10.1.40.17/32,10.1.40.18/32";
    expect(PgsqlRequirerUnitDatabag.decodeOrThrow({ "egress-subnets": raw }).egressSubnets).toEqual(readCommaList(raw));
  });

  test("sameCommaSet ignores order, duplicates, blanks around items and empty items", () => {
    expect(sameCommaSet("a:1,b:2", "b:2, a:1")).toBe(true);
    expect(sameCommaSet("a:1,a:1,b:2,", "b:2,a:1")).toBe(true);
    expect(sameCommaSet("a:1,b:2", "a:1")).toBe(false);
    expect(sameCommaSet("a:1", "a:2")).toBe(false);
    expect(sameCommaSet("", " , ")).toBe(true);
  });
});

describe("one flattened JSON value", () => {
  test("flatString: null and absent are no value, strings stay, anything else is its JSON text", () => {
    expect(flatString(null)).toBeUndefined();
    expect(flatString(undefined)).toBeUndefined();
    expect(flatString("x")).toBe("x");
    expect(flatString([{ code: 1 }])).toBe('[{"code":1}]');
    expect(flatString(16)).toBe("16");
  });

  test("flatStrings is flatString key by key", () => {
    const obj = { a: "x", b: null, c: [1], d: true };
    expect(flatStrings(obj)).toEqual({ a: "x", c: "[1]", d: "true" });
  });
});

describe("MongoDB uris text", () => {
  test("absent or blank is no URI; a URI is trimmed", () => {
    expect(mongoUriText(undefined)).toBeUndefined();
    expect(mongoUriText("")).toBeUndefined();
    expect(mongoUriText(" \n\t ")).toBeUndefined();
    expect(mongoUriText(" mongodb://h:27017/db \n")).toBe("mongodb://h:27017/db");
  });
});

describe("flags", () => {
  test("flagIsOn is the exact literal the flag codec writes for true", () => {
    expect(flag().encode(true)).toBe(FLAG_ON);
    expect(flagIsOn("true")).toBe(true);
    for (const off of [undefined, "", "false", "True", "TRUE", " true", "yes"]) expect(flagIsOn(off)).toBe(false);
  });
});
