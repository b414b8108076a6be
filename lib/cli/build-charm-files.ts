/**
 * The files around the bundle that make a charm directory deployable: `dispatch` (what Juju
 * runs for every hook and action) and the `charmcraft.yaml` parts that pack it without
 * `node_modules`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { HOOK_NODE_FLAGS } from "../ops/charm/hook-node-flags.js";
import { NO_REHASH_FLAG, SNAPSHOT_RELABEL_VARIABLE } from "../ops/charm/no-rehash-snapshot.js";
import { GLIBC_TUNABLES_VARIABLE, SNAPSHOT_START_TUNABLE } from "../ops/charm/snapshot-huge-pages.js";
import { TOOL_SERVER_FUNCTIONS, withToolServer } from "../ops/hooktools/tool-server-shell.js";

/**
 * Node release the part recipe ships: the official build of LTS line 24, supported until April
 * 2028 (Node 20 reached its end of life in April 2026; Ubuntu 24.04's nodejs is Node 18). The
 * start-up snapshot's suites run under it besides the machine's Node
 * (test/ops/startup-snapshot-other-nodes.test.ts).
 */
export const RECIPE_NODE_VERSION = "24.22.3";

/** Options of {@link dispatchScript}. */
export interface DispatchScriptOptions {
  /**
   * Start hooks from a V8 start-up snapshot of the bundle that the unit's Node makes once per
   * charm file (`<bundle>.snapshot` beside the bundle); default true. False gives the plain
   * `exec node <bundle>`, with `bundle` passed to Node as it is (arguments allowed).
   */
  readonly startupSnapshot?: boolean;
  /** The V8 flags of every Node line; default {@link HOOK_NODE_FLAGS} (the benchmark's floor passes none). */
  readonly nodeFlags?: readonly string[];
}

/** `dispatch` for a bundle at `<charm>/<bundle>`: the shipped Node runtime if present, else Node on PATH. */
export function dispatchScript(bundle = "build/charm.js", options: DispatchScriptOptions = {}): string {
  const head = `#!/bin/sh
# Juju runs this file for every hook and action (JUJU_DISPATCH_PATH says which one).
# The charm is one bundled file; Node comes with the charm (node/bin/node) or from PATH.
# Work in the charm directory, the one $0 names (none when started as 'sh dispatch' there),
# without starting a process for it.
case $0 in */*) cd "\${0%/*}" || exit 1 ;; esac
if [ -x node/bin/node ]; then NODE=node/bin/node; else NODE=node; fi
`;
  // Every Node line gets the same V8 flags (lib/ops/charm/hook-node-flags.ts).
  const flags = (options.nodeFlags ?? HOOK_NODE_FLAGS).map((f) => `${f} `).join("");
  if (options.startupSnapshot === false) return `${head}exec "$NODE" ${flags}${bundle}
`;
  const snapshot = `${bundle}.snapshot`;
  // Exit code 14 means the snapshot does not fit (another Node, another charm file) and nothing
  // of the charm ran (lib/ops/charm/startup-snapshot.ts); any other code is the hook's own.
  return `${head}${TOOL_SERVER_FUNCTIONS}# Hooks start from a start-up snapshot of the bundle, made once per charm file by this
# unit's Node (docs/startup-snapshot.md of charm-data-interfaces); without one they start plainly.
SNAPSHOT=${snapshot}
if [ ! -s "$SNAPSHOT" ] && [ ! "$SNAPSHOT.failed" -nt ${bundle} ]; then
  rm -f "$SNAPSHOT.no-rehash"
  # What Node says goes to $SNAPSHOT.$$.err (mode 0600), kept as $SNAPSHOT.failed if it fails.
  if (umask 077 && "$NODE" ${flags}--snapshot-blob "$SNAPSHOT.$$" --build-snapshot ${bundle} >/dev/null 2>"$SNAPSHOT.$$.err" </dev/null) 2>/dev/null; then
    # Made with a random hash seed; relabelled (when this Node allows it) for hooks that keep
    # that seed instead of rehashing the heap (${NO_REHASH_FLAG}). 0: relabelled; 1: left as
    # made; anything else (Node refused the new file, a crash): no snapshot until charm.js changes.
    ${SNAPSHOT_RELABEL_VARIABLE}="$SNAPSHOT.$$" "$NODE" ${flags}--snapshot-blob "$SNAPSHOT.$$" ${bundle} >/dev/null 2>>"$SNAPSHOT.$$.err" </dev/null
    case $? in
      0) : 2>/dev/null >"$SNAPSHOT.no-rehash"; mv -f "$SNAPSHOT.$$" "$SNAPSHOT"; rm -f "$SNAPSHOT.$$.err" ;;
      1) mv -f "$SNAPSHOT.$$" "$SNAPSHOT"; rm -f "$SNAPSHOT.$$.err" ;;
      *) rm -f "$SNAPSHOT.$$"; mv -f "$SNAPSHOT.$$.err" "$SNAPSHOT.failed" 2>/dev/null || : 2>/dev/null >"$SNAPSHOT.failed" ;;
    esac
  else
    rm -f "$SNAPSHOT.$$"; mv -f "$SNAPSHOT.$$.err" "$SNAPSHOT.failed" 2>/dev/null || : 2>/dev/null >"$SNAPSHOT.failed"
  fi
fi
if [ -s "$SNAPSHOT" ]; then
  REHASH=
  if [ -e "$SNAPSHOT.no-rehash" ]; then REHASH=${NO_REHASH_FLAG}; fi
  # On Node's line: huge pages for the memory Node reads the snapshot into (glibc 2.35 and
  # later), kept in malloc's heap; the hook takes the entries out of its environment again.
${withToolServer(`${GLIBC_TUNABLES_VARIABLE}="\${${GLIBC_TUNABLES_VARIABLE}:+\$${GLIBC_TUNABLES_VARIABLE}:}${SNAPSHOT_START_TUNABLE}" "$NODE" ${flags}$REHASH --snapshot-blob "$SNAPSHOT" ${bundle}`, "  ")}
  if [ "$rc" -ne 14 ]; then
    # Killed by a signal: the snapshot may be damaged; the next hook makes a new one.
    if [ "$rc" -gt 128 ]; then rm -f "$SNAPSHOT"; fi
    exit "$rc"
  fi
  rm -f "$SNAPSHOT"
fi
exec "$NODE" ${flags}${bundle}
`;
}

/** What {@link ensureDispatch} did. */
export type DispatchOutcome = "written" | "kept" | "made-executable";

/**
 * Writes `<charmDir>/dispatch` when there is none, and makes an existing one executable when it
 * is not (Juju, and the simulator, refuse a charm whose dispatch cannot be run). Never rewrites
 * an existing dispatch.
 */
export function ensureDispatch(charmDir: string, bundle = "build/charm.js", options: DispatchScriptOptions = {}): DispatchOutcome {
  const file = path.join(charmDir, "dispatch");
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, dispatchScript(bundle, options), { mode: 0o755 });
    return "written";
  }
  const mode = fs.statSync(file).mode;
  if ((mode & 0o111) === 0o111) return "kept";
  fs.chmodSync(file, mode | 0o755);
  return "made-executable";
}

/** The YAML files of the charm directory that Juju reads, among those that exist. */
export function charmYamlFiles(charmDir: string): string[] {
  return ["metadata.yaml", "config.yaml", "actions.yaml"].filter((f) => fs.existsSync(path.join(charmDir, f)));
}

/**
 * The `parts:` of a `charmcraft.yaml` that packs the built charm: a `dump` of dispatch, the YAML
 * files and the bundle, and the official Node runtime as `node/bin/node` (which `dispatch`
 * prefers). `buildDir` is the bundle's directory relative to the charm.
 */
export function charmcraftParts(yamlFiles: readonly string[], buildDir = "build"): string {
  const prime = ["dispatch", ...yamlFiles, `${buildDir}/charm.js`, `${buildDir}/package.json`];
  return `parts:
  charm:
    # Run "npx charm-data-interfaces build" before "charmcraft pack".
    plugin: dump
    source: .
    prime:
${prime.map((p) => `      - ${p}`).join("\n")}
  node:
    # The official Node ${RECIPE_NODE_VERSION} build. Pin its checksum from
    # https://nodejs.org/dist/v${RECIPE_NODE_VERSION}/SHASUMS256.txt with source-checksum: sha256/<sum>;
    # for arm64 add a platform and use the linux-arm64 tarball.
    plugin: dump
    source: https://nodejs.org/dist/v${RECIPE_NODE_VERSION}/node-v${RECIPE_NODE_VERSION}-linux-x64.tar.xz
    source-type: tar
    organize:
      bin/node: node/bin/node
      LICENSE: node/LICENSE
    prime:
      - node/bin/node
      - node/LICENSE
`;
}

/** A whole `charmcraft.yaml` for a machine charm on Ubuntu 24.04 with {@link charmcraftParts}. */
export function charmcraftYaml(yamlFiles: readonly string[], buildDir = "build"): string {
  return `type: charm
base: ubuntu@24.04
platforms:
  amd64:

${charmcraftParts(yamlFiles, buildDir)}`;
}
