/**
 * Read-only projections of the model in the shapes Juju's CLI prints: `juju status
 * --format=json` (the parts the simulator knows) and `juju show-unit <unit> --format=json`.
 */
import type { Databag, ModelState } from "../juju/model.js";
import { appOfUnit, jujuUnitBag, localEnd, remoteAppOf } from "../juju/model.js";
import { SimulatorError } from "./errors.js";
import type { SimulatorBook } from "./model-directory.js";

/** One unit in `status` output. */
export interface UnitStatusView {
  readonly "workload-status": { readonly current: string; readonly message?: string };
  readonly "juju-status": { readonly current: "idle" | "error"; readonly message?: string };
  readonly leader?: true;
  readonly address: string;
}

/** `juju status --format=json`, reduced to what the simulator models. */
export interface StatusView {
  readonly model: { readonly name: string; readonly uuid: string; readonly version: string };
  readonly applications: Record<
    string,
    {
      readonly charm: string;
      readonly "charm-name": string;
      readonly "application-status": { readonly current: string; readonly message?: string };
      readonly "workload-version"?: string;
      readonly relations: Record<string, string[]>;
      readonly units: Record<string, UnitStatusView>;
    }
  >;
  /** Hooks still queued (non-zero only after a failed hook stopped a run). */
  readonly pending: number;
}

function withMessage(current: string, message: string): { current: string; message?: string } {
  return message === "" ? { current } : { current, message };
}

/** Builds the status view. */
export function statusView(model: ModelState, book: SimulatorBook): StatusView {
  const applications: Record<string, StatusView["applications"][string]> = {};
  for (const app of Object.values(model.applications)) {
    const relations: Record<string, string[]> = {};
    for (const rel of model.relations) {
      const end = localEnd(rel, app.name);
      const remote = remoteAppOf(rel, app.name);
      if (end === undefined || remote === undefined) continue;
      (relations[end.endpoint] ??= []).push(remote);
    }
    const units: Record<string, UnitStatusView> = {};
    for (const unit of Object.values(model.units).filter((u) => appOfUnit(u.name) === app.name)) {
      const error = book.unitErrors[unit.name];
      units[unit.name] = {
        "workload-status": withMessage(unit.status.status, unit.status.message),
        "juju-status":
          error === undefined ? { current: "idle" } : { current: "error", message: `hook failed: "${error.hook}" (${error.commitRefused === undefined ? `exit ${error.code ?? "signal"}` : `commit: ${error.commitRefused}`})` },
        ...(app.leader === unit.name ? { leader: true as const } : {}),
        address: unit.address,
      };
    }
    applications[app.name] = {
      charm: `local:${app.charm.name}`,
      "charm-name": app.charm.name,
      "application-status": withMessage(app.status.status, app.status.message),
      ...(app.workloadVersion === "" ? {} : { "workload-version": app.workloadVersion }),
      relations,
      units,
    };
  }
  return { model: { name: model.name, uuid: model.uuid, version: model.jujuVersion }, applications, pending: book.queue.length };
}

/** One entry of `relation-info` in `show-unit` output. */
export interface RelationInfoView {
  readonly "relation-id": number;
  readonly endpoint: string;
  readonly "related-endpoint": string;
  readonly "application-data": Databag;
  readonly "local-unit": { readonly "in-scope": boolean; readonly data: Databag };
  readonly "related-units"?: Record<string, { readonly "in-scope": boolean; readonly data: Databag }>;
}

/**
 * `juju show-unit <unit> --format=json`: keyed by unit name. The fields of a machine unit in
 * Juju's `UnitInfo` (juju/juju cmd/juju/application/showunit.go) that the simulator models: no `machine`
 * (it has no machines) and none of the Kubernetes-only `address` and `provider-id`.
 */
export type ShowUnitView = Record<
  string,
  {
    /** The unit's opened ports as Juju prints them (`80/tcp`, `8000-8999/udp`, `icmp`), in the order opened. */
    readonly "opened-ports": string[];
    readonly charm: string;
    readonly leader: boolean;
    readonly life: "alive";
    readonly "relation-info"?: RelationInfoView[];
    readonly "workload-version"?: string;
    readonly "public-address": string;
  }
>;

/** Builds the show-unit view of `unitName`, relation data included. */
export function showUnitView(model: ModelState, unitName: string): ShowUnitView {
  const unit = model.units[unitName];
  const app = model.applications[appOfUnit(unitName)];
  if (unit === undefined || app === undefined) throw new SimulatorError(`unit "${unitName}" not found`);
  const relationInfo: RelationInfoView[] = [];
  for (const rel of model.relations) {
    const end = localEnd(rel, app.name);
    const remoteApp = remoteAppOf(rel, app.name);
    if (end === undefined || remoteApp === undefined) continue;
    const remoteEnd = rel.ends.length === 1 ? end : rel.ends.find((e) => e !== end) ?? end;
    const related: Record<string, { "in-scope": boolean; data: Databag }> = {};
    for (const remoteUnit of [...(rel.joined[unitName] ?? [])].sort()) {
      related[remoteUnit] = { "in-scope": true, data: { ...(rel.unitData[remoteUnit] ?? {}) } };
    }
    relationInfo.push({
      "relation-id": rel.id,
      endpoint: end.endpoint,
      "related-endpoint": remoteEnd.endpoint,
      "application-data": { ...(rel.appData[remoteApp] ?? {}) },
      "local-unit": { "in-scope": rel.joined[unitName] !== undefined, data: { ...(rel.unitData[unitName] ?? jujuUnitBag(unit)) } },
      ...(Object.keys(related).length === 0 ? {} : { "related-units": related }),
    });
  }
  return {
    [unitName]: {
      "opened-ports": [...(unit.openedPorts ?? [])],
      charm: `local:${app.charm.name}`,
      leader: app.leader === unitName,
      life: "alive",
      ...(relationInfo.length === 0 ? {} : { "relation-info": relationInfo }),
      ...(app.workloadVersion === "" ? {} : { "workload-version": app.workloadVersion }),
      "public-address": unit.address,
    },
  };
}
