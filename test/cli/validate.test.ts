/**
 * The `validate` command on realistic `juju show-unit --format=json` outputs for every supported
 * interface, seen from both sides, and on broken ones; exit codes; secrets never echoed.
 */
import { runValidate, type CommandIo, type ValidationReport } from "../../lib/cli/index.js";
import {
  EXAMPLE_PASSWORD,
  EXAMPLE_ROOT_PASSWORD,
  fallbackProviderBag,
  mongodbProviderBag,
  mongosProviderBag,
  mysqlLegacyProviderUnitBag,
  mysqlProviderBag,
  pgsqlProviderBag,
  pgsqlRequestBag,
  postgresqlProviderBag,
  providerView,
  requirerAppBag,
  requirerAppBagFull,
  requirerLeaderUnitBag,
  requirerView,
  showUnit,
  type Bag,
} from "./show-unit-fixtures.js";

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function validate(input: unknown, ...args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io: CommandIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => (typeof input === "string" ? input : JSON.stringify(input)),
    readFile: async (path) => {
      throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
    },
  };
  const code = await runValidate(args, io);
  return { code, stdout, stderr };
}

async function report(input: unknown, ...args: string[]): Promise<{ code: number; report: ValidationReport; raw: string }> {
  const run = await validate(input, ...args, "--format", "json");
  return { code: run.code, report: JSON.parse(run.stdout) as ValidationReport, raw: run.stdout };
}

function problemsOf(r: ValidationReport): Array<{ owner: string; field: string; problem: string; hint: string }> {
  return r.relations.flatMap((rel) => rel.bags.flatMap((b) => b.problems.map((p) => ({ owner: b.owner, ...p }))));
}

describe("valid relations, requirer unit shown", () => {
  // Every row has four entries: jest reads a callback with more parameters than the row as taking `done`.
  const cases: Array<[string, string, Bag, Record<string, unknown> | undefined]> = [
    ["postgresql_client", "postgresql-k8s", postgresqlProviderBag, undefined],
    ["mysql_client", "mysql-k8s", mysqlProviderBag, undefined],
    ["mongodb_client", "mongodb", mongodbProviderBag, undefined],
    [
      "mongos_client",
      "mongos",
      mongosProviderBag,
      showUnit("data-integrator/0", [
        { id: 3, endpoint: "mongos", relatedEndpoint: "mongos_proxy", appData: mongosProviderBag, localUnit: requirerLeaderUnitBag, relatedUnits: { "mongos/0": {} } },
      ]),
    ],
  ];
  test.each(cases)("%s: exit 0, every databag valid, secret URIs listed unresolved", async (iface, provider, bag, custom) => {
    const { code, report: r } = await report(custom ?? requirerView(provider, bag));
    expect(code).toBe(0);
    expect(r.valid).toBe(true);
    expect(r.relations).toHaveLength(1);
    const rel = r.relations[0]!;
    expect(rel.interface).toBe(iface);
    expect(rel.side).toBe("requirer");
    expect(rel.bags.map((b) => [b.owner, b.scope, b.side, b.valid])).toEqual([
      [provider, "app", "provider", true],
      [`${provider}/0`, "unit", "provider", true],
      [rel.unit, "unit", "requirer", true],
    ]);
    expect(rel.bags[0]!.secretReferences).toContainEqual({ field: "secret-user", uri: bag["secret-user"] });
  });

  test("text output names the relation, interface, side and secret references", async () => {
    const run = await validate(requirerView("postgresql-k8s", postgresqlProviderBag));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("myapp/0 relation database:7");
    expect(run.stdout).toContain("interface postgresql_client");
    expect(run.stdout).toContain("this unit is the requirer");
    expect(run.stdout).toContain("secret-user: Juju secret secret:d0mvo2fmp25c77a4r6s0 (reference only, not resolved)");
    expect(run.stdout).toMatch(/^valid: 1 relation, 3 databags, 0 problems$/m);
  });

  test("before the provider answered: empty provider databag is valid and noted", async () => {
    const { code, report: r } = await report(requirerView("postgresql-k8s", {}, { alias: "main", "requested-secrets": requirerAppBag["requested-secrets"]! }));
    expect(code).toBe(0);
    expect(r.relations[0]!.side).toBe("requirer");
    expect(r.relations[0]!.bags[0]!.notes.join()).toContain("has not written this databag yet");
  });
});

describe("valid relations, provider unit shown", () => {
  test.each([
    ["postgresql_client", "postgresql-k8s"],
    ["mysql_client", "mysql-k8s"],
    ["mongodb_client", "mongodb"],
    ["mongos_client", "mongos"],
  ])("%s: the requirer's app and unit databags are checked", async (iface, provider) => {
    const { code, report: r } = await report(providerView(provider, requirerAppBagFull));
    expect(code).toBe(0);
    const rel = r.relations[0]!;
    expect(rel.interface).toBe(iface);
    expect(rel.side).toBe("provider");
    expect(rel.bags.map((b) => [b.owner, b.scope, b.side, b.valid])).toEqual([
      ["myapp", "app", "requirer", true],
      ["myapp/0", "unit", "requirer", true],
      [`${provider}/0`, "unit", "provider", true],
    ]);
  });
});

describe("legacy interfaces", () => {
  test("pgsql, requirer unit shown: provider app and leader unit databags valid; passwords never shown", async () => {
    const input = showUnit("myapp/0", [
      { id: 7, endpoint: "db", relatedEndpoint: "db", appData: pgsqlProviderBag, localUnit: pgsqlRequestBag, relatedUnits: { "postgresql-k8s/0": pgsqlProviderBag, "postgresql-k8s/1": {} } },
    ]);
    const { code, report: r, raw } = await report(input);
    expect(code).toBe(0);
    const rel = r.relations[0]!;
    expect([rel.interface, rel.side]).toEqual(["pgsql", "requirer"]);
    expect(rel.bags.every((b) => b.valid)).toBe(true);
    expect(rel.bags[0]!.secretBearingFields).toEqual(expect.arrayContaining(["master", "standbys", "password"]));
    expect(raw).not.toContain(EXAMPLE_PASSWORD);
  });

  test("pgsql, provider unit shown: the request databags are checked", async () => {
    const input = showUnit("postgresql-k8s/0", [
      { id: 7, endpoint: "db", relatedEndpoint: "db", appData: pgsqlRequestBag, localUnit: pgsqlProviderBag, relatedUnits: { "myapp/0": pgsqlRequestBag } },
    ]);
    const { code, report: r } = await report(input);
    expect(code).toBe(0);
    expect([r.relations[0]!.interface, r.relations[0]!.side]).toEqual(["pgsql", "provider"]);
    expect(r.relations[0]!.bags.map((b) => b.side)).toEqual(["requirer", "requirer", "provider"]);
  });

  test("mysql, requirer unit shown: provider unit databags valid, root password never shown", async () => {
    const input = showUnit("myapp/0", [
      { id: 7, endpoint: "db", relatedEndpoint: "mysql", appData: {}, localUnit: {}, relatedUnits: { "mysql-k8s/0": mysqlLegacyProviderUnitBag, "mysql-k8s/1": mysqlLegacyProviderUnitBag } },
    ]);
    const run = await validate(input);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("interface mysql");
    expect(run.stdout).toContain("this unit is the requirer");
    expect(run.stdout).toContain("root_password");
    expect(run.stdout).not.toContain(EXAMPLE_ROOT_PASSWORD);
  });

  test("mysql, provider unit shown: its own unit databag is checked against the model", async () => {
    const input = showUnit("mysql-k8s/0", [
      { id: 7, endpoint: "mysql", relatedEndpoint: "db", appData: {}, localUnit: { ...mysqlLegacyProviderUnitBag, port: "33o6" }, relatedUnits: { "myapp/0": {} } },
    ]);
    const { code, report: r } = await report(input);
    expect(code).toBe(1);
    expect(r.relations[0]!.side).toBe("provider");
    expect(problemsOf(r)).toEqual([
      { owner: "mysql-k8s/0", field: "port", problem: 'expected a port number between 1 and 65535, got "33o6"', hint: expect.stringContaining("port number") },
    ]);
  });
});

describe("broken databags: every problem with its field path and a hint, exit 1", () => {
  test("provider application databag", async () => {
    const broken: Bag = {
      ...postgresqlProviderBag,
      endpoints: "postgresql-k8s-primary:5432,",
      "secret-user": "d0mvo2fmp25c77a4r6s0",
      status: '[{"code": "x"}]',
    };
    const { code, report: r } = await report(requirerView("postgresql-k8s", broken));
    expect(code).toBe(1);
    const fields = problemsOf(r).map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(["endpoints", "secret-user"]));
    expect(fields.some((f) => f.startsWith("status[0]"))).toBe(true);
    const endpoints = problemsOf(r).find((p) => p.field === "endpoints")!;
    expect(endpoints.problem).toContain("empty entry at position 2");
    expect(endpoints.hint).toContain("host:port");
    expect(problemsOf(r).find((p) => p.field === "secret-user")!.hint).toContain("secret URI");
  });

  test("requirer application databag: missing database, bad entity type, unparsable JSON, rule violation", async () => {
    const missing: Bag = { "requested-secrets": "[username", "entity-type": "user" };
    const { code, report: r } = await report(providerView("postgresql-k8s", missing));
    expect(code).toBe(1);
    const byField = Object.fromEntries(problemsOf(r).map((p) => [p.field, p]));
    expect(byField["database"]?.problem).toBe("is required but missing");
    expect(byField["database"]?.hint).toContain("relation-created");
    expect(byField["entity-type"]?.problem).toContain("expected one of USER, GROUP");
    expect(byField["requested-secrets"]?.problem).toContain("does not parse as JSON");
    expect(byField["requested-secrets"]?.hint).toContain("JSON array");

    const mixed: Bag = { ...requirerAppBag, "entity-type": "USER", "extra-group-roles": "admin" };
    const second = await report(providerView("postgresql-k8s", mixed));
    expect(second.code).toBe(1);
    expect(problemsOf(second.report).map((p) => p.field)).toEqual(["extra-group-roles"]);
  });

  test("entity-permissions problems carry the path inside the JSON", async () => {
    const bag: Bag = { ...requirerAppBag, "entity-type": "USER", "entity-permissions": '[{"resource_name": "t", "resource_type": "table", "privileges": "SELECT"}]' };
    const { report: r } = await report(providerView("postgresql-k8s", bag));
    expect(problemsOf(r).map((p) => p.field)).toContain("entity-permissions[0].privileges");
  });

  test("requirer unit databag with a corrupt data snapshot: the snapshot is not echoed", async () => {
    const unit: Bag = { ...requirerLeaderUnitBag, data: `{"password": "${EXAMPLE_PASSWORD}"` };
    const run = await validate(requirerView("postgresql-k8s", postgresqlProviderBag, unit));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("INVALID myapp/0 unit databag (requirer): 1 problem");
    expect(run.stdout).toContain("data: expected JSON text");
    expect(run.stdout).not.toContain(EXAMPLE_PASSWORD);
  });

  test("a misspelt key is reported with a suggestion (not an error)", async () => {
    const { code, report: r } = await report(providerView("postgresql-k8s", { ...requirerAppBag, "external-node-conectivity": "true" }));
    expect(code).toBe(0);
    expect(r.relations[0]!.bags[0]!.notes).toContain('unknown key "external-node-conectivity": did you mean "external-node-connectivity"? (the protocol ignores "external-node-conectivity")');
  });
});

describe("fallback mode (no secrets)", () => {
  test("plaintext credentials are named, their values never appear in text or JSON", async () => {
    const input = requirerView("postgresql-k8s", fallbackProviderBag, { alias: "main" });
    const text = await validate(input);
    const json = await report(input);
    expect(text.code).toBe(0);
    expect(json.report.relations[0]!.bags[0]!.secretBearingFields).toEqual(expect.arrayContaining(["username", "password", "uris"]));
    expect(json.report.relations[0]!.bags[0]!.notes.join()).toContain("fallback mode");
    for (const out of [text.stdout, json.raw]) expect(out).not.toContain(EXAMPLE_PASSWORD);
  });

  test("a broken plaintext tls flag is reported redacted", async () => {
    const { code, report: r, raw } = await report(requirerView("postgresql-k8s", { ...fallbackProviderBag, tls: EXAMPLE_PASSWORD }));
    expect(code).toBe(1);
    expect(problemsOf(r)).toEqual([expect.objectContaining({ field: "tls", problem: "expected true or false (any case), got <redacted>" })]);
    expect(raw).not.toContain(EXAMPLE_PASSWORD);
  });
});

describe("a plain databag", () => {
  test("a provider answer from a file on stdin (-) is recognised and valid", async () => {
    const run = await validate(postgresqlProviderBag, "-");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("written by the provider");
  });

  test("--interface and --side say what it is; a non-string value is a problem with a hint", async () => {
    const { code, report: r } = await report({ database: "myappdb", "external-node-connectivity": true }, "--interface", "mysql_client", "--side", "requirer");
    expect(code).toBe(1);
    expect(r.relations[0]!.interface).toBe("mysql_client");
    expect(problemsOf(r)).toEqual([
      { owner: "(given databag)", field: "external-node-connectivity", problem: "databag values must be strings", hint: expect.stringContaining("strings only") },
    ]);
  });

  test("--scope unit checks a requirer unit databag", async () => {
    const { code, report: r } = await report({ alias: "main", data: "not json" }, "--side", "requirer", "--scope", "unit", "--interface", "postgresql_client");
    expect(code).toBe(1);
    expect(problemsOf(r).map((p) => p.field)).toEqual(["data"]);
  });

  test("a v1 provider databag: secret URIs inside the responses are listed, not resolved", async () => {
    const bag = { version: "v1", requests: '[{"request-id": "abc", "secret-user": "secret:d0mvo2fmp25c77a4r6s0", "endpoints": "pg:5432"}]' };
    const { report: r } = await report(bag, "--side", "provider");
    expect(r.relations[0]!.bags[0]!.model).toBe("v1 provider app databag");
    expect(r.relations[0]!.bags[0]!.secretReferences).toEqual([{ field: "requests[0].secret-user", uri: "secret:d0mvo2fmp25c77a4r6s0" }]);
  });

  test("a v1 requirer databag is read with the v1 model", async () => {
    const bag = { version: "v1", requests: '[{"resource": "myappdb", "request-id": "abc", "salt": "xyz", "external-node-connectivity": "maybe"}]' };
    const { code, report: r } = await report(bag, "--side", "requirer");
    expect(code).toBe(1);
    expect(r.relations[0]!.bags[0]!.model).toBe("v1 requirer app databag");
    expect(problemsOf(r)[0]!.field).toMatch(/^requests\[0\]/);
  });

  test("a v1 databag's writer is told from the keys of its requests entries", async () => {
    const request = { version: "v1", requests: '[{"request-id": "abc", "extra-user-roles": "admin"}]' };
    const response = { version: "v1", requests: '[{"request-id": "abc", "endpoints": "pg:5432"}]' };
    const asRequest = (await report(request)).report.relations[0]!;
    const asResponse = (await report(response)).report.relations[0]!;
    expect([asRequest.side, asRequest.sideEvidence]).toEqual(["requirer", expect.stringContaining("without a response key")]);
    expect([asResponse.side, asResponse.sideEvidence]).toEqual(["provider", expect.stringContaining('key "endpoints" in the v1 "requests" entries')]);
  });

  test.each([
    ["not JSON", "[{"],
    ["not an array", '{"secret-user": "secret:d0mvo2fmp25c77a4r6s0"}'],
    ["entries not objects", '["secret:d0mvo2fmp25c77a4r6s0"]'],
  ])("a v1 requests value that is %s tells no side and yields no secret reference", async (_what, requests) => {
    const { report: r } = await report({ version: "v1", requests });
    const rel = r.relations[0]!;
    expect(rel.sideEvidence).not.toContain("v1");
    expect(rel.bags[0]!.secretReferences).toEqual([]);
  });
});

describe("selection and usage", () => {
  const twoRelations = showUnit("myapp/0", [
    { id: 7, endpoint: "database", relatedEndpoint: "database", appData: postgresqlProviderBag, localUnit: requirerLeaderUnitBag, relatedUnits: { "postgresql-k8s/0": {} } },
    { id: 2, endpoint: "replicas", relatedEndpoint: "replicas", appData: { leader: "myapp/0" }, localUnit: {}, relatedUnits: {} },
    { id: 9, endpoint: "cache", relatedEndpoint: "database", appData: { ...mysqlProviderBag, endpoints: "bad host:3306" }, localUnit: {}, relatedUnits: {} },
  ]);

  test("non-database relations are skipped and listed", async () => {
    const { code, report: r } = await report(twoRelations);
    expect(code).toBe(1);
    expect(r.relations.map((x) => x.relation)).toEqual(["database:7", "cache:9"]);
    expect(r.skipped).toEqual([{ unit: "myapp/0", relation: "replicas:2", reason: expect.stringContaining("not a database relation") }]);
  });

  test("peer relations are skipped even when their keys look like database keys", async () => {
    const peers = showUnit("myapp/0", [
      { id: 1, endpoint: "peers", relatedEndpoint: "peers", appData: { status: "not json" }, localUnit: {}, relatedUnits: { "myapp/1": { data: "x" } } },
      { id: 7, endpoint: "database", relatedEndpoint: "database", appData: postgresqlProviderBag, localUnit: requirerLeaderUnitBag, relatedUnits: {} },
    ]);
    const { code, report: r } = await report(peers);
    expect(code).toBe(0);
    expect(r.skipped).toEqual([{ unit: "myapp/0", relation: "peers:1", reason: expect.stringContaining("peer relation") }]);
  });

  test("--endpoint keeps one relation (the valid one: exit 0)", async () => {
    const { code, report: r } = await report(twoRelations, "--endpoint", "database");
    expect(code).toBe(0);
    expect(r.relations.map((x) => x.relation)).toEqual(["database:7"]);
  });

  test("--interface overrides the inference", async () => {
    const { report: r } = await report(twoRelations, "--endpoint", "cache", "--interface", "mysql_client");
    expect(r.relations[0]!.interface).toBe("mysql_client");
    expect(r.relations[0]!.interfaceEvidence).toBe("given by --interface");
  });

  test.each([
    [["--side", "consumer"], 'invalid --side "consumer"'],
    [["--interface", "kafka_client"], 'unsupported --interface "kafka_client"'],
    [["--format", "yaml"], 'invalid --format "yaml"'],
    [["--colour"], "option provided but not defined: --colour"],
    [["a.json", "b.json"], "at most one input file"],
  ])("usage error %j: exit 2", async (args, message) => {
    const run = await validate(twoRelations, ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe("");
  });

  test("input errors: exit 2 with what to do", async () => {
    const noRelations = await validate("myapp/0:\n  leader: true\n");
    expect([noRelations.code, noRelations.stderr]).toEqual([2, "no database relation to check (the input shows no relation)\n"]);
    const array = await validate("[1, 2]");
    expect([array.code, array.stderr]).toEqual([2, expect.stringContaining('unexpected show-unit shape at "relation-info.0"')]);
    const prose = await validate("the relation does not work");
    expect([prose.code, prose.stderr]).toEqual([2, expect.stringContaining("expected a map (juju show-unit output, action output or a databag), got a line of text")]);
    const broken = await validate("myapp/0:\n  leader: true\n stray");
    expect([broken.code, broken.stderr]).toEqual([2, expect.stringContaining("neither JSON nor YAML")]);
    const empty = await validate("\n...\n");
    expect([empty.code, empty.stderr]).toEqual([2, expect.stringContaining("empty input")]);
    const missing = await validate("{}", "/nonexistent/show-unit.json");
    expect([missing.code, missing.stderr]).toEqual([2, "cannot read /nonexistent/show-unit.json: ENOENT\n"]);
    const shape = await validate({ "myapp/0": { "relation-info": [{ endpoint: 3 }] } });
    expect([shape.code, shape.stderr]).toEqual([2, expect.stringContaining('unexpected show-unit shape at "relation-info.0.endpoint"')]);
    const none = await validate(twoRelations, "--endpoint", "nope");
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('no database relation to check on endpoint "nope"')]);
  });

  test("--help prints the usage and exits 0", async () => {
    const run = await validate({}, "--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("exit codes: 0 all valid, 1 problems found, 2 usage or input error");
  });
});

describe("issue 14: mysql-router unix-socket endpoints in the validator (it shares lib/interfaces' endpoint parser)", () => {
  const routerBag = { database: "myappdb", endpoints: "file:///var/snap/charmed-mysql/common/run/mysqlrouter/mysql.sock", "read-only-endpoints": "file:///var/snap/charmed-mysql/common/run/mysqlrouter/mysqlro.sock" };

  test("issue 14: mysql-router unix-socket endpoints: a mysql_client provider databag with file:// endpoints is valid", async () => {
    const { code, report: r } = await report(routerBag, "--interface", "mysql_client", "--side", "provider");
    expect(problemsOf(r)).toEqual([]);
    expect(code).toBe(0);
  });

  test("issue 14: mysql-router unix-socket endpoints: the same endpoints on postgresql_client are a problem naming the field", async () => {
    const { code, report: r } = await report(routerBag, "--interface", "postgresql_client", "--side", "provider");
    expect(code).toBe(1);
    expect(problemsOf(r)).toEqual([
      expect.objectContaining({ field: "endpoints", problem: expect.stringContaining("only accepted on mysql_client") }),
      expect.objectContaining({ field: "read-only-endpoints", problem: expect.stringContaining("only accepted on mysql_client") }),
    ]);
  });
});
