/**
 * The rehearsal of a start-up snapshot (docs/startup-snapshot.md#the-rehearsal).
 *
 * A process started from a snapshot still compiles every function the hook calls for the
 * first time, and zod still builds each schema's parser on its first parse: together more than
 * the hook's own work. So before the snapshot is taken, the library plays the standard hook
 * sequence once against hook tools answered from memory (RehearsalRunner), and the snapshot
 * keeps what that compiled and built.
 *
 * The charm author's code never runs in it: the charm dispatched is {@link RehearsalCharm},
 * which holds only the library objects that registered a {@link RehearsalPart} (a database
 * requirer on the first `requires` endpoint of its interface in the charm's own metadata). No
 * hook tool is spawned, nothing is written outside memory, and a hook that fails in the
 * rehearsal only leaves its code less warm.
 */
import type { CharmMetadata } from "../charm-metadata.js";
import { loadCharmMetadata } from "../charm-metadata.js";
import { parseHookContext } from "../context.js";
import { HookToolBackend } from "../hooktools/backend.js";
import { RehearsalRunner } from "../hooktools/rehearsal-runner.js";
import { JujuVersion } from "../juju-version.js";
import { CharmBase } from "./charm-base.js";
import { dispatch } from "./dispatch.js";
import type { StateFiles } from "./local-file-state.js";
import { defaultStateStorage } from "./state-store.js";
import type { Framework } from "./framework.js";
import { defined } from "../defined.js";

type Bag = Readonly<Record<string, string>>;

/** What the remote application of a rehearsed relation answers. */
export interface RehearsalAnswer {
  /** Its databag once it answered. */
  readonly bag: Bag;
  /** The content of each secret the databag names, by URI. */
  readonly secrets: Readonly<Record<string, Bag>>;
  /** What it changes later (moved endpoints, a rotated password), laid over the first answer. */
  readonly later: { readonly bag: Bag; readonly secrets: Readonly<Record<string, Bag>> };
}

/** A library's part in the rehearsal: its object on a `requires` endpoint of one interface. */
export interface RehearsalPart {
  /** The endpoint interface (`interface:` in metadata) the part plays, e.g. `postgresql_client`. */
  readonly interfaceName: string;
  /** Puts the library's object for `endpoint` on the rehearsal charm (once per rehearsed hook). */
  attach(charm: CharmBase, endpoint: string): void;
  /** The remote application's answer on `endpoint`'s relation (credentials in secrets or not). */
  answer(endpoint: string, context: { readonly secretsAvailable: boolean }): RehearsalAnswer;
}

const parts = new Map<string, RehearsalPart>();

/**
 * Registers `part` for its interface (a module of the library does, when it is loaded).
 * The last registration of an interface wins.
 */
export function registerRehearsalPart(part: RehearsalPart): void {
  parts.set(part.interfaceName, part);
}

/**
 * The `requires` endpoints of `metadata` that a registered part plays, with the part: the first
 * endpoint of each interface (a second one would run the same code again).
 */
function rehearsedEndpoints(metadata: CharmMetadata | undefined): [string, RehearsalPart][] {
  if (metadata === undefined) return [];
  const played = new Set<RehearsalPart>();
  return metadata.requires.flatMap((endpoint): [string, RehearsalPart][] => {
    const part = parts.get(metadata.endpoints[endpoint]?.interface ?? "");
    if (part === undefined || played.has(part)) return [];
    played.add(part);
    return [[endpoint, part]];
  });
}

/** State files that live in this map only: the rehearsal writes nothing outside memory. */
function memoryStateFiles(): StateFiles {
  const files = new Map<string, string>();
  return {
    read: (file) => files.get(file),
    replace: (file, text, beforeRename) => {
      beforeRename?.();
      files.set(file, text);
    },
    setAside: (file) => {
      files.delete(file);
      return `${file}.unreadable`;
    },
  };
}

/** The charm of the rehearsal: the registered library objects and nothing of the charm author's. */
class RehearsalCharm extends CharmBase {
  constructor(framework: Framework) {
    super(framework);
    for (const [endpoint, part] of rehearsedEndpoints(framework.metadata)) part.attach(this, endpoint);
  }
}

/** One rehearsed hook: whether it ran without an error, and the events emitted in it. */
export interface RehearsedHook {
  readonly hook: string;
  readonly ok: boolean;
  /** `<source>/<kind>` of every event emitted (Juju's and the libraries'), in order. */
  readonly events: readonly string[];
}

const REMOTE_APP = "rehearsal-remote";
const REMOTE_UNIT = `${REMOTE_APP}/0`;
const FIRST_RELATION_ID = 1000;

/**
 * Plays the standard hook sequence against {@link RehearsalCharm} with hook tools answered in
 * memory: install, leader-elected, config-changed, start; then for each rehearsed endpoint a
 * relation's created, joined, changed (the answer), secret-changed (its later secrets),
 * changed (its later data), update-status, departed and broken. `env` supplies the unit, model
 * and Juju version, so version-gated code takes the unit's own paths. Never throws.
 */
export async function rehearse(env: Readonly<Record<string, string | undefined>>): Promise<RehearsedHook[]> {
  const unit = env["JUJU_UNIT_NAME"] ?? "rehearsal/0";
  const modelUuid = env["JUJU_MODEL_UUID"] ?? "00000000-0000-4000-8000-000000000000";
  const version = env["JUJU_VERSION"] ?? "3.6.0";
  const charmDir = env["JUJU_CHARM_DIR"] ?? process.cwd();
  const base = { JUJU_UNIT_NAME: unit, JUJU_MODEL_NAME: env["JUJU_MODEL_NAME"] ?? "rehearsal", JUJU_MODEL_UUID: modelUuid, JUJU_VERSION: version, JUJU_CHARM_DIR: charmDir };
  const runner = new RehearsalRunner(unit, modelUuid);
  const done: RehearsedHook[] = [];
  let metadata: CharmMetadata | undefined;
  try {
    metadata = loadCharmMetadata(charmDir);
  } catch {
    metadata = undefined;
  }
  const silent = { write: (): void => undefined };
  // The store the unit will use, on files kept in memory: its paths get compiled too.
  const stateStorage = defaultStateStorage(env);
  const stateFiles = memoryStateFiles();
  const play = async (hook: string, extra: Record<string, string> = {}): Promise<void> => {
    let ok = false;
    const events: string[] = [];
    try {
      const context = parseHookContext({ ...base, ...extra, JUJU_DISPATCH_PATH: `hooks/${hook}` });
      const backend = new HookToolBackend(runner, { jujuVersion: context.jujuVersion });
      const outcome = await dispatch(RehearsalCharm, { context, backend, stateStorage, stateFiles, logSink: silent, stdout: () => undefined, stderr: () => undefined, onEmit: (e) => events.push(`${e.source}/${e.kind}`), ...defined({ metadata }) });
      ok = outcome.ok;
    } catch {
      ok = false;
    }
    done.push({ hook, ok, events });
  };

  for (const hook of ["install", "leader-elected", "config-changed", "start"]) await play(hook);
  const endpoints = rehearsedEndpoints(metadata);
  for (const [i, [endpoint, part]] of endpoints.entries()) {
    const rel = runner.addRelation(endpoint, FIRST_RELATION_ID + i, REMOTE_APP);
    const relation = { JUJU_RELATION: endpoint, JUJU_RELATION_ID: `${endpoint}:${String(rel.id)}`, JUJU_REMOTE_APP: REMOTE_APP };
    let answer: RehearsalAnswer | undefined;
    try {
      answer = part.answer(endpoint, { secretsAvailable: new JujuVersion(version).hasSecrets });
    } catch {
      answer = undefined;
    }
    await play(`${endpoint}-relation-created`, relation);
    await play(`${endpoint}-relation-joined`, { ...relation, JUJU_REMOTE_UNIT: REMOTE_UNIT });
    if (answer !== undefined) {
      rel.remoteAppBag = { ...answer.bag };
      for (const [uri, content] of Object.entries(answer.secrets)) runner.setSecret(uri, content);
      await play(`${endpoint}-relation-changed`, relation);
      for (const [uri, content] of Object.entries(answer.later.secrets)) {
        runner.setSecret(uri, content);
        await play("secret-changed", { JUJU_SECRET_ID: uri });
      }
      rel.remoteAppBag = { ...rel.remoteAppBag, ...answer.later.bag };
      await play(`${endpoint}-relation-changed`, relation);
    }
    await play("update-status");
    await play(`${endpoint}-relation-departed`, { ...relation, JUJU_REMOTE_UNIT: REMOTE_UNIT, JUJU_DEPARTING_UNIT: REMOTE_UNIT });
    runner.removeRelation(rel.id);
    await play(`${endpoint}-relation-broken`, relation);
  }
  if (endpoints.length === 0) await play("update-status");
  return done;
}
