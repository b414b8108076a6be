/** Property tests: decode(encode(x)) = x for any valid typed value. */
import fc from "fast-check";
import { TEST_CA_A, TEST_CA_CHAIN } from "./fixtures/test-ca.js";
import { PostgreSQLRequirerAppDatabag, PostgreSQLResolvedProviderView, type PostgreSQLProvider, type PostgreSQLRequirerApp } from "../../lib/interfaces/index.js";

const word = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,10}[A-Za-z0-9_]$|^[A-Za-z0-9_]$/);
const anyText = fc.string({ minLength: 1, maxLength: 30 });
const secretUri = fc.stringMatching(/^secret:[a-z0-9]{20}$/);
const endpoint = fc.record({ host: fc.domain(), port: fc.integer({ min: 1, max: 65535 }) });

const requirerApp: fc.Arbitrary<PostgreSQLRequirerApp> = fc.record(
  {
    database: anyText,
    extraUserRoles: fc.array(word, { minLength: 1, maxLength: 3 }),
    extraGroupRoles: fc.array(word, { minLength: 1, maxLength: 3 }),
    entityType: fc.constantFrom("USER" as const, "GROUP" as const),
    entityPermissions: fc.array(
      fc.record({ resourceName: anyText, resourceType: anyText, privileges: fc.array(anyText, { maxLength: 3 }) }),
      { maxLength: 2 },
    ),
    requestedEntitySecret: secretUri,
    prefixMatching: anyText,
    externalNodeConnectivity: fc.constant(true),
    requestedSecrets: fc.array(anyText, { maxLength: 4 }),
    providedSecrets: fc.array(anyText, { maxLength: 2 }),
    alias: anyText,
  },
  { requiredKeys: ["database"] },
);

const resolvedProvider: fc.Arbitrary<PostgreSQLProvider> = fc.record(
  {
    database: anyText,
    endpoints: fc.array(endpoint, { minLength: 1, maxLength: 3 }),
    readOnlyEndpoints: fc.array(endpoint, { minLength: 1, maxLength: 3 }),
    version: anyText,
    subordinated: fc.constant(true),
    status: fc.array(fc.record({ code: fc.integer({ min: 1000, max: 5999 }), message: fc.string(), resolution: fc.string() }), { maxLength: 2 }),
    username: anyText,
    password: anyText,
    uris: anyText,
    tls: fc.boolean(),
    tlsCa: fc.constantFrom(TEST_CA_A, TEST_CA_CHAIN),
    entityName: anyText,
  },
  { requiredKeys: [] },
);

test("requirer app databag round-trips", () => {
  fc.assert(fc.property(requirerApp, (app) => {
    expect(PostgreSQLRequirerAppDatabag.decodeOrThrow(PostgreSQLRequirerAppDatabag.encode(app))).toEqual(app);
  }));
});

test("resolved provider view round-trips", () => {
  fc.assert(fc.property(resolvedProvider, (view) => {
    expect(PostgreSQLResolvedProviderView.decodeOrThrow(PostgreSQLResolvedProviderView.encode(view))).toEqual(view);
  }));
});
