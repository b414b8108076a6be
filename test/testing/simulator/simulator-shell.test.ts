import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ModelNotQuietError, Simulator, type HookRunRecord } from "../../../lib/testing/simulator/index.js";
import { HookToolServer } from "../../../lib/testing/index.js";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "charms");
const SHELL_DB = path.join(FIXTURES, "shell-db");
const SHELL_APP = path.join(FIXTURES, "shell-app");

/** `<unit> <hook>` lines, for order assertions. */
function order(hooks: readonly HookRunRecord[]): string[] {
  return hooks.map((h) => `${h.unit} ${h.hook}${h.spec.kind === "relation" && h.spec.remoteUnit ? ` ${h.spec.remoteUnit}` : ""}`);
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

describe("Simulator with plain shell charms", () => {
  let dir: string;
  let sim: Simulator;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-model-"));
    sim = Simulator.open(dir);
  });
  afterEach(() => {
    sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("deploy runs install, peer relation-created, leader-elected (leader only), config-changed, start, then peer joins", async () => {
    const run = await sim.deploy("db", SHELL_DB, { units: 2 });
    expect(run.failed).toBeUndefined();
    expect(order(run.hooks)).toEqual([
      "db/0 install",
      "db/0 cluster-relation-created",
      "db/0 leader-elected",
      "db/0 config-changed",
      "db/0 start",
      "db/1 install",
      "db/1 cluster-relation-created",
      "db/1 config-changed",
      "db/1 start",
      "db/1 cluster-relation-joined db/0",
      "db/1 cluster-relation-changed db/0",
      "db/0 cluster-relation-joined db/1",
      "db/0 cluster-relation-changed db/1",
      // db/0 wrote its unit bag in joined; db/1 already saw it join, so it hears of the change.
      "db/1 cluster-relation-changed db/0",
    ]);
    expect(sim.status().applications["db"]?.units["db/0"]).toMatchObject({ "workload-status": { current: "active", message: "greeting: hello" }, leader: true });
    const peer = sim.showUnit("db/0")["db/0"]?.["relation-info"]?.[0];
    expect(peer).toMatchObject({ endpoint: "cluster", "related-endpoint": "cluster", "related-units": { "db/1": { "in-scope": true, data: { "peer-of": "db/0" } } } });
  });

  test("show-unit lists the ports the unit opened (machine units: public-address, no Kubernetes address)", async () => {
    const charm = path.join(dir, "ports-charm");
    fs.mkdirSync(charm);
    fs.writeFileSync(path.join(charm, "metadata.yaml"), "name: ports\nsummary: opens ports\n");
    const script = [
      "#!/bin/sh",
      "set -e",
      'case "$JUJU_DISPATCH_PATH" in',
      "  hooks/install) open-port 5432; open-port 8000-8010/udp; open-port icmp ;;",
      "  hooks/start) close-port 8000-8010/udp ;;",
      "esac",
      "",
    ].join("\n");
    fs.writeFileSync(path.join(charm, "dispatch"), script, { mode: 0o755 });
    expect((await sim.deploy("ports", charm)).failed).toBeUndefined();
    const unit = sim.showUnit("ports/0")["ports/0"];
    expect(unit?.["opened-ports"]).toEqual(["5432/tcp", "icmp"]);
    expect(unit?.["public-address"]).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(unit).not.toHaveProperty("address");
  });

  test("integrate: created on every unit, joined/changed per pair, data and the granted secret seen across", async () => {
    await sim.deploy("db", SHELL_DB);
    await sim.deploy("app", SHELL_APP, { units: 2 });
    const run = await sim.integrate("app", "db");
    expect(run.failed).toBeUndefined();
    const lines = order(run.hooks);
    expect(lines.slice(0, 3)).toEqual(["app/0 db-relation-created", "app/1 db-relation-created", "db/0 db-relation-created"]);
    expect(lines.slice(3, 9)).toEqual([
      "app/0 db-relation-joined db/0",
      "app/0 db-relation-changed db/0",
      "app/1 db-relation-joined db/0",
      "app/1 db-relation-changed db/0",
      "db/0 db-relation-joined app/0",
      "db/0 db-relation-changed app/0",
    ]);
    // The app leader wrote its app bag in relation-created, so db/0 hears about it without a remote unit.
    expect(run.hooks.some((h) => h.unit === "db/0" && h.spec.kind === "relation" && h.spec.event === "changed" && h.spec.remoteUnit === undefined)).toBe(true);
    const info = sim.showUnit("app/1")["app/1"]?.["relation-info"]?.[0];
    expect(info?.["application-data"]).toMatchObject({ host: "10.0.0.1", port: "5432" });
    expect(info?.["local-unit"].data["password-sha256"]).toBe(sha256(`s3cret-${run.relationId}`));
    const dbView = sim.showUnit("db/0")["db/0"]?.["relation-info"]?.find((r) => r.endpoint === "db");
    expect(dbView?.["related-units"]?.["app/0"]?.data).toMatchObject({ "password-sha256": sha256(`s3cret-${run.relationId}`) });
    expect(dbView?.["local-unit"].data["seen-database"]).toBe("appdb");
  });

  test("a consumer's secret-set of a granted secret succeeds in the hook; Juju refuses the commit and the unit is in error", async () => {
    // shell-app, but its relation-changed also tries to change the provider's secret.
    const meddler = path.join(dir, "meddler");
    fs.mkdirSync(meddler);
    fs.copyFileSync(path.join(SHELL_APP, "metadata.yaml"), path.join(meddler, "metadata.yaml"));
    fs.writeFileSync(
      path.join(meddler, "dispatch"),
      `#!/bin/sh
set -e
if [ "\${JUJU_DISPATCH_PATH#*/}" = db-relation-changed ]; then
  uri=$(relation-get --app secret-uri "$(relation-list --app)")
  if [ -n "$uri" ]; then
    secret-set "$uri" password=mine
    relation-set meddled=yes
  fi
fi
`,
      { mode: 0o755 },
    );
    await sim.deploy("db", SHELL_DB);
    await sim.deploy("app", meddler);
    const run = await sim.integrate("app", "db");
    const refused = run.hooks.find((h) => h.unit === "app/0" && h.hook === "db-relation-changed" && h.commitRefused !== undefined);
    expect(refused).toMatchObject({ ok: false, code: 0, commitRefused: "updating secrets: permission denied" });
    expect(sim.status().applications["app"]?.units["app/0"]?.["juju-status"]).toEqual({
      current: "error",
      message: 'hook failed: "db-relation-changed" (commit: updating secrets: permission denied)',
    });
    const dbView = sim.showUnit("db/0")["db/0"]?.["relation-info"]?.find((r) => r.endpoint === "db");
    expect(dbView?.["related-units"]?.["app/0"]?.data["meddled"]).toBeUndefined();
    // The provider's secret kept its one revision; a resolve runs the hook again, refused again.
    expect(sim.model.secrets.map((x) => [x.owner, x.latestRevision])).toEqual([["db", 1]]);
    const again = await sim.resolve("app/0");
    expect(again.failed).toMatchObject({ unit: "app/0", hook: "db-relation-changed", commitRefused: "updating secrets: permission denied" });
  });

  test("secret rotation: secret-changed for observers on the old revision, then secret-remove for the owner", async () => {
    await sim.deploy("db", SHELL_DB);
    await sim.deploy("app", SHELL_APP, { units: 2 });
    await sim.integrate("app", "db");
    const outcome = await sim.runAction("db/0", "rotate-password");
    expect(outcome.status).toBe("completed");
    const lines = order(outcome.hooks);
    expect(lines).toEqual(expect.arrayContaining(["app/0 secret-changed", "app/1 secret-changed", "db/0 secret-remove"]));
    expect(lines.indexOf("db/0 secret-remove")).toBeGreaterThan(lines.indexOf("app/1 secret-changed"));
    const remove = outcome.hooks.find((h) => h.hook === "secret-remove");
    expect(remove?.spec).toMatchObject({ kind: "secret", event: "remove", revision: 1 });
    const secret = sim.model.secrets[0];
    expect(secret?.revisions.map((r) => r.revision)).toEqual([2]);
    const bag = sim.showUnit("app/0")["app/0"]?.["relation-info"]?.[0]?.["local-unit"].data;
    expect(bag?.["password-sha256"]).toBe(sha256(secret?.revisions[0]?.content["password"] ?? ""));
  });

  test("remove-relation: departed per remote unit, then broken; the relation and its grants are gone", async () => {
    await sim.deploy("db", SHELL_DB);
    await sim.deploy("app", SHELL_APP);
    await sim.integrate("app", "db");
    const run = await sim.removeRelation("app", "db");
    expect(order(run.hooks)).toEqual([
      "app/0 db-relation-departed db/0",
      "app/0 db-relation-broken",
      "db/0 db-relation-departed app/0",
      "db/0 db-relation-broken",
    ]);
    expect(run.hooks[0]?.spec).toMatchObject({ departingUnit: "db/0" });
    expect(sim.model.relations.map((r) => r.ends[0].endpoint)).toEqual(["cluster"]);
    expect(sim.model.secrets.every((s) => Object.keys(s.grants).length === 0)).toBe(true);
    expect(sim.status().applications["app"]?.units["app/0"]?.["workload-status"]).toEqual({ current: "blocked", message: "no database" });
  });

  test("add-unit joins the new unit to existing relations; remove-unit departs, stops, removes and re-elects", async () => {
    await sim.deploy("db", SHELL_DB);
    await sim.deploy("app", SHELL_APP);
    await sim.integrate("app", "db");
    const added = await sim.addUnit("db");
    expect(order(added.hooks).slice(0, 6)).toEqual([
      "db/1 install",
      "db/1 cluster-relation-created",
      "db/1 db-relation-created",
      "db/1 config-changed",
      "db/1 start",
      "db/1 cluster-relation-joined db/0",
    ]);
    expect(order(added.hooks)).toEqual(expect.arrayContaining(["db/1 db-relation-joined app/0", "app/0 db-relation-joined db/1"]));

    const removed = await sim.removeUnit("db/0");
    const lines = order(removed.hooks);
    expect(lines).toEqual([
      "db/1 cluster-relation-departed db/0",
      "db/0 cluster-relation-departed db/1",
      "db/0 cluster-relation-broken",
      "app/0 db-relation-departed db/0",
      "db/0 db-relation-departed app/0",
      "db/0 db-relation-broken",
      "db/0 stop",
      "db/0 remove",
      "db/1 leader-elected",
    ]);
    expect(sim.model.units["db/0"]).toBeUndefined();
    expect(sim.model.applications["db"]?.leader).toBe("db/1");
    expect(fs.existsSync(path.join(dir, "units", "db-0"))).toBe(false);
  });

  test("a removed unit's bag stays readable by the units left, as Juju keeps it for the relation's life", async () => {
    await sim.deploy("db", SHELL_DB, { units: 2 });
    await sim.deploy("app", SHELL_APP);
    const { relationId } = await sim.integrate("app", "db");
    const address = sim.model.units["db/1"]?.address;
    await sim.removeUnit("db/1");
    expect(sim.model.units["db/1"]).toBeUndefined();
    const tools = new HookToolServer(sim.model, "app/0", { kind: "hook", name: "update-status" });
    const read = tools.run("relation-get", ["--format=json", "-r", String(relationId), "-", "db/1"]);
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout)).toMatchObject({ "private-address": address });
  });

  test("leadership change runs leader-elected on the new leader only", async () => {
    await sim.deploy("db", SHELL_DB, { units: 3 });
    const run = await sim.setLeader("db/2");
    expect(order(run.hooks)).toEqual(["db/2 leader-elected"]);
    expect(sim.status().applications["db"]?.units["db/2"]?.leader).toBe(true);
    expect(sim.status().applications["db"]?.units["db/0"]?.leader).toBeUndefined();
  });

  test("config change runs config-changed on every unit", async () => {
    await sim.deploy("db", SHELL_DB, { units: 2 });
    const run = await sim.configure("db", { greeting: "bonjour" });
    expect(order(run.hooks)).toEqual(["db/0 config-changed", "db/1 config-changed"]);
    expect(sim.status().applications["db"]?.units["db/1"]?.["workload-status"]).toEqual({ current: "active", message: "greeting: bonjour" });
  });

  test("a failing hook is discarded, reported with code and output, and puts its unit in error", async () => {
    await sim.deploy("db", SHELL_DB, { units: 2 });
    const run = await sim.configure("db", { "fail-hook": "config-changed" });
    // Both units run (and fail) config-changed: one unit's failure does not stop the other.
    expect(run.hooks).toHaveLength(2);
    expect(run.failed).toMatchObject({ unit: "db/0", hook: "config-changed", ok: false, code: 1, stderr: "failing config-changed on purpose\n" });
    expect(sim.model.units["db/0"]?.state).toEqual({});
    // status-set is immediate in Juju, so it survives the rollback.
    expect(sim.model.units["db/0"]?.status).toEqual({ status: "maintenance", message: "about to fail in config-changed" });
    expect(sim.status().applications["db"]?.units["db/0"]?.["juju-status"].current).toBe("error");
    expect(sim.pending).toHaveLength(0);
    const log = sim.log();
    expect(log[log.length - 1]).toMatchObject({ hook: "config-changed", ok: false });
  });

  test("resolve retries the failed hook of that unit only", async () => {
    await sim.deploy("db", SHELL_DB, { units: 2 });
    await sim.configure("db", { "fail-hook": "config-changed" });
    // Fix the cause the way an operator would: through config, bypassing the queue for the test.
    const app = sim.model.applications["db"];
    if (app !== undefined) app.config["fail-hook"] = "";
    const run = await sim.resolve("db/0");
    expect(order(run.hooks)).toEqual(["db/0 config-changed"]);
    expect(run.failed).toBeUndefined();
    expect(sim.status().applications["db"]?.units["db/0"]?.["juju-status"].current).toBe("idle");
    await expect(sim.resolve("db/0")).rejects.toThrow("not in an error state");
  });

  test("with onHookFailure 'continue' the run goes on after a failure", async () => {
    sim.close();
    sim = Simulator.open(dir, { onHookFailure: "continue" });
    await sim.deploy("db", SHELL_DB, { units: 2 });
    const run = await sim.configure("db", { "fail-hook": "config-changed" });
    expect(run.hooks.map((h) => [h.unit, h.ok])).toEqual([
      ["db/0", false],
      ["db/1", false],
    ]);
    expect(run.failed).toBeUndefined();
  });

  test("actions return results, log and failure", async () => {
    await sim.deploy("db", SHELL_DB);
    const ok = await sim.runAction("db/0", "get-data", { verbose: true });
    // action-get without --format prints booleans the way Juju's "smart" format does.
    expect(ok).toMatchObject({ status: "completed", results: { greeting: "hello", verbose: "True" }, log: ["collecting"], code: 0 });
    const failed = await sim.runAction("db/0", "fail");
    expect(failed).toMatchObject({ status: "failed", message: "asked to fail", code: 0 });
  });

  test("fireHook runs a plain hook on every unit; triggerSecret notifies the owner", async () => {
    await sim.deploy("db", SHELL_DB, { units: 2 });
    await sim.deploy("app", SHELL_APP);
    await sim.integrate("app", "db");
    expect(order((await sim.fireHook("db", "update-status")).hooks)).toEqual(["db/0 update-status", "db/1 update-status"]);
    const uri = sim.model.secrets[0]?.id ?? "";
    const rotated = await sim.triggerSecret(uri, "rotate");
    expect(order(rotated.hooks)).toEqual(["db/0 secret-rotate"]);
    const expired = await sim.triggerSecret(uri, "expired");
    expect(expired.hooks[0]?.spec).toEqual({ kind: "secret", event: "expired", id: uri, revision: 1 });
  });

  test("the hook log keeps action parameter names but not their values", async () => {
    await sim.deploy("db", SHELL_DB);
    await sim.runAction("db/0", "get-data", { verbose: true });
    const entry = sim.log().find((r) => r.spec.kind === "action");
    expect(entry?.spec).toMatchObject({ kind: "action", name: "get-data", params: { verbose: "<redacted>" } });
  });

  test("state persists in the model directory across Simulator instances", async () => {
    await sim.deploy("db", SHELL_DB);
    sim.close();
    sim = Simulator.open(dir);
    const run = await sim.addUnit("db");
    expect(run.hooks[0]).toMatchObject({ unit: "db/1", hook: "install" });
    expect(sim.log().length).toBeGreaterThan(run.hooks.length);
  });

  test("charms that keep triggering each other hit the loop bound with a clear error", async () => {
    const charm = fs.mkdtempSync(path.join(os.tmpdir(), "pingpong-"));
    try {
      fs.writeFileSync(path.join(charm, "metadata.yaml"), "name: pingpong\npeers:\n  ring:\n    interface: ring\n");
      fs.writeFileSync(
        path.join(charm, "dispatch"),
        '#!/bin/sh\ncase "$JUJU_HOOK_NAME" in ring-relation-changed) relation-set "tick=$(date +%s%N)";; esac\n',
        { mode: 0o755 },
      );
      sim.close();
      sim = Simulator.open(dir, { maxHooksPerRun: 40 });
      await expect(sim.deploy("pp", charm, { units: 2 })).rejects.toThrow(ModelNotQuietError);
      await expect(sim.settle()).rejects.toThrow(/did not settle after 40 hooks[\s\S]*ring-relation-changed/);
    } finally {
      fs.rmSync(charm, { recursive: true, force: true });
    }
  });
});
