/**
 * Official Node binaries of other versions, for the suites and the benchmark that run a charm
 * under the Node a unit has rather than this machine's: the npm registry's
 * `node-<platform>-<arch>` package of that version (the one the `node` package installs), fetched
 * once with `npm pack` into node_modules/.cache/charm-data-interfaces/nodes.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/** The directory holding that Node's `node` binary (`<root>/package/bin`), fetched on first use. */
export function nodeBinDir(repoRoot: string, version: string): string {
  const dir = join(repoRoot, "node_modules", ".cache", "charm-data-interfaces", "nodes", `${process.platform}-${process.arch}-${version}`);
  const bin = join(dir, "package", "bin");
  if (existsSync(join(bin, "node"))) return bin;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const pkg = `node-${process.platform}-${process.arch}@${version}`;
  const packed = spawnSync("npm", ["pack", pkg, "--silent", "--pack-destination", dir], { encoding: "utf8", cwd: dir });
  if (packed.status !== 0) throw new Error(`npm pack ${pkg} failed: ${packed.stderr.trim()}`);
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  if (tarball === undefined) throw new Error(`npm pack ${pkg} left no tarball in ${dir}`);
  const unpacked = spawnSync("tar", ["-xzf", tarball], { cwd: dir, encoding: "utf8" });
  if (unpacked.status !== 0) throw new Error(`cannot unpack ${tarball}: ${unpacked.stderr.trim()}`);
  rmSync(join(dir, tarball));
  if (!existsSync(join(bin, "node"))) throw new Error(`${tarball} has no package/bin/node`);
  return bin;
}
