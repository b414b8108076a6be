import { parseArgs, ToolFailure, type FlagSpec } from "../../../lib/testing/juju/flags.js";

const SPECS: FlagSpec[] = [
  { name: "relation", short: "r", kind: "string" },
  { name: "app", kind: "bool" },
  { name: "format", kind: "string" },
];

function failure(fn: () => unknown): ToolFailure {
  try {
    fn();
  } catch (e) {
    if (e instanceof ToolFailure) return e;
    throw e;
  }
  throw new Error("expected a ToolFailure");
}

describe("gnuflag-style argv parsing", () => {
  test("long flags take --flag value and --flag=value", () => {
    expect(parseArgs(["--format", "json"], SPECS).strings.get("format")).toBe("json");
    expect(parseArgs(["--format=json"], SPECS).strings.get("format")).toBe("json");
  });

  test("bool flags take --flag and --flag=<Go bool> including True/False", () => {
    expect(parseArgs(["--app"], SPECS).bools.get("app")).toBe(true);
    expect(parseArgs(["--app=True"], SPECS).bools.get("app")).toBe(true);
    expect(parseArgs(["--app=False"], SPECS).bools.get("app")).toBe(false);
    expect(parseArgs(["--app=0"], SPECS).bools.get("app")).toBe(false);
    const f = failure(() => parseArgs(["--app=yes"], SPECS));
    expect([f.code, f.message]).toEqual([2, 'invalid value "yes" for flag --app: parse error']);
  });

  test("short flags take a separate value or a glued one where = stays in the value", () => {
    expect(parseArgs(["-r", "db:3"], SPECS).strings.get("relation")).toBe("db:3");
    expect(parseArgs(["-r=db:3"], SPECS).strings.get("relation")).toBe("=db:3");
    expect(parseArgs(["-rdb:3"], SPECS).strings.get("relation")).toBe("db:3");
  });

  test("-- ends flag parsing; flags and positionals mix", () => {
    const args = parseArgs(["a", "--app", "b", "--", "--format", "-r"], SPECS);
    expect(args.positional).toEqual(["a", "b", "--format", "-r"]);
    expect(args.bools.get("app")).toBe(true);
    expect(args.strings.has("format")).toBe(false);
  });

  test("unknown flags and missing values fail with exit code 2", () => {
    const unknown = failure(() => parseArgs(["--nope"], SPECS));
    expect([unknown.code, unknown.message]).toEqual([2, "flag provided but not defined: --nope"]);
    const unknownShort = failure(() => parseArgs(["-x"], SPECS));
    expect(unknownShort.message).toBe("flag provided but not defined: -x");
    const missing = failure(() => parseArgs(["-r"], SPECS));
    expect([missing.code, missing.message]).toEqual([2, "flag needs an argument: -r"]);
  });

  test("a flag check failure names the flag as given", () => {
    const specs: FlagSpec[] = [{ name: "relation", short: "r", kind: "string", check: () => { throw new Error("relation not found"); } }];
    expect(failure(() => parseArgs(["-r", "9"], specs)).message).toBe('invalid value "9" for flag -r: relation not found');
    expect(failure(() => parseArgs(["--relation=9"], specs)).message).toBe('invalid value "9" for flag --relation: relation not found');
  });
});
