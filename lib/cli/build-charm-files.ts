/**
 * The files around the bundle that make a charm directory deployable: `dispatch` (what Juju
 * runs for every hook and action) and the `charmcraft.yaml` parts that pack it without
 * `node_modules`.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Node release the part recipe ships (the official build; Ubuntu 24.04's nodejs is Node 18). */
export const RECIPE_NODE_VERSION = "20.19.5";

/** `dispatch` for a bundle at `<charm>/<bundle>`: the shipped Node runtime if present, else Node on PATH. */
export function dispatchScript(bundle = "build/charm.js"): string {
  return `#!/bin/sh
# Juju runs this file for every hook and action (JUJU_DISPATCH_PATH says which one).
# The charm is one bundled file; Node comes with the charm (node/bin/node) or from PATH.
cd "$(dirname "$0")" || exit 1
if [ -x node/bin/node ]; then NODE=node/bin/node; else NODE=node; fi
exec "$NODE" ${bundle}
`;
}

/** What {@link ensureDispatch} did. */
export type DispatchOutcome = "written" | "kept" | "made-executable";

/**
 * Writes `<charmDir>/dispatch` when there is none, and makes an existing one executable when it
 * is not (Juju, and the simulator, refuse a charm whose dispatch cannot be run). Never rewrites
 * an existing dispatch.
 */
export function ensureDispatch(charmDir: string, bundle = "build/charm.js"): DispatchOutcome {
  const file = path.join(charmDir, "dispatch");
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, dispatchScript(bundle), { mode: 0o755 });
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
