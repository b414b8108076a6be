// Where lib/requires used to repeat the wire format and its copy disagreed with lib/interfaces
// (issue 16, "the model is the wire"): each test names the divergence and which side was right.
import { buildV0Request, buildV1Request } from "../../lib/requires/request.js";
import { ProviderV1AppDatabag, RequirerV1AppDatabag } from "../../lib/interfaces/index.js";
import { parseV1Responses } from "../../lib/interfaces/v1/response.js";
import { validateRequestOptions } from "../../lib/requires/options.js";
import { parseStatuses } from "../../lib/requires/provider-answer.js";
import { ProviderDataError } from "../../lib/requires/errors.js";
import { PostgreSQLProviderAppDatabag, PostgreSQLRequirerUnitDatabag } from "../../lib/interfaces/index.js";
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
});
