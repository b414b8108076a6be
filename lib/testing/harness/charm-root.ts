/**
 * The charm directory a harness run executes in (`JUJU_CHARM_DIR`). Without a `charmRoot` it is a
 * temporary directory removed after the run. With one (Scenario's `charm_root`), the directory is
 * the caller's: the run writes metadata.yaml, config.yaml and actions.yaml from the Context
 * into it (the Context's metadata is the one source of truth) and afterwards puts back what was
 * there, removing the files it created; everything else in the directory is left alone. This
 * follows canonical/operator testing/src/scenario/_runtime.py `_virtual_charm_root`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** A prepared charm directory and how to undo the preparation. */
export interface PreparedCharmRoot {
  readonly dir: string;
  cleanup(): void;
}

/** Prepares the charm directory of one run; `files` maps file names to their text. */
export function prepareCharmRoot(charmRoot: string | undefined, files: Readonly<Record<string, string>>): PreparedCharmRoot {
  if (charmRoot === undefined) {
    const dir = mkdtempSync(join(tmpdir(), "charm-harness-"));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const dir = resolve(charmRoot);
  mkdirSync(dir, { recursive: true });
  const previous = new Map<string, string | undefined>();
  for (const [name, text] of Object.entries(files)) {
    const file = join(dir, name);
    previous.set(file, existsSync(file) ? readFileSync(file, "utf8") : undefined);
    writeFileSync(file, text);
  }
  return {
    dir,
    cleanup: () => {
      for (const [file, before] of previous) {
        if (before === undefined) rmSync(file, { force: true });
        else writeFileSync(file, before);
      }
    },
  };
}
