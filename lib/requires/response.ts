/**
 * The typed provider response handed to event handlers: the resolved view of docs/protocol.md#resolving-a-field decoded
 * into plain fields. Lists are split, `tls` is parsed case-insensitively (docs/protocol.md#p-12), unknown keys
 * are kept in `extra` (docs/protocol.md#p-09).
 */
import { ProviderDataError } from "./errors.js";
import { isBlankPem } from "../interfaces/database/pem-certificates.js";
import { tlsSecretFields } from "../interfaces/database/provider-fields.js";
import { showerFor } from "../interfaces/database/redaction.js";
import { text } from "../interfaces/database/field-codecs.js";
import { resolvedResponseKeys } from "../interfaces/database/response-keys.js";
import { readCommaList } from "../interfaces/database/comma-lists.js";
import { withV0ResourceKey } from "../interfaces/v1/response.js";

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
// `replset` is the one engine field (MongoDB's) this engine-neutral response reads; naming it
// here keeps the MongoDB models out of other engines' bundles. A test checks every engine's keys.
const KNOWN: ReadonlySet<string> = resolvedResponseKeys({ replset: text() });

/** Splits a comma list, dropping empty items (absent → empty list); lib/interfaces' `readCommaList`. */
export function splitList(value: string | undefined): string[] {
  return readCommaList(value);
}

const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v === "" ? undefined : v);

// The one reading of `tls` and `tls-ca` is the interface model's (lib/interfaces field codecs);
// secret fields, so a problem never quotes the value.
const { tls: TLS_FIELD, tlsCa: TLS_CA_FIELD } = tlsSecretFields;

/** Parses `tls`: `True`/`true`/`False`/`false` (any case, outer blanks ignored); anything else is a typed error. */
export function parseTlsFlag(value: string | undefined, relation: string): boolean | undefined {
  if (value === undefined || value === "") return undefined;
  const decoded = TLS_FIELD.decode(value.trim(), showerFor(TLS_FIELD.secret));
  if (!decoded.ok) throw new ProviderDataError(relation, "tls", decoded.problem);
  return decoded.value;
}

/**
 * `tls-ca` through the interface model: anything but one or more X.509 certificates is refused
 * (the relation is held) rather than failing later inside a driver. Blank means no CA.
 */
function parseTlsCa(value: string | undefined, relation: string): string | undefined {
  if (value === undefined || value === "") return undefined;
  const decoded = TLS_CA_FIELD.decode(value, showerFor(TLS_CA_FIELD.secret));
  if (!decoded.ok) throw new ProviderDataError(relation, "tls-ca", decoded.problem);
  return decoded.value;
}

/** The fields of a view that need checking, as an interface model (or {@link decodeResponse}) decoded them. */
export interface CheckedResponseFields {
  /** `tls`, parsed. */
  readonly tls?: boolean | undefined;
  /** `tls-ca`, checked to be X.509 certificates (blank allowed). */
  readonly tlsCa?: string | undefined;
}

/**
 * Builds the {@link DatabaseResponse} of a resolved view whose checked fields were already
 * decoded, so a caller that ran an interface model does not decode the view a second time.
 * The other fields are text the response only splits or copies.
 */
export function responseOfView(resolved: Readonly<Record<string, string>>, checked: CheckedResponseFields): DatabaseResponse {
  // A v1 answer names the database `resource`; the response reads it as v0's `database`.
  const view = withV0ResourceKey(resolved);
  const extra: Record<string, string> = {};
  for (const [k, v] of Object.entries(view)) if (!KNOWN.has(k)) extra[k] = v;
  return Object.freeze({
    database: nonEmpty(view["database"]),
    endpoints: Object.freeze(splitList(view["endpoints"])),
    readOnlyEndpoints: Object.freeze(splitList(view["read-only-endpoints"])),
    prefixDatabases: Object.freeze(splitList(view["prefix-databases"])),
    version: nonEmpty(view["version"]),
    replset: nonEmpty(view["replset"]),
    username: nonEmpty(view["username"]),
    password: nonEmpty(view["password"]),
    uris: nonEmpty(view["uris"]),
    readOnlyUris: nonEmpty(view["read-only-uris"]),
    tls: checked.tls,
    tlsCa: checked.tlsCa === undefined || isBlankPem(checked.tlsCa) ? undefined : checked.tlsCa,
    entityName: nonEmpty(view["entity-name"]),
    entityPassword: nonEmpty(view["entity-password"]),
    requestId: nonEmpty(view["request-id"]),
    extra: Object.freeze(extra),
  });
}

/** Decodes a resolved view (see `resolveFields`) into a frozen {@link DatabaseResponse}, for requirers without an engine model. */
export function decodeResponse(view: Readonly<Record<string, string>>, relation: string): DatabaseResponse {
  return responseOfView(view, { tls: parseTlsFlag(view["tls"], relation), tlsCa: parseTlsCa(view["tls-ca"], relation) });
}

/** docs/protocol.md#r-01: created iff username and password, or an entity name, are present. */
export function isCreated(view: Readonly<Record<string, string>>): boolean {
  return (nonEmpty(view["username"]) !== undefined && nonEmpty(view["password"]) !== undefined) || nonEmpty(view["entity-name"]) !== undefined;
}
