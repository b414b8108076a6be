/**
 * Observing a relation: relation-changed, secret-changed and re-checks all come here. The
 * provider's bag is read, every group secret it names is read with `--refresh` (attaching this
 * unit's label), the resolved view is compared with what the engine remembers in unit-local
 * state, and the events that comparison decides are returned with their payloads. Whichever
 * hook first sees a change announces it, once; nothing is written to a relation databag.
 *
 * When something cannot be read or checked (a secret not granted yet, a tool failing once, a
 * value the decoder rejects), the relation is held: nothing is remembered, so the same events
 * are decided again on a later hook.
 */
import { SecretUri } from "../interfaces/database/field-codecs.js";
import { clearHelperSecret } from "./entity-helper-secret.js";
import { RelationLimitExceededError, type ProviderDataError } from "./errors.js";
import { decideV0, decideV1, isGated, parseV1Responses, type DecidedEvent } from "./event-decision.js";
import { groupsToRead } from "./field-resolution.js";
import { legacyV0, legacyV1, type LiveRequest } from "./legacy-memory.js";
import { layoutProblems, withoutEmptyValues } from "./provider-problems.js";
import { parseStatuses } from "./provider-status.js";
import type { RequestSpec } from "./request-config.js";
import { aliasOf, relationEventBase, type RequirerHookScope } from "./requirer-hook-scope.js";
import type { RelationHandle } from "./requirer-port.js";
import type { EmittedEvent } from "./requires-events.js";
import { secretKeyOf, type SecretGroup } from "./secret-groups.js";
import { DIGESTS_KEY, SNAPSHOT_KEY, encodeSnapshot, encodeV1Snapshot, readSnapshot, readV1Snapshot } from "./snapshot.js";

/** Decides and returns the events of `rel`; remembers what they announce in unit-local state. */
export function handleRelationChanged<R>(scope: RequirerHookScope<R>, rel: RelationHandle): EmittedEvent<R>[] {
  const { spec, port, reader, checks, memory } = scope;
  const remoteApp = withoutEmptyValues(port.remoteAppBag(rel));
  const layout = layoutProblems(`${rel.endpoint}:${rel.id}`, remoteApp);
  if (layout.length > 0) return checks.hold(rel, layout);
  const remembered = memory.relation(rel.id);

  const overLimit = remembered !== undefined && remembered.created.length > 0 ? undefined : limitProblem(scope, rel);
  if (overLimit !== undefined) {
    memory.setRelation(rel.id, { ...(remembered ?? { created: [] }), overLimit: true });
    return checks.hold(rel, [overLimit]);
  }

  const remoteAppName = rel.remoteApp ?? "";
  const remoteUnits = remoteApp["subordinated"] === "true" ? port.remoteUnitBags(rel) : {};
  const gated = isGated(remoteApp, remoteAppName, remoteUnits);
  const v1 = reader.speaksV1(remoteApp);
  const answered = v1 ? reader.requestIds(rel, remoteApp).filter((id) => parseV1Responses(remoteApp["requests"]).has(id)) : [undefined];

  // A relation this unit saw before upgrading: its old databag snapshot, read once.
  const localUnit = remembered === undefined ? port.localUnitBag(rel) : undefined;
  const legacyKeys = localUnit === undefined ? [] : [SNAPSHOT_KEY, DIGESTS_KEY].filter((k) => localUnit[k] !== undefined);

  // The secrets are read (and tracked) when events may come of them, or to adopt an old snapshot.
  if (!gated || legacyKeys.length > 0) {
    const unreadable = refreshAll(scope, rel, remoteApp, answered);
    if (unreadable.length > 0) return checks.hold(rel, unreadable);
  }

  let previous = remembered;
  if (previous === undefined) {
    const alias = spec.relationAliases.length > 0 ? localUnit?.["alias"] : undefined;
    previous = { created: [], ...(alias === undefined ? {} : { alias }) };
    if (localUnit !== undefined && legacyKeys.length > 0) previous = { ...previous, ...adoptLegacy(scope, rel, remoteApp, localUnit, v1) };
  }

  const base = {
    relation: `${rel.endpoint}:${rel.id}`,
    remoteAppName,
    remoteUnits,
    entityRequested: entityRequested(spec),
    mode: spec.eventMode,
    secretKeys: reader.secretKeys,
    digest: (k: string, v: string) => memory.digest(k, v),
  };
  let events: readonly DecidedEvent[];
  let seen: string;
  let created: readonly string[];
  if (v1) {
    const d = decideV1({
      ...base,
      remoteApp,
      previous: previous.seen === undefined ? undefined : readV1Snapshot({ [SNAPSHOT_KEY]: previous.seen }),
      requestIds: reader.requestIds(rel, remoteApp),
      created: previous.created,
      resolve: (id) => reader.resolvedView(rel, id, false, remoteApp),
    });
    ({ events } = d);
    seen = encodeV1Snapshot(d.nextSnapshot);
    created = d.created;
  } else {
    const view = gated ? remoteApp : reader.resolvedView(rel, undefined, true, remoteApp);
    const d = decideV0({ ...base, remoteApp: view, previous: previous.seen === undefined ? undefined : readSnapshot({ [SNAPSHOT_KEY]: previous.seen }), created: previous.created.includes("") });
    ({ events } = d);
    seen = encodeSnapshot(d.nextSnapshot);
    created = d.created ? [""] : [];
  }

  // Every answer an event would carry is checked before anything is remembered: on a problem
  // nothing is remembered, so the same events are decided again once the data is fixed.
  const withData = new Set(events.flatMap((e) => ("status" in e ? [] : [e.requestId])));
  const problems = [...withData].flatMap((id) => checks.check(rel, id, remoteApp));
  if (problems.length > 0) return checks.hold(rel, problems);

  const { overLimit: _wasOverLimit, ...kept } = previous;
  memory.setRelation(rel.id, { ...kept, seen, created });
  // The one databag write left: an upgraded unit drops its old snapshot keys, once (the unkeyed
  // digests of older versions must not stay readable in the databag).
  if (legacyKeys.length > 0) port.writeLocalUnit(rel, Object.fromEntries(legacyKeys.map((k) => [k, ""])));

  const alias = aliasOf(scope, rel);
  const out = events.map((e) => payloadOf(scope, rel, e, remoteApp, alias));
  if (out.some((e) => e.name === "databaseCreated" || e.name === "databaseEntityCreated")) clearHelperSecret(spec, port, rel);
  return out;
}

/** The relation is beyond the endpoint's `limit` (by relation id: the oldest relations are served). */
export function limitProblem<R>(scope: RequirerHookScope<R>, rel: RelationHandle): ProviderDataError | undefined {
  const limit = scope.endpointLimit;
  if (limit === undefined) return undefined;
  const ids = [...scope.port.relationIds()].sort((a, b) => a - b);
  const index = ids.indexOf(rel.id);
  if (index < limit) return undefined;
  return new RelationLimitExceededError(`${rel.endpoint}:${rel.id}`, rel.endpoint, limit, rel.remoteApp);
}

/** Reads every published group secret of the answered requests with `--refresh`; the problems of those that failed. */
function refreshAll<R>(scope: RequirerHookScope<R>, rel: RelationHandle, remoteApp: Readonly<Record<string, string>>, ids: readonly (string | undefined)[]): ProviderDataError[] {
  const { reader, checks } = scope;
  const out: ProviderDataError[] = [];
  for (const id of ids) {
    const { bag } = reader.providerFields(rel, id, remoteApp);
    for (const group of groupsToRead(bag, reader.fields)) {
      const uri = bag[secretKeyOf(group)];
      if (uri === undefined || !SecretUri.safeParse(uri).success) continue; // checks report it
      const problem = checks.readProblem(rel, group, id, uri, reader.refreshGroup(rel, group, id, uri));
      if (problem !== undefined) out.push(problem);
    }
  }
  return out;
}

/** The memory an upgraded unit starts from, from its old databag snapshot. */
function adoptLegacy<R>(
  scope: RequirerHookScope<R>,
  rel: RelationHandle,
  remoteApp: Readonly<Record<string, string>>,
  localUnit: Readonly<Record<string, string>>,
  v1: boolean,
): { seen?: string; created: string[] } {
  const { reader, memory } = scope;
  const digest = (k: string, v: string): string => memory.digest(k, v);
  const live = (id: string | undefined): LiveRequest => {
    const { bag } = reader.providerFields(rel, id, remoteApp);
    const contents: Partial<Record<SecretGroup, Readonly<Record<string, string>>>> = {};
    for (const group of groupsToRead(bag, reader.fields)) {
      const content = reader.readGroup(rel, group, id, bag[secretKeyOf(group)]);
      if (content !== undefined) contents[group] = content;
    }
    return { raw: bag, contents, view: reader.resolvedView(rel, id, false, remoteApp) };
  };
  if (v1) {
    const responses = parseV1Responses(remoteApp["requests"]);
    const adopted = legacyV1(localUnit, (id) => (responses.has(id) ? live(id) : undefined), reader.secretKeys, digest);
    return adopted === undefined ? { created: [] } : { seen: encodeV1Snapshot(adopted.seen), created: adopted.created };
  }
  const adopted = legacyV0(localUnit, live(undefined), reader.secretKeys, digest);
  return adopted === undefined ? { created: [] } : { seen: encodeSnapshot(adopted.seen), created: adopted.created ? [""] : [] };
}

function entityRequested(spec: RequestSpec): boolean | undefined {
  // N-02: decided from the local request; unknown only when the charm requests nothing itself.
  if (spec.entityType !== undefined) return true;
  return spec.database !== undefined ? false : undefined;
}

function payloadOf<R>(scope: RequirerHookScope<R>, rel: RelationHandle, e: DecidedEvent, remoteApp: Readonly<Record<string, string>>, alias: string | undefined): EmittedEvent<R> {
  const base = relationEventBase(rel, alias);
  if ("status" in e) {
    const activeStatuses = Object.freeze(parseStatuses(remoteApp["status"], `${rel.endpoint}:${rel.id}`));
    return { name: e.kind, payload: Object.freeze({ ...base, status: e.status, activeStatuses }) };
  }
  const response = scope.reader.response(rel, e.requestId, remoteApp);
  return { name: e.kind, payload: Object.freeze({ ...base, response, requestId: e.requestId }) };
}
