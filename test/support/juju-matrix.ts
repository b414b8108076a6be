// Runs harness-level suites on every Juju version of the fake Juju's matrix
// (lib/testing/juju/tool-registry.ts, JUJU_VERSION_MATRIX), and fails a test when any hook it ran
// called a hook tool that version's agent does not have (issue 13: "a test fails if any run calls
// a tool its version lacks").
//
//   onJujuMatrix("DatabaseRequires", (juju) => {
//     test("...", async () => {
//       const c = juju.context(AppCharm, { metadata });
//       ...
//     });
//   });
//
// Models without secrets (Juju 2.9) run the same tests: a suite branches on `juju.secrets` to
// give the provider's answer in plaintext, as a provider on such a model does.
import { JUJU_VERSION_MATRIX, type AbsentToolCallRecord } from "../../lib/testing/index.js";
import { compareJujuVersions } from "../../lib/testing/juju/model.js";
import { Context, secret, type ContextOptionsFor, type Secret } from "../../lib/testing/index.js";

/** One version of the matrix. */
export interface JujuCase {
  /** The release line's key in JUJU_VERSION_MATRIX ("2.9", "3.6.0", "4.0", ...). */
  readonly line: string;
  /** The agent version the Context runs ("2.9.51", ...). */
  readonly version: string;
  /** Whether the model has Juju secrets (ops JujuVersion.has_secrets: >= 3.0.3). */
  readonly secrets: boolean;
  /** A Context on this version whose every run is checked for calls to absent tools. */
  context<C>(charm: C, options: ContextOptionsFor<C>): Context<C>;
}

/** The matrix, oldest first. */
export const JUJU_CASES: readonly JujuCase[] = Object.entries(JUJU_VERSION_MATRIX).map(([line, version]) => ({
  line,
  version,
  secrets: compareJujuVersions(version, "3.0.3") >= 0,
  context<C>(charm: C, options: ContextOptionsFor<C>): Context<C> {
    return guarded(new Context(charm, { ...options, jujuVersion: version }));
  },
}));

/**
 * The provider's answer as it appears on `juju`'s model: one secret per group, named in the
 * databag by `secret-<group>` (a provider on a model with secrets), or the groups' fields in
 * plaintext (a provider on 2.9). Returns the remote app databag fields and the secrets to put
 * in the state.
 */
export function providerAnswer(juju: JujuCase, groups: Readonly<Record<string, Record<string, string> | undefined>>): { bag: Record<string, string>; secrets: Secret[] } {
  const bag: Record<string, string> = {};
  const secrets: Secret[] = [];
  for (const [group, content] of Object.entries(groups)) {
    if (content === undefined) continue;
    if (!juju.secrets) {
      Object.assign(bag, content);
      continue;
    }
    const s = secret({ trackedContent: content });
    bag[`secret-${group}`] = s.id;
    secrets.push(s);
  }
  return { bag, secrets };
}

/** The versions of the matrix whose models have secrets (for tests of secret-only hooks). */
export const JUJU_CASES_WITH_SECRETS: readonly JujuCase[] = JUJU_CASES.filter((c) => c.secrets);

// Absent-tool calls seen by guarded contexts since the current test started.
let absentCalls: AbsentToolCallRecord[] = [];

interface Runnable {
  run(...args: never[]): Promise<unknown>;
  readonly absentToolCalls: readonly AbsentToolCallRecord[];
}

/**
 * Wraps `ctx.run` so that the absent-tool calls of every run (not only the last, whose record
 * the Context keeps) are collected for the check after the test. A run that fails still counts.
 */
export function guarded<T extends Runnable>(ctx: T): T {
  const run = ctx.run.bind(ctx) as (...args: never[]) => Promise<unknown>;
  ctx.run = async (...args: never[]): Promise<unknown> => {
    try {
      return await run(...args);
    } finally {
      absentCalls.push(...ctx.absentToolCalls);
    }
  };
  return ctx;
}

/** The absent-tool calls guarded runs made since the last drain; clears the record. */
export function drainAbsentToolCalls(): AbsentToolCallRecord[] {
  const calls = absentCalls;
  absentCalls = [];
  return calls;
}

/** Registers the check: after each test, no guarded run may have called an absent tool. */
export function failOnAbsentToolCalls(): void {
  beforeEach(() => {
    drainAbsentToolCalls();
  });
  afterEach(() => {
    // toEqual([]) prints each call (tool, version, hook) when one slipped through.
    expect(drainAbsentToolCalls()).toEqual([]);
  });
}

/** `describe` of `name` once per version in `cases` (default: the whole matrix), with the absent-tool check. */
export function onJujuMatrix(name: string, body: (juju: JujuCase) => void, cases: readonly JujuCase[] = JUJU_CASES): void {
  describe.each(cases.map((c) => [c.version, c] as const))(`${name} (Juju %s)`, (_version, juju) => {
    failOnAbsentToolCalls();
    body(juju);
  });
}
