/**
 * What every engine requirer (PostgreSQL, MySQL, MongoDB, mongos) adds to the protocol engine's
 * {@link DatabaseResponse}: the provider view validated by the engine's interface model, the
 * endpoints as `{host, port}` addresses, and the {@link ConnectionFacts} the connection builders
 * take. No protocol logic lives here: the view arrives resolved from lib/requires.
 */
import type { BagCodec } from "../interfaces/database/bag-codec.js";
import { responseOfView, type DatabaseResponse } from "../requires/response.js";
import type { Address, ConnectionFacts, ConnectionSide } from "./connection-facts.js";
import { EngineConnectionError, type EngineName } from "./engine-errors.js";
import { usableCa } from "./tls-ca.js";

/** The part of a resolved provider view (as decoded by an interface model) the engines read. */
export interface ResolvedEngineView {
  /** `endpoints`, parsed (the interface's default port filled in where it has one). */
  readonly endpoints?: readonly Address[] | undefined;
  /** `read-only-endpoints`, parsed. */
  readonly readOnlyEndpoints?: readonly Address[] | undefined;
  /** `tls`, parsed case-insensitively. */
  readonly tls?: boolean | undefined;
  /** `tls-ca` (PEM). */
  readonly tlsCa?: string | undefined;
  /** `replset` (MongoDB replica sets only). */
  readonly replset?: string | undefined;
}

/**
 * Fields every engine response has on top of {@link DatabaseResponse}. `JSON.stringify` and
 * `util.inspect` (console.log) of a response show `<redacted>` in place of the password, URIs, CA
 * and entity password.
 */
export interface EngineResponse extends DatabaseResponse {
  /** The relation in `endpoint:id` form (for messages). */
  readonly relation: string;
  /** Read-write endpoints as addresses, in provider order (engine default port filled in where the interface has one). */
  readonly addresses: readonly Address[];
  /** Read-only endpoints as addresses, in provider order (`{ socket }` for a mysql-router Unix socket). */
  readonly readOnlyAddresses: readonly Address[];
  /**
   * The engine-neutral facts of one side, as the builders take them.
   * @throws EngineConnectionError naming the missing field while the provider has not sent credentials yet.
   */
  facts(side?: ConnectionSide): ConnectionFacts;
}

/** The option every engine's `connection()` takes on top of the builder's own options. */
export interface SideOption {
  /** `read-write` (default) targets `endpoints`; `read-only` targets `read-only-endpoints`. */
  readonly side?: ConnectionSide | undefined;
}

/** What the requirer asked for, which a decoder may need when the provider's answer leaves it out. */
export interface EngineDecodeContext {
  /**
   * The database name the requirer requested (not a prefix request). Older providers (mysql-k8s
   * before it wrote `database` back) answer without one; the connection then uses this name.
   */
  readonly requestedDatabase?: string | undefined;
}

/** The requested name usable as a fallback: a plain database name, never a prefix request. */
export function fallbackDatabase(requested: string | undefined): string | undefined {
  return requested === undefined || requested === "" || requested.includes("*") ? undefined : requested;
}

/**
 * Validates the resolved view with the engine's interface model (a bad field throws a
 * `DatabagError` naming relation and field, secret values redacted) and builds the common
 * engine response on that one decode (no second pass through `decodeResponse`); `extend` adds the engine's own members. `response.database` stays what the
 * provider sent; `facts()` (and so `connection()` / `uri()`) fall back to
 * `context.requestedDatabase` when the provider sent no `database`.
 */
export function decodeEngineResponse<V extends ResolvedEngineView, X extends object>(
  engine: EngineName,
  codec: BagCodec<V>,
  view: Readonly<Record<string, string>>,
  relation: string,
  extend: (base: EngineResponse) => X,
  context: EngineDecodeContext = {},
): EngineResponse & X {
  // One decode: the interface model checks the view, the common response reuses its values.
  const typed = codec.decodeOrThrow(view, relation);
  const base = responseOfView(view, { tls: typed.tls, tlsCa: typed.tlsCa });
  const database = base.database ?? fallbackDatabase(context.requestedDatabase);
  const addresses = Object.freeze((typed.endpoints ?? []).map(addressOf));
  const readOnlyAddresses = Object.freeze((typed.readOnlyEndpoints ?? []).map(addressOf));
  const facts = (side: ConnectionSide = "read-write"): ConnectionFacts => ({
    username: required(engine, relation, "username", base.username),
    password: required(engine, relation, "password", base.password),
    database: required(engine, relation, "database", database),
    endpoints: addresses,
    readOnlyEndpoints: readOnlyAddresses,
    // The provider's flag wins; without one (MySQL never sends it), a CA means TLS.
    tls: typed.tls ?? usableCa(typed.tlsCa) !== undefined,
    tlsCa: typed.tlsCa,
    uris: base.uris,
    readOnlyUris: base.readOnlyUris,
    replset: typed.replset,
    side,
  });
  const common: EngineResponse = { ...base, relation, addresses, readOnlyAddresses, facts };
  const response = { ...common, ...extend(common) };
  // A response that ends up in a log line or `console.log` must not print credentials.
  const redacted = (): Record<string, unknown> => redactedCopy(response);
  Object.defineProperty(response, "toJSON", { value: redacted, enumerable: false });
  Object.defineProperty(response, Symbol.for("nodejs.util.inspect.custom"), { value: redacted, enumerable: false });
  return Object.freeze(response);
}

/** Response fields that carry credentials or key material. */
const SECRET_RESPONSE_FIELDS: ReadonlySet<string> = new Set(["password", "uris", "readOnlyUris", "tlsCa", "entityPassword"]);

/** The response's data fields with secret values replaced by `<redacted>` and functions left out. */
function redactedCopy(response: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(response)) {
    if (typeof value === "function") continue;
    out[key] = SECRET_RESPONSE_FIELDS.has(key) && value !== undefined ? "<redacted>" : value;
  }
  const extra = response["extra"];
  // Additional secret fields the provider sent (secret-extra) land in `extra`: keep only their names.
  if (extra !== null && typeof extra === "object") out["extra"] = Object.fromEntries(Object.keys(extra).map((k) => [k, "<redacted>"]));
  return out;
}

function addressOf(e: Address): Address {
  if (e.socket !== undefined) return Object.freeze({ socket: e.socket });
  return Object.freeze(e.port === undefined ? { host: e.host } : { host: e.host, port: e.port });
}

function required(engine: EngineName, relation: string, field: string, value: string | undefined): string {
  if (value !== undefined) return value;
  throw new EngineConnectionError(engine, field, `relation ${relation}: the provider has not sent "${field}" yet; connect once databaseCreated has fired`);
}
