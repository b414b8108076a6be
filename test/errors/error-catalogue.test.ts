/**
 * The catalogue of every public error class (issue 10, "errors that help").
 *
 * (a) Every class exported from a package entry point (`.`, `./ops`, `./testing`, `./simulator`, `./legacy`, `./interfaces`) whose
 *     value extends Error must have a row below: a new exported error without one fails here.
 * (b) Each row triggers its error the way a charm author meets it (real calls into the requirer,
 *     the harness, the hook-tool backend over a fake runner, the context parser, the engines...)
 *     and checks that the message names the relation, field, hook, tool or variable at fault,
 *     says what to do, and carries none of the secret values that were fed in.
 */
import * as rootEntry from "../../lib/index.js";
import * as interfacesEntry from "../../lib/interfaces/index.js";
import * as legacyEntry from "../../lib/legacy/index.js";
import * as opsEntry from "../../lib/ops/index.js";
import * as simulatorEntry from "../../lib/simulator.js";
import * as testingEntry from "../../lib/testing/index.js";
import {
  AliasExhaustedError,
  ConnectionFactsError,
  ConnectionStringError,
  DatabaseRequires,
  EngineConnectionError,
  PgCheckError,
  ProviderDataError,
  ProviderSecretReadError,
  ProviderSecretUnavailableError,
  RelationLimitExceededError,
  RequestConfigError,
  SecretLabelTakenError,
  SecretsUnsupportedError,
  RequiresError,
  UnknownRelationError,
  isExtensionEnabled,
  mysqlConnection,
  parseLibpqKeywordValue,
  parseMysqlshUri,
  RepeatedKeywordError,
  type DatabaseRequiresOptions,
} from "../../lib/index.js";
import { DatabagError, MySQLProviderAppDatabag } from "../../lib/interfaces/index.js";
import { parseConnectionFacts } from "../../lib/engines/index.js";
import { LegacyConfigError, LegacyDataError, MySQLLegacyRequires, PgsqlRequires } from "../../lib/legacy/index.js";
import {
  ActionNotRunningError,
  CharmBase,
  ContextError,
  HookToolBackend,
  HookToolError,
  HookToolNotFoundError,
  HookToolOutputError,
  InvalidArgumentError,
  ModelError,
  NotLeaderError,
  OpsError,
  PermissionDeniedError,
  RelationDataAccessError,
  RelationNotFoundError,
  SecretNotFoundError,
  StateLimitError,
  StateFileError,
  TooManyRelatedAppsError,
  ToolUnavailableError,
  createProcessRunner,
  encodeStateValue,
  parseCharmMetadata,
  dispatch,
  parseHookContext,
  type ToolResult,
  type ToolRunner,
} from "../../lib/ops/index.js";
import { CommitRefusedError, Context, InconsistentScenarioError, relation, secret, state, UncaughtCharmError, type State, type RelationEvent } from "../../lib/testing/index.js";
import { CharmSpecError, ModelNotQuietError, SimulatorError, Simulator, loadCharmSpec } from "../../lib/simulator.js";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A secret value fed into triggers; no message may contain it. */
const PASSWORD = "Pw-Sentinel-7Qx93LmZ";

type ErrorClass = abstract new (...args: never[]) => Error;

/** How a charm author meets one error class, and what its message must say. */
interface Row {
  /** Produces the error (thrown or returned) through real public calls. */
  readonly trigger: () => unknown;
  /** Names the message must contain: relation, field, option, hook, tool or variable. */
  readonly context: readonly string[];
  /** The part of the message that says what to do. */
  readonly hint: RegExp;
}

// ---- small stands used by the triggers --------------------------------------------------------

/** A hook-tool runner answering every call with one canned result (no processes). */
function cannedRunner(answer: Partial<ToolResult>): ToolRunner {
  return { run: () => ({ code: 0, stdout: "", stderr: "", ...answer }) };
}

const hookEnv = {
  JUJU_DISPATCH_PATH: "hooks/database-relation-changed",
  JUJU_HOOK_NAME: "database-relation-changed",
  JUJU_UNIT_NAME: "myapp/0",
  JUJU_MODEL_NAME: "prod",
  JUJU_MODEL_UUID: "2f1c1d8e-0000-4000-8000-000000000001",
  JUJU_VERSION: "3.6.14",
  JUJU_CHARM_DIR: "/var/lib/juju/agents/unit-myapp-0/charm",
  JUJU_RELATION: "database",
  JUJU_RELATION_ID: "database:4",
  JUJU_REMOTE_APP: "postgresql-k8s",
};

const metadata = {
  name: "myapp",
  requires: { database: { interface: "postgresql_client" }, replicas: { interface: "postgresql_client", limit: 1 }, db: { interface: "pgsql" }, mysql: { interface: "mysql" } },
  peers: { cluster: { interface: "myapp-peers" } },
};

/** What the charm under test does in its handlers; set by each trigger before running. */
let behaviour: (charm: ProbeCharm) => void = () => undefined;
/** Errors the charm's handlers found without throwing (problems() lists). */
let reported: Error[] = [];

class ProbeCharm extends CharmBase {
  protected override setup(): void {
    behaviour(this);
  }
}

/** Runs one hook of ProbeCharm on the harness; returns the error it failed with, else the first reported one. */
async function runProbe(event: (c: Context<typeof ProbeCharm>) => RelationEvent | ReturnType<Context<typeof ProbeCharm>["on"]["install"]>, st: State, does: (charm: ProbeCharm) => void): Promise<unknown> {
  behaviour = does;
  reported = [];
  const ctx = new Context(ProbeCharm, { metadata, jujuVersion: "3.6.4" });
  try {
    await ctx.run(event(ctx), st);
  } catch (e) {
    // The harness wraps what the charm threw; the catalogue is about the charm's own error.
    return e instanceof UncaughtCharmError ? e.cause : e;
  }
  return reported[0];
}

function requirer(charm: ProbeCharm, options: Partial<DatabaseRequiresOptions<string>> = {}): DatabaseRequires {
  return new DatabaseRequires(charm, { relationName: "database", database: "myappdb", ...options } as DatabaseRequiresOptions<string>);
}

const dbRel = (extra: Partial<Parameters<typeof relation>[0]> = {}) => relation({ id: 4, endpoint: "database", remoteApp: "postgresql-k8s", ...extra });

const badFacts = { username: "relation_4", password: PASSWORD, database: "myappdb", endpoints: [{ host: "pg", port: 5432 }], readOnlyEndpoints: [], tls: false };

let scratch = "";
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "cdi-errors-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// ---- the catalogue ----------------------------------------------------------------------------

const catalogue: ReadonlyMap<ErrorClass, Row> = new Map<ErrorClass, Row>([
  // lib/ops: the runtime
  [
    OpsError,
    {
      trigger: () => parseCharmMetadata("name: myapp\nrequires: [oops", "metadata.yaml"),
      context: ["metadata.yaml"],
      hint: /fix the file/,
    },
  ],
  [
    ModelError,
    {
      trigger: () => new HookToolBackend(cannedRunner({ code: 1, stderr: "ERROR cannot get settings: boom" })).configGet(),
      context: ["config-get"],
      hint: /see `juju debug-log`/,
    },
  ],
  [
    HookToolError,
    {
      trigger: () => new HookToolBackend(cannedRunner({ code: 2, stderr: "ERROR flag provided but not defined: --bogus" })).isLeader(),
      context: ["is-leader", "exit code 2"],
      hint: /check that this Juju version \(JUJU_VERSION\) supports them/,
    },
  ],
  [
    HookToolNotFoundError,
    {
      trigger: () => new HookToolBackend(createProcessRunner({ env: { PATH: join(tmpdir(), "no-such-dir") } })).isLeader(),
      context: ["is-leader"],
      hint: /exist only while Juju runs a hook or action/,
    },
  ],
  [
    ToolUnavailableError,
    {
      trigger: () => new HookToolBackend(cannedRunner({}), { jujuVersion: "3.4.6" }).relationModelGet({ endpoint: "database", id: 4 }),
      context: ["relation-model-get", "3.4.6", "3.6.2"],
      hint: /hasTool\("relation-model-get"\) first, or upgrade the model/,
    },
  ],
  [
    HookToolOutputError,
    {
      trigger: () => new HookToolBackend(cannedRunner({ stdout: "<html>not json</html>" })).configGet(),
      context: ["config-get"],
      hint: /report it with JUJU_VERSION/,
    },
  ],
  [
    RelationNotFoundError,
    {
      trigger: () => new HookToolBackend(cannedRunner({ code: 2, stderr: 'ERROR invalid value "database:9" for option -r: relation not found' })).relationGet({ endpoint: "database", id: 9 }, "postgresql-k8s", true),
      context: ["relation-get", "database:9"],
      hint: /look it up again with model\.relations\(endpoint\)/,
    },
  ],
  [
    SecretNotFoundError,
    {
      trigger: () => new HookToolBackend(cannedRunner({ code: 1, stderr: 'ERROR secret "csv1a" not found' })).secretGet({ id: "secret:csv1a" }),
      context: ["secret-get"],
      hint: /check its URI or label, or wait for the owner to grant it/,
    },
  ],
  [
    PermissionDeniedError,
    {
      trigger: () => new HookToolBackend(cannedRunner({ code: 1, stderr: "ERROR permission denied" })).secretGet({ id: "secret:csv1a" }),
      context: ["secret-get"],
      hint: /check unit\.isLeader\(\) and the grant/,
    },
  ],
  [
    NotLeaderError,
    {
      trigger: () => runProbe((c) => c.on.install(), state({ leader: false }), (charm) => charm.on("install", () => charm.app.setStatus(new opsEntry.ActiveStatus("up")))),
      context: ["myapp/0", "application status"],
      hint: /check unit\.isLeader\(\) first/,
    },
  ],
  [
    ActionNotRunningError,
    {
      trigger: () => new HookToolBackend(cannedRunner({ code: 1, stderr: "ERROR not running an action" })).actionGet(),
      context: ["action-get"],
      hint: /call them from an action handler/,
    },
  ],
  [
    ContextError,
    {
      trigger: () => parseHookContext({ ...hookEnv, JUJU_RELATION_ID: "db:4" }),
      context: ["JUJU_RELATION_ID", "database"],
      hint: /run the charm through its dispatch script/,
    },
  ],
  [
    RelationDataAccessError,
    {
      trigger: () =>
        runProbe((c) => c.on.relationChanged(dbRel()), state({ leader: false, relations: [dbRel()] }), (charm) =>
          charm.on("database-relation-changed", (e) => void e.relation.localApp.get("database")),
        ),
      context: ["database:4", "local app databag of myapp"],
      hint: /check unit\.isLeader\(\) first/,
    },
  ],
  [
    TooManyRelatedAppsError,
    {
      trigger: () =>
        runProbe((c) => c.on.install(), state({ relations: [dbRel(), relation({ id: 5, endpoint: "database", remoteApp: "mysql" })] }), (charm) =>
          charm.on("install", () => void charm.model.getRelation("database")),
        ),
      context: ["database"],
      hint: /pass the relation id/i,
    },
  ],
  [
    InvalidArgumentError,
    {
      trigger: () =>
        runProbe((c) => c.on.relationChanged(dbRel()), state({ relations: [dbRel()] }), (charm) =>
          charm.on("database-relation-changed", (e) => e.relation.localUnit.update({ password: 7 as unknown as string })),
        ),
      context: ["database:4", "password"],
      hint: /convert it first/,
    },
  ],
  [
    StateLimitError,
    {
      trigger: () => encodeStateValue("k".repeat(400), "{}"),
      context: ["controller state key"],
      hint: /use a shorter name/,
    },
  ],
  [
    StateFileError,
    {
      // A machine unit whose charm directory cannot take the state file (here: a read-only one).
      trigger: async () => {
        class Remembering extends CharmBase {
          private readonly seen = this.storedState("seen", { password: "" });
          protected override setup(): void {
            this.on("install", () => this.seen.set({ password: PASSWORD }));
          }
        }
        const denied = Object.assign(new Error(`EACCES: permission denied, open '${PASSWORD}'`), { code: "EACCES" });
        const outcome = await dispatch(Remembering, {
          context: parseHookContext({ ...hookEnv, JUJU_DISPATCH_PATH: "hooks/install", JUJU_HOOK_NAME: "install", JUJU_CHARM_DIR: "/var/lib/juju/agents/unit-myapp-0/charm" }),
          backend: new HookToolBackend(cannedRunner({ stdout: "{}" })),
          stateStorage: "local",
          stateFiles: { read: () => undefined, replace: () => { throw denied; }, setAside: (file) => file },
          logSink: { write: () => undefined },
          stdout: () => undefined,
          stderr: () => undefined,
        });
        return outcome.ok ? undefined : outcome.error;
      },
      context: [".ops-ts-state.json", "EACCES"],
      hint: /the hook fails so that Juju retries it/,
    },
  ],

  // lib/requires: the protocol engine
  [
    RequiresError,
    {
      trigger: () => runProbe((c) => c.on.install(), state(), (charm) => void requirer(charm, { relationName: "dtabase" })),
      context: ["relationName", "dtabase"],
      hint: /fix the name or declare the endpoint in metadata\.yaml/,
    },
  ],
  [
    RequestConfigError,
    {
      trigger: () => runProbe((c) => c.on.install(), state(), (charm) => void requirer(charm, { relationAliases: ["main", "replica"] })),
      context: ["relationAliases", "database", "limit"],
      hint: /one alias per allowed relation/i,
    },
  ],
  [
    ProviderDataError,
    {
      trigger: () => {
        const rel = dbRel({ remoteAppData: { database: "myappdb", endpoints: "pg:5432", tls: "perhaps", username: "u", password: PASSWORD } });
        return runProbe((c) => c.on.relationChanged(rel), state({ leader: true, relations: [rel] }), (charm) => {
          const db = requirer(charm);
          charm.on("database-relation-changed", () => void reported.push(...db.problems()));
        });
      },
      context: ["database:4", "tls"],
      hint: /fix or upgrade the provider/,
    },
  ],
  [
    ProviderSecretUnavailableError,
    {
      trigger: () => {
        const rel = dbRel({ remoteAppData: { database: "myappdb", endpoints: "pg:5432", "secret-user": "secret://model/d1v1ne0ktt2s73fd0q90" } });
        return runProbe((c) => c.on.relationChanged(rel), state({ leader: true, relations: [rel] }), (charm) => {
          const db = requirer(charm);
          charm.on("database-relation-changed", () => void reported.push(...db.problems()));
        });
      },
      context: ["database:4", "secret-user"],
      hint: /re-checks in later hooks/,
    },
  ],
  [
    // Needs a hook tool failing once; the engine test stand shows it end to end (test/requires/defects.test.ts, defect 4).
    ProviderSecretReadError,
    {
      trigger: () => new ProviderSecretReadError("database:4", "secret-user", "secret-get exited with 1"),
      context: ["database:4", "secret-user", "secret-get"],
      hint: /re-checks in later hooks/,
    },
  ],
  [
    // Needs a label clash and a failing read by URI; built as the engine builds it.
    SecretLabelTakenError,
    {
      trigger: () => new SecretLabelTakenError("database:4", "secret-user", "database.4.user.secret", "secret-get exited with 1"),
      context: ["database:4", "secret-user", "database.4.user.secret"],
      hint: /clash ends when the provider removes its previous secret/,
    },
  ],
  [
    SecretsUnsupportedError,
    {
      trigger: () => {
        const rel = dbRel({ remoteAppData: { database: "myappdb", endpoints: "pg:5432", "secret-user": "secret:d1v1ne0ktt2s73fd0q90" } });
        const st = state({ leader: true, relations: [rel], model: { name: "prod", uuid: "2f1c1d8e-0000-4000-8000-000000000001", jujuVersion: "2.9.49" } });
        return runProbe((c) => c.on.relationChanged(rel), st, (charm) => {
          const db = requirer(charm);
          charm.on("database-relation-changed", () => void reported.push(...db.problems()));
        });
      },
      context: ["database:4", "secret-user"],
      hint: /publish the fields in its databag/,
    },
  ],
  [
    RelationLimitExceededError,
    {
      trigger: () => {
        const rels = [relation({ id: 4, endpoint: "replicas", remoteApp: "pg1" }), relation({ id: 5, endpoint: "replicas", remoteApp: "pg2" })];
        return runProbe((c) => c.on.relationChanged(rels[1]!), state({ relations: rels }), (charm) => {
          const db = requirer(charm, { relationName: "replicas" });
          charm.on("replicas-relation-changed", () => void reported.push(...db.problems()));
        });
      },
      context: ["replicas:5", "pg2", '"replicas"'],
      hint: /remove it with juju remove-relation/,
    },
  ],
  [
    AliasExhaustedError,
    {
      trigger: () => {
        const rels = [relation({ id: 4, endpoint: "replicas", remoteApp: "pg1", localUnitData: { alias: "main" } }), relation({ id: 5, endpoint: "replicas", remoteApp: "pg2" })];
        return runProbe((c) => c.on.relationCreated(rels[1]!), state({ leader: true, relations: rels }), (charm) => void requirer(charm, { relationName: "replicas", relationAliases: ["main"] }));
      },
      context: ["replicas", "main"],
      hint: /configure one alias/i,
    },
  ],
  [
    UnknownRelationError,
    {
      trigger: () =>
        runProbe((c) => c.on.install(), state({ relations: [dbRel()] }), (charm) => {
          const db = requirer(charm);
          charm.on("install", () => void db.isResourceCreated(99));
        }),
      context: ["database", "99"],
      hint: /ask with an id from model\.relations\("database"\)/,
    },
  ],

  // lib/interfaces: the databag models
  [
    DatabagError,
    {
      trigger: () => MySQLProviderAppDatabag.decodeOrThrow({ endpoints: "mysql:3306x", password: PASSWORD }, "database:4"),
      context: ["database:4", "endpoints", "provider"],
      hint: /port must be an integer between 1 and 65535/,
    },
  ],

  // lib/engines: driver-ready connections
  [
    ConnectionFactsError,
    {
      trigger: () => parseConnectionFacts({ ...badFacts, endpoints: [{ host: "pg", port: 99999 }] }),
      context: ["endpoints.0.port"],
      hint: /expected number to be <=65535/,
    },
  ],
  [
    EngineConnectionError,
    {
      trigger: () => mysqlConnection(parseConnectionFacts(badFacts), { sslMode: "verify-full" as never }),
      context: ["mysql", "sslMode"],
      hint: /expected one of/i,
    },
  ],
  [
    ConnectionStringError,
    {
      trigger: () => parseMysqlshUri(`mysql://relation_4:${PASSWORD}@db.example:notaport/myappdb`),
      context: ["mysqlsh-uri", "port"],
      hint: /port must be a number from 1 to 65535/,
    },
  ],
  [
    RepeatedKeywordError,
    {
      trigger: () => parseLibpqKeywordValue(`host=db.example user=relation_4 password=${PASSWORD} host=evil.example`),
      context: ["libpq-keyword-value", "host"],
      hint: /must name each keyword once/,
    },
  ],
  [
    PgCheckError,
    {
      trigger: () => isExtensionEnabled({ host: "127.0.0.1", port: 1, user: "relation_4", password: PASSWORD, database: "myappdb", ssl: false }, "pg_trgm"),
      context: ["127.0.0.1:1", "myappdb"],
      hint: /make sure this unit can reach the endpoint .*defer the event to retry/,
    },
  ],

  // lib/legacy: the pgsql and mysql adapters
  [
    LegacyConfigError,
    {
      trigger: () => runProbe((c) => c.on.install(), state(), (charm) => void new PgsqlRequires(charm, { relationName: "db", peerRelationName: "peers" })),
      context: ["peerRelationName", "peers"],
      hint: /fix the name or declare the endpoint in metadata\.yaml/,
    },
  ],
  [
    LegacyDataError,
    {
      trigger: () => {
        const rel = relation({ id: 6, endpoint: "mysql", remoteApp: "mysql", remoteUnitsData: { 0: { host: "mysql-0", port: "33o6", user: "u", password: PASSWORD, database: "app" } } });
        return runProbe((c) => c.on.relationChanged(rel, { remoteUnit: 0 }), state({ relations: [rel] }), (charm) => {
          const legacy = new MySQLLegacyRequires(charm, { relationName: "mysql" });
          charm.on("mysql-relation-changed", () => void reported.push(...legacy.problems()));
        });
      },
      context: ["mysql:6", "mysql/0", "port"],
      hint: /ignored until its writer publishes a valid value/,
    },
  ],

  // lib/testing: the harness and the simulator
  [
    InconsistentScenarioError,
    {
      trigger: () => runProbe((c) => c.on.relationChanged(dbRel()), state(), () => undefined),
      context: ["database:4"],
      hint: /change the State or the event/,
    },
  ],
  [
    UncaughtCharmError,
    {
      trigger: async () => {
        behaviour = (charm) => charm.on("install", () => {
          throw new Error("the charm gave up");
        });
        const ctx = new Context(ProbeCharm, { metadata, jujuVersion: "3.6.4" });
        return ctx.run(ctx.on.install(), state());
      },
      context: ["install", "the charm gave up"],
      hint: /catchCharmErrors: true/,
    },
  ],
  [
    CommitRefusedError,
    {
      trigger: async () => {
        const appSecret = secret({ id: "secret:cv5pag6fcc9s77fhdc3g", owner: "application", trackedContent: { password: PASSWORD } });
        behaviour = (charm) => charm.on("install", () => charm.model.getSecret({ id: appSecret.id }).setContent({ password: `${PASSWORD}-2` }));
        const ctx = new Context(ProbeCharm, { metadata, jujuVersion: "3.6.4" });
        return ctx.run(ctx.on.install(), state({ leader: false, secrets: [appSecret] }));
      },
      context: ["install", "updating secrets: permission denied"],
      hint: /only its own secrets and, as the leader, its application's/,
    },
  ],
  [
    SimulatorError,
    {
      trigger: () => {
        const dir = join(scratch, "model");
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, "model.json"), JSON.stringify({ applications: "none" }));
        return Simulator.open(dir);
      },
      context: ["model.json"],
      hint: /new model directory/i,
    },
  ],
  [
    CharmSpecError,
    {
      trigger: () => loadCharmSpec(join(scratch, "no-such-charm")),
      context: ["no-such-charm", "metadata.yaml"],
      hint: /root directory/i,
    },
  ],
  [
    // Raised only after a real multi-process run loops; built here as the simulator builds it.
    ModelNotQuietError,
    {
      trigger: () => new ModelNotQuietError(200, ["myapp/0 database-relation-changed", "postgresql/0 database-relation-changed"]),
      context: ["myapp/0 database-relation-changed"],
      hint: /writing relation data in every relation-changed/,
    },
  ],
]);

// ---- (a) the list is complete ----------------------------------------------------------------

function exportedErrorClasses(): Map<string, ErrorClass> {
  const out = new Map<string, ErrorClass>();
  for (const entry of [rootEntry, opsEntry, testingEntry, simulatorEntry, legacyEntry, interfacesEntry] as const) {
    for (const [name, value] of Object.entries(entry)) {
      if (typeof value === "function" && (value as { prototype?: unknown }).prototype instanceof Error) out.set(name, value as ErrorClass);
    }
  }
  return out;
}

describe("error catalogue", () => {
  test("every error class exported from an entry point has a catalogue row", () => {
    const exported = exportedErrorClasses();
    const missing = [...exported].filter(([, cls]) => !catalogue.has(cls)).map(([name]) => name);
    expect(missing).toEqual([]);
    expect(exported.size).toBeGreaterThanOrEqual(30);
  });

  test("every catalogue row is a class the package exports", () => {
    const exported = new Set(exportedErrorClasses().values());
    expect([...catalogue.keys()].filter((cls) => !exported.has(cls)).map((cls) => cls.name)).toEqual([]);
  });
});

// ---- (b) each error, met as a charm author meets it -------------------------------------------

async function capture(trigger: () => unknown): Promise<unknown> {
  try {
    const out = await trigger();
    return out;
  } catch (e) {
    return e;
  }
}

describe.each([...catalogue].map(([cls, row]) => [cls.name, cls, row] as const))("%s", (_name, cls, row) => {
  let error: Error;
  beforeAll(async () => {
    const got = await capture(row.trigger);
    if (!(got instanceof Error)) throw new Error(`trigger produced no error: ${String(got)}`);
    error = got;
    // SHOW_ERRORS=1 prints every message, for reviewing their wording.
    if (process.env["SHOW_ERRORS"] === "1") process.stdout.write(`${cls.name}: ${String(got)}\n`);
  });

  test("is an instance of the class, met through a public call", () => {
    expect(error).toBeInstanceOf(cls);
  });

  test("names the relation, field, hook, tool or variable at fault", () => {
    for (const name of row.context) expect(error.message).toContain(name);
  });

  test("says what to do", () => {
    expect(error.message).toMatch(row.hint);
  });

  test("carries no secret value (message, string form, own properties, cause)", () => {
    const props = JSON.stringify(Object.fromEntries(Object.entries(error)));
    const cause = error.cause instanceof Error ? `${error.cause.message} ${JSON.stringify(Object.fromEntries(Object.entries(error.cause)))}` : String(error.cause);
    for (const text of [error.message, String(error), props, cause]) expect(text).not.toContain(PASSWORD);
  });
});

