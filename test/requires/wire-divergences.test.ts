// Where lib/requires used to repeat the wire format and its copy disagreed with lib/interfaces
// (issue 16, "the model is the wire"): each test names the divergence and which side was right.
import { buildV0Request, buildV1Request } from "../../lib/requires/request.js";
import { ProviderV1AppDatabag, RequirerV1AppDatabag } from "../../lib/interfaces/index.js";
import { parseV1Responses, readV1Responses } from "../../lib/interfaces/v1/response.js";
import { RequirerEngine } from "../../lib/requires/engine.js";
import { FakePort } from "./fake-port.js";
import { validateRequestOptions } from "../../lib/requires/options.js";
import { parseStatuses } from "../../lib/requires/provider-answer.js";
import { ProviderDataError } from "../../lib/requires/errors.js";
import { PostgreSQLProviderAppDatabag, PostgreSQLRequirerUnitDatabag, requestProblems, requestRuleBreaks } from "../../lib/interfaces/index.js";
import { DIGESTS_KEY, EngineMemory, readV1Snapshot, SNAPSHOT_KEY, VolatileMemoryStore } from "../../lib/requires/memory.js";
import { decideV1 } from "../../lib/requires/decision.js";
import { decodeResponse } from "../../lib/requires/response.js";
import { MongoDBResolvedProviderView, MongosResolvedProviderView, MySQLResolvedProviderView, PostgreSQLResolvedProviderView } from "../../lib/interfaces/index.js";
import { completeView, mergeSecretContents, requirerView, resolveFields } from "../../lib/interfaces/database/resolved-view.js";
import { DEFAULT_REQUESTED_SECRETS } from "../../lib/interfaces/database/secret-groups.js";

describe("wire divergences settled in favour of one codec", () => {
  // data_interfaces compares a flag with the exact literal (`subordinated == "true"`, and writes
  // only "true"); the engine did the same, but the interface's flag codec read "True" and "TRUE"
  // as on, so the validator and the typed models called on what Python calls off. The codec now
  // reads only the literal as on and names any other spelling as a problem.
  test('a flag is on only as the exact literal "true" (was: "True" read as on by the interface codec)', () => {
    const bag = { database: "myappdb", endpoints: "pg:5432", "secret-user": "secret:52e0aa11" };
    expect(PostgreSQLProviderAppDatabag.decode({ ...bag, subordinated: "true" })).toMatchObject({ ok: true, value: { subordinated: true } });
    expect(PostgreSQLProviderAppDatabag.decode({ ...bag, subordinated: "FALSE" })).toMatchObject({ ok: true, value: { subordinated: false } });
    const shouted = PostgreSQLProviderAppDatabag.decode({ ...bag, subordinated: "True" });
    expect(shouted.ok).toBe(false);
    expect(JSON.stringify(shouted)).toContain('only the exact word \\"true\\" turns this flag on');
  });

  // Python's json.dumps escapes non-ASCII by default (ensure_ascii=True); data_interfaces writes
  // every JSON-valued request key with plain json.dumps. The requirer's own writer kept "café"
  // as is; it now writes through lib/interfaces' toPythonJson, byte for byte like Python.
  test("JSON request values escape non-ASCII like Python's json.dumps (was: written raw)", () => {
    const spec = validateRequestOptions({
      relationName: "database",
      database: "myappdb",
      entityType: "USER",
      entityPermissions: [{ resource_name: "café", resource_type: "table", privileges: ["SELECT"] }],
    });
    const bag = buildV0Request(spec, { secretsAvailable: true, appName: "myapp", relationId: 0 });
    expect(bag["entity-permissions"]).toBe('[{"resource_name": "caf\\u00e9", "resource_type": "table", "privileges": ["SELECT"]}]');
  });

  // data_interfaces v1 `CommonModel` (the base of `ResourceProviderModel`) reads `resource` under
  // the aliases database/subject/topic/index/plugin-url/prefix, for responses as for requests.
  // The typed response decoder only knew `resource` (a `database` key landed in otherKeys) and
  // the engine's flat reading kept the alias as its own key, so a response to our resource was not
  // recognised as ours. Both now read the response keys through the one alias rule.
  test("a v1 response may spell resource as database (was: unknown key to the decoder, not our resource to the engine)", () => {
    const requests = '[{"request-id": "fdfba30a8ab86fb9", "database": "myappdb", "secret-user": "secret:52e0aa11"}]';
    const decoded = ProviderV1AppDatabag.decode({ version: "v1", requests });
    if (!decoded.ok) throw new Error("refused");
    expect(decoded.value.requests?.[0]?.resource).toBe("myappdb");
    expect(decoded.value.requests?.[0]?.otherKeys).toBeUndefined();
    expect(parseV1Responses(requests).get("fdfba30a8ab86fb9")).toEqual({ "request-id": "fdfba30a8ab86fb9", resource: "myappdb", "secret-user": "secret:52e0aa11" });
  });
  // The flat view the engine keys its decisions on turned any JSON value into text ("version": 16
  // became "16") while the typed decoder refused it, like data_interfaces' pydantic `str` fields.
  // The flat view now reads each key with the typed decoder's codecs and lists what it refuses;
  // the engine holds the relation on a value that is not a string at all.
  test("a v1 response value that is not a string is a problem to the engine too (was: flattened to JSON text and used)", () => {
    const requests = '[{"request-id": "fdfba30a8ab86fb9", "resource": "myappdb", "version": 16, "endpoints": "h:1,,"}]';
    expect(ProviderV1AppDatabag.decode({ version: "v1", requests }).ok).toBe(false);
    const reading = readV1Responses(requests).get("fdfba30a8ab86fb9");
    expect(reading?.fields["version"]).toBe("16");
    expect(reading?.problems).toEqual([
      { field: "version", problem: "expected a string, got number", notText: true },
      { field: "endpoints", problem: "expected host:port[,host:port...], got an empty entry at position 2", notText: false },
    ]);

    const port = new FakePort();
    const spec = validateRequestOptions({ relationName: "database", database: "myappdb", protocol: "v1" });
    const rel = port.addRelation(0);
    new RequirerEngine(spec, port.hook()).relationCreated(port.handle(0));
    const req = (JSON.parse(rel.localApp["requests"] ?? "[]") as Record<string, string>[])[0] ?? {};
    const user = port.providerSecret({ username: "u", password: "p" });
    const response = { resource: "myappdb", "request-id": req["request-id"], endpoints: "pg:5432", "secret-user": user };
    rel.remoteAppBag["version"] = "v1";
    rel.remoteAppBag["requests"] = JSON.stringify([{ ...response, version: 16 }]);
    expect(new RequirerEngine(spec, port.hook()).relationChanged(port.handle(0))).toEqual([]);
    rel.remoteAppBag["requests"] = JSON.stringify([{ ...response, version: "16" }]);
    expect(new RequirerEngine(spec, port.hook()).relationChanged(port.handle(0)).map((e) => e.name)).toEqual(["databaseCreated"]);
  });
  test("the v1 request is written by the interface encoder: decoding it gives back what the builder asked for", () => {
    const spec = validateRequestOptions({ relationName: "database", database: "myappdb", extraUserRoles: "CREATEDB", salt: "kkkkkkkk", protocol: "v1" });
    const bag = buildV1Request(spec, { secretsAvailable: true, appName: "myapp", relationId: 0 });
    expect(RequirerV1AppDatabag.decodeOrThrow(bag).requests).toEqual([
      { resource: "myappdb", requestId: "fdfba30a8ab86fb9", salt: "kkkkkkkk", extraUserRoles: ["CREATEDB"], externalNodeConnectivity: false },
    ]);
  });

  // data_interfaces v1 `RelationStatus`: `code: int`, `message: str`, `resolution: str`, no
  // defaults. The engine's copy defaulted the texts to ""; the interface model refused negative
  // codes. Both now read `status` with the one interface model, which follows Python.
  test("a status without message or resolution is a problem (was: defaulted to empty by the engine)", () => {
    expect(() => parseStatuses('[{"code": 4001}]', "database:1")).toThrow(ProviderDataError);
    expect(parseStatuses('[{"code": 4001, "message": "m", "resolution": "r"}]', "database:1")).toEqual([{ code: 4001, message: "m", resolution: "r" }]);
  });
  test("a negative status code is an integer like any other (was: refused by the interface model)", () => {
    const status = '[{"code": -1, "message": "m", "resolution": "r"}]';
    expect(parseStatuses(status, "database:1")).toEqual([{ code: -1, message: "m", resolution: "r" }]);
    expect(PostgreSQLProviderAppDatabag.decode({ status }).ok).toBe(true);
  });

  // The engine's own bookkeeping keys in its unit databag were modelled nowhere, so the
  // validator called `data-digests` unknown; the requirer unit model now names both keys.
  test("the requirer unit model knows the engine's bookkeeping keys (was: data-digests unknown)", () => {
    const decoded = PostgreSQLRequirerUnitDatabag.decode({ [SNAPSHOT_KEY]: '{"endpoints": "pg:5432"}', [DIGESTS_KEY]: '{"user": "sha256:00"}' });
    if (!decoded.ok) throw new Error("refused");
    expect(decoded.value.otherKeys).toBeUndefined();
    expect(decoded.value.dataDigests).toEqual({ user: "sha256:00" });
  });

  // The resolved view was written twice (issue 16 item 1): lib/requires' `resolveFields` and
  // lib/interfaces' `mergeSecretContents`. They are two readers over one overlay: the requirer's
  // view (data_interfaces `_fetch_relation_data_with_secrets` with the requested secret fields)
  // and the complete view a validator checks. The tests below pin where they differ and where
  // one copy was wrong against data_interfaces.
  describe("requirer view and complete view", () => {
    const bag = { endpoints: "pg:5432", "secret-user": "secret://u", "secret-tls": "secret://t" };

    test("the old names are the new functions", () => {
      expect(resolveFields).toBe(requirerView);
      expect(mergeSecretContents).toBe(completeView);
    });

    // `_get_group_secret_contents` keeps only keys among the requested secret fields.
    test("a field a secret holds but the requirer did not request: only the complete view shows it", () => {
      const contents = { user: { username: "u", password: "p", "x-extra": "e" } };
      expect(requirerView(bag, contents, DEFAULT_REQUESTED_SECRETS)).toEqual({ endpoints: "pg:5432", username: "u", password: "p" });
      expect(completeView(bag, contents)).toEqual({ endpoints: "pg:5432", username: "u", password: "p", "x-extra": "e" });
    });

    // data_interfaces filters secret contents by key, never by value. The complete view used to
    // skip an empty secret value and keep the databag's copy; it now takes the value as is.
    test("an empty secret value wins over the databag in both views (was: skipped by mergeSecretContents)", () => {
      const plain = { ...bag, password: "plain" };
      const contents = { user: { username: "u", password: "" } };
      expect(completeView(plain, contents)["password"]).toBe("");
      expect(requirerView(plain, contents, DEFAULT_REQUESTED_SECRETS)["password"]).toBe("");
    });

    // `_process_secret_fields` gives a group's requested fields a second chance in the databag
    // only when that group's secret yields none of them; otherwise they are not read there.
    test("a group secret yielding some requested fields hides the databag's copies of the others (was: kept by resolveFields)", () => {
      const plain = { ...bag, password: "plain", uris: "postgresql://plain" };
      const view = requirerView(plain, { user: { username: "u" } }, DEFAULT_REQUESTED_SECRETS);
      expect(view["username"]).toBe("u");
      expect(view["password"]).toBeUndefined();
      expect(view["uris"]).toBeUndefined();
      expect(completeView(plain, { user: { username: "u" } })["password"]).toBe("plain");
    });

    test("a group secret yielding no requested field falls back to the databag for that group only", () => {
      const plain = { ...bag, password: "plain", "tls-ca": "ca-plain" };
      const view = requirerView(plain, { user: { "x-extra": "e" }, tls: { tls: "true" } }, DEFAULT_REQUESTED_SECRETS);
      expect(view["password"]).toBe("plain");
      expect(view["x-extra"]).toBeUndefined();
      expect(view["tls"]).toBe("true");
      expect(view["tls-ca"]).toBeUndefined();
    });

    test("the provider's own data stays in the complete view and leaves the requirer view on request", () => {
      const withData = { ...bag, data: "{}" };
      expect(completeView(withData, {})["data"]).toBe("{}");
      expect(requirerView(withData, {}, DEFAULT_REQUESTED_SECRETS, false)["data"]).toBeUndefined();
      expect(Object.keys(completeView(withData, {})).some((k) => k.startsWith("secret-"))).toBe(false);
    });
  });
});

describe("request rules settled in favour of one copy (lib/interfaces request-rules.ts)", () => {
  // The requirer's copy (options.ts) checked four rules the interface copy lacked: no spaces or
  // commas in `database`, `prefix-matching` only with a prefix request and never empty, and
  // `entity-permissions` only with an `entity-type`. data_interfaces checks none of them (v0
  // `_validate_entity_type` and v1 `RequirerCommonModel.validate_fields` only refuse a USER entity
  // with group roles and a GROUP entity with user roles), so a reader of a peer's bag must not
  // report them: they are the engine's strict rules for what it writes, in the one copy.
  test("permissions without entity-type: refused as an option, not a problem in a peer's bag (was: only in options.ts)", () => {
    const permissions = [{ resource_name: "t", resource_type: "TABLE", privileges: ["SELECT"] }];
    expect(() => validateRequestOptions({ relationName: "database", database: "db", entityPermissions: permissions })).toThrow(/entityPermissions/);
    expect(requestProblems({ database: "db", entityPermissions: permissions })).toEqual([]);
    expect(requestRuleBreaks({ database: "db", entityPermissions: permissions }, { strict: true }).map((b) => b.rule)).toEqual(["permissions-without-entity"]);
  });
  test("prefix-matching on a plain database: refused as an option, not a problem in a peer's bag (was: only in options.ts)", () => {
    expect(() => validateRequestOptions({ relationName: "database", database: "db", prefixMatching: "all" })).toThrow(/prefixMatching/);
    expect(requestProblems({ database: "db", prefixMatching: "all" })).toEqual([]);
  });
  // The rules both copies shared (entity roles, star last, 3 characters before it) now come from
  // the one copy, so the option check and the validator agree on them by construction.
  test("a short prefix is a problem both as an option and in a bag", () => {
    expect(() => validateRequestOptions({ relationName: "database", database: "ab*" })).toThrow(/at least 3 characters/);
    expect(requestProblems({ database: "ab*" }).map((p) => p.field)).toEqual(["database"]);
  });
});

describe("the response's known keys come from the interface field tables", () => {
  // `extra` holds the keys no interface model reads. The engine's hand-written key list missed
  // two keys the models do read; the list now comes from the field tables (RESOLVED_RESPONSE_KEYS).
  test("encryption-secret, a modelled v0 key database requirers ignore, is not extra (was: passed on in extra)", () => {
    const r = decodeResponse({ username: "u", password: "p", "encryption-secret": "secret:d4kq7l3c0tq5h3m2a1b0", "topic-key": "k" }, "database:1");
    expect(r.extra).toEqual({ "topic-key": "k" });
  });
  test("salt, the v1 response's echo of the request, is not extra, like request-id (was: passed on in extra)", () => {
    const r = decodeResponse({ resource: "myappdb", "request-id": "fdfba30a8ab86fb9", salt: "kkkkkkkk", username: "u", password: "p" }, "database:1");
    expect(r.requestId).toBe("fdfba30a8ab86fb9");
    expect(r.extra).toEqual({});
  });
  test("no key an engine's resolved-view model reads is passed on in extra", () => {
    for (const codec of [PostgreSQLResolvedProviderView, MySQLResolvedProviderView, MongoDBResolvedProviderView, MongosResolvedProviderView]) {
      const view = Object.fromEntries(Object.keys(codec.fields).map((p) => [codec.wireKeyOf(p), "x"]));
      expect(Object.keys(view).length).toBeGreaterThan(10);
      delete view["tls"];
      delete view["tls-ca"];
      expect([codec.name, decodeResponse(view, "database:1").extra]).toEqual([codec.name, {}]);
    }
  });
});

describe("the snapshots read their JSON values with lib/interfaces' flattening", () => {
  // The v1 snapshot (the Python requirer's `data`, read once on upgrade) kept its `status` as
  // `typeof v === "string" ? v : JSON.stringify(v)`, so `"status": null` became the text "null",
  // which the status reader refuses: the first hook after the upgrade failed with a provider error
  // naming "status". It is now read with flatString, the rule flatStrings applies to every other
  // key of the same object: null is no value.
  test('a remembered "status": null is no status (was: the text "null", refused as provider data)', () => {
    const id = "fdfba30a8ab86fb9";
    const response = { resource: "myappdb", "request-id": id, endpoints: "pg:5432" };
    const stored = readV1Snapshot({ [SNAPSHOT_KEY]: JSON.stringify({ [id]: response, status: null }) });
    expect(stored?.status).toBeUndefined();
    const memory = new EngineMemory(new VolatileMemoryStore(), () => undefined);
    const decision = decideV1({
      relation: "database:0",
      remoteAppName: "pg",
      remoteUnits: {},
      entityRequested: false,
      mode: "compatible",
      secretKeys: new Set<string>(),
      requestIds: [id],
      digest: (k, v) => memory.digest(k, v),
      resolve: (_id, r) => r,
      created: [id],
      previous: stored,
      remoteApp: { version: "v1", requests: JSON.stringify([response]) },
    });
    expect(decision.events).toEqual([]);
  });
});
