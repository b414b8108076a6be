/**
 * relation-changed: decides the events from the provider's bag against the snapshot this unit
 * keeps (v0 or v1), registers group secret digests, checks every answer an event would carry,
 * then stores the new snapshot and digests and returns the events with their payloads.
 */
import { clearHelperSecret } from "./entity-helper-secret.js";
import { decideV0, decideV1, type DecidedEvent, type LabelRegistration } from "./event-decision.js";
import { layoutProblems, withoutEmptyValues } from "./provider-problems.js";
import { parseStatuses } from "./provider-status.js";
import type { RequestSpec } from "./request-config.js";
import { relationEventBase, type RequirerHookScope } from "./requirer-hook-scope.js";
import type { RelationHandle } from "./requirer-port.js";
import type { EmittedEvent } from "./requires-events.js";
import { contentDigest, digestKey } from "./rotation.js";
import { DIGESTS_KEY, SNAPSHOT_KEY, encodeDigests, encodeSnapshot, encodeV1Snapshot, readDigests, readSnapshot, readV1Snapshot } from "./snapshot.js";

/** relation-changed: decide and return the events; stores the snapshot and digests in the unit bag. */
export function handleRelationChanged<R>(scope: RequirerHookScope<R>, rel: RelationHandle): EmittedEvent<R>[] {
  const { spec, port, reader, checks } = scope;
  const remoteApp = withoutEmptyValues(port.remoteAppBag(rel));
  const layout = layoutProblems(`${rel.endpoint}:${rel.id}`, remoteApp);
  if (layout.length > 0) return checks.hold(rel, layout);
  const localUnit = port.localUnitBag(rel);
  const remoteAppName = rel.remoteApp ?? "";
  const remoteUnits = remoteApp["subordinated"] === "true" ? port.remoteUnitBags(rel) : {};
  const base = {
    relation: `${rel.endpoint}:${rel.id}`,
    remoteApp,
    remoteAppName,
    remoteUnits,
    entityRequested: entityRequested(spec),
    mode: spec.eventMode,
    secretKeys: reader.secretKeys,
  };
  let decision: { events: readonly DecidedEvent[]; registrations: readonly LabelRegistration[] };
  let snapshotText: string;
  if (reader.speaksV1(remoteApp)) {
    const d = decideV1({ ...base, previous: readV1Snapshot(localUnit), requestIds: reader.requestIds(rel, remoteApp) });
    decision = d;
    snapshotText = encodeV1Snapshot(d.nextSnapshot);
  } else {
    const d = decideV0({ ...base, previous: readSnapshot(localUnit) });
    decision = d;
    snapshotText = encodeSnapshot(d.nextSnapshot);
  }

  const digests = readDigests(localUnit);
  for (const reg of decision.registrations) {
    const content = reader.readGroup(rel, reg.group, reg.requestId, reg.uri);
    if (content !== undefined) digests[digestKey(reg.group, reg.requestId)] = contentDigest(content);
  }
  // Every answer an event would carry is checked before anything is remembered: on a problem
  // the snapshot stays put, so the same events are decided again once the data is fixed.
  const answered = new Set(decision.events.flatMap((e) => ("status" in e ? [] : [e.requestId])));
  const problems = [...answered].flatMap((id) => checks.check(rel, id, remoteApp));
  if (problems.length > 0) return checks.hold(rel, problems);
  const writes: Record<string, string> = {};
  if (localUnit[SNAPSHOT_KEY] !== snapshotText) writes[SNAPSHOT_KEY] = snapshotText;
  const digestText = encodeDigests(digests);
  if ((localUnit[DIGESTS_KEY] ?? "") !== digestText) writes[DIGESTS_KEY] = digestText;
  if (Object.keys(writes).length > 0) port.writeLocalUnit(rel, writes);

  const events = decision.events.map((e) => payloadOf(scope, rel, e, remoteApp, localUnit));
  if (events.some((e) => e.name === "databaseCreated" || e.name === "databaseEntityCreated")) clearHelperSecret(spec, port, rel);
  return events;
}

function entityRequested(spec: RequestSpec): boolean | undefined {
  // N-02: decided from the local request; unknown only when the charm requests nothing itself.
  if (spec.entityType !== undefined) return true;
  return spec.database !== undefined ? false : undefined;
}

function payloadOf<R>(
  scope: RequirerHookScope<R>,
  rel: RelationHandle,
  e: DecidedEvent,
  remoteApp: Readonly<Record<string, string>>,
  localUnit: Readonly<Record<string, string>>,
): EmittedEvent<R> {
  const base = relationEventBase(rel, localUnit);
  if ("status" in e) {
    const activeStatuses = Object.freeze(parseStatuses(remoteApp["status"], `${rel.endpoint}:${rel.id}`));
    return { name: e.kind, payload: Object.freeze({ ...base, status: e.status, activeStatuses }) };
  }
  const response = scope.reader.response(rel, e.requestId, remoteApp);
  return { name: e.kind, payload: Object.freeze({ ...base, response, requestId: e.requestId }) };
}
