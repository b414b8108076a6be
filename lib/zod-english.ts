/**
 * English messages for zod/mini, which, unlike classic zod, sets no locale of its own: without
 * one every issue reads "Invalid input", and the library's typed errors quote those messages.
 * Every module of lib/ that builds zod schemas imports this file for its effect (package.json
 * lists it under `sideEffects`, so bundlers keep it). A locale the application configured first
 * is left alone, as classic zod does. In a charm bundle whose models parse with lib/zod-subset,
 * which words its issues itself, `charm-data-interfaces build` loads this module empty.
 */
import { config, globalConfig } from "zod/v4/core";
import { en } from "zod/v4/locales";

if (globalConfig.localeError === undefined) config(en());
