// Issue 9 point 1 (and 5): malformed and hostile provider inputs on the Context/State harness,
// with credentials in secrets (Juju 3.6) and in the databag (Juju 2.9). For every row: the hook
// succeeds, no event fires, the charm gets a typed problem naming relation and field, the log
// says what was wrong without any secret, and the unit status is left to the charm.
import { ProviderDataError, ProviderSecretUnavailableError } from "../../lib/requires/index.js";
import { Context, relation, secret, state, type Secret } from "../../lib/testing/index.js";
import { INPUT_ROWS, PASSWORD, ROTATED_PASSWORD, type CredentialMode, type Expectation, type InputRow } from "./provider-inputs.js";
import { observed, resetObservation, REQUIRER_METADATA, RequirerCharm } from "./requirer-charm.js";
import { recordReliabilityNumbers } from "./reliability-numbers.js";

const JUJU: Record<CredentialMode, string> = { secrets: "3.6.4", databag: "2.9.49" };

interface Outcome {
  readonly row: InputRow;
  readonly mode: CredentialMode;
  readonly expect: Expectation;
}

function cases(): Outcome[] {
  const out: Outcome[] = [];
  for (const mode of ["secrets", "databag"] as const) {
    for (const row of INPUT_ROWS) {
      if (row.build(mode) === undefined) continue;
      out.push({ row, mode, expect: typeof row.expect === "function" ? row.expect(mode) : row.expect });
    }
  }
  return out;
}

const CASES = cases();
const SECRET_VALUES = [PASSWORD, ROTATED_PASSWORD];

async function runRow(c: Outcome): Promise<Context<typeof RequirerCharm>> {
  const side = c.row.build(c.mode);
  if (side === undefined) throw new Error("row not applicable");
  const secrets: Secret[] = Object.entries(side.secrets).map(([id, content]) => secret({ id, trackedContent: content }));
  const rel = relation({
    id: 1,
    endpoint: "database",
    remoteApp: "postgresql",
    localAppData: { database: "myappdb" },
    remoteAppData: side.app,
    remoteUnitsData: { 0: side.unit ?? {} },
  });
  const ctx = new Context(RequirerCharm, { metadata: REQUIRER_METADATA, jujuVersion: JUJU[c.mode] });
  resetObservation();
  await ctx.run(ctx.on.relationChanged(rel), state({ leader: true, relations: [rel], secrets }));
  return ctx;
}

describe.each(CASES.map((c) => [`${c.mode}: ${c.row.name}`, c] as const))("%s", (_title, c) => {
  test("hook succeeds, no event, typed problem, secret-free log, status left to the charm", async () => {
    const ctx = await runRow(c);
    expect(ctx.error).toBeUndefined();
    // No event with (or about) the invalid data; without credentials no creation event.
    if ("incomplete" in c.expect) expect(observed.events.filter((e) => e.name === "databaseCreated" || e.name === "credentialsRotated")).toEqual([]);
    else expect(observed.events).toEqual([]);
    // The library never sets a status; it suggests one.
    expect(ctx.unitStatusHistory).toEqual([]);
    const texts = [...ctx.logLines(), ...observed.problems.map((p) => p.message), observed.suggested?.message ?? "", ctx.stderr];
    for (const value of SECRET_VALUES) for (const t of texts) expect(t).not.toContain(value);
    for (const t of [...ctx.logLines(), ...observed.problems.map((p) => p.message)]) expect(t.length).toBeLessThan(1000);

    if ("ignored" in c.expect || "incomplete" in c.expect) {
      expect(observed.problems).toEqual([]);
      expect(observed.suggested?.name).toBe("waiting");
      return;
    }
    const fieldName = "problem" in c.expect ? c.expect.problem : c.expect.pending;
    const problem = observed.problems.find((p) => p.field === fieldName);
    expect(problem).toMatchObject({ relation: "database:1", field: fieldName });
    expect(problem?.name).toBe("pending" in c.expect ? "ProviderSecretUnavailableError" : "ProviderDataError");
    expect(observed.suggested?.name).toBe("pending" in c.expect ? "waiting" : "blocked");
    expect(observed.suggested?.message).toContain("database:1");
    if ("problem" in c.expect) expect(observed.suggested?.message).toContain(fieldName);
    const logged = ctx.logs.filter((l) => l.level === "ERROR" || l.level === "WARNING").map((l) => l.message);
    expect(logged.some((m) => m.includes("database:1") && m.includes(`"${fieldName}"`))).toBe(true);
  });
});

test("typed errors: problems are ProviderDataError instances (transient ones ProviderSecretUnavailableError)", () => {
  const transient = new ProviderSecretUnavailableError("database:1", "secret-user", "secret:abc");
  expect(transient).toBeInstanceOf(ProviderDataError);
  expect(transient.field).toBe("secret-user");
});

test("the corrected answer fires databaseCreated once after a held relation-changed", async () => {
  const row = INPUT_ROWS.find((r) => r.name === "tls is not a boolean");
  if (row === undefined) throw new Error("row missing");
  const ctx = await runRow({ row, mode: "secrets", expect: { problem: "tls" } });
  expect(observed.events).toEqual([]);
  // Provider fixes tls: the snapshot was not advanced, so databaseCreated fires now.
  const side = row.build("secrets");
  if (side === undefined) throw new Error("row not applicable");
  const secrets = Object.entries(side.secrets).map(([id, content]) => secret({ id, trackedContent: content }));
  const rel = relation({ id: 1, endpoint: "database", remoteApp: "postgresql", localAppData: { database: "myappdb" }, remoteAppData: { ...side.app, tls: "false" } });
  resetObservation();
  const out = await ctx.run(ctx.on.relationChanged(rel), state({ leader: true, relations: [rel], secrets }));
  expect(ctx.error).toBeUndefined();
  expect(observed.events.map((e) => e.name)).toEqual(["databaseCreated"]);
  expect(observed.suggested).toEqual({ name: "active", message: "" });
  resetObservation();
  const again = out.relations.find((r) => r.id === 1);
  if (again === undefined) throw new Error("relation lost");
  await ctx.run(ctx.on.relationChanged(again), out);
  expect(observed.events).toEqual([]);
});

afterAll(() => {
  const byMode = (m: CredentialMode): number => CASES.filter((c) => c.mode === m).length;
  recordReliabilityNumbers("bad-input", {
    rows: INPUT_ROWS.length,
    "cases (secrets mode)": byMode("secrets"),
    "cases (databag mode, Juju 2.9)": byMode("databag"),
    "invariants checked per case": 8,
  });
});

test("a secret granted after the data naming it: held, re-checked on the next hook, databaseCreated once", async () => {
  const row = INPUT_ROWS.find((r) => r.name === "secret-user names a secret not granted (yet)");
  if (row === undefined) throw new Error("row missing");
  const ctx = await runRow({ row, mode: "secrets", expect: { pending: "secret-user" } });
  expect(observed.events).toEqual([]);
  expect(observed.suggested?.name).toBe("waiting");
  const full = INPUT_ROWS[0]?.build("secrets");
  const granted = row.build("secrets");
  if (full === undefined || granted === undefined) throw new Error("rows not applicable");
  // The run above committed a deferred re-check; rebuild that state with the secret now granted.
  const rel = relation({ id: 1, endpoint: "database", remoteApp: "postgresql", localAppData: { database: "myappdb" }, remoteAppData: granted.app });
  const before = await ctx.run(ctx.on.relationChanged(rel), state({ leader: true, relations: [rel] }));
  expect(ctx.error).toBeUndefined();
  const userUri = granted.app["secret-user"] ?? "";
  const withGrant = { ...before, secrets: [secret({ id: userUri, trackedContent: full.secrets[userUri] ?? {} })] };
  resetObservation();
  const after = await ctx.run(ctx.on.updateStatus(), withGrant);
  expect(ctx.error).toBeUndefined();
  expect(observed.events.map((e) => [e.name, e.password])).toEqual([["databaseCreated", PASSWORD]]);
  expect(observed.suggested).toEqual({ name: "active", message: "" });
  resetObservation();
  await ctx.run(ctx.on.updateStatus(), after);
  expect(observed.events).toEqual([]);
});

test("a held relation re-checked at the start of its own relation-changed hook delivers databaseCreated once, not twice", async () => {
  const row = INPUT_ROWS.find((r) => r.name === "secret-user names a secret not granted (yet)");
  const full = INPUT_ROWS[0]?.build("secrets");
  const granted = row?.build("secrets");
  if (row === undefined || full === undefined || granted === undefined) throw new Error("rows missing");
  const ctx = new Context(RequirerCharm, { metadata: REQUIRER_METADATA, jujuVersion: JUJU.secrets });
  const rel = relation({ id: 1, endpoint: "database", remoteApp: "postgresql", localAppData: { database: "myappdb" }, remoteAppData: granted.app });
  resetObservation();
  const held = await ctx.run(ctx.on.relationChanged(rel), state({ leader: true, relations: [rel] }));
  expect(observed.events).toEqual([]);
  const userUri = granted.app["secret-user"] ?? "";
  const withGrant = { ...held, secrets: [secret({ id: userUri, trackedContent: full.secrets[userUri] ?? {} })] };
  const again = withGrant.relations.find((r) => r.id === 1);
  if (again === undefined) throw new Error("relation lost");
  resetObservation();
  await ctx.run(ctx.on.relationChanged(again), withGrant);
  expect(ctx.error).toBeUndefined();
  expect(observed.events.map((e) => e.name)).toEqual(["databaseCreated"]);
});
