/**
 * The simulator's pending work: hooks to run and the bookkeeping steps that follow a unit's or
 * relation's last hook. Entries are plain JSON so an unfinished queue survives between CLI calls.
 */
import { isDeepStrictEqual } from "node:util";
import type { HookSpec } from "../juju/hook.js";

/** Run `hook` on `unit`. */
export interface HookEntry {
  readonly type: "hook";
  readonly unit: string;
  readonly hook: HookSpec;
}

/** After a unit's `remove` hook: take it out of the model and delete its charm directory. */
export interface DropUnitEntry {
  readonly type: "drop-unit";
  readonly unit: string;
}

/** After every `-relation-broken`: take the relation (and its secret grants) out of the model. */
export interface DropRelationEntry {
  readonly type: "drop-relation";
  readonly relationId: number;
}

/**
 * A unit that was in error when a relation was made enters its scope: queued instead of the
 * unit's relation-created and joins, and held like its hooks until it is resolved (Juju's
 * uniter enters relation scopes only while no hook error is pending; docs/juju-behaviour.md).
 */
export interface EnterScopeEntry {
  readonly type: "enter-scope";
  readonly unit: string;
  readonly relationId: number;
}

/** One pending step. */
export type QueueEntry = HookEntry | DropUnitEntry | DropRelationEntry | EnterScopeEntry;

/** Appends `entry` unless an identical entry is already waiting (Juju coalesces pending changes). */
export function enqueueOnce(queue: QueueEntry[], entry: QueueEntry): void {
  if (!queue.some((e) => isDeepStrictEqual(e, entry))) queue.push(entry);
}

/** `<unit> <hook>` for logs and error messages. */
export function describeEntry(entry: QueueEntry): string {
  switch (entry.type) {
    case "drop-unit":
      return `(remove ${entry.unit} from the model)`;
    case "drop-relation":
      return `(remove relation ${entry.relationId} from the model)`;
    case "enter-scope":
      return `(${entry.unit} enters the scope of relation ${entry.relationId})`;
    case "hook":
      return `${entry.unit} ${describeHook(entry.hook)}`;
  }
}

/** A short human name of a hook spec (the endpoint is resolved later, from the model). */
export function describeHook(hook: HookSpec): string {
  switch (hook.kind) {
    case "hook":
      return hook.name;
    case "relation":
      return `relation-${hook.event} (relation ${hook.relationId}${hook.remoteUnit ? `, remote ${hook.remoteUnit}` : ""})`;
    case "secret":
      return `secret-${hook.event} (${hook.id}${hook.revision === undefined ? "" : ` revision ${hook.revision}`})`;
    case "action":
      return `action ${hook.name} (id ${hook.id})`;
  }
}
