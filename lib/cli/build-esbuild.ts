/**
 * How `charm-data-interfaces build` gets esbuild: an optional peer dependency, loaded on first
 * use. Charm projects that build with the command install it (`npm i -D esbuild`); projects
 * that only use the library or the test stand never download it.
 */
import type * as esbuild from "esbuild";

/** Thrown when esbuild is not installed in the charm project. */
export class EsbuildMissingError extends Error {
  constructor() {
    super('charm-data-interfaces build needs esbuild, an optional peer dependency of this package: run "npm install --save-dev esbuild" in the charm project');
    this.name = "EsbuildMissingError";
  }
}

/** The esbuild module; loaded once. @throws EsbuildMissingError when it is not installed. */
export async function loadEsbuild(): Promise<typeof esbuild> {
  try {
    return await import("esbuild");
  } catch (e) {
    if ((e as { code?: unknown }).code === "ERR_MODULE_NOT_FOUND" || (e as { code?: unknown }).code === "MODULE_NOT_FOUND") throw new EsbuildMissingError();
    throw e;
  }
}
