/**
 * Events a harness run can fire, built through `ctx.on.<event>(...)`. An event is plain data:
 * which hook, and the relation, secret or action it concerns. The consistency checker decides
 * whether it fits the state it is run against.
 */
import type { JsonObject } from "../juju/model.js";
import type { RelationEventName, SecretEventName } from "../juju/hook.js";
import type { AnyRelation, Secret } from "./state.js";

/** A unit hook with no object: install, start, config-changed, ... */
export interface UnitEvent {
  /** Discriminant: a unit hook. */
  readonly kind: "hook";
  /** The hook name, e.g. `install`. */
  readonly name: string;
}

/** A relation hook. `remoteUnit` is a unit name or a unit number of the remote application. */
export interface RelationEvent {
  /** Discriminant: a relation hook. */
  readonly kind: "relation";
  /** `created`, `joined`, `changed`, `departed` or `broken`. */
  readonly event: RelationEventName;
  /** The relation (it must be in the State). */
  readonly relation: AnyRelation;
  /** The remote unit (a name, or its number) the hook is about. */
  readonly remoteUnit?: string | number;
  /** The unit leaving, in `departed` (a name, or its number). */
  readonly departingUnit?: string | number;
}

/** A secret hook. */
export interface SecretEvent {
  /** Discriminant: a secret hook. */
  readonly kind: "secret";
  /** `changed`, `rotate`, `expired` or `remove`. */
  readonly event: SecretEventName;
  /** The secret (it must be in the State). */
  readonly secret: Secret;
  /** The revision concerned, in `expired` and `remove`. */
  readonly revision?: number;
}

/** An action. */
export interface ActionEvent {
  /** Discriminant: an action. */
  readonly kind: "action";
  /** The action name from actions.yaml. */
  readonly name: string;
  /** Its parameters. */
  readonly params: JsonObject;
  /** The action id Juju would give it. */
  readonly id: string;
}

/** Anything `ctx.run` accepts. */
export type HarnessEvent = UnitEvent | RelationEvent | SecretEvent | ActionEvent;

/** Which remote unit a relation event concerns. */
export interface RemoteUnitOption {
  /** The remote unit (a name, or its number) the hook is about. */
  readonly remoteUnit?: string | number;
}

/**
 * The event constructors behind `ctx.on`. `Hook` and `Action` narrow the names `hook()` and
 * `action()` accept; a `Context` derives them from its metadata and actions (hook-names.ts).
 */
export class EventFactory<Hook extends string = string, Action extends string = string> {
  private actionCounter = 0;

  /** `install` */
  install(): UnitEvent {
    return unit("install");
  }
  /** `start` */
  start(): UnitEvent {
    return unit("start");
  }
  /** `stop` */
  stop(): UnitEvent {
    return unit("stop");
  }
  /** `remove` */
  remove(): UnitEvent {
    return unit("remove");
  }
  /** `config-changed` */
  configChanged(): UnitEvent {
    return unit("config-changed");
  }
  /** `update-status` */
  updateStatus(): UnitEvent {
    return unit("update-status");
  }
  /** `upgrade-charm` */
  upgradeCharm(): UnitEvent {
    return unit("upgrade-charm");
  }
  /** `leader-elected` */
  leaderElected(): UnitEvent {
    return unit("leader-elected");
  }
  /** `leader-settings-changed` (deprecated by Juju) */
  leaderSettingsChanged(): UnitEvent {
    return unit("leader-settings-changed");
  }
  /** `<endpoint>-relation-created` */
  relationCreated(relation: AnyRelation): RelationEvent {
    return { kind: "relation", event: "created", relation };
  }
  /** `<endpoint>-relation-joined`; the remote unit defaults to the relation's only remote unit. */
  relationJoined(relation: AnyRelation, options: RemoteUnitOption = {}): RelationEvent {
    return withUnit({ kind: "relation", event: "joined", relation }, options.remoteUnit);
  }
  /** `<endpoint>-relation-changed`; without a remote unit and with several, it is a remote app bag change. */
  relationChanged(relation: AnyRelation, options: RemoteUnitOption = {}): RelationEvent {
    return withUnit({ kind: "relation", event: "changed", relation }, options.remoteUnit);
  }
  /** `<endpoint>-relation-departed`; the departing unit defaults to the remote unit. */
  relationDeparted(relation: AnyRelation, options: RemoteUnitOption & { readonly departingUnit?: string | number } = {}): RelationEvent {
    const base = withUnit({ kind: "relation", event: "departed", relation }, options.remoteUnit);
    return options.departingUnit === undefined ? base : { ...base, departingUnit: options.departingUnit };
  }
  /** `<endpoint>-relation-broken` */
  relationBroken(relation: AnyRelation): RelationEvent {
    return { kind: "relation", event: "broken", relation };
  }
  /** `secret-changed` (observers only) */
  secretChanged(secret: Secret): SecretEvent {
    return { kind: "secret", event: "changed", secret };
  }
  /** `secret-rotate` (owners only) */
  secretRotate(secret: Secret): SecretEvent {
    return { kind: "secret", event: "rotate", secret };
  }
  /** `secret-expired` (owners only); the revision defaults to the latest. */
  secretExpired(secret: Secret, options: { readonly revision?: number } = {}): SecretEvent {
    return { kind: "secret", event: "expired", secret, revision: options.revision ?? secret.latestRevision };
  }
  /** `secret-remove` (owners only) for a revision nobody tracks any more. */
  secretRemove(secret: Secret, options: { readonly revision: number }): SecretEvent {
    return { kind: "secret", event: "remove", secret, revision: options.revision };
  }
  /** An action with params; the id counts up from 1 per context. */
  action(name: Action, params: JsonObject = {}, options: { readonly id?: string } = {}): ActionEvent {
    this.actionCounter += 1;
    return { kind: "action", name, params: structuredClone(params), id: options.id ?? String(this.actionCounter) };
  }
  /** Any other hook by name (storage, workload, ...). */
  hook(name: Hook): UnitEvent {
    return unit(name);
  }
}

function unit(name: string): UnitEvent {
  return { kind: "hook", name };
}

function withUnit(event: RelationEvent, remoteUnit: string | number | undefined): RelationEvent {
  return remoteUnit === undefined ? event : { ...event, remoteUnit };
}

/** Human name of an event, for messages: `db-relation-changed`, `action backup`, ... */
export function describeEvent(event: HarnessEvent): string {
  switch (event.kind) {
    case "hook":
      return event.name;
    case "relation":
      return `${event.relation.endpoint}-relation-${event.event}`;
    case "secret":
      return `secret-${event.event}`;
    case "action":
      return `action ${event.name}`;
  }
}
