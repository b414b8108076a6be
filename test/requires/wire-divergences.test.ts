// Where lib/requires used to repeat the wire format and its copy disagreed with lib/interfaces
// (issue 16, "the model is the wire"): each test names the divergence and which side was right.
import { buildV0Request } from "../../lib/requires/request.js";
import { validateRequestOptions } from "../../lib/requires/options.js";
import { parseStatuses } from "../../lib/requires/provider-answer.js";
import { ProviderDataError } from "../../lib/requires/errors.js";
import { PostgreSQLProviderAppDatabag, PostgreSQLRequirerUnitDatabag } from "../../lib/interfaces/index.js";
import { DIGESTS_KEY, SNAPSHOT_KEY } from "../../lib/requires/memory.js";
import { decodeResponse } from "../../lib/requires/response.js";
import { MongoDBResolvedProviderView, MongosResolvedProviderView, MySQLResolvedProviderView, PostgreSQLResolvedProviderView } from "../../lib/interfaces/index.js";

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
