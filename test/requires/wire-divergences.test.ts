// Where lib/requires used to repeat the wire format and its copy disagreed with lib/interfaces
// (issue 16, "the model is the wire"): each test names the divergence and which side was right.
import { buildV0Request } from "../../lib/requires/request.js";
import { validateRequestOptions } from "../../lib/requires/options.js";
import { parseStatuses } from "../../lib/requires/provider-answer.js";
import { ProviderDataError } from "../../lib/requires/errors.js";
import { PostgreSQLProviderAppDatabag, PostgreSQLRequirerUnitDatabag, requestProblems, requestRuleBreaks } from "../../lib/interfaces/index.js";
import { DIGESTS_KEY, SNAPSHOT_KEY } from "../../lib/requires/memory.js";

describe("wire divergences settled in favour of one codec", () => {
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
