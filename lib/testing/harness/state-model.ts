/**
 * Translating between the harness's unit-centred `State` and the fake Juju's whole-model
 * `ModelState`: before a run the state becomes a model (own app and unit, remote apps and
 * units, bags, secrets with revisions and grants); after a committed run the model is read
 * back into a new `State`.
 */
import type { CharmSpec, ModelState, RelationState, SecretState } from "../juju/model.js";
import { addApplication, addRelation, addUnit, emptyModel, findRelation } from "../juju/model.js";
import type { AnyRelation, Secret, State } from "./state.js";
import { deepFreeze, remoteUnitNames, state as buildState } from "./state.js";

/** Who the unit under test is. */
export interface UnitIdentity {
  readonly charm: CharmSpec;
  readonly appName: string;
  readonly unitId: number;
  readonly jujuVersion: string;
}

/**
 * Grants of observed secrets are not tied to a relation in the harness (the state only says the
 * unit can see them); `"*"` is the fake Juju's key for a grant without a relation.
 */
const MODEL_GRANT = "*";
/** Owner of secrets the unit only observes. */
const OBSERVED_SECRET_OWNER = "secret-owner";

/** The unit name under test. */
export function unitNameOf(id: UnitIdentity): string {
  return `${id.appName}/${id.unitId}`;
}

/**
 * Builds the model a run starts from. `storedState` goes into the unit's controller-side state
 * unless `controllerState` is false (a machine unit, whose state is in its charm directory:
 * unit-state-file.ts).
 */
export function modelFromState(id: UnitIdentity, st: State, controllerState = true): ModelState {
  const unit = unitNameOf(id);
  const model = emptyModel({ name: st.model.name, uuid: st.model.uuid, jujuVersion: id.jujuVersion });
  const app = addApplication(model, id.appName, id.charm, { config: { ...st.config } });
  app.status = { ...st.appStatus };
  app.workloadVersion = st.workloadVersion;
  const u = addUnit(model, unit, { address: st.address });
  u.status = { ...st.unitStatus };
  u.state = controllerState ? { ...st.storedState } : {};
  // addUnit makes the first unit leader; the state decides.
  if (st.leader) app.leader = unit;
  else delete app.leader;

  for (const rel of st.relations) {
    const remoteApp = rel.kind === "peer" ? id.appName : rel.remoteApp;
    const r: RelationState = addRelation(
      model,
      rel.kind === "peer" ? [{ app: id.appName, endpoint: rel.endpoint }] : [{ app: id.appName, endpoint: rel.endpoint }, { app: remoteApp, endpoint: rel.endpoint }],
      { id: rel.id, ...(rel.kind === "regular" && rel.remoteModelUuid !== undefined ? { remoteModelUuid: rel.remoteModelUuid } : {}) },
    );
    r.appData[id.appName] = { ...rel.localAppData };
    r.unitData[unit] = { ...rel.localUnitData };
    if (rel.kind !== "peer") r.appData[remoteApp] = { ...rel.remoteAppData };
    const bags: Record<string, Record<string, string>> =
      rel.kind === "regular"
        ? Object.fromEntries(Object.entries(rel.remoteUnitsData).map(([n, bag]) => [`${remoteApp}/${n}`, { ...bag }]))
        : rel.kind === "peer"
          ? Object.fromEntries(Object.entries(rel.peersData).map(([n, bag]) => [`${id.appName}/${n}`, { ...bag }]))
          : { [`${remoteApp}/${rel.remoteUnitId}`]: { ...rel.remoteUnitData } };
    Object.assign(r.unitData, bags);
    r.joined[unit] = remoteUnitNames(rel, id.appName);
    // Peers are units of the own application: give them unit records so app status lists them.
    if (rel.kind === "peer") for (const peer of Object.keys(bags)) if (!model.units[peer]) addUnit(model, peer);
  }
  if (!st.leader) delete app.leader;

  for (const s of st.secrets) model.secrets.push(secretToModel(id, s));
  return model;
}

function secretToModel(id: UnitIdentity, s: Secret): SecretState {
  const unit = unitNameOf(id);
  const revisions =
    s.trackedRevision === s.latestRevision
      ? [{ revision: s.latestRevision, content: { ...s.latestContent } }]
      : [
          { revision: s.trackedRevision, content: { ...s.trackedContent } },
          { revision: s.latestRevision, content: { ...s.latestContent } },
        ];
  const owned = s.owner !== undefined;
  const grants: Record<string, string[]> = {};
  if (owned) for (const [relId, targets] of Object.entries(s.remoteGrants)) grants[relId] = [...targets];
  else grants[MODEL_GRANT] = [id.appName];
  return {
    id: s.id,
    ownerKind: s.owner ?? "application",
    owner: s.owner === "unit" ? unit : s.owner === "application" ? id.appName : OBSERVED_SECRET_OWNER,
    revisions,
    latestRevision: s.latestRevision,
    ...(owned && s.label !== undefined ? { label: s.label } : {}),
    ...(s.description === undefined ? {} : { description: s.description }),
    ...(s.expire === undefined ? {} : { expire: s.expire }),
    ...(s.rotate === undefined ? {} : { rotate: s.rotate }),
    consumers: { [unit]: { trackedRevision: s.trackedRevision, ...(!owned && s.label !== undefined ? { label: s.label } : {}) } },
    grants,
  };
}

/**
 * Reads the state back from the model after a committed run; `storedState`, when given, is the
 * unit's state from its charm directory instead of the controller's.
 */
export function stateFromModel(id: UnitIdentity, before: State, model: ModelState, storedState?: Readonly<Record<string, string>>): State {
  const unit = unitNameOf(id);
  const app = model.applications[id.appName];
  const u = model.units[unit];
  const relations = before.relations.map((rel) => relationFromModel(rel, findRelation(model, rel.id), id.appName, unit));
  const secrets = model.secrets.map((s) => secretFromModel(id, s));
  return buildState({
    ...before,
    relations,
    secrets,
    storedState: { ...(storedState ?? u?.state ?? {}) },
    unitStatus: { ...(u?.status ?? before.unitStatus) },
    appStatus: { ...(app?.status ?? before.appStatus) },
    workloadVersion: app?.workloadVersion ?? before.workloadVersion,
  });
}

function relationFromModel(rel: AnyRelation, r: RelationState | undefined, appName: string, unit: string): AnyRelation {
  if (!r) return rel;
  return deepFreeze({ ...rel, localAppData: { ...(r.appData[appName] ?? {}) }, localUnitData: { ...(r.unitData[unit] ?? {}) } });
}

function secretFromModel(id: UnitIdentity, s: SecretState): Secret {
  const unit = unitNameOf(id);
  const observed = s.owner === OBSERVED_SECRET_OWNER || (s.ownerKind === "application" ? s.owner !== id.appName : s.owner !== unit);
  const consumer = s.consumers[unit];
  const latest = s.revisions.find((r) => r.revision === s.latestRevision) ?? s.revisions[s.revisions.length - 1];
  const trackedRevision = consumer?.trackedRevision ?? s.latestRevision;
  const tracked = s.revisions.find((r) => r.revision === trackedRevision) ?? latest;
  const remoteGrants: Record<number, string[]> = {};
  if (!observed) for (const [relId, targets] of Object.entries(s.grants)) if (relId !== MODEL_GRANT) remoteGrants[Number(relId)] = [...targets];
  const label = observed ? consumer?.label : s.label;
  return deepFreeze({
    id: s.id,
    trackedContent: { ...(tracked?.content ?? {}) },
    latestContent: { ...(latest?.content ?? {}) },
    trackedRevision,
    latestRevision: s.latestRevision,
    remoteGrants,
    ...(observed ? {} : { owner: s.ownerKind }),
    ...(label === undefined ? {} : { label }),
    ...(s.description === undefined ? {} : { description: s.description }),
    ...(s.expire === undefined ? {} : { expire: s.expire }),
    ...(s.rotate === undefined ? {} : { rotate: s.rotate }),
  } satisfies Secret);
}
