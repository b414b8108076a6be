/**
 * The larger hook-order exploration (issues 9 and 13): every combination of the scenario dimensions
 * on every Juju version of the matrix (credentials in secrets or the databag, the provider change,
 * a transient tool failure, a leader change, a failed and re-run hook with a deferred event),
 * each explored exhaustively as in test/reliability/hook-orders.test.ts.
 *
 * Run: `npm run explore [-- name-filter]` (e.g. `-- 4.0.0:` for one version).
 * Exits 1 when any invariant is broken (the first violations are printed with their order).
 */
import { allScenarios, explore, INVARIANTS } from "../test/reliability/exploration/explorer.js";

async function run(filter: string | undefined): Promise<number> {
  const scenarios = allScenarios().filter((s) => filter === undefined || s.name.includes(filter));
  const totals = { dropped: 0, orders: 0, worlds: 0, finals: 0, checks: 0, hooks: 0, failedHooks: 0, violations: 0 };
  const started = Date.now();
  process.stdout.write(`scenario | orders covered | distinct worlds | final worlds | invariant checks | hooks | failed hooks | secret-changed dropped | violations | ms\n`);
  for (const scenario of scenarios) {
    const t = Date.now();
    const r = await explore(scenario);
    totals.orders += r.orders;
    totals.worlds += r.worlds;
    totals.finals += r.finals;
    totals.checks += r.invariantChecks;
    totals.hooks += r.hooks;
    totals.failedHooks += r.failedHooks;
    totals.violations += r.violations.length;
    totals.dropped += r.finalsWithDroppedSecretChanged;
    process.stdout.write(`${r.scenario} | ${r.orders} | ${r.worlds} | ${r.finals} | ${r.invariantChecks} | ${r.hooks} | ${r.failedHooks} | ${r.finalsWithDroppedSecretChanged} | ${r.violations.length} | ${Date.now() - t}\n`);
    for (const v of r.violations.slice(0, 3)) process.stdout.write(`  VIOLATION ${v.invariant}: ${v.detail}\n    order: ${v.order}\n`);
  }
  process.stdout.write(
    `total: ${scenarios.length} scenarios, ${totals.orders} orders, ${totals.worlds} worlds, ${totals.finals} final worlds, ` +
      `${totals.checks} invariant checks (${INVARIANTS.length} invariants), ${totals.hooks} hooks, ${totals.failedHooks} failed hooks, ${totals.dropped} finals with secret-changed dropped, ` +
      `${totals.violations} violations, ${Date.now() - started} ms\n`,
  );
  return totals.violations === 0 ? 0 : 1;
}

run(process.argv[2]).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(2);
  },
);
