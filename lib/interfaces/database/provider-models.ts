/**
 * Assembles the provider-side codecs of one database interface from the shared field tables.
 * The interface modules build each codec with its own call, marked pure, so a charm bundle keeps
 * only those it uses (a requirer: the resolved view, not the raw app and unit databag codecs).
 */
import { defineBag, type DecodedOf, type FieldTable, type RawDatabag } from "./bag-codec.js";
import type { DecodeResult } from "./databag-error.js";
import { providerAppFields, providerUnitBag, resolvedProviderFields, type EngineWireOptions } from "./provider-fields.js";
import { completeView, type SecretContents } from "./resolved-view.js";

/** Builds the codec of a provider application databag (raw, with `secret-*` URIs). */
export function providerAppBag<const E extends FieldTable>(iface: string, engineFields: E, opts: EngineWireOptions = {}) {
  return defineBag(providerAppFields(engineFields, opts), { name: `${iface} v0 provider app databag`, side: "provider" });
}

/** Builds the codec of the resolved provider view (app databag minus `secret-*`, merged with the secret contents). */
export function resolvedProviderBag<const E extends FieldTable>(iface: string, engineFields: E, opts: EngineWireOptions = {}) {
  return defineBag(resolvedProviderFields(engineFields, opts), { name: `${iface} v0 resolved provider view`, side: "provider" });
}

/** The resolver of a resolved-view codec: merges the raw app databag with secret contents and decodes the result (never throws). */
export function providerResolver<T>(resolved: { decode(bag: Readonly<RawDatabag>): DecodeResult<T> }): (appBag: Readonly<RawDatabag>, secrets: SecretContents) => DecodeResult<T> {
  return (appBag, secrets) => resolved.decode(completeView(appBag, secrets));
}

/** Builds app, unit and resolved-view codecs of a provider, plus the resolver. */
export function defineProviderModels<const E extends FieldTable>(iface: string, engineFields: E, opts: EngineWireOptions = {}) {
  const resolved = resolvedProviderBag(iface, engineFields, opts);
  const resolve: (appBag: Readonly<RawDatabag>, secrets: SecretContents) => DecodeResult<DecodedOf<typeof resolved>> = providerResolver(resolved);
  return {
    /** Codec of the provider application databag (raw, with `secret-*` URIs). */
    app: providerAppBag(iface, engineFields, opts),
    /** Codec of a provider unit databag. */
    unit: providerUnitBag(iface),
    /** Codec of the resolved provider view. */
    resolved,
    /** Merges the raw app databag with secret contents and decodes the result (never throws). */
    resolve,
  };
}
