// Issue 14, defects 2 and 5 on the legacy adapters: what the PostgreSQL and MySQL charms write
// into `pgsql` / `mysql` databags, run through PgsqlRequires / MySQLLegacyRequires on the
// Context/State harness (lib/ops dispatch over the fake Juju).
import fc from "fast-check";
import { formatLibpqKeywordValue, parseLibpqKeywordValue, RepeatedKeywordError } from "../../lib/engines/index.js";
import { MysqlProviderUnitDatabag, PgsqlProviderDatabag, splitConnectionStrings, valueLimitProblems, VALUE_LIMITS } from "../../lib/interfaces/index.js";
import { LegacyDataError, MySQLLegacyRequires, PgsqlRequires } from "../../lib/legacy/index.js";
import { CharmBase } from "../../lib/ops/index.js";
import { valueProblems } from "../../lib/requires/provider-answer.js";
import { Context, DEFAULT_UNIT_BAG, peerRelation, relation, state, type Relation } from "../../lib/testing/index.js";

const PASSWORD = "Xy7pQ2mN9vLk3RtA";
const conn = (host: string, extra = ""): string => `dbname=myappdb fallback_application_name=myapp host=${host} password=${PASSWORD} port=5432 user=relation_id_7${extra}`;
const MASTER = conn("pg-primary.prod.svc");

let seen: { name: string; standbys?: readonly string[]; readOnlyEndpoints?: readonly string[] }[] = [];
let problems: readonly LegacyDataError[] = [];

class PgClient extends CharmBase {
  readonly db = new PgsqlRequires(this, { relationName: "db", peerRelationName: "peers", database: "myappdb" });
  protected override setup(): void {
    this.db.on("standbyAvailable", (e) => void seen.push({ name: "standbyAvailable", standbys: e.standbys.map((s) => s.host) }));
    this.db.on("masterAvailable", () => void seen.push({ name: "masterAvailable" }));
    this.db.on("databaseCreated", (e) => void seen.push({ name: "databaseCreated", readOnlyEndpoints: e.response.readOnlyEndpoints }));
    this.on("db-relation-changed", () => void (problems = this.db.problems()));
  }
}

const pgMeta = { name: "myapp", requires: { db: { interface: "pgsql", limit: 1 } }, peers: { peers: { interface: "myapp-peers" } } };

/** What postgresql-k8s writes into its app and leader unit databags (docs/protocol.md#pgsql-answer), with `extra` on top. */
function pgAnswer(extra: Record<string, string>): Record<string, string> {
  return {
    "allowed-subnets": DEFAULT_UNIT_BAG["egress-subnets"] as string,
    "allowed-units": "myapp/0",
    database: "myappdb",
    host: "pg-primary.prod.svc",
    master: MASTER,
    port: "5432",
    user: "relation_id_7",
    password: PASSWORD,
    version: "14.15",
    ...extra,
  };
}

/** Joins relation 7, then delivers the provider's answer in relation-changed; returns the log. */
async function pgDeliver(extra: Record<string, string>): Promise<string> {
  const c = new Context(PgClient, { metadata: pgMeta, jujuVersion: "3.6.4" });
  const peers = peerRelation({ id: 1, endpoint: "peers", peersData: { 5: { ...DEFAULT_UNIT_BAG } } });
  const bag = pgAnswer(extra);
  const rel: Relation = relation({ id: 7, endpoint: "db", remoteApp: "postgresql-k8s", remoteAppData: bag, remoteUnitsData: { 0: { ...DEFAULT_UNIT_BAG, ...bag } } });
  const joined = await c.run(c.on.relationJoined(rel, { remoteUnit: 0 }), state({ leader: true, relations: [rel, peers] }));
  seen = [];
  problems = [];
  await c.run(c.on.relationChanged(rel, { remoteUnit: 0 }), joined);
  expect(c.error).toBeUndefined();
  const log = JSON.stringify(c.logs);
  expect(log).not.toContain(PASSWORD);
  return log;
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
}

beforeEach(() => {
  seen = [];
  problems = [];
});

describe("issue 14 defect 2: standbys split on commas and newlines", () => {
  test.each([
    ["comma-joined on one line (canonical/postgresql-operator db.py)", `${conn("10.0.0.2")},${conn("10.0.0.3")}`],
    ["one per line (ops-lib-pgsql, the reactive postgresql charm)", `${conn("10.0.0.2")}\n${conn("10.0.0.3")}\n`],
    ["CRLF lines and a comma after a quoted value", `${conn("10.0.0.2", " options='-c x=1'")},${conn("10.0.0.3")}\r\n`],
  ])("issue 14 defect 2: standbys %s give two standbys", async (_name, standbys) => {
    await pgDeliver({ standbys });
    expect(seen.find((s) => s.name === "standbyAvailable")?.standbys).toEqual(["10.0.0.2", "10.0.0.3"]);
    expect(seen.find((s) => s.name === "databaseCreated")?.readOnlyEndpoints).toEqual(["10.0.0.2:5432", "10.0.0.3:5432"]);
    expect(problems).toEqual([]);
  });

  test("issue 14 defect 2: a libpq multi-host list (host=a,b) stays one standby", () => {
    const multi = "host=10.0.0.2,10.0.0.3 port=5432,5433 user=u dbname=d";
    expect(splitConnectionStrings(`${multi},${conn("10.0.0.4")}`)).toEqual([multi, conn("10.0.0.4")]);
  });

  test("issue 14 defect 2: property: strings written by our formatter, joined by either separator, split back exactly", () => {
    const keyword = fc.constantFrom("host", "port", "user", "password", "dbname", "sslmode", "application_name", "options");
    const value = fc.string({ maxLength: 12, unit: fc.constantFrom("a", "Z", "0", ",", "=", "'", "\\", " ", "\t", "%", "@") });
    const pairs = fc.dictionary(keyword, value, { minKeys: 1, maxKeys: 5 });
    fc.assert(
      fc.property(fc.array(pairs, { minLength: 1, maxLength: 4 }), fc.constantFrom(",", "\n", "\r\n", ", ", "\n\n"), (list, sep) => {
        const text = list.map((p) => formatLibpqKeywordValue(p)).join(sep);
        expect(splitConnectionStrings(text).map((s) => parseLibpqKeywordValue(s))).toEqual(list);
      }),
    );
  });

  test("issue 14 defect 2: property: splitting never throws and never yields blank or untrimmed strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit: fc.constantFrom("a", "=", ",", "'", "\\", " ", "\n", "\r", "\t") }), (text) => {
        for (const s of splitConnectionStrings(text)) expect(s).toBe(s.trim() === "" ? "never blank" : s.trim());
      }),
    );
  });
});

describe("issue 14 defect 2: a repeated libpq keyword is refused with a typed error", () => {
  test("issue 14 defect 2: parseLibpqKeywordValue throws RepeatedKeywordError naming the keyword, not the value", () => {
    const text = `${MASTER} host=evil.example`;
    expect(() => parseLibpqKeywordValue(text)).toThrow(RepeatedKeywordError);
    const error = thrown(() => parseLibpqKeywordValue(`password=one ${MASTER}`));
    expect(error).toBeInstanceOf(RepeatedKeywordError);
    expect((error as RepeatedKeywordError).keyword).toBe("password");
    expect((error as Error).message).not.toContain(PASSWORD);
    expect((error as Error).message).not.toContain("one");
  });

  test("issue 14 defect 2: a master with host=a … host=b delivers nothing and is reported as a LegacyDataError", async () => {
    const log = await pgDeliver({ master: `${MASTER} host=evil.example` });
    expect(seen.map((s) => s.name)).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toBeInstanceOf(LegacyDataError);
    expect(problems[0]).toMatchObject({ field: "master" });
    expect(problems[0]?.message).toMatch(/keyword "host" appears more than once/);
    expect(log).toMatch(/WARNING.*appears more than once/);
  });
});

describe("issue 14 defect 5: the legacy adapters apply the same value checks and caps as the modern path", () => {
  test("issue 14 defect 5: a NUL byte in the pgsql host refuses the bag", async () => {
    await pgDeliver({ host: "pg-primary.prod.svc\u0000evil" });
    expect(seen).toEqual([]);
    expect(problems.map((p) => p.message).join("\n")).toMatch(/host: contains control characters or a line break/);
  });

  test("issue 14 defect 5: a 10 MB pgsql master refuses the bag (line cap)", async () => {
    const huge = `${MASTER} application_name=${"x".repeat(10 * 1024 * 1024)}`;
    await pgDeliver({ master: huge });
    expect(seen).toEqual([]);
    expect(problems.map((p) => p.message).join("\n")).toContain(`master: is ${huge.length} characters long; at most ${VALUE_LIMITS.line.maxLength} are accepted`);
  });

  class MyClient extends CharmBase {
    readonly db = new MySQLLegacyRequires(this, { relationName: "db" });
    protected override setup(): void {
      this.db.on("databaseCreated", () => void seen.push({ name: "databaseCreated" }));
      this.on("db-relation-changed", () => void (problems = this.db.problems()));
    }
  }

  test.each([
    ["a NUL byte in host", { host: "mysql-k8s-0.prod.svc\u0000x" }, /host: contains control characters or a line break/],
    ["a line break in user", { user: "relation-7\nroot" }, /user: contains control characters or a line break/],
    ["a 10 MB password", { password: "p".repeat(10 * 1024 * 1024) }, /password: is 10485760 characters long; at most 16384 are accepted/],
  ])("issue 14 defect 5: mysql legacy: %s refuses the unit bag", async (_name, extra, message) => {
    const c = new Context(MyClient, { metadata: { name: "myapp", requires: { db: { interface: "mysql", limit: 1 } } }, jujuVersion: "3.6.4" });
    const bag = { ...DEFAULT_UNIT_BAG, database: "database-7", host: "mysql-k8s-0.prod.svc", password: "q8ZrT3vK0bLw5YhN2cJx7DmA", port: "3306", user: "relation-7", ...extra };
    const rel = relation({ id: 7, endpoint: "db", remoteApp: "mysql-k8s", remoteUnitsData: { 0: bag } });
    await c.run(c.on.relationChanged(rel, { remoteUnit: 0 }), state({ relations: [rel] }));
    expect(c.error).toBeUndefined();
    expect(seen).toEqual([]);
    expect(problems.map((p) => p.message).join("\n")).toMatch(message);
    expect(JSON.stringify(c.logs)).not.toContain("q8ZrT3vK0bLw5YhN2cJx7DmA");
  });

  test("issue 14 defect 5: property: the modern check and the legacy codecs refuse exactly the same values, with the same words", () => {
    const key = fc.constantFrom("host", "master", "standbys", "password", "tls-ca", "data", "some-new-key", "port", "endpoints");
    const value = fc.oneof(
      fc.string({ maxLength: 20, unit: fc.constantFrom("a", "\u0000", "\n", "\t", "\r", "\u007f", "\u001b", " ") }),
      fc.constantFrom(16 * 1024, 16 * 1024 + 1, 256 * 1024, 256 * 1024 + 1).map((n) => "a".repeat(n)),
    );
    fc.assert(
      fc.property(key, value, (k, v) => {
        const modern = valueProblems("db:7", { [k]: v }).map((p) => p.message);
        const policyWords = new Set(valueLimitProblems({ [k]: v }).map((p) => p.problem));
        for (const codec of [PgsqlProviderDatabag, MysqlProviderUnitDatabag]) {
          const decoded = codec.decode({ [k]: v });
          const legacy = decoded.ok ? [] : decoded.problems.filter((p) => p.field === k && policyWords.has(p.problem)).map((p) => p.problem);
          expect(legacy).toHaveLength(modern.length);
          legacy.forEach((problem, i) => expect(modern[i]).toContain(`"${k}": ${problem}`));
        }
      }),
      { numRuns: 200 },
    );
  });
});
