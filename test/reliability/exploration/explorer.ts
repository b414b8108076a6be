// Exhaustive exploration of hook orders: a depth-first walk over every enabled step, merging
// orders that reach the same world (same model, same Juju bookkeeping, same deliveries so far:
// their futures are identical), so every legal order is covered while each distinct world runs
// its hooks once. Each final world runs the end of the story (update-status, relation-broken)
// and is checked against the invariants.
import { PASSWORD, ROTATED_PASSWORD } from "../provider-inputs.js";
import { JUJU_VERSIONS } from "../../../lib/testing/juju/tool-registry.js";
import { compareJujuVersions } from "../../../lib/testing/index.js";
import { applyStep, changesPassword, ENDPOINTS, MOVED_ENDPOINTS, describeStep, enabledSteps, finish, initialWorld, UNITS, type HookCounters, type Scenario, type World } from "./world.js";

/** One broken invariant, with an order that breaks it. */
export interface Violation {
  readonly scenario: string;
  readonly invariant: string;
  readonly detail: string;
  readonly order: string;
}

/** What an exploration did. */
export interface ExplorationReport {
  readonly scenario: string;
  /** Complete hook orders covered (paths from the start to an end). */
  readonly orders: number;
  /** Distinct worlds visited. */
  readonly worlds: number;
  /** Distinct final worlds, each run to the end and checked. */
  readonly finals: number;
  /** Invariant checks evaluated (per final world and unit). */
  readonly invariantChecks: number;
  readonly hooks: number;
  readonly failedHooks: number;
  /** Final worlds in which a unit deferred an event (and got it re-delivered). */
  readonly finalsWithDeferral: number;
  /** Final worlds in which Juju dropped a queued secret-changed (the unit had refreshed meanwhile; 4.0 only). */
  readonly finalsWithDroppedSecretChanged: number;
  /** Final worlds in which the scripted transient tool failure fired. */
  readonly finalsWithToolFailure: number;
  readonly violations: readonly Violation[];
}

/** The invariants, by name (printed and recorded in test/RELIABILITY.md). */
export const INVARIANTS = [
  "databaseCreated exactly once per relation per unit",
  "every databaseCreated/credentialsRotated carries a password",
  "credentialsRotated exactly once per revision newer than the one databaseCreated carried",
  "passwords delivered in revision order, never twice, ending at the latest",
  "all units converge: responses() gives every unit the latest password",
  "nothing deferred is lost: each deferred event is delivered later and the queue ends empty",
  "databaseRemoved exactly once per unit, and only after databaseCreated",
  "only the scripted failures fail a hook (the handler's, the transient tool failure's), and each is re-run",
  "the suggested status ends active on every unit",
  "no relation-databag write unless the request changed",
  "no call of a hook tool the Juju version lacks",
  "endpointsChanged once per change of endpoints (once after a move the unit first saw before it, else never); readOnlyEndpointsChanged and tlsChanged never (their fields never change here)",
] as const;

/** Explores every order of `scenario`; stops early after `maxWorlds` distinct worlds. */
export async function explore(scenario: Scenario, options: { maxWorlds?: number } = {}): Promise<ExplorationReport> {
  const counters: HookCounters = { hooks: 0, failedHooks: 0 };
  const memo = new Map<string, number>();
  const violations: Violation[] = [];
  let finals = 0;
  let checks = 0;
  let withDeferral = 0;
  let withDropped = 0;
  let withToolFailure = 0;
  const maxWorlds = options.maxWorlds ?? Number.POSITIVE_INFINITY;

  const check = async (w: World, order: string): Promise<void> => {
    finals += 1;
    const end = await finish(scenario, w, counters);
    const latest = changesPassword(scenario.change) ? ROTATED_PASSWORD : PASSWORD;
    const fail = (invariant: string, detail: string): void => {
      if (violations.length < 20) violations.push({ scenario: scenario.name, invariant, detail, order });
    };
    if (UNITS.some((unit) => w.units[unit].seen.some((e) => e.deferred))) withDeferral += 1;
    // A secret-changed still queued at the end was never enabled: the version's rule dropped it.
    if (UNITS.some((unit) => w.units[unit].secretChanged)) withDropped += 1;
    if (scenario.transient !== "none" && !w.faultArmed) withToolFailure += 1;
    for (const unit of UNITS) {
      const u = w.units[unit];
      const delivered = u.seen.filter((e) => !e.deferred);
      const created = delivered.filter((e) => e.name === "databaseCreated");
      const rotated = delivered.filter((e) => e.name === "credentialsRotated");
      const removed = delivered.filter((e) => e.name === "databaseRemoved");
      checks += INVARIANTS.length;
      if (created.length !== 1) fail(INVARIANTS[0], `${unit}: ${created.length} databaseCreated`);
      const credentialEvents = delivered.filter((e) => e.name === "databaseCreated" || e.name === "credentialsRotated");
      if (credentialEvents.some((e) => e.password === undefined)) fail(INVARIANTS[1], `${unit}: an event without a password`);
      const first = created[0]?.password;
      const expectedRotations = changesPassword(scenario.change) && first === PASSWORD ? 1 : 0;
      if (rotated.length !== expectedRotations) fail(INVARIANTS[2], `${unit}: ${rotated.length} credentialsRotated, expected ${expectedRotations}`);
      const passwords = credentialEvents.map((e) => e.password);
      const order2 = [PASSWORD, ROTATED_PASSWORD];
      const ranks = passwords.map((p) => order2.indexOf(p ?? ""));
      const increasing = ranks.every((r, i) => r >= 0 && (i === 0 || r > (ranks[i - 1] ?? -1)));
      if (!increasing || passwords[passwords.length - 1] !== latest) fail(INVARIANTS[3], `${unit}: delivered ${passwords.map((p) => (p === PASSWORD ? "rev1" : p === ROTATED_PASSWORD ? "rev2" : String(p))).join(",")}`);
      if (end.responses[unit] !== latest) fail(INVARIANTS[4], `${unit}: responses() has ${end.responses[unit] === PASSWORD ? "rev1" : String(end.responses[unit] === undefined ? "nothing" : "another value")}`);
      const deferred = u.seen.filter((e) => e.deferred);
      const lost = deferred.some((d) => !delivered.some((e) => e.name === d.name));
      if (lost || end.deferredLeft[unit] !== 0) fail(INVARIANTS[5], `${unit}: ${deferred.length} deferred, ${end.deferredLeft[unit]} left queued`);
      const removedAt = delivered.findIndex((e) => e.name === "databaseRemoved");
      const createdAt = delivered.findIndex((e) => e.name === "databaseCreated");
      if (removed.length !== 1 || createdAt < 0 || removedAt < createdAt) fail(INVARIANTS[6], `${unit}: ${removed.length} databaseRemoved, at ${removedAt}, databaseCreated at ${createdAt}`);
      const expectedFailures = (scenario.failOnce && unit === "myapp/1" ? 1 : 0) + u.faultFailures;
      if (u.failures !== expectedFailures) fail(INVARIANTS[7], `${unit}: ${u.failures} failed hooks`);
      if (end.suggested[unit] !== "active") fail(INVARIANTS[8], `${unit}: ${end.suggested[unit]}`);
      if (u.bagWrites !== 0) fail(INVARIANTS[9], `${unit}: ${u.bagWrites} hooks wrote its relation databags`);
      if (u.absentToolCalls !== 0) fail(INVARIANTS[10], `${unit}: ${u.absentToolCalls} calls of tools Juju ${scenario.jujuVersion} lacks`);
      const others = delivered.filter((e) => e.name === "readOnlyEndpointsChanged" || e.name === "tlsChanged");
      const moved = delivered.filter((e) => e.name === "endpointsChanged");
      const expectedMoves = scenario.change === "rotate-move" && created[0]?.endpoints === ENDPOINTS ? 1 : 0;
      const lastEndpoints = [...delivered].reverse().find((e) => e.endpoints !== undefined)?.endpoints;
      const endpointsEnd = scenario.change === "rotate-move" ? MOVED_ENDPOINTS : ENDPOINTS;
      if (others.length !== 0 || moved.length !== expectedMoves || lastEndpoints !== endpointsEnd) fail(INVARIANTS[11], `${unit}: ${moved.length} endpointsChanged (expected ${expectedMoves}), ${others.map((e) => e.name).join(",")}, last endpoints ${String(lastEndpoints)}`);
    }
  };

  const walk = async (w: World, path: string[]): Promise<number> => {
    const key = JSON.stringify(w);
    const known = memo.get(key);
    if (known !== undefined) return known;
    if (memo.size >= maxWorlds) return 0;
    const steps = enabledSteps(scenario, w);
    let paths = 0;
    if (steps.length === 0) {
      await check(structuredClone(w), path.join(" "));
      paths = 1;
    } else {
      for (const step of steps) {
        const next = structuredClone(w);
        await applyStep(scenario, next, step, counters);
        paths += await walk(next, [...path, describeStep(step)]);
      }
    }
    memo.set(key, paths);
    return paths;
  };

  const orders = await walk(initialWorld(scenario), []);
  return { scenario: scenario.name, orders, worlds: memo.size, finals, invariantChecks: checks, hooks: counters.hooks, failedHooks: counters.failedHooks, finalsWithDeferral: withDeferral, finalsWithDroppedSecretChanged: withDropped, finalsWithToolFailure: withToolFailure, violations };
}

/** Whether an agent of `jujuVersion` has secrets (ops JujuVersion.has_secrets: 3.0.3). */
export function versionHasSecrets(jujuVersion: string): boolean {
  return compareJujuVersions(jujuVersion, "3.0.3") >= 0;
}

/** One scenario from its dimensions, named `version:mode+...`. */
export function scenarioOf(d: Omit<Scenario, "name">): Scenario {
  const parts = [
    d.mode,
    d.leaderChange ? "leader-change" : "",
    d.change === "none" ? "" : d.change,
    d.transient === "none" ? "" : `flaky-${d.transient}`,
    d.failOnce ? "fail-once" : "",
    d.deferOnce ? "defer-once" : "",
  ];
  return { name: `${d.jujuVersion}:${parts.filter((p) => p !== "").join("+")}`, ...d };
}

/**
 * Every combination of the scenario dimensions, on every Juju version of the matrix: the
 * credential mode (secrets only where the version has them), the provider's change (a secret
 * revision, a repointed secret-user, a switch between secrets and plaintext), a transient
 * secret-get/relation-get failure, a leader change, and the two handler faults (a failing
 * databaseCreated handler with a deferred one, together).
 */
export function allScenarios(): Scenario[] {
  const out: Scenario[] = [];
  for (const jujuVersion of JUJU_VERSIONS) {
    const secrets = versionHasSecrets(jujuVersion);
    for (const mode of secrets ? (["secrets", "databag"] as const) : (["databag"] as const)) {
      const changes = mode === "secrets" ? (["none", "rotate", "rotate-move", "repoint", "to-plaintext"] as const) : secrets ? (["none", "rotate", "to-secrets"] as const) : (["none", "rotate"] as const);
      for (const change of changes) {
        const usesSecrets = mode === "secrets" || change === "to-secrets";
        for (const transient of usesSecrets ? (["none", "secret-get", "relation-get"] as const) : (["none", "relation-get"] as const)) {
          for (const leaderChange of [false, true]) {
            for (const faults of [false, true]) {
              out.push(scenarioOf({ jujuVersion, mode, change, transient, leaderChange, failOnce: faults, deferOnce: faults }));
            }
          }
        }
      }
    }
  }
  return out;
}

/** Replays one order given as `describeStep` texts (then the common end); throws when a step is not enabled. */
export async function replay(scenario: Scenario, order: readonly string[]): Promise<World> {
  const counters: HookCounters = { hooks: 0, failedHooks: 0 };
  const w = initialWorld(scenario);
  for (const text of order) {
    const step = enabledSteps(scenario, w).find((s) => describeStep(s) === text);
    if (step === undefined) throw new Error(`step ${text} is not enabled after ${order.slice(0, order.indexOf(text)).join(" ")}`);
    await applyStep(scenario, w, step, counters);
  }
  await finish(scenario, w, counters);
  return w;
}
