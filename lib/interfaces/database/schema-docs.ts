/**
 * The texts only the generated JSON schemas are made of (json-schemas.ts): field descriptions and
 * wire forms. Kept everywhere except in bundles built by `charm-data-interfaces build`, which
 * define `CHARM_DATA_INTERFACES_BUNDLE` (lib/cli/build-plugins.ts `BUNDLE_FLAG`) and leave zod's
 * JSON Schema generator out anyway. esbuild folds `SCHEMA_DOCS && "..."` and
 * `SCHEMA_DOCS ? {...} : WIRE_FORM_LEFT_OUT` there, so the texts are not in the charm.
 */
import type { WireForm } from "./field-codecs.js";

declare const CHARM_DATA_INTERFACES_BUNDLE: true | undefined;

/** False in a charm bundle: field descriptions and wire forms are left out of it. */
export const SCHEMA_DOCS: boolean = typeof CHARM_DATA_INTERFACES_BUNDLE === "undefined";

/** The wire form of every field in a charm bundle. */
export const WIRE_FORM_LEFT_OUT: WireForm = { encoding: "left out of bundles built by charm-data-interfaces build" };
