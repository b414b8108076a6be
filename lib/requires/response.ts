/**
 * The typed provider response handed to event handlers: the resolved view of docs/protocol.md#resolving-a-field decoded
 * into plain fields. Lists are split, `tls` is parsed case-insensitively (docs/protocol.md#p-12), unknown keys
 * are kept in `extra` (docs/protocol.md#p-09).
 */
import { ProviderDataError } from "./errors.js";
import { isBlankPem, parsePemCertificates } from "../interfaces/database/pem-certificates.js";
import { RESOLVED_RESPONSE_KEYS } from "../interfaces/response-keys.js";

/** What the provider answered, with secret values filled in. */
export interface DatabaseResponse {
  /** Name actually created (docs/protocol.md#p-10); for prefix requests the prefix. */
  readonly database: string | undefined;
  /** Read/write endpoints as `host:port` texts (empty when none were published). */
  readonly endpoints: readonly string[];
  /** Read-only endpoints as `host:port` texts. */
  readonly readOnlyEndpoints: readonly string[];
  /** Databases matching a prefix request. */
  readonly prefixDatabases: readonly string[];
  /** Engine version, as the provider reports it. */
  readonly version: string | undefined;
  /** MongoDB replica-set name. */
  readonly replset: string | undefined;
  /** Relation user name (from the `user` secret, or plaintext in fallback mode). */
  readonly username: string | undefined;
  /** Relation user password (secret: never log it). */
  readonly password: string | undefined;
  /** Connection URI(s) with credentials (secret). */
  readonly uris: string | undefined;
  /** Connection URI(s) of the read-only endpoints, with credentials (secret). */
  readonly readOnlyUris: string | undefined;
  /** Whether the provider requires TLS. */
  readonly tls: boolean | undefined;
  /** PEM CA chain to verify the server with. */
  readonly tlsCa: string | undefined;
  /** Name of the custom entity, when one was requested. */
  readonly entityName: string | undefined;
  /** Password of the custom entity (secret). */
  readonly entityPassword: string | undefined;
  /** v1 request id of this response. */
  readonly requestId: string | undefined;
  /** Every key no interface model reads (additional secret fields, engine-specific keys, ...). */
  readonly extra: Readonly<Record<string, string>>;
}

// The keys the interface models read are not "extra"; the list comes from their field tables.
const KNOWN: ReadonlySet<string> = RESOLVED_RESPONSE_KEYS;

/** Splits a comma list, dropping empty items (absent → empty list). */
export function splitList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

/** Parses `tls`: `True`/`true`/`False`/`false` (any case); anything else is a typed error. */
export function parseTlsFlag(value: string | undefined, relation: string): boolean | undefined {
  if (value === undefined || value === "") return undefined;
  const v = value.trim().toLowerCase();
  if (v === "true") return true;
  if (v === "false") return false;
  throw new ProviderDataError(relation, "tls", 'expected "true" or "false" (any case)');
}

const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v === "" ? undefined : v);

/**
 * `tls-ca` as the interface models check it: blank means no CA; anything else must be one or more
 * X.509 certificates, or the answer is refused (the relation is held) rather than failing later
 * inside a driver. The problem names the block, never the content.
 */
function parseTlsCa(value: string | undefined, relation: string): string | undefined {
  if (value === undefined || isBlankPem(value)) return undefined;
  const parsed = parsePemCertificates(value);
  if (!parsed.ok) throw new ProviderDataError(relation, "tls-ca", parsed.problem);
  return value;
}

/** Decodes a resolved view (see `resolveFields`) into a frozen {@link DatabaseResponse}. */
export function decodeResponse(view: Readonly<Record<string, string>>, relation: string): DatabaseResponse {
  const extra: Record<string, string> = {};
  for (const [k, v] of Object.entries(view)) if (!KNOWN.has(k)) extra[k] = v;
  return Object.freeze({
    database: nonEmpty(view["database"]) ?? nonEmpty(view["resource"]),
    endpoints: Object.freeze(splitList(view["endpoints"])),
    readOnlyEndpoints: Object.freeze(splitList(view["read-only-endpoints"])),
    prefixDatabases: Object.freeze(splitList(view["prefix-databases"])),
    version: nonEmpty(view["version"]),
    replset: nonEmpty(view["replset"]),
    username: nonEmpty(view["username"]),
    password: nonEmpty(view["password"]),
    uris: nonEmpty(view["uris"]),
    readOnlyUris: nonEmpty(view["read-only-uris"]),
    tls: parseTlsFlag(view["tls"], relation),
    tlsCa: parseTlsCa(view["tls-ca"], relation),
    entityName: nonEmpty(view["entity-name"]),
    entityPassword: nonEmpty(view["entity-password"]),
    requestId: nonEmpty(view["request-id"]),
    extra: Object.freeze(extra),
  });
}

/** docs/protocol.md#r-01: created iff username and password, or an entity name, are present. */
export function isCreated(view: Readonly<Record<string, string>>): boolean {
  return (nonEmpty(view["username"]) !== undefined && nonEmpty(view["password"]) !== undefined) || nonEmpty(view["entity-name"]) !== undefined;
}
