/**
 * The hook context: everything Juju tells a charm process through environment variables
 * (docs/juju-contract.md#hook-environment), parsed once with zod. An empty variable counts as absent,
 * because the agent exports the whole common set even when a value is empty.
 */
import * as z from "zod/mini";
import "../zod-english.js";
import { ContextError } from "./errors.js";
import { RELATION_HOOK, SECRET_HOOK, STORAGE_HOOK, WORKLOAD_HOOK } from "./hook-name-patterns.js";
import { JujuVersion } from "./juju-version.js";
import { defined } from "./defined.js";

/** The relation a relation hook is about. */
export interface RelationContext {
  /** The local endpoint (`JUJU_RELATION`). */
  readonly endpoint: string;
  /** The relation id (`JUJU_RELATION_ID`). */
  readonly id: number;
  /** The application on the other side (`JUJU_REMOTE_APP`). */
  readonly remoteApp?: string;
  /** The remote unit the hook is about (`JUJU_REMOTE_UNIT`); absent for app-level changes. */
  readonly remoteUnit?: string;
  /** The unit leaving, in relation-departed (`JUJU_DEPARTING_UNIT`). */
  readonly departingUnit?: string;
}

/** The secret a secret hook is about. */
export interface SecretContext {
  /** The secret URI (`JUJU_SECRET_ID`). */
  readonly id: string;
  /** This unit's label for it (`JUJU_SECRET_LABEL`). */
  readonly label?: string;
  /** The revision concerned, in secret-expired and secret-remove (`JUJU_SECRET_REVISION`). */
  readonly revision?: number;
}

/** The action being run. */
export interface ActionContext {
  /** The action name (`JUJU_ACTION_NAME`). */
  readonly name: string;
  /** The action's id (`JUJU_ACTION_UUID`). */
  readonly id: string;
  /** The action's tag (`JUJU_ACTION_TAG`). */
  readonly tag?: string;
}

/** A Pebble notice (`<c>-pebble-custom-notice`). */
export interface NoticeContext {
  /** The notice id (`JUJU_NOTICE_ID`). */
  readonly id: string;
  /** The notice type (`JUJU_NOTICE_TYPE`). */
  readonly type: string;
  /** The notice key (`JUJU_NOTICE_KEY`). */
  readonly key: string;
}

/** The workload container a `<c>-pebble-*` hook is about. */
export interface WorkloadContext {
  /** The container name (`JUJU_WORKLOAD_NAME`). */
  readonly name: string;
  /** The Pebble notice, in `<c>-pebble-custom-notice`. */
  readonly notice?: NoticeContext;
  /** The Pebble check, in `<c>-pebble-check-failed`/`-recovered` (`JUJU_PEBBLE_CHECK_NAME`). */
  readonly checkName?: string;
}

/** The storage instance a storage hook is about. */
export interface StorageContext {
  /** The storage name from metadata.yaml. */
  readonly name: string;
  /** The instance index (the number in `JUJU_STORAGE_ID`, e.g. `data/0`). */
  readonly index: number;
  /** Where it is mounted (`JUJU_STORAGE_LOCATION`). */
  readonly location?: string;
}

/** Everything the environment says about the running hook or action. */
export interface HookContext {
  /** `hooks/<hook>` or `actions/<action>`. */
  readonly dispatchPath: string;
  /** Whether a hook or an action runs. */
  readonly kind: "hook" | "action";
  /** The hook name, e.g. `database-relation-changed`; absent for actions. */
  readonly hookName?: string;
  /** This unit (`JUJU_UNIT_NAME`), e.g. `webapp/0`. */
  readonly unitName: string;
  /** This unit's application. */
  readonly appName: string;
  /** This unit's number. */
  readonly unitId: number;
  /** The model name (`JUJU_MODEL_NAME`). */
  readonly modelName: string;
  /** The model UUID (`JUJU_MODEL_UUID`). */
  readonly modelUuid: string;
  /** The agent's Juju version (`JUJU_VERSION`). */
  readonly jujuVersion: JujuVersion;
  /** The charm's directory (`JUJU_CHARM_DIR`). */
  readonly charmDir: string;
  /** Set in relation hooks. */
  readonly relation?: RelationContext;
  /** Set in secret hooks. */
  readonly secret?: SecretContext;
  /** Set while an action runs. */
  readonly action?: ActionContext;
  /** Set in Pebble hooks. */
  readonly workload?: WorkloadContext;
  /** Set in storage hooks. */
  readonly storage?: StorageContext;
  /** The raw non-empty `JUJU_*` variables (plus `CHARM_DIR` when set). */
  readonly env: Readonly<Record<string, string>>;
}

const Name = z.string().check(z.regex(/^[a-z][a-z0-9_-]*$/, "expected a lower-case name such as database"));
const UnitName = z.string().check(z.regex(/^[a-z][a-z0-9_-]*\/\d+$/, "expected a unit name <application>/<number>, e.g. webapp/0"));
const DispatchPath = z.string().check(z.regex(/^(hooks|actions)\/[^/]+$/, "expected hooks/<hook-name> or actions/<action-name>"));
const RelationId = z.string().check(z.regex(/^(?:[^:]*:)?\d+$/, "expected <endpoint>:<number>, e.g. database:7"));
const StorageId = z.string().check(z.regex(/^[a-z][a-z0-9-]*\/\d+$/, "expected <storage-name>/<index>, e.g. data/0"));
const Revision = z.string().check(z.regex(/^\d+$/, "expected a non-negative integer revision"));
const Version = z.string().check(z.regex(/^\d+\.\d+/, "expected a Juju version such as 3.6.14"));
const Text = z.string();

type Env = Record<string, string | undefined>;

/** Reads one variable with "empty means absent", validating it with `schema`. */
function optional(env: Env, variable: string, schema: z.ZodMiniType<string>): string | undefined {
  const raw = env[variable];
  if (raw === undefined || raw === "") return undefined;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    // The value itself is echoed only through the issue text, which never quotes it.
    throw new ContextError(variable, parsed.error.issues[0]?.message ?? "malformed value");
  }
  return parsed.data;
}

function required(env: Env, variable: string, schema: z.ZodMiniType<string>, why: string): string {
  const value = optional(env, variable, schema);
  if (value === undefined) throw new ContextError(variable, `missing or empty; ${why}`);
  return value;
}

/** Why a variable is required: the hook it is missing in. */
const setIn = (hookName: string): string => `Juju sets it in ${hookName}`;

/** Throws when `variable` names another `what` than the one in the hook's name. */
function sameAsHook(variable: string, what: string, named: string, expected: string, hookName: string): void {
  if (named !== expected) throw new ContextError(variable, `names ${what} "${named}" but the hook is ${hookName}`);
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function parseRelation(env: Env, hookName: string, endpoint: string, event: string): RelationContext {
  const why = `Juju sets it in every ${endpoint}-relation-* hook (${hookName})`;
  const relationName = required(env, "JUJU_RELATION", Name, why);
  sameAsHook("JUJU_RELATION", "endpoint", relationName, endpoint, hookName);
  const idText = required(env, "JUJU_RELATION_ID", RelationId, why);
  const colon = idText.lastIndexOf(":");
  if (colon >= 0 && idText.slice(0, colon) !== endpoint) {
    throw new ContextError("JUJU_RELATION_ID", `belongs to endpoint "${idText.slice(0, colon)}", not "${endpoint}"`);
  }
  const id = Number(idText.slice(colon + 1));
  // Old agents can leave JUJU_REMOTE_APP empty in -broken (LP#1960934); failing that hook forever
  // would be worse than not knowing the app, so it is optional there only.
  const remoteApp = event === "broken" ? optional(env, "JUJU_REMOTE_APP", Name) : required(env, "JUJU_REMOTE_APP", Name, why);
  const remoteUnit = optional(env, "JUJU_REMOTE_UNIT", UnitName);
  const departingUnit =
    event === "departed"
      ? required(env, "JUJU_DEPARTING_UNIT", UnitName, setIn(hookName))
      : optional(env, "JUJU_DEPARTING_UNIT", UnitName);
  return {
    endpoint,
    id,
    ...defined({ remoteApp, remoteUnit, departingUnit }),
  };
}

function parseSecret(env: Env, hookName: string, event: string): SecretContext {
  const id = required(env, "JUJU_SECRET_ID", Text, setIn(hookName));
  const label = optional(env, "JUJU_SECRET_LABEL", Text);
  const revisionText =
    event === "remove" || event === "expired"
      ? required(env, "JUJU_SECRET_REVISION", Revision, setIn(hookName))
      : optional(env, "JUJU_SECRET_REVISION", Revision);
  return {
    id,
    ...defined({ label }),
    ...(revisionText === undefined ? {} : { revision: Number(revisionText) }),
  };
}

function parseWorkload(env: Env, hookName: string, container: string, event: string): WorkloadContext {
  const why = setIn(hookName);
  const name = required(env, "JUJU_WORKLOAD_NAME", Name, why);
  sameAsHook("JUJU_WORKLOAD_NAME", "container", name, container, hookName);
  if (event === "custom-notice") {
    const notice: NoticeContext = {
      id: required(env, "JUJU_NOTICE_ID", Text, why),
      type: required(env, "JUJU_NOTICE_TYPE", Text, why),
      key: required(env, "JUJU_NOTICE_KEY", Text, why),
    };
    return { name, notice };
  }
  if (event === "check-failed" || event === "check-recovered") {
    return { name, checkName: required(env, "JUJU_PEBBLE_CHECK_NAME", Text, why) };
  }
  return { name };
}

function parseStorage(env: Env, hookName: string, storageName: string): StorageContext {
  const idText = required(env, "JUJU_STORAGE_ID", StorageId, setIn(hookName));
  const slash = idText.lastIndexOf("/");
  const name = idText.slice(0, slash);
  sameAsHook("JUJU_STORAGE_ID", "storage", name, storageName, hookName);
  const location = optional(env, "JUJU_STORAGE_LOCATION", Text);
  return { name, index: Number(idText.slice(slash + 1)), ...defined({ location }) };
}

/**
 * Parses the hook context from `env` (normally `process.env`).
 *
 * Throws {@link ContextError} naming the variable that is missing or malformed.
 */
export function parseHookContext(env: Env): HookContext {
  const always = "Juju sets it for every hook and action";
  const dispatchPath = required(env, "JUJU_DISPATCH_PATH", DispatchPath, always);
  const kind = dispatchPath.startsWith("actions/") ? "action" : "hook";
  const unitName = required(env, "JUJU_UNIT_NAME", UnitName, always);
  const modelName = required(env, "JUJU_MODEL_NAME", Text, always);
  const modelUuid = required(env, "JUJU_MODEL_UUID", Text, always);
  // meter-status-changed runs without JUJU_VERSION; ops then assumes 0.0.0.
  const versionText = optional(env, "JUJU_VERSION", Version) ?? "0.0.0";
  let jujuVersion: JujuVersion;
  try {
    jujuVersion = new JujuVersion(versionText);
  } catch {
    throw new ContextError("JUJU_VERSION", "expected a Juju version such as 3.6.14 or 2.9-beta1");
  }
  const charmDir = optional(env, "JUJU_CHARM_DIR", Text) ?? optional(env, "CHARM_DIR", Text) ?? ".";
  const slash = unitName.indexOf("/");

  const raw: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if ((name.startsWith("JUJU_") || name === "CHARM_DIR") && value !== undefined && value !== "") raw[name] = value;
  }

  const base = {
    dispatchPath,
    kind,
    unitName,
    appName: unitName.slice(0, slash),
    unitId: Number(unitName.slice(slash + 1)),
    modelName,
    modelUuid,
    jujuVersion,
    charmDir,
    env: Object.freeze(raw),
  } as const;

  if (kind === "action") {
    const fromPath = lastSegment(dispatchPath);
    const name = optional(env, "JUJU_ACTION_NAME", Text) ?? fromPath;
    if (name !== fromPath) {
      throw new ContextError("JUJU_ACTION_NAME", `names action "${name}" but JUJU_DISPATCH_PATH is ${dispatchPath}`);
    }
    const id = required(env, "JUJU_ACTION_UUID", Text, "Juju sets it for every action");
    const tag = optional(env, "JUJU_ACTION_TAG", Text);
    return Object.freeze({ ...base, action: { name, id, ...defined({ tag }) } });
  }

  const fromPath = lastSegment(dispatchPath);
  const hookName = optional(env, "JUJU_HOOK_NAME", Text) ?? fromPath;
  if (hookName !== fromPath) {
    throw new ContextError("JUJU_HOOK_NAME", `names hook "${hookName}" but JUJU_DISPATCH_PATH is ${dispatchPath}`);
  }
  const withHook = { ...base, hookName };

  const rel = RELATION_HOOK.exec(hookName);
  if (rel !== null) return Object.freeze({ ...withHook, relation: parseRelation(env, hookName, rel[1] ?? "", rel[2] ?? "") });
  const sec = SECRET_HOOK.exec(hookName);
  if (sec !== null) return Object.freeze({ ...withHook, secret: parseSecret(env, hookName, sec[1] ?? "") });
  const wl = WORKLOAD_HOOK.exec(hookName);
  if (wl !== null) return Object.freeze({ ...withHook, workload: parseWorkload(env, hookName, wl[1] ?? "", wl[2] ?? "") });
  const st = STORAGE_HOOK.exec(hookName);
  if (st !== null) return Object.freeze({ ...withHook, storage: parseStorage(env, hookName, st[1] ?? "") });
  return Object.freeze(withHook);
}
