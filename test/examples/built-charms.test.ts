// Every example charm, built as it would be packed (examples/build.ts: one bundle, no
// node_modules), runs as a real process under the Simulator: deploy → install, leader-elected,
// config-changed, start. The bundle sizes are printed (target: 300 KB per charm). The metadata is
// embedded at build time, so no bundle carries the yaml package.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Simulator } from "../../lib/testing/simulator/index.js";
import type { BundleResult } from "../../examples/build.js";
import { packLike } from "./packed-charm.js";
const SIZE_TARGET_BYTES = 300 * 1024;

/** Each example and the status its unit settles in after deploy (nothing related yet). */
const EXAMPLES: readonly { readonly name: string; readonly status: { status: string; message: string } }[] = [
  { name: "webapp", status: { status: "waiting", message: "waiting for database relation" } },
  { name: "data-integrator", status: { status: "blocked", message: "Please specify database-name (juju config <app> database-name=<name>)" } },
  { name: "legacy-client", status: { status: "waiting", message: "waiting for a database relation (database, db or mysql)" } },
];

describe("built example charms", () => {
  let work: string;
  let sim: Simulator;
  const built = new Map<string, BundleResult>();

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "built-charms-"));
    for (const { name } of EXAMPLES) built.set(name, await packLike(name, path.join(work, "charms")));
    sim = Simulator.open(path.join(work, "model"));
  });
  afterAll(() => {
    sim.close();
    fs.rmSync(work, { recursive: true, force: true });
    const lines = [...built].map(([name, r]) => {
      const over = r.bytes - SIZE_TARGET_BYTES;
      const top = Object.entries(r.packages)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([p, b]) => `${p} ${(b / 1024).toFixed(0)} KB`)
        .join(", ");
      return `${name}: ${(r.bytes / 1024).toFixed(1)} KB (${over > 0 ? `${(over / 1024).toFixed(1)} KB over` : "within"} the 300 KB target; ${top})`;
    });
    process.stdout.write(`example charm bundles:\n  ${lines.join("\n  ")}\n`);
  });

  test.each(EXAMPLES.map((e) => [e.name, e.status] as const))("%s: the bundle alone handles install and the deploy hooks", async (name, status) => {
    const result = built.get(name);
    if (result === undefined) throw new Error(`${name} was not built`);
    const charmDir = path.dirname(path.dirname(result.outFile));
    // The metadata is embedded as JSON: the yaml package (~100 KB) is not in the bundle.
    expect(result.metadataSource).toBe("metadata.yaml");
    expect(Object.keys(result.packages)).not.toContain("yaml");
    expect(Object.keys(result.packages).filter((p) => p.startsWith("yaml"))).toEqual([]);
    // Nothing but the bundle: no node_modules anywhere up the charm's tree.
    expect(fs.readdirSync(charmDir).sort()).toEqual(["build", "dispatch", "metadata.yaml", ...["actions.yaml", "config.yaml"].filter((f) => fs.existsSync(path.join(charmDir, f)))].sort());
    const run = await sim.deploy(name, charmDir);
    expect(run.failed).toBeUndefined();
    const outcomes = run.hooks.map((h) => `${h.hook} ${h.ok ? "ok" : `failed: ${h.stderr}`}`);
    expect(outcomes[0]).toBe("install ok");
    // Peer relation-created hooks (legacy-client) come between install and leader-elected.
    expect(outcomes.filter((o) => !o.includes("-relation-created"))).toEqual(["install ok", "leader-elected ok", "config-changed ok", "start ok"]);
    expect(outcomes.every((o) => o.endsWith(" ok"))).toBe(true);
    expect(sim.model.units[`${name}/0`]?.status).toEqual(status);
    // install made the start-up snapshot and the later hooks started from it: a charm whose
    // module code Node cannot snapshot (webapp's pg did, before the bundle's prelude) would
    // leave charm.js.snapshot.failed and start every hook plainly.
    const unitBuild = path.join(work, "model", "units", `${name}-0`, "charm", "build");
    expect(fs.readdirSync(unitBuild).filter((f) => f.startsWith("charm.js.snapshot")).sort()).toEqual(["charm.js.snapshot", "charm.js.snapshot.no-rehash"]);
  });

  test("a built charm whose metadata.yaml was edited after the build refuses its hooks, saying to rebuild", async () => {
    const result = built.get("webapp");
    if (result === undefined) throw new Error("webapp was not built");
    const stale = path.join(work, "stale", "webapp");
    fs.cpSync(path.dirname(path.dirname(result.outFile)), stale, { recursive: true });
    fs.appendFileSync(path.join(stale, "metadata.yaml"), "\n# edited after the build\n");
    const run = await sim.deploy("stale-webapp", stale);
    const install = run.hooks[0];
    expect(install?.hook).toBe("install");
    expect(install?.ok).toBe(false);
    expect(install?.stderr).toMatch(/metadata\.yaml changed since the charm was built .*rebuild the charm/);
  });
});
