/**
 * The v0 provider databags (docs/protocol.md#v0-answer) and secret contents (docs/protocol.md#secret-fields), shared by every database
 * interface. Engines only choose the endpoint default port and add their own keys (`replset`).
 */
import { defineBag, type FieldTable } from "./bag-codec.js";
import { asSecret, commaList, described, endpointList, flag, jsonText, mongoUri, pemCertificates, secretUri, text, tlsFlag } from "./field-codecs.js";
import { SCHEMA_DOCS } from "./schema-docs.js";
import { snapshotField } from "./requirer-fields.js";
import { RelationStatusList } from "./status.js";

/** Per-engine choices that change how the shared provider fields are read. */
export interface EngineWireOptions {
  /** Port assumed for endpoints published without one (MongoDB 27017, mongos 27018). */
  readonly defaultPort?: number;
  /** Accept `file://<path>` Unix socket endpoints (mysql_client: the machine mysql-router charm). */
  readonly fileSocketEndpoints?: boolean;
}

// The /* @__PURE__ */ marks let a bundler drop the tables a charm does not use (a requirer: the
// secret URI, mtls and unit tables).
/** Fields of the `user` secret: credentials and connection URIs (all secret-bearing). */
export const userSecretFields = {
  /** User name for the database. */
  username: described(text({ secret: true }), SCHEMA_DOCS && "User name for the database."),
  /** Password of that user. */
  password: described(text({ secret: true }), SCHEMA_DOCS && "Password of that user."),
  /** Connection URI(s) in the engine's format, with credentials. */
  uris: described(text({ secret: true }), SCHEMA_DOCS && "Connection URI(s) in the engine's format, with credentials."),
  /** Connection URI(s) of the read-only endpoints, with credentials. */
  readOnlyUris: described(text({ secret: true }), SCHEMA_DOCS && "Connection URI(s) of the read-only endpoints, with credentials."),
};

/** Fields of the `tls` secret. `tls` is parsed case-insensitively (docs/protocol.md#p-12). */
export const tlsSecretFields = {
  /** Whether the provider requires TLS; True/true/False/false on the wire. */
  tls: described(tlsFlag({ secret: true }), SCHEMA_DOCS && "Whether the provider requires TLS; True/true/False/false on the wire."),
  /** PEM CA chain to verify the server with: one or more X.509 certificates (anything else is refused). */
  tlsCa: described(pemCertificates({ secret: true }), SCHEMA_DOCS && "PEM CA chain to verify the server with: one or more X.509 certificates."),
};

/** Fields of the `entity` secret (a GROUP entity has no password). */
export const entitySecretFields = {
  /** Name of the custom entity created. */
  entityName: described(text({ secret: true }), SCHEMA_DOCS && "Name of the custom entity created."),
  /** Password of the custom entity (absent for GROUP). */
  entityPassword: described(text({ secret: true }), SCHEMA_DOCS && "Password of the custom entity (absent for GROUP)."),
};

/** Fields of the `mtls` secret (requirer-owned; unused by database providers). */
export const mtlsSecretFields = {
  /** The requirer's client certificate (PEM). */
  mtlsCert: /* @__PURE__ */ asSecret(/* @__PURE__ */ text()),
};

function socketNote(opts: EngineWireOptions): string {
  return SCHEMA_DOCS && opts.fileSocketEndpoints === true ? "; an item may be file://<absolute socket path> (mysql-router on machines)" : "";
}

/** Provider app fields that are neither credentials nor secret URIs. */
export function providerPlainFields(opts: EngineWireOptions = {}) {
  return {
    /** Database actually created; use it rather than the requested name. */
    database: described(text(), SCHEMA_DOCS && "Database actually created; use it rather than the requested name."),
    /** Read/write endpoints; host:port[,host:port] on the wire. */
    endpoints: described(endpointList(opts.defaultPort, opts.fileSocketEndpoints === true), SCHEMA_DOCS && `Read/write endpoints; host:port[,host:port] on the wire${socketNote(opts)}.`),
    /** Read-only endpoints; host:port[,host:port] on the wire. */
    readOnlyEndpoints: described(endpointList(opts.defaultPort, opts.fileSocketEndpoints === true), SCHEMA_DOCS && `Read-only endpoints; host:port[,host:port] on the wire${socketNote(opts)}.`),
    /** Engine version. */
    version: described(text(), SCHEMA_DOCS && "Engine version."),
    /** Databases matching a prefix request, sorted; comma-separated on the wire. */
    prefixDatabases: described(commaList(), SCHEMA_DOCS && "Databases matching a prefix request, sorted; comma-separated on the wire."),
    /** True when the provider is a subordinate that signals readiness per unit. */
    subordinated: described(flag(), SCHEMA_DOCS && "True when the provider is a subordinate that signals readiness per unit."),
    /** Active provider conditions; a JSON array on the wire. */
    status: described(jsonText(RelationStatusList, RelationStatusList, (v) => v), SCHEMA_DOCS && "Active provider conditions; a JSON array on the wire."),
    /** The provider's snapshot of the requirer app databag. */
    data: described(snapshotField(), SCHEMA_DOCS && "The provider's snapshot of the requirer app databag."),
    /** Cross-model relations only: provider secret with the mtls encryption key. */
    encryptionSecret: described(secretUri(), SCHEMA_DOCS && "Cross-model relations only: provider secret with the mtls encryption key."),
  };
}

/** Databag keys holding secret URIs (`secret-<group>`). */
export const secretUriFields = {
  /** URI of the secret with the relation user's credentials (`secret-user`). */
  secretUser: /* @__PURE__ */ secretUri(),
  /** URI of the secret with the TLS flag and CA (`secret-tls`). */
  secretTls: /* @__PURE__ */ secretUri(),
  /** URI of the secret with the custom entity's credentials (`secret-entity`). */
  secretEntity: /* @__PURE__ */ secretUri(),
  /** URI of the secret with extra fields (`secret-extra`). */
  secretExtra: /* @__PURE__ */ secretUri(),
  /** URI of the secret with mTLS material (`secret-mtls`). */
  secretMtls: /* @__PURE__ */ secretUri(),
};

/**
 * The user group's connection strings as mongodb_client and mongos_client read them: they refine
 * the shared `uris` / `read-only-uris` (same doc comment there; typedoc wants one) to MongoDB's
 * connection-string format.
 */
export const mongoUriFields = {
  uris: /* @__PURE__ */ described(/* @__PURE__ */ mongoUri({ secret: true }), SCHEMA_DOCS && "MongoDB connection string with credentials (mongodb:// or mongodb+srv://)."),
  readOnlyUris: /* @__PURE__ */ described(/* @__PURE__ */ mongoUri({ secret: true }), SCHEMA_DOCS && "MongoDB connection string of the read-only side, with credentials."),
};

/** Credential fields as they appear in plaintext in fallback mode (or after resolution). */
export const credentialFields = { ...userSecretFields, ...tlsSecretFields, ...entitySecretFields };

/**
 * All fields of the v0 provider app databag: plain fields, secret URIs and plaintext fallback.
 * Engine fields come last, so an engine may refine a shared one (MongoDB's `uris`).
 */
export function providerAppFields<E extends FieldTable>(engineFields: E, opts: EngineWireOptions = {}) {
  return { ...providerPlainFields(opts), ...secretUriFields, ...credentialFields, ...engineFields };
}

/** Fields of the resolved provider view: the app databag minus `secret-*`, plus secret contents (engine fields last). */
export function resolvedProviderFields<E extends FieldTable>(engineFields: E, opts: EngineWireOptions = {}) {
  return { ...providerPlainFields(opts), ...credentialFields, ...engineFields };
}

/** Fields of a provider unit databag: `state: ready` from subordinate providers (docs/protocol.md#subordinated-providers). */
export const providerUnitFields = {
  /** `ready` once this subordinate provider unit can serve. */
  state: /* @__PURE__ */ described(/* @__PURE__ */ text(), SCHEMA_DOCS && "ready once this subordinate provider unit can serve."),
};

/** Codec of the `user` secret content. */
export const UserSecretContent = /* @__PURE__ */ defineBag(userSecretFields, { name: "user secret", side: "provider" });
/** Codec of the `tls` secret content. */
export const TlsSecretContent = /* @__PURE__ */ defineBag(tlsSecretFields, { name: "tls secret", side: "provider" });
/** Codec of the `entity` secret content. */
export const EntitySecretContent = /* @__PURE__ */ defineBag(entitySecretFields, { name: "entity secret", side: "provider" });
/** Codec of the `mtls` secret content. */
export const MtlsSecretContent = /* @__PURE__ */ defineBag(mtlsSecretFields, { name: "mtls secret", side: "requirer" });
/** Codec of the `extra` secret content: every key is kept verbatim in `otherKeys`. */
export const ExtraSecretContent = /* @__PURE__ */ defineBag({}, { name: "extra secret", side: "provider" });

/** Builds the codec of a provider unit databag for one interface. */
export function providerUnitBag(iface: string) {
  return defineBag(providerUnitFields, { name: `${iface} v0 provider unit databag`, side: "provider" });
}
