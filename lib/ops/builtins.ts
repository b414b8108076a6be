/**
 * The built-ins the library's bundled code uses from the start (docs/build.md#the-breakdown), each
 * loaded here once: a bundle then holds one require of each, and calls their functions as
 * methods, without the wrapper a named import of a CommonJS module costs a bundle at every
 * call. The built-ins a hook seldom needs are loaded at first use (lazy-builtins.ts).
 */
import type * as Fs from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import type * as Path from "node:path";
import type * as V8 from "node:v8";

/** Node's built-in module `id`: any absolute path gives a require that resolves the built-ins, in ES modules and CommonJS alike. */
export const loadBuiltin = (id: string): unknown => createRequire("/")(id);

/** `node:fs`. */
export const fs = loadBuiltin("node:fs") as typeof Fs;
/** `node:path`. */
export const path = loadBuiltin("node:path") as typeof Path;
/** `createRequire` and `isBuiltin` of `node:module`, for the start-up snapshot's check of what a bundle loads. */
export { createRequire, isBuiltin };
/** `node:v8`: the start-up snapshot's hooks, the V8 flags of a snapshot's header. */
export const v8 = loadBuiltin("node:v8") as typeof V8;
