/**
 * The test provider charm the npm package ships prebuilt (examples/database-provider, built by
 * `npm run build` into `dist/providers/database-provider`), so a charm project can deploy a
 * database side under the simulator without this repository: `sim deploy --builtin`, or
 * `sim.deploy("postgresql", builtinProviderDir(), ...)` from a test.
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { SimulatorError } from "./simulator/errors.js";

/** This package's name, as its package.json says. */
const PACKAGE_NAME = "charm-data-interfaces";

/** The name the shipped provider charm has in its metadata.yaml (and the default application name). */
export const BUILTIN_PROVIDER = "database-provider";

function isOwnRoot(dir: string): boolean {
  const manifest = join(dir, "package.json");
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

function ownRootAbove(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (isOwnRoot(dir)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function installedFrom(dir: string): string | undefined {
  try {
    return dirname(createRequire(join(dir, "noop.js")).resolve(`${PACKAGE_NAME}/package.json`));
  } catch {
    return undefined;
  }
}

/**
 * The root of this package: found from this module's own directory when the runtime has one
 * (CommonJS, jest), else from the running script (the package's bin) or the current
 * directory's installation of the package (ES modules).
 */
function packageRoot(): string | undefined {
  if (typeof __dirname === "string") return ownRootAbove(__dirname);
  const script = process.argv[1];
  const fromScript = script === undefined || !existsSync(script) ? undefined : ownRootAbove(dirname(realpathSync(script)));
  return fromScript ?? installedFrom(process.cwd()) ?? (script === undefined ? undefined : installedFrom(dirname(script)));
}

/**
 * The directory of the prebuilt test provider (a deployable charm: dispatch, metadata.yaml,
 * config.yaml, actions.yaml, build/charm.js).
 * @throws SimulatorError when the package has no prebuilt provider (in a checkout of the
 * repository, `npm run build` makes it).
 */
export function builtinProviderDir(): string {
  const root = packageRoot();
  const dir = root === undefined ? undefined : join(root, "dist", "providers", BUILTIN_PROVIDER);
  if (dir === undefined || !existsSync(join(dir, "dispatch")) || !existsSync(join(dir, "build", "charm.js"))) {
    throw new SimulatorError(
      `the prebuilt test provider is not there${dir === undefined ? "" : ` (${dir})`}: install ${PACKAGE_NAME} from npm, or run "npm run build" in its repository`,
    );
  }
  return dir;
}
