/**
 * Access to the published charm-relation-interfaces schemas, loaded at test time from the
 * shared reference folder next to the repository (`../shared/reference/schemas`). When that
 * folder is missing, only the comparisons against published schemas are left out, and the
 * reason is logged.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

/** Repository root (jest runs the TypeScript sources as CommonJS, so __dirname is defined). */
export const REPO_ROOT = path.resolve(__dirname, "../..");
/**
 * Where the published schemas are: `$PUBLISHED_SCHEMAS_DIR`, else the first
 * `shared/reference/schemas` beside the repository or beside one of its parent folders (a git
 * worktree may sit one level deeper than the main checkout).
 */
export const PUBLISHED_DIR = findPublishedDir();

function findPublishedDir(): string {
  const fromEnv = process.env["PUBLISHED_SCHEMAS_DIR"];
  if (fromEnv !== undefined && fromEnv !== "") return path.resolve(fromEnv);
  const beside = path.resolve(REPO_ROOT, "../shared/reference/schemas");
  for (let dir = path.dirname(REPO_ROOT); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "shared/reference/schemas");
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return beside;
  }
}
/** Interfaces with a published schema. */
export const PUBLISHED_INTERFACES = ["postgresql_client", "mysql_client", "mongodb_client"] as const;

/** Loads one published schema document. */
export function loadPublished(iface: string, side: "requirer" | "provider"): unknown {
  return JSON.parse(readFileSync(path.join(PUBLISHED_DIR, iface, "v0", `${side}.json`), "utf8")) as unknown;
}

/** `describe` when the published schemas are present; otherwise logs why the block is absent. */
export function describeWithPublishedSchemas(name: string, body: () => void): void {
  if (existsSync(PUBLISHED_DIR)) {
    describe(name, body);
  } else {
    console.warn(`"${name}" not run: published schemas not found at ${PUBLISHED_DIR} (the shared reference folder is not checked out next to the repository)`);
  }
}
