/**
 * `HookSpec`: which hook or action a session runs, and the `JUJU_*` environment Juju exports
 * for it (docs/juju-contract.md#hook-environment). Empty values are exported as empty strings, as Juju does.
 */
import type { JsonObject, ModelState } from "./model.js";
import { appOfUnit, findRelation, findSecret, localEnd, remoteAppOf } from "./model.js";

/** A unit hook with no extra context: install, start, config-changed, leader-elected, ... */
export interface UnitHookSpec {
  /** Discriminant: a unit hook. */
  readonly kind: "hook";
  /** The hook name, e.g. `install`. */
  readonly name: string;
}

/** Relation lifecycle event names. */
export type RelationEventName = "created" | "joined" | "changed" | "departed" | "broken";

/** `<endpoint>-relation-<event>` for one relation id. */
export interface RelationHookSpec {
  /** Discriminant: a relation hook. */
  readonly kind: "relation";
  /** `created`, `joined`, `changed`, `departed` or `broken`. */
  readonly event: RelationEventName;
  /** The relation the hook is about. */
  readonly relationId: number;
  /** Defaults to the other application of the relation (own application for peers). */
  readonly remoteApp?: string;
  /** The remote unit; leave out for created/broken and for a change of the remote app bag. */
  readonly remoteUnit?: string;
  /** Only for departed: the unit leaving (may be the unit itself). */
  readonly departingUnit?: string;
}

/** Secret event names. */
export type SecretEventName = "changed" | "rotate" | "expired" | "remove";

/** `secret-<event>` for one secret. */
export interface SecretHookSpec {
  /** Discriminant: a secret hook. */
  readonly kind: "secret";
  /** `changed`, `rotate`, `expired` or `remove`. */
  readonly event: SecretEventName;
  /** The secret URI. */
  readonly id: string;
  /** Defaults to the label the receiving unit (or its app, for owners) gave the secret. */
  readonly label?: string;
  /** Required for expired and remove. */
  readonly revision?: number;
}

/** An action run. */
export interface ActionHookSpec {
  /** Discriminant: an action. */
  readonly kind: "action";
  /** The action name. */
  readonly name: string;
  /** The action id. */
  readonly id: string;
  /** Its parameters. */
  readonly params: JsonObject;
}

/** What a `HookToolServer` runs. */
export type HookSpec = UnitHookSpec | RelationHookSpec | SecretHookSpec | ActionHookSpec;

/** Extra environment details that do not come from the model. */
export interface HookEnvOptions {
  /** Value of `JUJU_CHARM_DIR`. */
  readonly charmDir?: string;
  /** Value of `JUJU_CONTEXT_ID`. */
  readonly contextId?: string;
}

/** The hook name (`JUJU_HOOK_NAME`); empty for actions. Throws when the relation is unknown. */
export function hookName(model: ModelState, unitName: string, hook: HookSpec): string {
  switch (hook.kind) {
    case "hook":
      return hook.name;
    case "relation": {
      const rel = findRelation(model, hook.relationId);
      const end = rel && localEnd(rel, appOfUnit(unitName));
      if (!end) throw new Error(`relation ${hook.relationId} does not exist for unit ${unitName}`);
      return `${end.endpoint}-relation-${hook.event}`;
    }
    case "secret":
      return `secret-${hook.event}`;
    case "action":
      return "";
  }
}

/** The `JUJU_*` variables for running `hook` on `unitName`. */
export function hookEnv(model: ModelState, unitName: string, hook: HookSpec, options: HookEnvOptions = {}): Record<string, string> {
  const name = hookName(model, unitName, hook);
  const charmDir = options.charmDir ?? `/var/lib/juju/agents/unit-${unitName.replace("/", "-")}/charm`;
  const env: Record<string, string> = {
    JUJU_DISPATCH_PATH: hook.kind === "action" ? `actions/${hook.name}` : `hooks/${name}`,
    JUJU_HOOK_NAME: name,
    JUJU_UNIT_NAME: unitName,
    JUJU_MODEL_NAME: model.name,
    JUJU_MODEL_UUID: model.uuid,
    JUJU_VERSION: model.jujuVersion,
    JUJU_CHARM_DIR: charmDir,
    CHARM_DIR: charmDir,
    JUJU_CONTEXT_ID: options.contextId ?? `${unitName}-${hook.kind === "action" ? hook.name : name}-1`,
    JUJU_AGENT_SOCKET_ADDRESS: "",
    JUJU_AGENT_SOCKET_NETWORK: "",
    JUJU_API_ADDRESSES: "",
    JUJU_MACHINE_ID: "",
    // A subordinate unit's principal; empty for a principal unit (juju/juju worker/uniter/runner/
    // context HookVars: "JUJU_PRINCIPAL_UNIT=" + the unit's PrincipalName(), "" when it has none).
    JUJU_PRINCIPAL_UNIT: model.units[unitName]?.principal ?? "",
    JUJU_AVAILABILITY_ZONE: "",
  };
  switch (hook.kind) {
    case "relation": {
      const rel = findRelation(model, hook.relationId);
      const app = appOfUnit(unitName);
      const end = rel && localEnd(rel, app);
      if (!rel || !end) throw new Error(`relation ${hook.relationId} does not exist for unit ${unitName}`);
      env.JUJU_RELATION = end.endpoint;
      env.JUJU_RELATION_ID = `${end.endpoint}:${rel.id}`;
      env.JUJU_REMOTE_APP = hook.remoteApp ?? remoteAppOf(rel, app) ?? "";
      env.JUJU_REMOTE_UNIT = hook.remoteUnit ?? "";
      if (hook.event === "departed") env.JUJU_DEPARTING_UNIT = hook.departingUnit ?? hook.remoteUnit ?? "";
      break;
    }
    case "secret": {
      env.JUJU_SECRET_ID = hook.id;
      env.JUJU_SECRET_LABEL = hook.label ?? secretLabelFor(model, unitName, hook.id) ?? "";
      if (hook.revision !== undefined && hook.revision > 0) env.JUJU_SECRET_REVISION = String(hook.revision);
      break;
    }
    case "action":
      env.JUJU_ACTION_NAME = hook.name;
      env.JUJU_ACTION_UUID = hook.id;
      env.JUJU_ACTION_TAG = `action-${hook.id}`;
      break;
    case "hook":
      break;
  }
  return env;
}

/** The label `unitName` knows a secret by: the owner label for owners, else its consumer label. */
export function secretLabelFor(model: ModelState, unitName: string, uri: string): string | undefined {
  const secret = findSecret(model, uri);
  if (!secret) return undefined;
  const owns = secret.ownerKind === "unit" ? secret.owner === unitName : secret.owner === appOfUnit(unitName);
  return owns ? secret.label : secret.consumers[unitName]?.label;
}
