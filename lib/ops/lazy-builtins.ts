/**
 * Which of Node's built-in modules a charm's bundle loads when it loads, and which at first use
 * (docs/startup-snapshot.md#built-ins-a-hook-loads).
 *
 * A start-up snapshot holds every built-in module the bundle loaded while it was made: its
 * source, its compiled code and its objects, which every hook then reads, copies and restores. A
 * module first loaded in a hook is compiled from its source instead (the snapshot carries no code
 * cache of the built-ins), so each belongs where the hooks that need it are the fewer.
 */
import type * as ChildProcess from "node:child_process";
import type * as Crypto from "node:crypto";
import { loadBuiltin as load } from "./builtins.js";
import type * as Os from "node:os";
import type * as Vm from "node:vm";

// Loaded with the bundle, on purpose: under Juju a hook's stdout and stderr are pipes (juju/juju
// worker/uniter/runner/logger.go reads the hook's output from one), which Node writes through a
// net.Socket; compiling `net` in the hook would cost the first line a hook prints 2-3 ms. A call,
// since bundlers drop an unused import of a built-in.
load("node:net");

/**
 * The built-ins no code a charm bundles loads when it loads: the four below, and `dgram`, which
 * `child_process` brings along. Tests check it (test/ops/lazy-builtins.test.ts, layering.test.ts).
 */
export const LAZY_BUILTINS = ["child_process", "crypto", "dgram", "os", "vm"] as const;

/**
 * `node:child_process` (with `dgram` and Node's process plumbing): a hook from the snapshot has
 * its tools started by the dispatch's server (hooktools/tool-server.ts), so Node starts a
 * process only when that server cannot take a call, and in the snapshot's relabelling step.
 */
export const childProcess = (): typeof ChildProcess => load("node:child_process") as typeof ChildProcess;
/**
 * `node:crypto`: parsing a CA chain's certificates. The library's digests are its own
 * (sha256.ts): in the snapshot, crypto slowed every hook's restore by 1-2 ms.
 */
export const crypto = (): typeof Crypto => load("node:crypto") as typeof Crypto;
/** `node:os`: the temporary directory of secret files, the byte order of a snapshot's header. */
export const os = (): typeof Os => load("node:os") as typeof Os;
/** `node:vm`: the code-cache magic of this V8, in the relabelling step. */
export const vm = (): typeof Vm => load("node:vm") as typeof Vm;
