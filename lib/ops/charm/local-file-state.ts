/**
 * Framework state kept in a file of the charm directory, as ops keeps its `.unit-state.db`:
 * reading it costs no hook-tool call, so a hook that only reads state makes no `state-get`, and
 * one that changes it no `state-set` (docs/state-storage.md).
 *
 * - Read once, on first use; written once, after the hook's relation data and statuses were
 *   applied, through a temporary file that is synced and renamed over the old one, so a crash
 *   leaves the old state or the new one, and a failed hook (nothing committed) leaves the old.
 * - When the file does not exist yet (the first hook of a charm revision that moved from
 *   controller state), the controller state is read once (one `state-get`), carried over into
 *   the file and deleted from the controller. In `install`, a unit's first hook, there is
 *   nothing to carry over, and nothing is read.
 * - A file that cannot be read back is set aside (renamed, never deleted) with a WARNING, and the
 *   hook starts from the controller state as if there were no file.
 *
 * Mirrored (a Kubernetes unit, whose charm directory dies with its pod), the controller state
 * is the file's copy instead (docs/state-storage.md#kubernetes-the-file-and-its-copy):
 * - a hook that changes the state sends the changed keys (one `state-set`, diffed against the
 *   file, which holds what the controller was last sent) before the hook's other writes;
 * - no file (a new pod or a new unit, `install` included): the hook starts from the controller
 *   state, deletes nothing there, and leaves the file even when nothing changed;
 * - `upgrade-charm`, which Juju runs first after a charm upgrade unless it resumes an
 *   interrupted hook instead: the controller state is read even beside a file, and wins, since
 *   a revision before may have written it without the file (an older version of this library,
 *   or `stateStorage: "controller"`). An empty controller state beside a file means that
 *   revision kept the file alone (`"local"`): the file then goes to the controller too;
 * - a change that may lag (StoredState.set's `copyMayLag`) is kept in the file and listed there
 *   (`LAGS_KEY`) when every change of the hook may lag, and goes to the copy with the next hook
 *   that sends a `state-set`; upgrade-charm keeps the file's value of such a key over the copy's;
 * - a restricted hook has no `state-set`: its changes lag so.
 */
import { fs, path } from "../builtins.js";
import * as z from "zod/mini";
import "../../zod-english.js";
import { InvalidArgumentError, OpsError, StateFileError } from "../errors.js";
import type { ControllerState } from "./controller-state.js";
import { canonicalJson } from "./json.js";
import type { StateStore } from "./state-store.js";

/** The state file's name in the charm directory. */
export const LOCAL_STATE_FILE = ".ops-ts-state.json";

const StateFile = z.strictObject({ format: z.literal(1), values: z.record(z.string(), z.string()) });

/** The text of a state file holding `values`, as a machine unit's hooks write it. */
export function stateFileText(values: Readonly<Record<string, string>>): string {
  return `${canonicalJson({ format: 1, values })}\n`;
}

/** The values a state file's text holds, or what is wrong with it ("it is not JSON", say). */
export function stateFileValues(text: string): { readonly values: Record<string, string> } | { readonly problem: string } {
  try {
    const parsed = StateFile.safeParse(JSON.parse(text));
    return parsed.success ? { values: parsed.data.values } : { problem: "it is not a state file of this format" };
  } catch {
    return { problem: "it is not JSON" };
  }
}

/** The file operations the store needs (real files in a hook; memory in tests and the rehearsal). */
export interface StateFiles {
  /** The file's text, or undefined when it does not exist. */
  read(file: string): string | undefined;
  /**
   * Replaces the file with `text` (mode 0600) so that a crash leaves the old text or the new,
   * calling `beforeRename` once the new text is synced and before it takes the old one's place:
   * what it throws leaves the old file and is thrown as it is.
   */
  replace(file: string, text: string, beforeRename?: () => void): void;
  /** Renames an unreadable file out of the way; returns the new name. */
  setAside(file: string): string;
}

/** Real files: an atomic replace is a synced temporary file renamed over the old one. */
export const nodeStateFiles: StateFiles = {
  read(file) {
    try {
      return fs.readFileSync(file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
  },
  replace(file, text, beforeRename) {
    const temporary = `${file}.${String(process.pid)}.tmp`;
    fs.rmSync(temporary, { force: true });
    const fd = fs.openSync(temporary, "wx", 0o600);
    try {
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    // Left behind if this throws; the next replace removes it first.
    beforeRename?.();
    fs.renameSync(temporary, file);
  },
  setAside(file) {
    const aside = `${file}.unreadable-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    fs.renameSync(file, aside);
    return aside;
  },
};

/**
 * Mirrored: the file's entry listing the keys whose value the controller's copy still lacks
 * (JSON array), sent with the next hook that sends one. Never sent itself.
 */
export const LAGS_KEY = "ops-ts/copy-lags";

/** The keys of `values` but the lag list. */
const keysOf = (values: Readonly<Record<string, string>>): string[] => Object.keys(values).filter((key) => key !== LAGS_KEY);

/** The keys a file's values list as lagging; all of them when the list is unreadable. */
function lagsOf(values: Readonly<Record<string, string>>): string[] {
  try {
    return [...(JSON.parse(values[LAGS_KEY] ?? "[]") as string[])].map(String);
  } catch {
    return keysOf(values);
  }
}

/** What the store started from: `unwritable` is no file in a hook that cannot read the controller state. */
type Origin = "file" | "controller" | "empty" | "unwritable";

/**
 * Whether this hook reads the controller state to carry it over when there is no file: `read`;
 * `restricted` in a restricted hook, which has no `state-get` (the state is left for the next
 * hook to carry over); `none` when there is provably nothing to carry over, so the file starts
 * empty: on a Juju without `state-get`, and in `install`. Before a unit's install Juju runs at
 * most its storage-attached hooks (juju/juju worker/uniter/resolver.go), of the same charm
 * revision, and any of them that succeeded has written the file: no file at install means no
 * state anywhere.
 */
export type ControllerAccess = "read" | "restricted" | "none";

/** How a mirrored store treats the controller state: `hook` as the file's copy; `upgrade` also reads it first (upgrade-charm). */
export type Mirror = "hook" | "upgrade";

/** @internal The state of one hook, kept in `<charmDir>/.ops-ts-state.json` (mirrored: with the controller's copy). */
export class LocalFileState implements StateStore {
  private readonly file: string;
  private values: Record<string, string> | undefined;
  private origin: Origin = "file";
  private readonly carried: string[] = [];
  private readonly dirty = new Map<string, string | undefined>();
  /** Keys whose change this hook may leave for a later hook to send to the copy (mirrored). */
  private readonly late = new Set<string>();

  /**
   * `controller` is read only when the file does not exist (or mirrored, in upgrade-charm), and
   * only with `controllerAccess` `read`.
   */
  constructor(
    charmDir: string,
    private readonly controller: ControllerState,
    private readonly options: { readonly controllerAccess: ControllerAccess; readonly warn: (message: string) => void; readonly files?: StateFiles; readonly mirror?: Mirror },
  ) {
    this.file = path.join(charmDir, LOCAL_STATE_FILE);
  }

  private get files(): StateFiles {
    return this.options.files ?? nodeStateFiles;
  }

  private load(): Record<string, string> {
    if (this.values !== undefined) return this.values;
    const text = this.files.read(this.file);
    const fromFile = text === undefined ? undefined : this.parse(text);
    // The framework asks for it only where the controller can be read (upgrade-charm is not restricted).
    const upgrade = this.options.mirror === "upgrade";
    if (fromFile !== undefined && !upgrade) {
      this.values = fromFile;
      return fromFile;
    }
    if (this.options.controllerAccess !== "read") {
      this.origin = this.options.controllerAccess === "none" ? "empty" : "unwritable";
      this.values = {};
      return this.values;
    }
    const { values, broken } = this.controller.entries();
    for (const key of broken) this.options.warn(`controller state "${key}" is unreadable (broken chunks) and is not carried over into ${LOCAL_STATE_FILE}`);
    this.carried.push(...Object.keys(values), ...broken);
    this.origin = "controller";
    // Upgrade-charm beside an empty controller state: the revision before kept the file alone.
    // Otherwise the copy wins, but for what it lacks.
    const file = fromFile ?? {};
    for (const key of upgrade && this.carried.length === 0 ? keysOf(file) : lagsOf(file)) this.dirty.set(key, file[key]);
    this.values = { ...values };
    return this.values;
  }

  private parse(text: string): Record<string, string> | undefined {
    const read = stateFileValues(text);
    if ("values" in read) return read.values;
    const aside = this.files.setAside(this.file);
    // The content may be anything; only its name and what is wrong are logged.
    this.options.warn(`${LOCAL_STATE_FILE} is unreadable (${read.problem}); it was moved to ${path.basename(aside)} and this hook starts from the controller state`);
    return undefined;
  }

  get(key: string): string | undefined {
    if (this.dirty.has(key)) return this.dirty.get(key);
    return this.load()[key];
  }

  read(key: string): { readonly value: string | undefined } {
    return { value: this.get(key) };
  }

  set(key: string, value: string | undefined, copyMayLag?: boolean): void {
    this.load();
    if (this.origin === "unwritable") throw new InvalidArgumentError(`state "${key}" cannot be written in a restricted hook before the unit's first hook has created ${LOCAL_STATE_FILE}`);
    this.dirty.set(key, value);
    if (copyMayLag) this.late.add(key);
    else this.late.delete(key);
  }

  /**
   * Deletes what was carried over from the controller (mirrored: sends what changed, and deletes
   * there only what it held unreadably), applies the hook's other writes, then replaces the
   * file: written last, so a failure anywhere before leaves the old file. The writes are waited
   * for once the new text is synced (their last tool runs meanwhile), before it is renamed into
   * place.
   */
  commit(applyHookWrites: () => void = () => undefined, finishHookWrites: () => void = () => undefined): void {
    // Nothing to write where nothing changed and the hook started from the file (or could not write).
    if (this.dirty.size === 0 && (this.origin === "file" || this.origin === "unwritable")) {
      applyHookWrites();
      finishHookWrites();
      return;
    }
    const mirror = this.options.mirror !== undefined;
    const before = this.load();
    const values = { ...before };
    for (const [key, value] of this.dirty) {
      if (value === undefined) delete values[key];
      else values[key] = value;
    }
    if (mirror) {
      // Keys the copy still lacks. This hook's changes join them when each may lag, or when the
      // hook has no state-set (a restricted hook); otherwise all of them go now. The file holds
      // what the copy was last sent, but for those keys, whose value there is unknown: each is
      // sent again (or deleted).
      const lagging = lagsOf(before);
      const dirty = [...this.dirty.keys()];
      if (this.origin !== "file" || (this.options.controllerAccess !== "restricted" && !dirty.every((key) => this.late.has(key)))) {
        if (this.origin === "file") this.controller.assume({ ...before, ...Object.fromEntries(lagging.map((key) => [key, ""])) });
        for (const key of [...dirty, ...lagging]) this.controller.set(key, values[key]);
        lagging.length = 0;
      } else lagging.push(...dirty);
      delete values[LAGS_KEY];
      if (lagging.length > 0) values[LAGS_KEY] = JSON.stringify([...new Set(lagging)].sort());
    }
    for (const key of this.carried) if (!mirror || values[key] === undefined) this.controller.set(key, undefined);
    this.controller.commit(applyHookWrites);
    try {
      this.files.replace(this.file, stateFileText(values), finishHookWrites);
    } catch (e) {
      // A write's own failure (finishHookWrites) is thrown as it is: the file is not the cause.
      if (e instanceof OpsError) throw e;
      const code = (e as NodeJS.ErrnoException).code ?? "unknown error";
      throw new StateFileError(`cannot write ${LOCAL_STATE_FILE} in the charm directory (${code}); the hook fails so that Juju retries it`);
    }
    this.values = values;
    this.origin = "file";
    this.carried.length = 0;
    this.dirty.clear();
  }
}
