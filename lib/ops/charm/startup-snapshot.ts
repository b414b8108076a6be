/**
 * Start-up snapshots of a bundled charm (Node's `--build-snapshot`, Node 18.8 and later).
 *
 * Evaluating a charm bundle (compiling it, building its classes and schemas) costs more than
 * the hook's own work. The generated `dispatch` therefore asks the unit's own Node, once per
 * charm file, to run the bundle up to `main()` and save the heap as a snapshot; later hooks
 * start from that heap and only run `main()`. Node refuses a snapshot made by another Node
 * (another version, other V8 flags) with exit code 14 before any JavaScript runs; this module
 * adds the check Node does not make: that the snapshot was made from the very file being run
 * (its path and, by its file-system identity, its bytes), and answers 14 too, before any charm
 * code runs. `dispatch` then deletes the snapshot and starts the hook plainly.
 * docs/startup-snapshot.md describes the whole cycle.
 */
import { createRequire, fs, isBuiltin, path, v8 } from "../builtins.js";
import { fileIdentity } from "../file-identity.js";
import { relabelForNoRehash, SNAPSHOT_RELABEL_VARIABLE, startsWithNoRehash, thisNode } from "./no-rehash-snapshot.js";
import { GLIBC_TUNABLES_VARIABLE, tunablesOfPlainStart } from "./snapshot-huge-pages.js";

// `true` in bundles built by `charm-data-interfaces build` (lib/cli/build-plugins.ts `BUNDLE_FLAG`).
declare const CHARM_DATA_INTERFACES_BUNDLE: true | undefined;

/** The exit code of a process whose snapshot does not fit: Node's own "snapshot failure" code. */
export const SNAPSHOT_MISFIT_EXIT_CODE = 14;

/**
 * The identity of the script being run: its path and what the file system says of its bytes
 * (file-identity.ts); undefined when it cannot be had. Any rewrite of the file, a charm
 * upgrade's included, gives it another identity, so a snapshot made from other bytes is refused
 * as surely as by hashing them, without reading the file in every hook.
 */
function scriptKey(script: string | undefined): string | undefined {
  if (script === undefined) return undefined;
  const file = path.resolve(script);
  const identity = fileIdentity(file);
  return identity === undefined ? undefined : `${file}\0${identity}`;
}

/**
 * `--snapshot-blob` (group 1 is "blob") and `--no-rehash-snapshot`, in each spelling Node and V8
 * accept (underscores for dashes, V8's `--nofoo`); group 2 is "=" when the value is attached.
 */
const SNAPSHOT_OPTION = /^--(?:snapshot[-_](blob)|no[-_]?rehash[-_]snapshot)(=|$)/;

/**
 * `execArgv` without the options that started this process from its snapshot: what a plain
 * start of the same script has. `child_process.fork` and `cluster` pass `process.execArgv` to
 * every Node child, and a child given `--snapshot-blob` would start from the charm's snapshot
 * instead of running its own script (exit 14, the script never run); `--no-rehash-snapshot`
 * would leave the child's hash seed the one baked into Node.
 */
export function execArgvOfPlainStart(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const option = SNAPSHOT_OPTION.exec(execArgv[i] as string);
    if (option === null) kept.push(execArgv[i] as string);
    else if (option[1] === "blob" && option[2] === "") i++;
  }
  return kept;
}

/**
 * The modules the script loads from disk by name (a `require` or dynamic `import` of a module
 * that is not Node's own) and that exist beside it. A process started from a snapshot keeps the
 * builder's `require`, which loads only Node's own modules, so a bundle made another way, without
 * the build's prelude, must start plainly. Modules that do not resolve fail the same way with or
 * without a snapshot (a bundle's optional drivers, e.g. pg-native).
 */
export function modulesLoadedFromDisk(script: string): string[] {
  const file = path.resolve(script);
  const load = createRequire(file);
  const found = new Set<string>();
  for (const m of fs.readFileSync(file, "utf8").matchAll(/\b(?:require|import)\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) {
    const name = m[1];
    if (name === undefined || isBuiltin(name)) continue;
    try {
      load.resolve(name);
      found.add(name);
    } catch {
      // Absent here: it fails alike in a plain start.
    }
  }
  return [...found].sort();
}

/**
 * When this process is building a start-up snapshot, registers `run` as what every process
 * started from the snapshot does, starts `rehearsal` (what the snapshot should keep warm: it
 * must never throw; Node takes the snapshot once it has settled), and returns true: the caller
 * must then do nothing else. Otherwise returns false at once (a plain start, a test, the harness).
 * @throws Error while building, when a bundle made another way than by `charm-data-interfaces
 * build` loads modules from disk (modulesLoadedFromDisk).
 */
export function deferToStartupSnapshot(run: () => void, rehearsal?: () => Promise<unknown>): boolean {
  const snapshot = v8.startupSnapshot;
  if (snapshot === undefined || !snapshot.isBuildingSnapshot()) return false;
  // The key is computed while building: the file Node is turning into this snapshot.
  const script = process.argv[1];
  const key = scriptKey(script);
  // A bundle of `charm-data-interfaces build` needs no such check, and carries none: its prelude
  // gives a restored hook a plain start's `require` (lib/cli/snapshot-builder-prelude.ts), and a
  // load at module load fails the build itself, in Node's words ("Cannot find module").
  if (typeof CHARM_DATA_INTERFACES_BUNDLE === "undefined" && script !== undefined) {
    const fromDisk = modulesLoadedFromDisk(script);
    // Thrown while building: Node then writes no snapshot and dispatch starts hooks plainly.
    if (fromDisk.length > 0) throw new Error(`no start-up snapshot: the charm loads ${fromDisk.join(", ")} from disk`);
  }
  snapshot.setDeserializeMainFunction(() => {
    const started = process.argv[1];
    if (key === undefined || scriptKey(started) !== key) {
      process.exitCode = SNAPSHOT_MISFIT_EXIT_CODE;
      return;
    }
    // dispatch's second step after making a snapshot: no hook, only the file's V8 tag.
    const relabel = process.env[SNAPSHOT_RELABEL_VARIABLE];
    if (relabel !== undefined && started !== undefined) {
      process.exitCode = relabelOutcomeCode(relabel, started);
      return;
    }
    process.execArgv = execArgvOfPlainStart(process.execArgv);
    const tunables = tunablesOfPlainStart(process.env[GLIBC_TUNABLES_VARIABLE]);
    if (tunables === undefined) delete process.env[GLIBC_TUNABLES_VARIABLE];
    else process.env[GLIBC_TUNABLES_VARIABLE] = tunables;
    run();
  });
  // A failed rehearsal leaves the snapshot colder, never unmade.
  void rehearsal?.().catch(() => undefined);
  return true;
}

/**
 * Exit code of the relabelling process, as dispatch reads it: 0 when hooks may start with
 * `--no-rehash-snapshot`; 1 when the file is as it was made (not relabelled, or put back);
 * 2 when a file error leaves that unknown, so the snapshot is not to be used.
 */
function relabelOutcomeCode(blob: string, script: string): number {
  try {
    // This process was started with the hooks' other V8 flags (dispatch puts them on every line).
    return startsWithNoRehash(relabelForNoRehash(blob, script, thisNode(), execArgvOfPlainStart(process.execArgv))) ? 0 : 1;
  } catch {
    return 2;
  }
}
