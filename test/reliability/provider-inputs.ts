// The malformed and hostile provider inputs of the bad-input table (issue 9, point 1). Each row
// builds the provider's side of relation `database:1` for one credential mode: "secrets" (Juju
// 3, credentials in a granted secret) or "databag" (Juju 2.9, credentials in plaintext). A row
// that cannot exist in a mode returns undefined for it.

/** Where the provider's credentials travel. */
export type CredentialMode = "secrets" | "databag";

/** The provider's side of the relation for one row. */
export interface ProviderSide {
  /** The provider's application databag. */
  readonly app: Record<string, string>;
  /** The provider unit's databag (default: empty). */
  readonly unit?: Record<string, string>;
  /** Secret contents the requirer can read, by URI (observed, granted). */
  readonly secrets: Record<string, Record<string, string>>;
}

/** What the row must produce. */
export type Expectation =
  /** A lasting problem naming this provider field; suggested status Blocked. */
  | { readonly problem: string }
  /** A transient problem (secret not readable yet) on this field; suggested status Waiting. */
  | { readonly pending: string }
  /** Not an answer at all (ignored): no event, no problem, suggested status Waiting. */
  | { readonly ignored: true }
  /** Valid but without credentials (Juju 2.9 plaintext): no creation event, no problem, Waiting. */
  | { readonly incomplete: true };

/** One row of the table. */
export interface InputRow {
  readonly name: string;
  readonly build: (mode: CredentialMode) => ProviderSide | undefined;
  readonly expect: Expectation | ((mode: CredentialMode) => Expectation);
}

/** Credentials of the rows; the hygiene checks look for these values in every output. */
export const PASSWORD = "Hq3vT9xLw2PzK7cR";
export const ROTATED_PASSWORD = "Zb8nM4qYs6JtE1wU";
export const USERNAME = "relation_id_1";
const USER_URI = "secret:cs1reliab1l1ty0usr00";
const TLS_URI = "secret:cs1reliab1l1ty0tls00";
const MISSING_URI = "secret:cs1reliab1l1ty0gone0";

const GOOD_USER = { username: USERNAME, password: PASSWORD, uris: `postgresql://${USERNAME}:${PASSWORD}@pg-primary:5432/myappdb` };
const GOOD_APP = { endpoints: "pg-primary:5432", "read-only-endpoints": "pg-replica:5432", database: "myappdb", version: "14.15" };
const HUGE = "x".repeat(1_000_000);

/** A provider answer with credentials as the mode carries them; `user` overrides the secret content. */
function answer(mode: CredentialMode, app: Record<string, string> = {}, user: Record<string, string> = GOOD_USER): ProviderSide {
  if (mode === "secrets") return { app: { ...GOOD_APP, "secret-user": USER_URI, ...app }, secrets: { [USER_URI]: user } };
  return { app: { ...GOOD_APP, ...user, ...app }, secrets: {} };
}

/** The answer without one key of the app databag. */
function without(mode: CredentialMode, key: string, user: Record<string, string> = GOOD_USER): ProviderSide {
  const side = answer(mode, {}, { ...GOOD_USER, ...user });
  const app = { ...side.app };
  delete app[key];
  return { ...side, app };
}

const secretsOnly = (f: () => ProviderSide) => (mode: CredentialMode) => (mode === "secrets" ? f() : undefined);
const field = (name: string): Expectation => ({ problem: name });

/** Every row. */
export const INPUT_ROWS: readonly InputRow[] = [
  // ---- tls flag --------------------------------------------------------------------------
  { name: "tls is not a boolean", build: (m) => answer(m, { tls: "yes" }), expect: field("tls") },
  { name: "tls is a number", build: (m) => answer(m, { tls: "1" }), expect: field("tls") },
  { name: "tls holds a NUL byte", build: (m) => answer(m, { tls: "true\u0000" }), expect: field("tls") },
  { name: "tls is huge", build: (m) => answer(m, { tls: HUGE }), expect: field("tls") },
  {
    name: "tls secret says tls=maybe",
    build: secretsOnly(() => ({ app: { ...answer("secrets").app, "secret-tls": TLS_URI }, secrets: { [USER_URI]: GOOD_USER, [TLS_URI]: { tls: "maybe", "tls-ca": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----" } } })),
    expect: field("tls"),
  },
  // ---- endpoints ------------------------------------------------------------------------------
  { name: "endpoint port is not a number", build: (m) => answer(m, { endpoints: "pg-primary:fivefour" }), expect: field("endpoints") },
  { name: "endpoint port out of range", build: (m) => answer(m, { endpoints: "pg-primary:99999" }), expect: field("endpoints") },
  { name: "endpoint port negative", build: (m) => answer(m, { endpoints: "pg-primary:-1" }), expect: field("endpoints") },
  { name: "endpoint without host", build: (m) => answer(m, { endpoints: ":5432" }), expect: field("endpoints") },
  { name: "endpoint with unclosed IPv6 bracket", build: (m) => answer(m, { endpoints: "[fd00::1:5432" }), expect: field("endpoints") },
  { name: "endpoint host with spaces", build: (m) => answer(m, { endpoints: "pg primary:5432" }), expect: field("endpoints") },
  { name: "endpoint host with control characters", build: (m) => answer(m, { endpoints: "pg\u0007\u001b[31m:5432" }), expect: field("endpoints") },
  { name: "endpoints huge", build: (m) => answer(m, { endpoints: `${HUGE}:5432` }), expect: field("endpoints") },
  { name: "endpoints as a JSON array", build: (m) => answer(m, { endpoints: '["pg-primary:5432"]' }), expect: field("endpoints") },
  { name: "read-only endpoint port not a number", build: (m) => answer(m, { "read-only-endpoints": "pg-replica:x" }), expect: field("read-only-endpoints") },
  // ---- provider status (JSON list) ------------------------------------------------------------
  { name: "status is not JSON", build: (m) => answer(m, { status: "[{code: 4001" }), expect: field("status") },
  { name: "status is a JSON object, not a list", build: (m) => answer(m, { status: '{"code": 4001}' }), expect: field("status") },
  { name: "status code is a string", build: (m) => answer(m, { status: '[{"code": "4001", "message": "m", "resolution": "r"}]' }), expect: field("status") },
  { name: "status code is fractional", build: (m) => answer(m, { status: '[{"code": 4001.5}]' }), expect: field("status") },
  { name: "status entry is null", build: (m) => answer(m, { status: "[null]" }), expect: field("status") },
  { name: "status message is a number", build: (m) => answer(m, { status: '[{"code": 4001, "message": 7}]' }), expect: field("status") },
  // ---- protocol versions and the v1 layout ----------------------------------------------------
  { name: "unknown protocol version v7", build: (m) => answer(m, { version: "v7", requests: "[]" }), expect: field("version") },
  { name: "unknown protocol version v2 with an answer", build: (m) => answer(m, { version: "v2", requests: '[{"request-id": "abc", "username": "u"}]' }), expect: field("version") },
  { name: "v1 requests is not JSON", build: (m) => answer(m, { version: "v1", requests: "[{" }), expect: field("requests") },
  { name: "v1 requests is a JSON object", build: (m) => answer(m, { version: "v1", requests: '{"request-id": "x"}' }), expect: field("requests") },
  { name: "v1 requests is a JSON string", build: (m) => answer(m, { version: "v1", requests: '"[]"' }), expect: field("requests") },
  // ---- secrets --------------------------------------------------------------------------------
  { name: "secret-user names a secret that does not exist", build: secretsOnly(() => ({ ...answer("secrets", { "secret-user": MISSING_URI }), secrets: {} })), expect: { pending: "secret-user" } },
  { name: "secret-user names a secret not granted (yet)", build: secretsOnly(() => ({ ...answer("secrets"), secrets: {} })), expect: { pending: "secret-user" } },
  { name: "secret-user is not a secret URI", build: secretsOnly(() => answer("secrets", { "secret-user": "not-a-secret-uri" })), expect: field("secret-user") },
  { name: "secret-user URI with control characters", build: secretsOnly(() => answer("secrets", { "secret-user": "secret:\u001b[2Jabc\nxyz" })), expect: field("secret-user") },
  { name: "secret-user URI huge", build: secretsOnly(() => answer("secrets", { "secret-user": `secret:${HUGE}` })), expect: { pending: "secret-user" } },
  { name: "secret-user in the long form naming another model's missing secret", build: secretsOnly(() => answer("secrets", { "secret-user": "secret://00000000-0000-4000-8000-000000000000/cs1reliab1l1ty0gone0" })), expect: { pending: "secret-user" } },
  { name: "user secret lacks password", build: (m) => answer(m, {}, { username: USERNAME }), expect: (m) => (m === "secrets" ? field("secret-user") : { incomplete: true }) },
  { name: "user secret lacks username", build: (m) => answer(m, {}, { password: PASSWORD }), expect: (m) => (m === "secrets" ? field("secret-user") : { incomplete: true }) },
  { name: "user secret has an empty password", build: (m) => answer(m, {}, { username: USERNAME, password: "" }), expect: (m) => (m === "secrets" ? field("secret-user") : { incomplete: true }) },
  { name: "user secret is empty", build: secretsOnly(() => answer("secrets", {}, {})), expect: field("secret-user") },
  { name: "user secret holds unrelated keys only", build: secretsOnly(() => answer("secrets", {}, { token: PASSWORD, "api-key": "k" })), expect: field("secret-user") },
  // ---- missing required fields -----------------------------------------------------------------
  { name: "status entry without a code", build: (m) => answer(m, { status: '[{"message": "m", "resolution": "r"}]' }), expect: field("status") },
  { name: "v1 response without a request-id", build: () => ({ app: { version: "v1", requests: '[{"username": "u", "database": "myappdb"}]' }, secrets: {} }), expect: { ignored: true } },
  { name: "credentials without endpoints, hostile username", build: (m) => without(m, "endpoints", { username: "u\u0000\nDROP" }), expect: field("username") },
  // ---- wrong encodings and hostile values -------------------------------------------------------
  { name: "database name huge", build: (m) => answer(m, { database: HUGE }), expect: field("database") },
  { name: "database name with control characters", build: (m) => answer(m, { database: "my\u0000db\r\n" }), expect: field("database") },
  { name: "uris holds a line break", build: (m) => answer(m, {}, { ...GOOD_USER, uris: "postgresql://u@h/db\nsslmode=disable" }), expect: field("uris") },
  { name: "tls-ca holds a NUL byte", build: (m) => answer(m, { tls: "true", "tls-ca": "-----BEGIN CERTIFICATE-----\u0000\n-----END CERTIFICATE-----" }), expect: field("tls-ca") },
  { name: "password huge", build: (m) => answer(m, {}, { ...GOOD_USER, password: HUGE }), expect: field("password") },
  { name: "version with control characters", build: (m) => answer(m, { version: "14\u0000\u001b" }), expect: field("version") },
  // ---- a provider writing where it must not ----------------------------------------------------
  { name: "credentials in the provider's unit databag instead of the app databag", build: (m) => ({ app: {}, unit: answer(m).app, secrets: answer(m).secrets }), expect: { ignored: true } },
  { name: "only the provider's own `data` key, garbage", build: () => ({ app: { data: "{not json" }, secrets: {} }), expect: { ignored: true } },
  { name: "subordinated without a ready unit", build: (m) => answer(m, { subordinated: "true" }), expect: { ignored: true } },
];
