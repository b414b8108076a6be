/**
 * The bookkeeping steps queued after a unit's or relation's last hook: taking the relation (and
 * its secret grants) or the unit (its data, its charm directory, its leadership) out of the model.
 */
import type { ModelState } from "../juju/model.js";
import { appOfUnit } from "../juju/model.js";
import type { ModelDirectory, SimulatorBook } from "./model-directory.js";
import { unitsOf } from "./model-lookups.js";
import type { DropRelationEntry, DropUnitEntry } from "./queue.js";

/** Applies one non-hook queue entry; a removed leader is replaced by the lowest-numbered unit left (leader-elected queued). */
export function applyBookkeeping(entry: DropUnitEntry | DropRelationEntry, state: ModelState, book: SimulatorBook, files: ModelDirectory): void {
  if (entry.type === "drop-relation") {
    state.relations = state.relations.filter((r) => r.id !== entry.relationId);
    for (const secret of state.secrets) delete secret.grants[String(entry.relationId)];
    return;
  }
  const unit = entry.unit;
  const appName = appOfUnit(unit);
  delete state.units[unit];
  delete book.unitErrors[unit];
  for (const rel of state.relations) {
    delete rel.joined[unit];
    // Its bag stays: Juju keeps a unit's relation settings for the relation's life, whatever
    // becomes of the unit (st-ru in docs/juju-behaviour.md), so other units can still read it.
    for (const observer of Object.keys(rel.joined)) rel.joined[observer] = (rel.joined[observer] ?? []).filter((u) => u !== unit);
  }
  files.removeUnitDir(unit);
  const app = state.applications[appName];
  if (app !== undefined && app.leader === unit) {
    delete app.leader;
    const next = unitsOf(state, appName)[0];
    if (next !== undefined) {
      app.leader = next;
      book.queue.push({ type: "hook", unit: next, hook: { kind: "hook", name: "leader-elected" } });
    }
  }
}
