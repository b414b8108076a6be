/**
 * Letting hooks skip V8's rehash of a start-up snapshot (docs/startup-snapshot.md#no-rehash).
 *
 * A process started from a snapshot rehashes every string and hash table of the restored heap
 * with a new random hash seed (V8's `--rehash-snapshot`, on by default), so that no two
 * processes share a seed: about 5 ms of every hook here (bench/NOTES.md). With
 * `--no-rehash-snapshot` the heap keeps the seed it was made with. That seed is safe to keep only
 * if it was random when the snapshot was made: a process that *makes* a snapshot with
 * `--no-rehash-snapshot` never draws a seed and inherits the one baked into the Node binary, the
 * same on every machine with that Node (seen with gdb: `HashSeed::InitializeRoots` never runs).
 *
 * So the snapshot is made with the default flags (a fresh random seed, kept in the snapshot file,
 * mode 0600) and hooks start with `--no-rehash-snapshot`. Node 20 refuses a snapshot whose V8
 * flags differ from the running ones (the "V8 cache version tag" in the header of the snapshot
 * file, `SnapshotMetadata` in Node's src/node_snapshotable.cc): this module rewrites that tag to
 * the one of `--no-rehash-snapshot`, which changes when deserializing happens, not what is
 * deserialized. Node 22 since nodejs/node#54122 ("src: remove cached data tag from snapshot
 * metadata", July 2024; 22.23.5 checked) and every later Node write no tag and check no V8
 * flags: their header is left as it is. Either
 * way only a header recognized exactly is touched, and the file is kept only if Node then starts
 * from it with that flag; otherwise hooks start from the snapshot as made.
 *
 * The same rewrite leaves out the built-in modules' code cache at the end of the file
 * (snapshot-code-cache.ts), which every hook would otherwise read and copy for nothing.
 */
import { fs, v8 } from "../builtins.js";
import { childProcess, os } from "../lazy-builtins.js";
import { DISPATCH_GUARD_VARIABLE } from "./dispatch-guard.js";
import { builtinCodeCacheOffset, withoutBuiltinCodeCache } from "./snapshot-code-cache.js";

/** The V8 flag hooks start with when the snapshot was relabelled for it. */
export const NO_REHASH_FLAG = "--no-rehash-snapshot";

/**
 * Set by `dispatch` (to the snapshot file) for one process started from a new snapshot with the
 * default flags: that process relabels the file instead of running a hook.
 */
export const SNAPSHOT_RELABEL_VARIABLE = "OPS_TS_SNAPSHOT_RELABEL";

/** `SnapshotData::kMagic` of Node's snapshot files. */
const SNAPSHOT_MAGIC = 0x0143da19;

/** Bytes read to find the tag: the magic, a type byte, three short strings and the tag. */
const HEADER_BYTES = 512;

/** The identity of the Node a header must name: what `process` says of this one. */
export interface NodeIdentity {
  /** `process.version` without the `v`. */
  readonly version: string;
  /** `process.arch`. */
  readonly arch: string;
  /** `process.platform`. */
  readonly platform: string;
  /** The byte order of the machine (`os.endianness()`): Node writes its header in it. */
  readonly endianness: "BE" | "LE";
}

/** This process's Node. */
export function thisNode(): NodeIdentity {
  return { version: process.version.slice(1), arch: process.arch, platform: process.platform, endianness: os().endianness() };
}

/**
 * The offset of the 32-bit field after the strings of a snapshot file's header, when the header
 * is exactly what Node 20 and later write for `node`: the magic; a type byte; the version, arch
 * and platform strings, each after its length as a 64-bit size (`size_t` on every 64-bit
 * platform Juju runs), equal to `node`'s. That field is the V8 tag on Node 20, and the
 * snapshot's flags (0, or 1 for a snapshot without code cache) on the Nodes that write no tag
 * (above). Undefined for anything else (another layout, another Node).
 */
export function tagOffset(header: Buffer, node: NodeIdentity): number | undefined {
  const le = node.endianness === "LE";
  if (header.length < 5 || readU32(header, 0, le) !== SNAPSHOT_MAGIC) return undefined;
  let at = 5;
  for (const expected of [node.version, node.arch, node.platform]) {
    if (header.length < at + 8) return undefined;
    const length = le ? header.readBigUInt64LE(at) : header.readBigUInt64BE(at);
    if (length !== BigInt(expected.length)) return undefined;
    if (header.toString("latin1", at + 8, at + 8 + expected.length) !== expected) return undefined;
    at += 8 + expected.length;
  }
  return header.length >= at + 4 ? at : undefined;
}

/** Why a snapshot was not relabelled (or that it was, or needed no new tag). */
export type RelabelOutcome =
  | "relabelled"
  /** The header has no tag (Node 22 since nodejs/node#54122, and later): Node starts from the file with the flag as it is. */
  | "untagged"
  /** The header is not one this module knows (another Node's layout); the file is untouched. */
  | "unknown-header"
  /** The tag is not this process's: the file was made with other flags; untouched. */
  | "other-flags"
  /** Setting the flag does not change this Node's tag; untouched. */
  | "no-flag-tag"
  /** Node refused to start from the relabelled file; the file was put back as it was. */
  | "refused";

/**
 * Rewrites the V8 tag of `blob` (a snapshot made by this Node with this process's V8 flags)
 * to that of {@link NO_REHASH_FLAG}, or leaves a header without tag as it is, and leaves out the
 * built-ins' code cache when it is found exactly; then checks that Node starts from it with that
 * flag by starting `script` from it with the dispatch guard set (main() returns at once), with
 * `flags` besides (the other V8 flags hooks start with, which the file was made with). Puts
 * the file back as it was when Node refuses. Throws only on file errors.
 */
export function relabelForNoRehash(blob: string, script: string, node: NodeIdentity = thisNode(), flags: readonly string[] = []): RelabelOutcome {
  const original = fs.readFileSync(blob);
  const at = tagOffset(original.subarray(0, HEADER_BYTES), node);
  if (at === undefined) return "unknown-header";
  const le = node.endianness === "LE";
  const field = readU32(original, at, le);
  // A tag is a hash of V8's version and flags; the flags that replace it are 0 or 1.
  const tagged = field === v8.cachedDataVersionTag();
  if (!tagged && field > 1) return "other-flags";
  const target = tagged ? flagTag() : undefined;
  if (tagged && target === undefined) return "no-flag-tag";
  const cache = builtinCodeCacheOffset(original, le);
  const prepared = cache === undefined ? Buffer.from(original) : withoutBuiltinCodeCache(original, cache, le);
  if (target !== undefined) {
    if (le) prepared.writeUInt32LE(target, at);
    else prepared.writeUInt32BE(target, at);
  }
  fs.writeFileSync(blob, prepared);
  if (startsWithFlag(blob, script, flags)) return tagged ? "relabelled" : "untagged";
  fs.writeFileSync(blob, original);
  return "refused";
}

/** Whether hooks start from the file with {@link NO_REHASH_FLAG} after this outcome. */
export function startsWithNoRehash(outcome: RelabelOutcome): boolean {
  return outcome === "relabelled" || outcome === "untagged";
}

function readU32(bytes: Buffer, at: number, le: boolean): number {
  return le ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at);
}

/**
 * The tag of this Node with {@link NO_REHASH_FLAG}: V8 hashes its flags anew when one changes,
 * so setting the flag here and reading the tag gives what a process started with it reports
 * (one process less than asking such a process). The flag is put back at once; it acts only
 * while a heap is deserialized, which this process has done. Undefined when the tag does not
 * change (the flag would then not be the difference between the two).
 */
function flagTag(): number | undefined {
  const own = v8.cachedDataVersionTag();
  v8.setFlagsFromString(NO_REHASH_FLAG);
  const tag = v8.cachedDataVersionTag();
  v8.setFlagsFromString("--rehash-snapshot");
  return tag !== own && v8.cachedDataVersionTag() === own ? tag : undefined;
}

/**
 * Whether Node starts `script` from `blob` with the flag (exit 0; 14 when it refuses the file),
 * in a child that runs no hook (the dispatch guard) and does not relabel in turn.
 */
function startsWithFlag(blob: string, script: string, flags: readonly string[]): boolean {
  const env: NodeJS.ProcessEnv = { ...process.env, [DISPATCH_GUARD_VARIABLE]: "1" };
  delete env[SNAPSHOT_RELABEL_VARIABLE];
  return childProcess().spawnSync(process.execPath, [...flags, NO_REHASH_FLAG, "--snapshot-blob", blob, script], { env, stdio: "ignore" }).status === 0;
}
