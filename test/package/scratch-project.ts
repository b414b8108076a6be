/**
 * The scratch charm project test/package/pack.test.ts works in: the package built exactly as
 * `npm run build` builds it (scripts/build-package.mjs, into a staging copy: the checkout's dist/
 * is left alone), packed with `npm pack`, and installed from the tarball into a fresh project.
 * The project gets the test runners and drivers from this repository's node_modules as
 * symlinks (no second download), and never this repository's sources.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";

/** The repository. */
export const ROOT = resolve(__dirname, "../..");

const PackOutput = z.array(z.object({ filename: z.string(), files: z.array(z.object({ path: z.string() })) }));
const PackageJson = z.object({ files: z.array(z.string()) });

/** Runs a command to completion (no time limit: under load a step may take minutes). */
export function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: "false", NO_COLOR: "1", FORCE_COLOR: "0", ...env },
  });
  if (result.error !== undefined) throw result.error;
  return result;
}

/** {@link run}, throwing with the command's output unless it exits 0. */
export function ok(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): string {
  const result = run(command, args, cwd, env);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** What {@link stagePackage} produced. */
export interface StagedPackage {
  /** The tarball. */
  readonly tarball: string;
  /** Paths inside the tarball, sorted. */
  readonly files: readonly string[];
  /** typedoc's JSON model of the API, written by the same run as the HTML reference. */
  readonly apiJson: string;
}

/** Builds the package into `<work>/package` as `npm run build` does, and packs it into `work`. */
export function stagePackage(work: string): StagedPackage {
  const staging = join(work, "package");
  mkdirSync(staging);
  const pkg = PackageJson.parse(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")));
  copyFileSync(join(ROOT, "package.json"), join(staging, "package.json"));
  // Everything `files` names outside dist/ (dist/ is built below); globs are copied by their directory.
  for (const entry of pkg.files) {
    if (entry.startsWith("!") || entry.startsWith("dist")) continue;
    const source = entry.includes("*") ? entry.slice(0, entry.indexOf("*")).replace(/\/$/, "") : entry;
    if (existsSync(join(ROOT, source))) cpSync(join(ROOT, source), join(staging, source), { recursive: true });
  }
  const apiJson = join(work, "api.json");
  ok(process.execPath, [join(ROOT, "scripts/build-package.mjs"), "--out", join(staging, "dist"), "--json", apiJson], ROOT);
  const out = PackOutput.parse(JSON.parse(ok("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], staging)));
  return { tarball: join(work, out[0]?.filename ?? "missing.tgz"), files: out[0]?.files.map((f) => f.path).sort() ?? [], apiJson };
}

/**
 * Installs the tarball into a fresh `"type": "module"` project at `dir`. Without --offline: an
 * install of a tarball needs the registry's metadata of its dependencies (zod, yaml), which
 * `npm ci` of this repository does not cache; --prefer-offline takes what the cache has.
 */
export function installTarball(dir: string, tarball: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "scratch-charm", version: "0.0.0", private: true, type: "module" }, null, 2)}\n`);
  ok("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", tarball], dir);
}

/** Links packages of this repository's node_modules into the project's (after the install: npm would prune them). */
export function linkFromRepository(dir: string, packages: readonly string[]): void {
  for (const name of packages) {
    const target = join(dir, "node_modules", name);
    if (existsSync(target)) continue;
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", name), target, "dir");
  }
  // The bins the tests call, as npm would link them.
  mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
}
