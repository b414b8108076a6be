/** Event payloads: plain frozen objects (no class hierarchy), testable by calling a handler with a literal. */
import type * as z from "zod/mini";
import type { NoticeContext, StorageContext } from "../context.js";
import type { Relation } from "../model/relation.js";
import type { Secret } from "../model/secret.js";

/** Every payload can be deferred (re-delivered before the next hook's own event)... */
export interface Deferrable {
  /** Keep this event and hand it to this handler again next hook. Throws for non-deferrable kinds. */
  defer(): void;
}

/** Common to all hook payloads. */
export interface HookEventBase extends Deferrable {
  /** The hook kind, e.g. `database-relation-changed` or `action:backup`. */
  readonly kind: string;
}

/** install, start, config-changed, update-status, leader-elected, ... */
export type LifecycleEvent = HookEventBase;

/** `<endpoint>-relation-*`. */
export interface RelationEvent extends HookEventBase {
  /** The relation the event is about. */
  readonly relation: Relation;
  /** The remote application (JUJU_REMOTE_APP). */
  readonly app?: string;
  /** The remote unit, absent in -created/-broken and for app-bag changes. */
  readonly unit?: string;
  /** -departed only: the unit leaving (possibly this unit). */
  readonly departingUnit?: string;
}

/** `secret-*`. */
export interface SecretEvent extends HookEventBase {
  /** The secret the event is about. */
  readonly secret: Secret;
  /** secret-remove / secret-expired: the revision concerned. */
  readonly revision?: number;
}

/** `<container>-pebble-*`. */
export interface WorkloadEvent extends HookEventBase {
  /** The container name. */
  readonly workload: string;
  /** The Pebble notice, in custom-notice events. */
  readonly notice?: NoticeContext;
  /** The Pebble check, in check-failed and check-recovered events. */
  readonly checkName?: string;
}

/** `<storage>-storage-*`. */
export interface StorageEvent extends HookEventBase {
  /** The storage instance the event is about. */
  readonly storage: StorageContext;
}

/** `action:<name>`. Cannot be deferred. */
export interface ActionEvent extends HookEventBase {
  /** The action id (`JUJU_ACTION_UUID`). */
  readonly id: string;
  /** The parameters as Juju passed them (validate with `parseParams`). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Validates `params` with a zod schema; throws InvalidArgumentError naming the parameter. */
  parseParams<S extends z.core.$ZodType>(schema: S): z.infer<S>;
  /** Results shown to the user; nested objects are flattened to dotted keys, values stringified. */
  setResults(results: Readonly<Record<string, unknown>>): void;
  /** A progress message. */
  log(message: string): void;
  /** Marks the action failed (the hook still exits 0). */
  fail(message?: string): void;
}
