/**
 * Deferred events rebuilt from live data: the charm now holds the current answer, so the engine
 * remembers it as announced and a later hook does not announce the same values again.
 */
import { isGated, parseV1Responses } from "./event-decision.js";
import { withoutEmptyValues } from "./provider-problems.js";
import type { RequirerHookScope } from "./requirer-hook-scope.js";
import type { RelationHandle } from "./requirer-port.js";
import { SNAPSHOT_KEY, encodeSnapshot, encodeV1Snapshot, readSnapshot, readV1Snapshot, takeSnapshot } from "./snapshot.js";

/** Remembers the live answer of `rel` (for `requestId`) as announced; statuses keep their own baseline. */
export function markDelivered<R>(scope: RequirerHookScope<R>, rel: RelationHandle, requestId?: string): void {
  const { port, reader, memory } = scope;
  const remembered = memory.relation(rel.id);
  if (remembered?.seen === undefined) return;
  const remoteApp = withoutEmptyValues(port.remoteAppBag(rel));
  const remoteUnits = remoteApp["subordinated"] === "true" ? port.remoteUnitBags(rel) : {};
  if (isGated(remoteApp, rel.remoteApp ?? "", remoteUnits)) return;
  const digest = (k: string, v: string): string => memory.digest(k, v);
  const snap = (id: string | undefined): Record<string, string> => {
    const view = Object.fromEntries(Object.entries(reader.resolvedView(rel, id, false, remoteApp)).filter(([k]) => !k.startsWith("secret-")));
    return takeSnapshot(view, reader.secretKeys, digest);
  };
  let seen: string;
  if (reader.speaksV1(remoteApp)) {
    const previous = readV1Snapshot({ [SNAPSHOT_KEY]: remembered.seen });
    const { requestId: id } = reader.providerFields(rel, requestId, remoteApp);
    if (previous === undefined || id === undefined || !parseV1Responses(remoteApp["requests"]).has(id)) return;
    seen = encodeV1Snapshot({ responses: { ...previous.responses, [id]: snap(id) }, status: previous.status });
  } else {
    const status = readSnapshot({ [SNAPSHOT_KEY]: remembered.seen })?.["status"];
    const next = snap(undefined);
    delete next["status"];
    seen = encodeSnapshot(status === undefined ? next : { ...next, status });
  }
  memory.setRelation(rel.id, { ...remembered, seen });
}
