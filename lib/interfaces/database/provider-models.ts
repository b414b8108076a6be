/** Assembles the provider-side codecs of one database interface from the shared field tables. */
import { defineBag, type DecodedOf, type FieldTable, type RawDatabag } from "./bag-codec.js";
import type { DecodeResult } from "./databag-error.js";
import { providerAppFields, providerUnitBag, resolvedProviderFields, type EngineWireOptions } from "./provider-fields.js";
import { completeView, type SecretContents } from "./resolved-view.js";

/** Builds app, unit and resolved-view codecs of a provider, plus the resolver. */
export function defineProviderModels<const E extends FieldTable>(iface: string, engineFields: E, opts: EngineWireOptions = {}) {
  const app = defineBag(providerAppFields(engineFields, opts), { name: `${iface} v0 provider app databag`, side: "provider" });
  const resolved = defineBag(resolvedProviderFields(engineFields, opts), {
    name: `${iface} v0 resolved provider view`,
    side: "provider",
  });
  const unit = providerUnitBag(iface);
  /** Merges the raw app databag with secret contents and decodes the result (never throws). */
  function resolve(appBag: Readonly<RawDatabag>, secrets: SecretContents): DecodeResult<DecodedOf<typeof resolved>> {
    return resolved.decode(completeView(appBag, secrets));
  }
  return {
    /** Codec of the provider application databag (raw, with `secret-*` URIs). */
    app,
    /** Codec of a provider unit databag. */
    unit,
    /** Codec of the resolved provider view. */
    resolved,
    /** Merges the raw app databag with secret contents and decodes the result (never throws). */
    resolve,
  };
}
