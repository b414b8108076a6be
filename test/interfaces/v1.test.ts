/** The v1 contract (docs/juju-contract.md#databag-access): request ids, request/response objects, and the v1 databags. */
import { ProviderV1AppDatabag, RequirerV1AppDatabag, RequestV1FromWire, computeRequestId } from "../../lib/interfaces/index.js";
import { s31RequirerV1App, s33ProviderV1App } from "./fixtures/protocol-examples.js";

test.each([
  ["data_platform", "kkkkkkkk", "c759221a6c14c72a"],
  ["", "xxxxxxxx", "9ecfabfbb5258f88"],
  ["myappdb", "kkkkkkkk", "fdfba30a8ab86fb9"],
])("request-id(%j, %j) = %s (V-02)", (resource, salt, id) => {
  expect(computeRequestId(resource, salt)).toBe(id);
});

test("docs/protocol.md#v1-request requirer databag decodes and re-encodes byte-identically (V-01)", () => {
  const app = RequirerV1AppDatabag.decodeOrThrow(s31RequirerV1App);
  expect(app.version).toBe("v1");
  expect(app.requests).toEqual([
    { resource: "myappdb", requestId: "fdfba30a8ab86fb9", salt: "kkkkkkkk", extraUserRoles: ["CREATEDB"], externalNodeConnectivity: true },
  ]);
  expect(RequirerV1AppDatabag.encode(app)).toEqual(s31RequirerV1App);
});

test("docs/protocol.md#v1-response provider databag: responses with endpoints parsed, nulls dropped", () => {
  const app = ProviderV1AppDatabag.decodeOrThrow(s33ProviderV1App);
  expect(app.requests).toEqual([
    {
      resource: "myappdb",
      requestId: "fdfba30a8ab86fb9",
      salt: "kkkkkkkk",
      endpoints: [{ host: "10.1.2.3", port: 5432 }],
      secretUser: "secret:52e0aa11",
      secretTls: "secret:ffe7bb22",
      version: "16.6",
    },
  ]);
  expect(app.data?.["fdfba30a8ab86fb9"]).toMatchObject({ "external-node-connectivity": true });
  expect(ProviderV1AppDatabag.encode(app)).toEqual(s33ProviderV1App);
});

test.each(["database", "subject", "topic", "index", "plugin-url", "prefix"])("resource may be spelled %s when parsing", (alias) => {
  expect(RequestV1FromWire.parse({ [alias]: "db1", salt: "s" })).toMatchObject({ resource: "db1", externalNodeConnectivity: false });
});

test("unknown response keys are preserved (P-09)", () => {
  const app = ProviderV1AppDatabag.decodeOrThrow({ version: "v1", requests: '[{"request-id": "x", "tls-mode": "strict"}]' });
  expect(app.requests?.[0]?.otherKeys).toEqual({ "tls-mode": "strict" });
  expect(JSON.parse(ProviderV1AppDatabag.encode(app)["requests"] ?? "[]")).toEqual([expect.objectContaining({ "tls-mode": "strict", "request-id": "x" })]);
});

test.each([
  ['[{"resource": "d", "entity-type": "ROLE"}]', "requests[0].entity-type"],
  ['[{"resource": "d", "external-node-connectivity": "true"}]', "requests[0].external-node-connectivity"],
  ['[{"resource": "d", "entity-permissions": [{"resource_name": "t", "privileges": []}]}]', "requests[0].entity-permissions[0].resource_type"],
])("bad v1 request %s is reported at %s", (requests, field) => {
  const result = RequirerV1AppDatabag.decode({ version: "v1", requests });
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.problems[0]?.field).toBe(field);
});

test("bad v1 response endpoints are reported at their index", () => {
  const result = ProviderV1AppDatabag.decode({ version: "v1", requests: '[{"endpoints": "h:1"}, {"endpoints": "h:1,,"}]' });
  expect(result).toEqual({
    ok: false,
    problems: [{ field: "requests[1].endpoints", problem: "expected host:port[,host:port...], got an empty entry at position 2" }],
  });
});

test("a v0 databag is not a v1 databag", () => {
  const result = RequirerV1AppDatabag.decode({ database: "d" });
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.problems.map((p) => p.field)).toEqual(["version", "requests"]);
});
