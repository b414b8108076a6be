/**
 * The v0 provider databags (§1.4) and secret contents (§1.5.2), shared by every database
 * interface. Engines only choose the endpoint default port and add their own keys (`replset`).
 */
import { defineBag, type FieldTable } from "./bag_codec.js";
import { asSecret, commaList, endpointList, flag, jsonText, secretUri, text, tlsFlag } from "./field_codecs.js";
import { snapshotField } from "./requirer_fields.js";
import { RelationStatusList } from "./status.js";

/** Per-engine choices that change how the shared provider fields are read. */
export interface EngineWireOptions {
  /** Port assumed for endpoints published without one (MongoDB 27017, mongos 27018). */
  readonly defaultPort?: number;
}

/** Fields of the `user` secret: credentials and connection URIs (all secret-bearing). */
export const userSecretFields = {
  username: text({ secret: true }),
  password: text({ secret: true }),
  uris: text({ secret: true }),
  readOnlyUris: text({ secret: true }),
};

/** Fields of the `tls` secret. `tls` is parsed case-insensitively (P-12). */
export const tlsSecretFields = {
  tls: tlsFlag({ secret: true }),
  tlsCa: text({ secret: true }),
};

/** Fields of the `entity` secret (a GROUP entity has no password). */
export const entitySecretFields = {
  entityName: text({ secret: true }),
  entityPassword: text({ secret: true }),
};

/** Fields of the `mtls` secret (requirer-owned; unused by database providers). */
export const mtlsSecretFields = {
  mtlsCert: asSecret(text()),
};

/** Provider app fields that are neither credentials nor secret URIs. */
export function providerPlainFields(opts: EngineWireOptions = {}) {
  return {
    database: text(),
    endpoints: endpointList(opts.defaultPort),
    readOnlyEndpoints: endpointList(opts.defaultPort),
    version: text(),
    prefixDatabases: commaList(),
    subordinated: flag(),
    status: jsonText(RelationStatusList, RelationStatusList, (v) => v),
    data: snapshotField(),
    encryptionSecret: secretUri(),
  };
}

/** Databag keys holding secret URIs (`secret-<group>`). */
export const secretUriFields = {
  secretUser: secretUri(),
  secretTls: secretUri(),
  secretEntity: secretUri(),
  secretExtra: secretUri(),
  secretMtls: secretUri(),
};

/** Credential fields as they appear in plaintext in fallback mode (or after resolution). */
export const credentialFields = { ...userSecretFields, ...tlsSecretFields, ...entitySecretFields };

/** All fields of the v0 provider app databag: plain fields, secret URIs and plaintext fallback. */
export function providerAppFields<E extends FieldTable>(engineFields: E, opts: EngineWireOptions = {}) {
  return { ...providerPlainFields(opts), ...engineFields, ...secretUriFields, ...credentialFields };
}

/** Fields of the resolved provider view: the app databag minus `secret-*`, plus secret contents. */
export function resolvedProviderFields<E extends FieldTable>(engineFields: E, opts: EngineWireOptions = {}) {
  return { ...providerPlainFields(opts), ...engineFields, ...credentialFields };
}

/** Fields of a provider unit databag: `state: ready` from subordinate providers (§1.10). */
export const providerUnitFields = { state: text() };

/** Codec of the `user` secret content. */
export const UserSecretContent = defineBag(userSecretFields, { name: "user secret", side: "provider" });
/** Codec of the `tls` secret content. */
export const TlsSecretContent = defineBag(tlsSecretFields, { name: "tls secret", side: "provider" });
/** Codec of the `entity` secret content. */
export const EntitySecretContent = defineBag(entitySecretFields, { name: "entity secret", side: "provider" });
/** Codec of the `mtls` secret content. */
export const MtlsSecretContent = defineBag(mtlsSecretFields, { name: "mtls secret", side: "requirer" });
/** Codec of the `extra` secret content: every key is kept verbatim in `otherKeys`. */
export const ExtraSecretContent = defineBag({}, { name: "extra secret", side: "provider" });

/** Builds the codec of a provider unit databag for one interface. */
export function providerUnitBag(iface: string) {
  return defineBag(providerUnitFields, { name: `${iface} v0 provider unit databag`, side: "provider" });
}
