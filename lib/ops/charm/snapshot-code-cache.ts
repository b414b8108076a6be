/**
 * The built-in modules' code cache in a start-up snapshot file, and leaving it out
 * (docs/startup-snapshot.md#without-the-built-ins-code-cache).
 *
 * `node --build-snapshot` ends the file with a V8 code cache of every one of Node's built-in
 * modules (`SnapshotData::code_cache`, written last by `SnapshotData::ToBlob` in Node's
 * src/node_snapshotable.cc): about 2.8 MB of a 5.4 MB file. A process started from the file reads
 * and copies all of it before any JavaScript runs, yet a hook needs almost none: the modules the
 * charm uses were loaded, and their functions compiled, when the snapshot was made, and the heap
 * keeps that code. Without the section a built-in module first loaded in a hook is compiled from
 * its source, as V8 does for any script without a cache.
 *
 * The section is a 64-bit count, then per module its id (a 64-bit length and the name) and its
 * cache (a 64-bit length and V8's bytes, which begin with V8's code-cache magic number). It is
 * recognized only when that chain, read from its count, ends exactly at the end of the file.
 */
import { vm } from "../lazy-builtins.js";

/** The first four bytes of every code cache this V8 writes (its magic number), in host order. */
export function codeCacheMagic(): Buffer {
  return new (vm().Script)("0").createCachedData().subarray(0, 4);
}

/** A module id as Node names its built-ins (`fs`, `internal/url`, `internal/readline/emitKeypressEvents`). */
const MODULE_ID = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;
const ID_MAX = 200;

/**
 * Where the built-ins' code cache section begins in `file` (the offset of its count), when it
 * is there exactly as described above; undefined otherwise (another layout, no cache).
 * `le`: the byte order the file was written in (the machine's).
 */
export function builtinCodeCacheOffset(file: Buffer, le: boolean, magic: Buffer = codeCacheMagic()): number | undefined {
  const size = (at: number): number | undefined => {
    if (at < 0 || at + 8 > file.length) return undefined;
    const value = le ? file.readBigUInt64LE(at) : file.readBigUInt64BE(at);
    return value <= BigInt(file.length) ? Number(value) : undefined;
  };
  // The first entry whose cache starts with the magic; its id and count are just before it.
  for (let data = file.indexOf(magic); data >= 0; data = file.indexOf(magic, data + 1)) {
    for (let idLength = 1; idLength <= ID_MAX; idLength++) {
      const entry = data - 16 - idLength;
      if (entry < 8) break;
      if (size(entry) !== idLength) continue;
      if (!MODULE_ID.test(file.toString("latin1", entry + 8, entry + 8 + idLength))) continue;
      const count = size(entry - 8);
      if (count !== undefined && count > 0 && chainEndsAtEnd(file, entry, count, size, magic)) return entry - 8;
      break;
    }
  }
  return undefined;
}

function chainEndsAtEnd(file: Buffer, first: number, count: number, size: (at: number) => number | undefined, magic: Buffer): boolean {
  let at = first;
  for (let i = 0; i < count; i++) {
    const idLength = size(at);
    if (idLength === undefined || idLength === 0 || idLength > ID_MAX) return false;
    if (!MODULE_ID.test(file.toString("latin1", at + 8, at + 8 + idLength))) return false;
    at += 8 + idLength;
    const dataLength = size(at);
    if (dataLength === undefined || at + 8 + dataLength > file.length) return false;
    if (dataLength > 0 && !file.subarray(at + 8, at + 12).equals(magic)) return false;
    at += 8 + dataLength;
  }
  return at === file.length;
}

/** `file` without the section at `offset`: the same bytes up to it, then a count of zero. */
export function withoutBuiltinCodeCache(file: Buffer, offset: number, le: boolean): Buffer {
  const none = Buffer.alloc(8);
  if (le) none.writeBigUInt64LE(0n);
  else none.writeBigUInt64BE(0n);
  return Buffer.concat([file.subarray(0, offset), none]);
}
