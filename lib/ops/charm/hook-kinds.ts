/** The names a charm observes Juju's events by, and the payload each kind carries. */
import { RELATION_HOOK, SECRET_HOOK, STORAGE_HOOK, WORKLOAD_HOOK } from "../hook-name-patterns.js";
import type { ActionEvent, LifecycleEvent, RelationEvent, SecretEvent, StorageEvent, WorkloadEvent } from "./events.js";

/** Unit lifecycle and leadership hooks. */
export type LifecycleHookKind =
  | "install"
  | "start"
  | "stop"
  | "remove"
  | "config-changed"
  | "upgrade-charm"
  | "update-status"
  | "leader-elected"
  | "leader-settings-changed"
  | "pre-series-upgrade"
  | "post-series-upgrade"
  | "collect-metrics"
  | "meter-status-changed";
/** `<endpoint>-relation-{created,joined,changed,departed,broken}`. */
export type RelationHookKind = `${string}-relation-${"created" | "joined" | "changed" | "departed" | "broken"}`;
/** Secret hooks. */
export type SecretHookKind = `secret-${"changed" | "rotate" | "expired" | "remove"}`;
/** `<container>-pebble-{ready,custom-notice,check-failed,check-recovered}`. */
export type WorkloadHookKind = `${string}-pebble-${"ready" | "custom-notice" | "check-failed" | "check-recovered"}`;
/** `<storage>-storage-{attached,detaching}`. */
export type StorageHookKind = `${string}-storage-${"attached" | "detaching"}`;
/** An action, observed as `action:<name>`. */
export type ActionKind = `action:${string}`;
/** Every event kind a charm can observe with `CharmBase.on`. */
export type HookKind = LifecycleHookKind | RelationHookKind | SecretHookKind | WorkloadHookKind | StorageHookKind | ActionKind;

/** The payload type of hook kind `K`. */
export type EventFor<K extends HookKind> = K extends ActionKind
  ? ActionEvent
  : K extends SecretHookKind
    ? SecretEvent
    : K extends RelationHookKind
      ? RelationEvent
      : K extends WorkloadHookKind
        ? WorkloadEvent
        : K extends StorageHookKind
          ? StorageEvent
          : LifecycleEvent;

/** The family of a hook kind, with the name parts it carries. */
export type HookFamily =
  | {
      /** install, start, config-changed, leader-elected, ... */
      readonly family: "lifecycle";
    }
  | {
      /** `<endpoint>-relation-<event>`. */
      readonly family: "relation";
      /** The endpoint from metadata.yaml. */
      readonly endpoint: string;
      /** `created`, `joined`, `changed`, `departed` or `broken`. */
      readonly event: string;
    }
  | {
      /** `secret-<event>`. */
      readonly family: "secret";
      /** `changed`, `rotate`, `expired` or `remove`. */
      readonly event: string;
    }
  | {
      /** `<container>-pebble-<event>`. */
      readonly family: "workload";
      /** The container name. */
      readonly container: string;
      /** `ready`, `custom-notice`, `check-failed` or `check-recovered`. */
      readonly event: string;
    }
  | {
      /** `<storage>-storage-<event>`. */
      readonly family: "storage";
      /** The storage name. */
      readonly storage: string;
      /** `attached` or `detaching`. */
      readonly event: string;
    }
  | {
      /** `action:<name>`. */
      readonly family: "action";
      /** The action name. */
      readonly action: string;
    };

const LIFECYCLE: ReadonlySet<string> = new Set<LifecycleHookKind>([
  "install", "start", "stop", "remove", "config-changed", "upgrade-charm", "update-status", "leader-elected",
  "leader-settings-changed", "pre-series-upgrade", "post-series-upgrade", "collect-metrics", "meter-status-changed",
]);

/** Classifies a kind; undefined for names that are no hook kind (typos, `leader-deposed`). */
export function classifyHookKind(kind: string): HookFamily | undefined {
  if (kind.startsWith("action:") && kind.length > "action:".length) return { family: "action", action: kind.slice("action:".length) };
  if (LIFECYCLE.has(kind)) return { family: "lifecycle" };
  let m = SECRET_HOOK.exec(kind);
  if (m !== null) return { family: "secret", event: m[1] ?? "" };
  m = RELATION_HOOK.exec(kind);
  if (m !== null) return { family: "relation", endpoint: m[1] ?? "", event: m[2] ?? "" };
  m = WORKLOAD_HOOK.exec(kind);
  if (m !== null) return { family: "workload", container: m[1] ?? "", event: m[2] ?? "" };
  m = STORAGE_HOOK.exec(kind);
  if (m !== null) return { family: "storage", storage: m[1] ?? "", event: m[2] ?? "" };
  return undefined;
}

/** Kinds whose `defer()` throws: Juju re-fires them itself or they cannot wait (docs/juju-contract.md#emission-and-deferral). */
export function isDeferrable(kind: string): boolean {
  return !(kind.startsWith("action:") || kind === "stop" || kind === "remove" || kind === "secret-rotate" || kind === "secret-expired");
}

/** Hooks that run with most hook tools disabled; deferred events are not re-emitted there. */
export function isRestrictedHook(kind: string): boolean {
  return kind === "collect-metrics" || kind === "meter-status-changed";
}
