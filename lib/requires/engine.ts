/**
 * The requirer engine for one hook.
 *
 * {@link RequirerEngine}'s `relationChanged` tells the whole story of a relation-changed: read
 * the provider's bag, hold on layout or limit problems, refresh the group secrets, adopt an
 * upgraded unit's old snapshot, decide (decision.ts), check every answer an event would carry,
 * remember, build the payloads. It runs on an {@link EndpointModel} (endpoint-model.ts), the
 * endpoint as the lib/ops `Model` shows it in this hook.
 */
import { isSecretUri } from "../interfaces/database/field-codecs.js";
import type { RelationEventBase, EmittedEvent, ResponseDecoder } from "./events.js";
import type { RequestSpec } from "./options.js";
import { ALIAS_KEY, clearHelperSecret, RequestWriter, type RelationConflicts } from "./request.js";
import { RelationLimitExceededError, type ProviderDataError, UnknownRelationError } from "./errors.js";
import { decideV0, decideV1, isGated, type DecidedEvent } from "./decision.js";
import { decodeResponse, isCreated, type DatabaseResponse } from "./response.js";
import { layoutProblems, withoutEmptyValues, parseStatuses, ProviderChecks, ProviderReader } from "./provider-answer.js";
import { parseV1Responses } from "../interfaces/v1/response.js";
import { groupsToRead } from "../interfaces/database/resolved-view.js";
import { secretKeyOf, type SecretGroup } from "../interfaces/database/secret-groups.js";
import { DIGESTS_KEY, SNAPSHOT_KEY, encodeSnapshot, encodeV1Snapshot, readSnapshot, readV1Snapshot, takeSnapshot, EngineMemory } from "./memory.js";
import { legacyV0, legacyV1, legacyCreated, type LiveRequest } from "./memory-adoption.js";
import type { EndpointModel, RelationHandle } from "./endpoint-model.js";
import { relationOfSecret, type ChangedSecret } from "./secret-relation.js";
import { formatRelationRef } from "../ops/index.js";
import { defined } from "../ops/defined.js";

export type { RelationConflicts } from "./request.js";

// ---- requirer engine ---------------------------------------------------------------------------

/**
 * The requirer protocol engine for one hook: it turns hook occurrences (relation-created,
 * -changed, -broken, secret-changed, leader hooks) into request writes and typed events, through
 * an {@link EndpointModel}. One instance lives for one hook, so its secret cache is the single
 * per-hook cache of docs/protocol.md#g-12: every secret is read at most once per hook. What it announced is
 * remembered in unit-local state ({@link EngineMemory}), never in a relation databag.
 *
 * The request is written by `RequestWriter` (request.ts), the provider's answer read by
 * `ProviderReader` and checked by `ProviderChecks` (provider-answer.ts); each hook is handled
 * by a method below.
 */
export class RequirerEngine<R = DatabaseResponse> {
  private readonly reader: ProviderReader<R>;
  private readonly checks: ProviderChecks<R>;
  private readonly writer: RequestWriter;
  private readonly memory: EngineMemory;

  /**
   * @param endpointLimit the endpoint's `limit` from the charm's metadata: relations beyond it
   *   are held and reported as problems instead of delivered.
   */
  constructor(
    private readonly spec: RequestSpec,
    private readonly hook: EndpointModel,
    decode: ResponseDecoder<R> = decodeResponse as unknown as ResponseDecoder<R>,
    private readonly endpointLimit?: number,
  ) {
    this.reader = new ProviderReader(spec, hook, decode);
    this.checks = new ProviderChecks(hook, this.reader);
    this.writer = new RequestWriter(spec, hook);
    this.memory = new EngineMemory(hook.memoryStore, (m) => hook.log("WARNING", m));
    hook.useRecordedApps((id) => this.memory.relation(id)?.app);
  }

  // ---- relation-created and leader reconciliation --------------------------------------------

  /** relation-created: alias on every unit (docs/protocol.md#a-02), the request in the leader's application bag (docs/protocol.md#p-01, docs/protocol.md#g-17). */
  relationCreated(rel: RelationHandle): RelationConflicts {
    this.hook.recordRoster();
    const result = this.writer.relationCreated(rel);
    // Remembered from the start, so later hooks need not read the unit databag for the alias.
    if (this.memory.relation(rel.id) === undefined) {
      const alias = this.writer.aliasOf(rel.id);
      this.memory.setRelation(rel.id, { created: [], ...defined({ alias }), ...appOf(rel) });
    }
    return result;
  }

  /**
   * Leader hooks (docs/protocol.md#g-10): re-assert the request on every relation; conflicts are
   * reported, not written. When the roster knows the endpoint has no relation there is nothing
   * to re-assert, and no tool is called (not even is-leader).
   */
  reconcileAll(): RelationConflicts[] {
    if (this.hook.knownRelationIds()?.length === 0) return [];
    return this.writer.reconcileAll();
  }

  // ---- relation-changed ----------------------------------------------------------------------

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
   *
   * Decides and returns the events of `rel`; remembers what they announce in unit-local state.
   */
  relationChanged(rel: RelationHandle): EmittedEvent<R>[] {
    const { spec, hook, reader, checks, memory } = this;
    const remoteApp = withoutEmptyValues(hook.remoteAppBag(rel));
    const layout = layoutProblems(formatRelationRef(rel), remoteApp);
    if (layout.length > 0) return checks.hold(rel, layout);
    const remembered = memory.relation(rel.id);

    const overLimit = remembered !== undefined && remembered.created.length > 0 ? undefined : this.limitProblem(rel);
    if (overLimit !== undefined) {
      memory.setRelation(rel.id, { ...(remembered ?? { created: [] }), overLimit: true });
      return checks.hold(rel, [overLimit]);
    }

    const remoteAppName = rel.remoteApp ?? "";
    const remoteUnits = hook.remoteUnitBags(rel, remoteApp);
    const gated = isGated(remoteApp, remoteAppName, remoteUnits);
    const v1 = reader.speaksV1(remoteApp);
    const responses = v1 ? parseV1Responses(remoteApp["requests"]) : undefined;
    const answered = responses !== undefined ? reader.requestIds(rel, remoteApp).filter((id) => responses.has(id)) : [undefined];

    // A relation this unit saw before upgrading: its old databag snapshot, read once.
    const localUnit = remembered === undefined ? hook.localUnitBag(rel) : undefined;
    const legacyKeys = localUnit === undefined ? [] : [SNAPSHOT_KEY, DIGESTS_KEY].filter((k) => localUnit[k] !== undefined);

    // The secrets are read (and tracked) when events may come of them, or to adopt an old snapshot.
    if (!gated || legacyKeys.length > 0) {
      const unreadable = this.refreshAll(rel, remoteApp, answered);
      if (unreadable.length > 0) return checks.hold(rel, unreadable);
    }

    let previous = remembered;
    if (previous === undefined) {
      const alias = spec.relationAliases.length > 0 ? localUnit?.["alias"] : undefined;
      previous = { created: [], ...defined({ alias }) };
      if (localUnit !== undefined && legacyKeys.length > 0) previous = { ...previous, ...this.adoptLegacy(rel, remoteApp, localUnit, v1) };
    }

    const base = {
      relation: formatRelationRef(rel),
      remoteAppName,
      remoteUnits,
      entityRequested: this.entityRequested(spec),
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
    memory.setRelation(rel.id, { ...kept, seen, created, ...appOf(rel) });
    // The one databag write left: an upgraded unit drops its old snapshot keys, once (the unkeyed
    // digests of older versions must not stay readable in the databag).
    if (legacyKeys.length > 0) hook.writeLocalUnit(rel, Object.fromEntries(legacyKeys.map((k) => [k, ""])));

    const alias = this.aliasOf(rel);
    const out = events.map((e) => this.payloadOf(rel, e, remoteApp, alias));
    if (out.some((e) => e.name === "databaseCreated" || e.name === "databaseEntityCreated")) clearHelperSecret(spec, hook, rel);
    return out;
  }

  // ---- secret-changed ------------------------------------------------------------------------

  /** The relation of this endpoint a changed secret belongs to, if any (secret-relation.ts). */
  relationOfSecret(secret: ChangedSecret): RelationHandle | undefined {
    return relationOfSecret(this.spec.relationName, this.hook, this.reader, secret);
  }

  /** secret-changed: the events of the secret's relation (see {@link relationOfSecret}). */
  secretChanged(secret: ChangedSecret): EmittedEvent<R>[] {
    const rel = this.relationOfSecret(secret);
    return rel === undefined ? [] : this.relationChanged(rel);
  }

  /** Relations held back because the endpoint's limit was exceeded (re-observed when another relation goes). */
  heldOverLimit(): RelationHandle[] {
    const known = this.hook.knownRelationIds();
    if (known !== undefined && !known.some((id) => this.memory.relation(id)?.overLimit === true)) return [];
    return this.hook.relations().filter((r) => this.memory.relation(r.id)?.overLimit === true);
  }

  // ---- deferred events -----------------------------------------------------------------------

  /** Remembers the live answer of `rel` (for `requestId`) as announced; statuses keep their own baseline. */
  markDelivered(rel: RelationHandle, requestId?: string): void {
    const { hook, reader, memory } = this;
    const remembered = memory.relation(rel.id);
    if (remembered?.seen === undefined) return;
    const remoteApp = withoutEmptyValues(hook.remoteAppBag(rel));
    const remoteUnits = hook.remoteUnitBags(rel, remoteApp);
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

  // ---- provider problems ---------------------------------------------------------------------

  /**
   * Everything wrong with the provider's answer on `rel` (for `requestId`, or our first answered
   * v1 request): layout, unreadable or incomplete group secrets, fields the response decoder
   * rejects. Empty when the answer is usable or simply not there yet.
   */
  check(rel: RelationHandle, requestId?: string, remoteApp?: Readonly<Record<string, string>>): ProviderDataError[] {
    const overLimit = this.memory.relation(rel.id)?.created.length ? undefined : this.limitProblem(rel);
    if (overLimit !== undefined) return [overLimit];
    return this.checks.check(rel, requestId, remoteApp);
  }

  /** Problems that held back events in this hook, by relation id. */
  heldRelations(): ReadonlyMap<number, readonly ProviderDataError[]> {
    return this.checks.heldRelations();
  }

  // ---- relation-broken -----------------------------------------------------------------------

  /**
   * relation-broken: `databaseRemoved` once, and only when a creation event was announced on
   * the relation (issue 13, defect 10); the leader removes the helper secret (docs/protocol.md#s-08, docs/protocol.md#g-08).
   */
  relationBroken(rel: RelationHandle): EmittedEvent<R>[] {
    const remembered = this.memory.relation(rel.id);
    let alias = remembered?.alias;
    let created = (remembered?.created.length ?? 0) > 0;
    if (remembered === undefined) {
      // A relation this unit saw before upgrading: its old databag snapshot tells.
      try {
        const localUnit = this.hook.localUnitBag(rel);
        alias = localUnit[ALIAS_KEY];
        created = legacyCreated(localUnit);
      } catch {
        alias = undefined;
      }
    }
    clearHelperSecret(this.spec, this.hook, rel);
    this.memory.forget(rel.id);
    this.hook.recordRoster();
    if (!created) return [];
    return [{ name: "databaseRemoved", payload: Object.freeze({ relationId: rel.id, relationName: rel.endpoint, remoteApp: rel.remoteApp, alias }) }];
  }

  // ---- reading -------------------------------------------------------------------------------

  /** The resolved view (docs/protocol.md#resolving-a-field) of a relation; `includeData` keeps the provider's `data` (docs/protocol.md#r-04). */
  resolvedView(rel: RelationHandle, requestId?: string, includeData = false, remoteApp?: Readonly<Record<string, string>>): Record<string, string> {
    return this.reader.resolvedView(rel, requestId, includeData, remoteApp);
  }

  /** The typed response of a relation (`remoteApp`: the provider bag when the caller already read it). */
  response(rel: RelationHandle, requestId?: string, remoteApp?: Readonly<Record<string, string>>): R {
    return this.reader.response(rel, requestId, remoteApp);
  }

  /** docs/protocol.md#r-01/docs/protocol.md#r-02: one relation by id (unknown id: an error), or all relations (false when none). */
  isResourceCreated(relationId?: number): boolean {
    const rels = this.hook.relations();
    if (relationId !== undefined) {
      const rel = rels.find((r) => r.id === relationId);
      if (rel === undefined) throw new UnknownRelationError(this.spec.relationName, relationId);
      return isCreated(this.resolvedView(rel));
    }
    return rels.length > 0 && rels.every((r) => isCreated(this.resolvedView(r)));
  }

  /** docs/protocol.md#r-04: the resolved view of each relation, including the provider's `data`. */
  fetchRelationData(relationIds?: readonly number[]): Map<number, Record<string, string>> {
    const out = new Map<number, Record<string, string>>();
    for (const rel of this.hook.relations()) {
      if (relationIds !== undefined && !relationIds.includes(rel.id)) continue;
      out.set(rel.id, this.resolvedView(rel, undefined, true));
    }
    return out;
  }

  // ---- aliases and payloads ------------------------------------------------------------------


  /**
   * The alias of `rel` as this unit recorded it: from the engine's memory, else (a relation this
   * unit saw before upgrading) from its unit databag, read only when the endpoint has aliases.
   */
  private aliasOf(rel: RelationHandle): string | undefined {
    const remembered = this.memory.relation(rel.id);
    if (remembered !== undefined) return remembered.alias;
    if (this.spec.relationAliases.length === 0) return undefined;
    return this.hook.localUnitBag(rel)[ALIAS_KEY];
  }

  /** The fields every relation event payload carries. */
  private relationEventBase(rel: RelationHandle, alias: string | undefined): RelationEventBase {
    return { relationId: rel.id, relationName: rel.endpoint, remoteApp: rel.remoteApp, alias };
  }

  // ---- relation-changed, its steps -----------------------------------------------------


  /** The relation is beyond the endpoint's `limit` (by relation id: the oldest relations are served). */
  private limitProblem(rel: RelationHandle): ProviderDataError | undefined {
    const limit = this.endpointLimit;
    if (limit === undefined) return undefined;
    const within = (ids: readonly number[]): boolean => [...ids].sort((a, b) => a - b).indexOf(rel.id) < limit;
    // The recorded relations suffice to serve a relation (no tool call); holding one is confirmed
    // with Juju's own list, in case the record kept a relation whose -broken hook was skipped.
    const known = this.hook.knownRelationIds();
    if (known !== undefined && within(known)) return undefined;
    if (within(this.hook.relationIds())) return undefined;
    return new RelationLimitExceededError(formatRelationRef(rel), rel.endpoint, limit, rel.remoteApp);
  }

  /** Reads every published group secret of the answered requests with `--refresh`; the problems of those that failed. */
  private refreshAll(rel: RelationHandle, remoteApp: Readonly<Record<string, string>>, ids: readonly (string | undefined)[]): ProviderDataError[] {
    const { reader, checks } = this;
    const out: ProviderDataError[] = [];
    for (const id of ids) {
      const { bag } = reader.providerFields(rel, id, remoteApp);
      for (const group of groupsToRead(bag, reader.fields)) {
        const uri = bag[secretKeyOf(group)];
        if (uri === undefined || !isSecretUri(uri)) continue; // checks report it
        const problem = checks.readProblem(rel, group, id, uri, reader.refreshGroup(rel, group, id, uri));
        if (problem !== undefined) out.push(problem);
      }
    }
    return out;
  }

  /** The memory an upgraded unit starts from, from its old databag snapshot. */
  private adoptLegacy(
    rel: RelationHandle,
    remoteApp: Readonly<Record<string, string>>,
    localUnit: Readonly<Record<string, string>>,
    v1: boolean,
  ): { seen?: string; created: string[] } {
    const { reader, memory } = this;
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

  private entityRequested(spec: RequestSpec): boolean | undefined {
    // docs/protocol.md#n-02: decided from the local request; unknown only when the charm requests nothing itself.
    if (spec.entityType !== undefined) return true;
    return spec.database !== undefined ? false : undefined;
  }

  private payloadOf(rel: RelationHandle, e: DecidedEvent, remoteApp: Readonly<Record<string, string>>, alias: string | undefined): EmittedEvent<R> {
    const base = this.relationEventBase(rel, alias);
    if ("status" in e) {
      const activeStatuses = Object.freeze(parseStatuses(remoteApp["status"], formatRelationRef(rel)));
      return { name: e.kind, payload: Object.freeze({ ...base, status: e.status, activeStatuses }) };
    }
    const response = this.reader.response(rel, e.requestId, remoteApp);
    return { name: e.kind, payload: Object.freeze({ ...base, response, requestId: e.requestId }) };
  }
}

/** The remote application's name to remember for `rel`, when Juju named it. */
function appOf(rel: RelationHandle): { readonly app?: string } {
  return rel.remoteApp === undefined || rel.remoteApp === "" ? {} : { app: rel.remoteApp };
}
