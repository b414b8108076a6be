/**
 * The demo behind `npm run demo`: the example charms, as real processes under the model
 * simulator, against a real (embedded) PostgreSQL administered by examples/database-provider.
 *
 * It integrates webapp and shows the credentials arrive and the app query the database; reads
 * data-integrator's credentials with get-credentials; rotates a password through a new secret
 * revision and through remove-relation + integrate; removes the webapp relation. Every claim is
 * checked against real state (server queries, action results, unit statuses, the unit's files)
 * and the demo reports failure at the first claim that does not hold. Secrets are masked
 * everywhere unless the user asks to see get-credentials' output in clear.
 *
 * ```ts
 * const report = await runDemo({ repoRoot, out: process.stdout });
 * process.exitCode = report.ok ? 0 : 1;
 * ```
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findSecret } from "../../../lib/testing/juju/model.js";
import { Simulator, type ActionOutcome, type RunResult } from "../../../lib/testing/simulator/index.js";
import { stageExampleCharm, type StagedCharm } from "./charm-staging.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres.js";
import { describeHookRun, handledEvents, unitStory } from "./hook-story.js";
import { INVALID_PASSWORD, roleExists, serverVersion, tryLogin, type SuperuserLogin } from "./postgres-probe.js";
import { MASK, SecretMask } from "./secret-mask.js";
import { check, DemoStepError, Transcript, type StepContext, type TextSink } from "./transcript.js";

/** How to run the demo. */
export interface DemoOptions {
  /** The repository root (holds examples/). */
  readonly repoRoot: string;
  /** The terminal. */
  readonly out: TextSink;
  /** Print get-credentials' passwords in clear on `out` (never in the logs). Default false. */
  readonly showSecrets?: boolean;
  /** Where the logs go (kept after the demo). Default: a new `charm-demo-logs-*` directory in the OS temp dir. */
  readonly logDir?: string;
  /** Where the throw-away files go (removed after the demo). Default: the OS temp dir. */
  readonly workRoot?: string;
  /** `out` is a terminal: show each step while it runs. Default false. */
  readonly live?: boolean;
  /** Stops the demo (Ctrl-C): it cleans up and reports failure. */
  readonly signal?: AbortSignal;
  /** Hears every secret value the demo learns, once (tests scan the transcript and logs for them). */
  readonly onSecret?: (value: string) => void;
  /** How long the embedded PostgreSQL may take to start (default 30 s; tests scale it with the load). */
  readonly serverStartTimeoutMs?: number;
}

/** Where the demo's logs are. */
export interface DemoLogs {
  readonly dir: string;
  /** Every step with its details and timing. */
  readonly demo: string;
  /** The simulator's hook log, readable: every hook and action, its log lines and statuses. */
  readonly hooks: string;
  /** The same records as JSON lines (tool-call argv redacted by the simulator). */
  readonly hooksJson: string;
  /** The embedded PostgreSQL server's own output. */
  readonly server: string;
}

/** How the demo went. */
export interface DemoReport {
  readonly ok: boolean;
  /** Steps started (the last one failed when `ok` is false). */
  readonly steps: number;
  /** What went wrong, masked. */
  readonly failure?: string;
  readonly logs: DemoLogs;
  readonly durationMs: number;
  /** How many distinct secret values the demo saw (and masked). */
  readonly secretsSeen: number;
}

/** The example charms the demo deploys. */
const CHARMS = ["database-provider", "webapp", "data-integrator"] as const;
/** The database data-integrator asks for. */
const INTEGRATOR_DATABASE = "reports";
/** The database webapp asks for (examples/webapp). */
const WEBAPP_DATABASE = "webapp";
const WEBAPP_UNIT = "webapp/0";
const INTEGRATOR_UNIT = "data-integrator/0";
const PROVIDER_UNIT = "postgresql/0";
const WEBAPP_WAITING = { status: "waiting", message: "waiting for database relation" };
const INTEGRATOR_BLOCKED = { status: "blocked", message: "Please relate the data-integrator with the desired product" };
const INTEGRATOR_READY = { status: "active", message: "ready: postgresql (run get-credentials)" };

/** webapp.json as examples/webapp writes it (the fields the demo reads). */
interface WebappDatabaseSettings {
  readonly user: string;
  readonly password: string;
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

/** get-credentials' answer for the postgresql endpoint. */
interface IntegratorCredentials {
  readonly username: string;
  readonly password: string;
  readonly database: string;
}

/** A file that lines are appended to. */
function fileSink(file: string): TextSink {
  return { write: (text) => fs.appendFileSync(file, text) };
}

function newLogs(dir: string): DemoLogs {
  fs.mkdirSync(dir, { recursive: true });
  return {
    dir,
    demo: path.join(dir, "demo.log"),
    hooks: path.join(dir, "simulator-hooks.log"),
    hooksJson: path.join(dir, "simulator-hooks.jsonl"),
    server: path.join(dir, "postgresql.log"),
  };
}

function statusText(status: { status: string; message: string } | undefined): string {
  if (status === undefined) return "no status";
  return status.message === "" ? status.status : `${status.status} "${status.message}"`;
}

/** Runs the demo; never throws for a failed step (the report says), always cleans up. */
export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const started = Date.now();
  const logs = newLogs(options.logDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "charm-demo-logs-")));
  const mask = new SecretMask(options.onSecret);
  const transcript = new Transcript({ out: options.out, log: fileSink(logs.demo), mask, live: options.live ?? false, revealSecrets: options.showSecrets ?? false });
  const work = fs.mkdtempSync(path.join(options.workRoot ?? os.tmpdir(), "charm-demo-"));
  const run = new DemoRun(options, transcript, mask, work, logs);
  let failure: string | undefined;
  transcript.line("charm-data-interfaces demo: webapp and data-integrator on PostgreSQL, under the model simulator");
  transcript.detail(`work directory ${work} (removed at the end)`);
  try {
    if (options.signal?.aborted === true) throw new Error("interrupted");
    await abortable(run.steps(), options.signal);
  } catch (error) {
    failure = error instanceof DemoStepError ? error.message : mask.apply(error instanceof Error ? error.message : String(error));
    if (options.signal?.aborted === true) transcript.silenceSteps();
  } finally {
    const problems = await run.cleanUp();
    if (failure === undefined && problems.length > 0) failure = `cleaning up: ${problems.join("; ")}`;
  }
  const durationMs = Date.now() - started;
  transcript.line("");
  if (failure === undefined) transcript.line(`All ${transcript.steps} steps passed in ${(durationMs / 1000).toFixed(1)} s.`);
  else transcript.line(`The demo FAILED: ${failure}`);
  transcript.line(`Logs (kept in ${logs.dir}):`);
  transcript.line(`  demo steps with details      ${logs.demo}`);
  transcript.line(`  simulator hook log           ${logs.hooks}`);
  transcript.line(`  the same, as JSON lines      ${logs.hooksJson}`);
  transcript.line(`  embedded PostgreSQL server   ${logs.server}`);
  return { ok: failure === undefined, steps: transcript.steps, ...(failure === undefined ? {} : { failure }), logs, durationMs, secretsSeen: mask.size };
}

/** `work`, or a rejection as soon as `signal` aborts. */
function abortable(work: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return work;
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new Error("interrupted"));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** One run of the demo: the resources it holds and its steps. */
class DemoRun {
  private server: EmbeddedPostgres | undefined;
  private sim: Simulator | undefined;
  /** Set by cleanUp: a step still running after an interruption must not leave a server or a model behind. */
  private closed = false;
  private readonly charms = new Map<string, StagedCharm>();

  constructor(
    private readonly options: DemoOptions,
    private readonly t: Transcript,
    private readonly mask: SecretMask,
    private readonly work: string,
    private readonly logs: DemoLogs,
  ) {}

  private get admin(): SuperuserLogin {
    const server = this.requireServer();
    return { host: server.host, port: server.port, user: server.user, password: server.password };
  }

  private requireServer(): EmbeddedPostgres {
    if (this.server === undefined) throw new Error("the PostgreSQL server is not running");
    return this.server;
  }

  private requireSim(): Simulator {
    if (this.sim === undefined) throw new Error("the model is not open");
    return this.sim;
  }

  async steps(): Promise<void> {
    this.t.section("Set up");
    await this.setUp();
    this.t.section("Deploy the charms");
    await this.deploy();
    this.t.section("Integrate webapp with PostgreSQL");
    const webapp = await this.integrateWebapp();
    this.t.section("Integrate data-integrator with PostgreSQL and read its credentials");
    const first = await this.integrateIntegrator();
    this.t.section("Rotate webapp's password through a new secret revision");
    await this.rotateThroughSecret(webapp);
    this.t.section("Rotate data-integrator's credentials by remove-relation + integrate");
    await this.rotateByReintegration(first);
    this.t.section("Remove the webapp relation");
    await this.removeWebapp(webapp);
    this.t.section("Check the logs");
    await this.checkLogs();
  }

  // ---- set up ------------------------------------------------------------------------------

  private async setUp(): Promise<void> {
    await this.t.step("start an embedded PostgreSQL", async (s) => {
      const helperScript = path.join(this.options.repoRoot, "examples", "demo", "src", "embedded-postgres-server.mjs");
      const server = await startEmbeddedPostgres({ logFile: this.logs.server, helperScript, startTimeoutMs: this.options.serverStartTimeoutMs });
      if (this.closed) {
        await server.stop();
        throw new Error("the demo was stopped");
      }
      this.server = server;
      this.mask.add(this.server.password);
      const version = await serverVersion(this.admin);
      s.summary(`PostgreSQL ${version} on ${this.server.host}:${this.server.port}`);
    });
    await this.t.step("build the example charms (one bundled file each)", async (s) => {
      const examples = path.join(this.options.repoRoot, "examples");
      const staged = await Promise.all(CHARMS.map((name) => stageExampleCharm(examples, name, path.join(this.work, "charms"))));
      for (const charm of staged) this.charms.set(charm.name, charm);
      s.summary(staged.map((c) => `${c.name} ${Math.round(c.bundleBytes / 1024)} KB`).join(", "));
    });
    await this.t.step("create a simulated Juju model", async (s) => {
      check(!this.closed, "the demo was stopped");
      this.sim = Simulator.open(path.join(this.work, "model"), { modelName: "demo" });
      s.summary(`model "demo" in ${this.sim.modelDir}`);
    });
  }

  private charmDir(name: string): string {
    const charm = this.charms.get(name);
    if (charm === undefined) throw new Error(`charm ${name} was not built`);
    return charm.dir;
  }

  // ---- deploy ------------------------------------------------------------------------------

  private async deploy(): Promise<void> {
    const sim = this.requireSim();
    const server = this.requireServer();
    await this.t.step("deploy database-provider as postgresql (it administers the embedded server)", async (s) => {
      const config = { "postgresql-host": server.host, "postgresql-port": server.port, "postgresql-admin-user": server.user, "postgresql-admin-password": server.password };
      this.ran(s, await sim.deploy("postgresql", this.charmDir("database-provider"), { config }));
      const status = sim.model.units[PROVIDER_UNIT]?.status;
      s.summary(status === undefined || status.status === "unknown" ? `${PROVIDER_UNIT} started (no status until a database is requested)` : `${PROVIDER_UNIT} ${statusText(status)}`);
    });
    await this.t.step("deploy webapp", async (s) => {
      this.ran(s, await sim.deploy("webapp", this.charmDir("webapp")));
      this.expectStatus(WEBAPP_UNIT, WEBAPP_WAITING);
      s.summary(`${WEBAPP_UNIT} ${statusText(WEBAPP_WAITING)}`);
    });
    await this.t.step(`deploy data-integrator (database-name=${INTEGRATOR_DATABASE})`, async (s) => {
      this.ran(s, await sim.deploy("data-integrator", this.charmDir("data-integrator"), { config: { "database-name": INTEGRATOR_DATABASE } }));
      this.expectStatus(INTEGRATOR_UNIT, INTEGRATOR_BLOCKED);
      s.summary(`${INTEGRATOR_UNIT} ${statusText(INTEGRATOR_BLOCKED)}`);
    });
  }

  // ---- webapp ------------------------------------------------------------------------------

  private async integrateWebapp(): Promise<{ relationId: number; user: string; settings: WebappDatabaseSettings }> {
    const sim = this.requireSim();
    const integration = await this.t.step("juju integrate webapp:database postgresql:database", async (s) => {
      const result = await sim.integrate("webapp:database", "postgresql:database");
      this.ran(s, result);
      s.summary(`relation ${result.relationId}, ${result.hooks.length} hooks ran`);
      return result;
    });
    const user = `relation_id_${integration.relationId}`;
    const settings = await this.t.step("the credentials arrive at webapp/0", async (s) => {
      const story = unitStory(integration.hooks, WEBAPP_UNIT);
      const events = handledEvents(story);
      s.detail(`webapp/0 hooks: ${story.hooks.join(", ")}`);
      s.detail(`webapp/0 statuses: ${story.statuses.join(" -> ")}`);
      check(events.includes("databaseCreated"), `webapp/0 did not handle databaseCreated (its log: ${story.logs.join(" | ") || "empty"})`);
      this.expectStatus(WEBAPP_UNIT, { status: "active", message: "" });
      const settings = this.readWebappSettings();
      check(settings !== undefined, "webapp/0 has no webapp.json");
      check(settings.user === user && settings.name === WEBAPP_DATABASE, `webapp.json names user ${settings.user} and database ${settings.name}, expected ${user} and ${WEBAPP_DATABASE}`);
      const server = this.requireServer();
      check(settings.host === server.host && settings.port === server.port, `webapp.json names ${settings.host}:${settings.port}, expected the server at ${server.host}:${server.port}`);
      check(await roleExists(this.admin, user), `the server has no role ${user}`);
      const login = await tryLogin(server, user, settings.password, WEBAPP_DATABASE);
      check(login.ok, `the server refused webapp.json's login: ${login.ok ? "" : login.message}`);
      const provider = sim.model.units[PROVIDER_UNIT]?.status;
      const waited = story.statuses.find((st) => st.startsWith("waiting"));
      s.summary(`event ${events.join(", ")}; status ${waited === undefined ? "" : `${waited} -> `}active; the server has user ${user}; ${PROVIDER_UNIT} ${statusText(provider)}`);
      return settings;
    });
    await this.t.step("webapp connects and runs a query (action check-db)", async (s) => {
      const outcome = await this.action(s, WEBAPP_UNIT, "check-db");
      const results = outcome.results;
      const server = this.requireServer();
      check(
        results["current-user"] === user && results["database"] === WEBAPP_DATABASE && results["host"] === `${server.host}:${server.port}`,
        `check-db answered ${JSON.stringify(results)}, expected current-user ${user} on ${WEBAPP_DATABASE} at ${server.host}:${server.port}`,
      );
      s.summary(`SELECT current_user, current_database() -> ${results["current-user"]}, ${results["database"]} at ${results["host"] ?? "?"}`);
    });
    return { relationId: integration.relationId, user, settings };
  }

  private readWebappSettings(): WebappDatabaseSettings | undefined {
    const file = path.join(this.requireSim().modelDir, "units", "webapp-0", "charm", "webapp.json");
    if (!fs.existsSync(file)) return undefined;
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as { database?: WebappDatabaseSettings };
    const settings = parsed.database;
    check(settings !== undefined && typeof settings.password === "string", `webapp.json has no database settings`);
    this.mask.add(settings.password);
    return settings;
  }

  // ---- data-integrator ---------------------------------------------------------------------

  private async integrateIntegrator(): Promise<IntegratorCredentials> {
    const sim = this.requireSim();
    const relationId = await this.t.step("juju integrate data-integrator:postgresql postgresql:database", async (s) => {
      const result = await sim.integrate("data-integrator:postgresql", "postgresql:database");
      this.ran(s, result);
      this.expectStatus(INTEGRATOR_UNIT, INTEGRATOR_READY);
      s.summary(`relation ${result.relationId}; ${INTEGRATOR_UNIT} ${statusText(INTEGRATOR_READY)}`);
      return result.relationId;
    });
    return this.getCredentials("juju run data-integrator/0 get-credentials", relationId);
  }

  /**
   * Runs get-credentials, shows its output (masked unless asked), and checks the answer: the
   * relation's user, the requested database, the server's endpoint, no `data` field (the Python
   * charm's shape), and a working login.
   */
  private getCredentials(title: string, relationId: number): Promise<IntegratorCredentials> {
    return this.t.step(title, async (s) => {
      const outcome = await this.action(s, INTEGRATOR_UNIT, "get-credentials");
      const r = outcome.results;
      this.mask.add(r["postgresql.password"]);
      check(r["ok"] === "True", `get-credentials answered ok=${r["ok"] ?? "(none)"}`);
      const credentials = { username: r["postgresql.username"] ?? "", password: r["postgresql.password"] ?? "", database: r["postgresql.database"] ?? "" };
      check(credentials.username !== "" && credentials.password !== "", "get-credentials returned no postgresql username or password");
      check(credentials.database === INTEGRATOR_DATABASE, `get-credentials names database ${credentials.database}, expected ${INTEGRATOR_DATABASE}`);
      check(credentials.username === `relation_id_${relationId}`, `get-credentials names user ${credentials.username}, expected relation_id_${relationId}`);
      const server = this.requireServer();
      check(r["postgresql.endpoints"] === `${server.host}:${server.port}`, `get-credentials names endpoints ${r["postgresql.endpoints"] ?? "(none)"}, expected ${server.host}:${server.port}`);
      check(r["postgresql.data"] === undefined, "get-credentials passes the raw relation data on (postgresql.data)");
      const login = await tryLogin(server, credentials.username, credentials.password, credentials.database);
      check(login.ok, `the server refused get-credentials' login: ${login.ok ? "" : login.message}`);
      s.show(credentialsBlock(r, this.mask, this.options.showSecrets === true));
      s.summary(`user ${credentials.username}, password ${this.options.showSecrets === true ? "shown below" : `${MASK} (--show-secrets shows it)`}; the server accepts them`);
      return credentials;
    });
  }

  // ---- rotation ----------------------------------------------------------------------------

  private async rotateThroughSecret(webapp: { relationId: number; user: string; settings: WebappDatabaseSettings }): Promise<void> {
    const sim = this.requireSim();
    const secretId = sim.model.relations.find((r) => r.id === webapp.relationId)?.appData["postgresql"]?.["secret-user"];
    check(secretId !== undefined && secretId !== "", `the provider published no secret-user on relation ${webapp.relationId}`);
    const revisionBefore = this.secretRevision(secretId);
    const rotation = await this.t.step(`juju run postgresql/0 rotate-password relation-id=${webapp.relationId}`, async (s) => {
      const outcome = await this.action(s, PROVIDER_UNIT, "rotate-password", { "relation-id": webapp.relationId });
      check(outcome.results["rotated"] === `database:${webapp.relationId}`, `rotate-password answered rotated=${outcome.results["rotated"] ?? "(none)"}`);
      const revisionAfter = this.secretRevision(secretId);
      check(revisionAfter === revisionBefore + 1, `the user secret is at revision ${revisionAfter}, expected ${revisionBefore + 1}`);
      s.summary(`new password in the server and user secret revision ${revisionAfter} (was ${revisionBefore})`);
      return outcome;
    });
    const rotated = await this.t.step("webapp/0 follows: credentialsRotated, new webapp.json, check-db works", async (s) => {
      const story = unitStory(rotation.hooks, WEBAPP_UNIT);
      s.detail(`webapp/0 hooks: ${story.hooks.join(", ")}`);
      const events = handledEvents(story);
      check(events.includes("credentialsRotated"), `webapp/0 did not handle credentialsRotated (hooks: ${story.hooks.join(", ") || "none"})`);
      const settings = this.readWebappSettings();
      check(settings !== undefined, "webapp.json is gone");
      check(settings.password !== webapp.settings.password, "webapp.json still holds the old password");
      const outcome = await this.action(s, WEBAPP_UNIT, "check-db");
      check(outcome.results["current-user"] === webapp.user, `check-db answered ${JSON.stringify(outcome.results)}`);
      s.summary(`${story.hooks.join(", ")} -> ${events.join(", ")}; check-db as ${webapp.user} ok`);
      return settings;
    });
    await this.t.step("the server accepts the new password and refuses the old one", async (s) => {
      const server = this.requireServer();
      const fresh = await tryLogin(server, webapp.user, rotated.password, WEBAPP_DATABASE);
      check(fresh.ok, `the new password is refused: ${fresh.ok ? "" : fresh.message}`);
      const old = await tryLogin(server, webapp.user, webapp.settings.password, WEBAPP_DATABASE);
      check(!old.ok, "the server still accepts the old password");
      check(old.code === INVALID_PASSWORD, `the old password failed with ${old.code} (${old.message}), expected ${INVALID_PASSWORD}`);
      s.summary(`old password -> server: ${old.message} (${old.code})`);
    });
  }

  private secretRevision(id: string): number {
    const secret = findSecret(this.requireSim().model, id);
    check(secret !== undefined, `secret ${id} is not in the model`);
    return secret.latestRevision;
  }

  private async rotateByReintegration(first: IntegratorCredentials): Promise<void> {
    const sim = this.requireSim();
    await this.t.step("juju remove-relation data-integrator postgresql", async (s) => {
      this.ran(s, await sim.removeRelation("data-integrator:postgresql", "postgresql:database"));
      this.expectStatus(INTEGRATOR_UNIT, INTEGRATOR_BLOCKED);
      check(!(await roleExists(this.admin, first.username)), `the server still has user ${first.username}`);
      s.summary(`user ${first.username} dropped by the provider; ${INTEGRATOR_UNIT} blocked again`);
    });
    const relationId = await this.t.step("juju integrate data-integrator:postgresql postgresql:database (again)", async (s) => {
      const result = await sim.integrate("data-integrator:postgresql", "postgresql:database");
      this.ran(s, result);
      this.expectStatus(INTEGRATOR_UNIT, INTEGRATOR_READY);
      s.summary(`relation ${result.relationId}; ${INTEGRATOR_UNIT} ${statusText(INTEGRATOR_READY)}`);
      return result.relationId;
    });
    const second = await this.getCredentials("juju run data-integrator/0 get-credentials (new credentials)", relationId);
    await this.t.step("the new credentials differ and the old password is refused", async (s) => {
      check(second.username !== first.username, `the user name did not change (${second.username})`);
      check(second.password !== first.password, "the password did not change");
      const old = await tryLogin(this.requireServer(), first.username, first.password, INTEGRATOR_DATABASE);
      check(!old.ok, "the server still accepts the old credentials");
      check(old.code === INVALID_PASSWORD, `the old credentials failed with ${old.code} (${old.message}), expected ${INVALID_PASSWORD}`);
      s.summary(`${first.username} -> ${second.username}; old password -> server: ${old.message} (${old.code})`);
    });
  }

  // ---- removal -----------------------------------------------------------------------------

  private async removeWebapp(webapp: { relationId: number; user: string }): Promise<void> {
    const sim = this.requireSim();
    await this.t.step("juju remove-relation webapp postgresql", async (s) => {
      const result = await sim.removeRelation("webapp:database", "postgresql:database");
      this.ran(s, result);
      const story = unitStory(result.hooks, WEBAPP_UNIT);
      const events = handledEvents(story);
      check(events.includes("databaseRemoved"), `webapp/0 did not handle databaseRemoved (hooks: ${story.hooks.join(", ") || "none"})`);
      this.expectStatus(WEBAPP_UNIT, WEBAPP_WAITING);
      check(this.readWebappSettings() === undefined, "webapp.json is still there");
      check(!(await roleExists(this.admin, webapp.user)), `the server still has user ${webapp.user}`);
      s.summary(`event ${events.join(", ")}; ${WEBAPP_UNIT} ${statusText(WEBAPP_WAITING)}; user ${webapp.user} gone from the server`);
    });
  }

  // ---- logs --------------------------------------------------------------------------------

  private async checkLogs(): Promise<void> {
    await this.t.step("no password in the hook log, the unit statuses, the server log or this demo's log", async (s) => {
      const sim = this.requireSim();
      const hookLog = JSON.stringify(sim.log());
      const texts: Record<string, string> = {
        "hook log": hookLog,
        "unit statuses": JSON.stringify(sim.model.units),
        "server log": readIfExists(this.logs.server),
        "demo log": readIfExists(this.logs.demo),
      };
      const leaks = Object.entries(texts).filter(([, text]) => this.mask.countIn(text) > 0).map(([name]) => name);
      check(this.mask.size >= 4, `only ${this.mask.size} secrets were collected to look for`);
      check(leaks.length === 0, `a password appears in the ${leaks.join(", ")}`);
      s.summary(`${this.mask.size} secrets looked for, none found`);
    });
  }

  /** Copies the hook log out of the model, stops the model and the server, removes the work directory; returns what failed. */
  async cleanUp(): Promise<string[]> {
    this.closed = true;
    const problems: string[] = [];
    const attempt = async (what: string, run: () => void | Promise<void>): Promise<void> => {
      try {
        await run();
      } catch (error) {
        problems.push(`${what}: ${this.mask.apply(error instanceof Error ? error.message : String(error))}`);
      }
    };
    const sim = this.sim;
    if (sim !== undefined) {
      await attempt("saving the hook log", () => {
        const records = sim.log();
        fs.writeFileSync(this.logs.hooks, this.mask.apply(records.flatMap(describeHookRun).join("\n") + "\n"));
        fs.writeFileSync(this.logs.hooksJson, this.mask.apply(records.map((r) => JSON.stringify(r)).join("\n") + "\n"));
      });
      await attempt("closing the model", () => sim.close());
    }
    if (this.server !== undefined) await attempt("stopping PostgreSQL", () => this.requireServer().stop());
    await attempt("removing the work directory", () => fs.rmSync(this.work, { recursive: true, force: true }));
    for (const problem of problems) this.t.detail(`cleanup problem: ${problem}`);
    return problems;
  }

  // ---- checks shared by the steps ------------------------------------------------------------

  /** Logs the run's hooks and fails the step when one failed. */
  private ran(s: StepContext, result: RunResult): void {
    for (const record of result.hooks) for (const line of describeHookRun(record)) s.detail(line);
    const failed = result.failed;
    check(failed === undefined, failed === undefined ? "" : `hook ${failed.hook} failed on ${failed.unit} (exit ${failed.code ?? failed.signal ?? "?"}): ${lastLine(failed.stderr)}`);
  }

  /** Runs an action; fails the step when it did not complete or a hook it caused failed. */
  private async action(s: StepContext, unit: string, name: string, params: Record<string, number | string> = {}): Promise<ActionOutcome> {
    const outcome = await this.requireSim().runAction(unit, name, params);
    for (const record of outcome.hooks) for (const line of describeHookRun(record)) s.detail(line);
    check(outcome.status === "completed", `action ${name} on ${unit} ${outcome.status}: ${outcome.message ?? lastLine(outcome.stderr)}`);
    const failed = outcome.hooks.find((h) => !h.ok);
    check(failed === undefined, failed === undefined ? "" : `hook ${failed.hook} failed on ${failed.unit}: ${lastLine(failed.stderr)}`);
    return outcome;
  }

  private expectStatus(unit: string, expected: { status: string; message: string }): void {
    const actual = this.requireSim().model.units[unit]?.status;
    check(actual?.status === expected.status && actual.message === expected.message, `${unit} is ${statusText(actual)}, expected ${statusText(expected)}`);
  }
}

function lastLine(text: string): string {
  const lines = text.trim().split("\n");
  return lines[lines.length - 1] ?? "";
}

function readIfExists(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
}

/** get-credentials' flat results as an indented block; secret values masked unless `reveal`. */
function credentialsBlock(results: Readonly<Record<string, string>>, mask: SecretMask, reveal: boolean): string[] {
  const lines: string[] = [];
  const groups = new Map<string, [string, string][]>();
  for (const [key, value] of Object.entries(results).sort(([a], [b]) => a.localeCompare(b))) {
    const dot = key.indexOf(".");
    if (dot < 0) {
      lines.push(`${key}: ${value}`);
      continue;
    }
    const group = key.slice(0, dot);
    groups.set(group, [...(groups.get(group) ?? []), [key.slice(dot + 1), value]]);
  }
  for (const [group, entries] of groups) {
    lines.push(`${group}:`);
    for (const [key, value] of entries) lines.push(`  ${key}: ${reveal ? value : mask.apply(value)}`);
  }
  return lines;
}
