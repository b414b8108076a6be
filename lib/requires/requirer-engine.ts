/**
 * The requirer protocol engine for one hook: it turns hook occurrences (relation-created,
 * -changed, -broken, secret-changed, leader hooks) into databag writes and typed events, through
 * a {@link RequirerPort}. One instance lives for one hook, so its secret cache is the single
 * per-hook cache of G-12: every secret is read at most once per hook, always with refresh.
 */
import { chooseAlias, ALIAS_KEY } from "./alias-assignment.js";
import { SecretUri } from "../interfaces/database/field_codecs.js";
import { ProviderDataError, ProviderSecretUnavailableError, UnknownRelationError } from "./errors.js";
import { decideV0, decideV1, isV1Layout, parseV1Responses, type DecidedEvent, type LabelRegistration } from "./event-decision.js";
import { groupsToRead, resolveFields, type GroupContents } from "./field-resolution.js";
import { parseStatuses } from "./provider-status.js";
import { asProviderProblem, isTransient, layoutProblems, missingSecretFields, problemText, valueProblems, withoutEmptyValues } from "./provider-problems.js";
import type { RequestSpec } from "./request-config.js";
import { buildUnitRequest, buildV0Request, buildV1RequestObject, requestedSecretFields, type RequestContext } from "./request-builder.js";
import { reconcileV0, reconcileV1, type RequestConflict } from "./request-reconciler.js";
import type { RelationHandle, RequirerPort } from "./requirer-port.js";
import type { EmittedEvent, RelationEventBase, ResponseDecoder } from "./requires-events.js";
import { decodeResponse, isCreated, type DatabaseResponse } from "./response.js";
import { contentDigest, digestKey, isNewContent, rotationEventOf } from "./rotation.js";
import { helperSecretLabel, parseSecretLabel, secretKeyOf, secretLabel, type SecretGroup } from "./secret-groups.js";
import {
  DIGESTS_KEY,
  SNAPSHOT_KEY,
  encodeDigests,
  encodeSnapshot,
  encodeV1Snapshot,
  readDigests,
  readSnapshot,
  readV1Snapshot,
  sameAsSnapshot,
  valueDigest,
} from "./snapshot.js";

/** Conflicts found while reconciling one relation's request. */
export interface RelationConflicts {
  /** The relation reconciled. */
  readonly relationId: number;
  /** Requested values the live relation cannot take. */
  readonly conflicts: readonly RequestConflict[];
}

/** The per-hook engine. */
export class RequirerEngine<R = DatabaseResponse> {
  private readonly secrets = new Map<string, Readonly<Record<string, string>> | undefined>();
  private readonly held = new Map<number, readonly ProviderDataError[]>();
  private readonly fields: readonly string[];
  private readonly secretKeys: ReadonlySet<string>;

  constructor(
    private readonly spec: RequestSpec,
    private readonly port: RequirerPort,
    private readonly decode: ResponseDecoder<R> = decodeResponse as unknown as ResponseDecoder<R>,
  ) {
    this.fields = requestedSecretFields(spec);
    this.secretKeys = new Set(this.fields);
  }

  // ---- relation-created and leader reconciliation --------------------------------------------

  /** relation-created: alias on every unit, secret lists in the leader's unit bag, request (P-01). */
  relationCreated(rel: RelationHandle): RelationConflicts {
    const own = this.port.localUnitBag(rel)[ALIAS_KEY];
    const usedElsewhere =
      this.spec.relationAliases.length === 0
        ? []
        : this.port
            .relations()
            .filter((r) => r.id !== rel.id)
            .map((r) => this.port.localUnitBag(r)[ALIAS_KEY])
            .filter((a): a is string => a !== undefined);
    const alias = chooseAlias(this.spec.relationName, this.spec.relationAliases, own, usedElsewhere);
    const leader = this.port.isLeader();
    const unitWrites = buildUnitRequest(this.spec, this.context(rel, alias, undefined, leader), leader);
    const localUnit = this.port.localUnitBag(rel);
    const changedUnit = Object.fromEntries(Object.entries(unitWrites).filter(([k, v]) => localUnit[k] !== v));
    if (Object.keys(changedUnit).length > 0) this.port.writeLocalUnit(rel, changedUnit);
    if (!leader) return { relationId: rel.id, conflicts: [] };
    return this.reconcile(rel, alias);
  }

  /** Leader hooks (G-10): re-assert the request on every relation; conflicts are reported, not written. */
  reconcileAll(): RelationConflicts[] {
    if (!this.port.isLeader()) return [];
    return this.port.relations().map((rel) => this.reconcile(rel, this.port.localUnitBag(rel)[ALIAS_KEY]));
  }

  private context(rel: RelationHandle, alias: string | undefined, requestedEntitySecretUri?: string, leader = false): RequestContext {
    // Only the leader writes provided-secrets, so only it needs to know (one relation-model-get).
    const crossModel = leader && this.port.secretsAvailable && this.isCrossModel(rel);
    return {
      secretsAvailable: this.port.secretsAvailable,
      crossModel,
      appName: this.port.appName,
      relationId: rel.id,
      ...(alias === undefined ? {} : { alias }),
      ...(requestedEntitySecretUri === undefined ? {} : { requestedEntitySecretUri }),
    };
  }

  private reconcile(rel: RelationHandle, alias: string | undefined): RelationConflicts {
    const current = this.port.localAppBag(rel);
    let plan;
    if (this.spec.protocol === "v1") {
      plan = reconcileV1(buildV1RequestObject(this.spec, this.context(rel, alias)), alias, current);
    } else {
      const entitySecret = this.entitySecretFor(rel, current);
      plan = reconcileV0(buildV0Request(this.spec, this.context(rel, alias, entitySecret, true)), current);
    }
    if (Object.keys(plan.writes).length > 0) this.port.writeLocalApp(rel, plan.writes);
    for (const c of plan.conflicts) {
      this.port.log(
        "WARNING",
        `relation ${rel.endpoint}:${rel.id}: request key "${c.key}" cannot change on a live relation ` +
          `(requested ${c.requested ?? "<absent>"}, relation has ${c.current ?? "<absent>"}); remove and re-add the relation to change it`,
      );
    }
    return { relationId: rel.id, conflicts: plan.conflicts };
  }

  private readonly crossModel = new Map<number, boolean>();
  private isCrossModel(rel: RelationHandle): boolean {
    let known = this.crossModel.get(rel.id);
    if (known === undefined) {
      known = this.port.isCrossModel(rel);
      this.crossModel.set(rel.id, known);
    }
    return known;
  }

  /** URI for `requested-entity-secret`; a helper secret is minted only with the first full request (S-07). */
  private entitySecretFor(rel: RelationHandle, current: Readonly<Record<string, string>>): string | undefined {
    const wanted = this.spec.requestedEntity;
    if (wanted === undefined) return undefined;
    if ("secretUri" in wanted) return wanted.secretUri;
    const existing = current["requested-entity-secret"];
    if (existing !== undefined) return existing;
    if (current["database"] !== undefined || this.spec.database === undefined) return "(requested entity)";
    const content: Record<string, string> = { "entity-name": wanted.name };
    if (wanted.password !== undefined) content["password"] = wanted.password;
    return this.port.addGrantedAppSecret(content, helperSecretLabel(this.port.modelUuid, rel.id), rel);
  }

  // ---- relation-changed ----------------------------------------------------------------------

  /** relation-changed: decide and return the events; stores the snapshot and digests in the unit bag. */
  relationChanged(rel: RelationHandle): EmittedEvent<R>[] {
    const remoteApp = withoutEmptyValues(this.port.remoteAppBag(rel));
    const layout = layoutProblems(`${rel.endpoint}:${rel.id}`, remoteApp);
    if (layout.length > 0) return this.hold(rel, layout);
    const localUnit = this.port.localUnitBag(rel);
    const remoteAppName = rel.remoteApp ?? "";
    const remoteUnits = remoteApp["subordinated"] === "true" ? this.port.remoteUnitBags(rel) : {};
    const base = {
      relation: `${rel.endpoint}:${rel.id}`,
      remoteApp,
      remoteAppName,
      remoteUnits,
      entityRequested: this.entityRequested(),
      mode: this.spec.eventMode,
      secretKeys: this.secretKeys,
    };
    let decision: { events: readonly DecidedEvent[]; registrations: readonly LabelRegistration[] };
    let snapshotText: string;
    if (this.speaksV1(remoteApp)) {
      const d = decideV1({ ...base, previous: readV1Snapshot(localUnit), requestIds: this.requestIds(rel, remoteApp) });
      decision = d;
      snapshotText = encodeV1Snapshot(d.nextSnapshot);
    } else {
      const d = decideV0({ ...base, previous: readSnapshot(localUnit) });
      decision = d;
      snapshotText = encodeSnapshot(d.nextSnapshot);
    }

    const digests = readDigests(localUnit);
    for (const reg of decision.registrations) {
      const content = this.readGroup(rel, reg.group, reg.requestId, reg.uri);
      if (content !== undefined) digests[digestKey(reg.group, reg.requestId)] = contentDigest(content);
    }
    // Every answer an event would carry is checked before anything is remembered: on a problem
    // the snapshot stays put, so the same events are decided again once the data is fixed.
    const answered = new Set(decision.events.flatMap((e) => ("status" in e ? [] : [e.requestId])));
    const problems = [...answered].flatMap((id) => this.check(rel, id, remoteApp));
    if (problems.length > 0) return this.hold(rel, problems);
    const writes: Record<string, string> = {};
    if (localUnit[SNAPSHOT_KEY] !== snapshotText) writes[SNAPSHOT_KEY] = snapshotText;
    const digestText = encodeDigests(digests);
    if ((localUnit[DIGESTS_KEY] ?? "") !== digestText) writes[DIGESTS_KEY] = digestText;
    if (Object.keys(writes).length > 0) this.port.writeLocalUnit(rel, writes);

    const events = decision.events.map((e) => this.payloadOf(rel, e, remoteApp, localUnit));
    if (events.some((e) => e.name === "databaseCreated" || e.name === "databaseEntityCreated")) this.clearHelperSecret(rel);
    return events;
  }

  private entityRequested(): boolean | undefined {
    // N-02: decided from the local request; unknown only when the charm requests nothing itself.
    if (this.spec.entityType !== undefined) return true;
    return this.spec.database !== undefined ? false : undefined;
  }

  private speaksV1(remoteApp: Readonly<Record<string, string>>): boolean {
    if (this.spec.protocol === "v1") return true;
    return this.spec.protocol === "auto" && isV1Layout(remoteApp);
  }

  /** Our v1 request ids: the derived one plus any response to our resource (ids minted elsewhere). */
  private requestIds(rel: RelationHandle, remoteApp: Readonly<Record<string, string>>): string[] {
    const ids = [buildV1RequestObject(this.spec, this.context(rel, undefined))["request-id"]];
    const resource = this.spec.database ?? "";
    for (const [id, r] of parseV1Responses(remoteApp["requests"])) {
      if ((r["resource"] ?? "") === resource && !ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  private clearHelperSecret(rel: RelationHandle): void {
    const wanted = this.spec.requestedEntity;
    if (wanted === undefined || "secretUri" in wanted || !this.port.isLeader()) return;
    this.port.removeAppSecret(helperSecretLabel(this.port.modelUuid, rel.id));
  }

  private baseOf(rel: RelationHandle, localUnit: Readonly<Record<string, string>>): RelationEventBase {
    return { relationId: rel.id, relationName: rel.endpoint, remoteApp: rel.remoteApp, alias: localUnit[ALIAS_KEY] };
  }

  private payloadOf(
    rel: RelationHandle,
    e: DecidedEvent,
    remoteApp: Readonly<Record<string, string>>,
    localUnit: Readonly<Record<string, string>>,
  ): EmittedEvent<R> {
    const base = this.baseOf(rel, localUnit);
    if ("status" in e) {
      const activeStatuses = Object.freeze(parseStatuses(remoteApp["status"], `${rel.endpoint}:${rel.id}`));
      return { name: e.kind, payload: Object.freeze({ ...base, status: e.status, activeStatuses }) };
    }
    const response = this.response(rel, e.requestId, remoteApp);
    return { name: e.kind, payload: Object.freeze({ ...base, response, requestId: e.requestId }) };
  }

  // ---- secret-changed ------------------------------------------------------------------------

  /**
   * secret-changed (S-05, V-05): for a consumer label of this endpoint, refresh the content and
   * emit `credentialsRotated` / `tlsChanged` once per new content. Other labels return nothing.
   */
  secretChanged(secret: { readonly id?: string; readonly label?: string }): EmittedEvent<R>[] {
    if (secret.label === undefined) return [];
    const parsed = parseSecretLabel(secret.label);
    if (parsed === undefined || parsed.endpoint !== this.spec.relationName) return [];
    const rel = this.port.relations().find((r) => r.id === parsed.relationId);
    if (rel === undefined) {
      this.port.log("DEBUG", `secret-changed for ${secret.label}: relation ${parsed.relationId} is gone, ignored`);
      return [];
    }
    const eventName = rotationEventOf(parsed.group);
    if (eventName === undefined) return [];
    const content = this.readGroup(rel, parsed.group, parsed.requestId, secret.id);
    if (content === undefined) return [];
    const localUnit = this.port.localUnitBag(rel);
    const digests = readDigests(localUnit);
    const key = digestKey(parsed.group, parsed.requestId);
    const digest = contentDigest(content);
    if (!isNewContent(digests[key], digest)) return [];
    const problems = this.check(rel, parsed.requestId);
    if (problems.length > 0) return this.hold(rel, problems);
    digests[key] = digest;
    this.port.writeLocalUnit(rel, { [DIGESTS_KEY]: encodeDigests(digests) });
    const response = this.response(rel, parsed.requestId);
    return [{ name: eventName, payload: Object.freeze({ ...this.baseOf(rel, localUnit), response, requestId: parsed.requestId }) }];
  }

  // ---- deferred events ---------------------------------------------------------------------

  /**
   * A deferred event was rebuilt from live data, so the charm now holds the current credentials:
   * remember them as delivered (the group content digests, and the v0 snapshot's secret-bearing
   * keys), so a later secret-changed or relation-changed does not announce the same content again.
   */
  markDelivered(rel: RelationHandle, requestId?: string): void {
    const remoteApp = withoutEmptyValues(this.port.remoteAppBag(rel));
    const localUnit = this.port.localUnitBag(rel);
    const writes: Record<string, string> = {};
    if (this.port.secretsAvailable) {
      const { bag, requestId: id } = this.providerFields(rel, requestId, remoteApp);
      const digests = readDigests(localUnit);
      let changed = false;
      for (const group of groupsToRead(bag, this.fields)) {
        const key = digestKey(group, id);
        if (digests[key] === undefined) continue;
        const content = this.readGroup(rel, group, id, bag[secretKeyOf(group)]);
        if (content === undefined) continue;
        const digest = contentDigest(content);
        if (digest !== digests[key]) {
          digests[key] = digest;
          changed = true;
        }
      }
      if (changed) writes[DIGESTS_KEY] = encodeDigests(digests);
    }
    const snapshot = this.speaksV1(remoteApp) ? undefined : readSnapshot(localUnit);
    if (snapshot !== undefined) {
      let changed = false;
      for (const key of this.secretKeys) {
        const stored = snapshot[key];
        const live = remoteApp[key];
        if (stored === undefined || live === undefined || sameAsSnapshot(key, stored, live, this.secretKeys)) continue;
        snapshot[key] = valueDigest(key, live);
        changed = true;
      }
      if (changed) writes[SNAPSHOT_KEY] = encodeSnapshot(snapshot);
    }
    if (Object.keys(writes).length > 0) this.port.writeLocalUnit(rel, writes);
  }

  // ---- provider problems -------------------------------------------------------------------

  /**
   * Everything wrong with the provider's answer on `rel` (for `requestId`, or our first answered
   * v1 request): layout, unreadable or incomplete group secrets, fields the response decoder
   * rejects. Empty when the answer is usable or simply not there yet.
   */
  check(rel: RelationHandle, requestId?: string, remoteApp: Readonly<Record<string, string>> = this.port.remoteAppBag(rel)): ProviderDataError[] {
    const relation = `${rel.endpoint}:${rel.id}`;
    const layout = layoutProblems(relation, remoteApp);
    if (layout.length > 0) return layout;
    const { bag, requestId: id } = this.providerFields(rel, requestId, remoteApp);
    const out: ProviderDataError[] = [];
    if (this.port.secretsAvailable) {
      for (const group of groupsToRead(bag, this.fields)) {
        const key = secretKeyOf(group);
        if (!SecretUri.safeParse(bag[key]).success) {
          out.push(new ProviderDataError(relation, key, "is not a Juju secret URI (secret:<id> or secret://<model-uuid>/<id>)"));
          continue;
        }
        const content = this.readGroup(rel, group, id, bag[key]);
        if (content === undefined) out.push(new ProviderSecretUnavailableError(relation, key, bag[key] ?? ""));
        else out.push(...missingSecretFields(relation, key, group, content, this.fields));
      }
    }
    if (out.length > 0) return out;
    const view = this.resolvedView(rel, id, false, remoteApp);
    out.push(...valueProblems(relation, view));
    if (out.length > 0) return out;
    try {
      this.decode(view, relation);
    } catch (e) {
      const problem = asProviderProblem(e, relation);
      if (problem === undefined) throw e;
      out.push(problem);
    }
    return out;
  }

  /** Problems that held back events in this hook, by relation id. */
  heldRelations(): ReadonlyMap<number, readonly ProviderDataError[]> {
    return this.held;
  }

  /** Logs the problems and emits nothing for the relation; nothing is remembered either. */
  private hold(rel: RelationHandle, problems: readonly ProviderDataError[]): EmittedEvent<R>[] {
    this.held.set(rel.id, problems);
    for (const p of problems) {
      const transient = isTransient(p);
      this.port.log(
        transient ? "WARNING" : "ERROR",
        `${problemText(p)}; events of relation ${rel.endpoint}:${rel.id} are held ` +
          (transient ? "and re-checked on the next hooks" : "until the provider corrects its data"),
      );
    }
    return [];
  }

  // ---- relation-broken -----------------------------------------------------------------------

  /** relation-broken: `databaseRemoved` once; the leader removes the helper secret (S-08, G-08). */
  relationBroken(rel: RelationHandle): EmittedEvent<R>[] {
    let alias: string | undefined;
    try {
      alias = this.port.localUnitBag(rel)[ALIAS_KEY];
    } catch {
      alias = undefined;
    }
    this.clearHelperSecret(rel);
    return [{ name: "databaseRemoved", payload: Object.freeze({ relationId: rel.id, relationName: rel.endpoint, remoteApp: rel.remoteApp, alias }) }];
  }

  // ---- reading -------------------------------------------------------------------------------

  /** Content of a group secret through the per-hook cache; by URI (label re-attached) when known. */
  private readGroup(rel: RelationHandle, group: SecretGroup, requestId: string | undefined, uri: string | undefined): Readonly<Record<string, string>> | undefined {
    if (!this.port.secretsAvailable) return undefined;
    const label = secretLabel(rel.endpoint, rel.id, group, requestId);
    if (this.secrets.has(label)) return this.secrets.get(label);
    const content = this.port.readSecret(uri === undefined ? { label } : { id: uri, label });
    this.secrets.set(label, content);
    return content;
  }

  /** The raw provider fields of a relation (v0 flat bag, or the flat v1 response with `database`). */
  private providerFields(
    rel: RelationHandle,
    requestId: string | undefined,
    remoteApp: Readonly<Record<string, string>> = this.port.remoteAppBag(rel),
  ): { bag: Readonly<Record<string, string>>; requestId: string | undefined } {
    if (!this.speaksV1(remoteApp)) return { bag: remoteApp, requestId: undefined };
    const responses = parseV1Responses(remoteApp["requests"]);
    const id = requestId ?? this.requestIds(rel, remoteApp).find((i) => responses.has(i));
    const response = id === undefined ? undefined : responses.get(id);
    if (response === undefined) return { bag: {}, requestId: id };
    const bag: Record<string, string> = { ...response };
    if (bag["database"] === undefined && bag["resource"] !== undefined) bag["database"] = bag["resource"];
    return { bag, requestId: id };
  }

  /** The resolved view (§1.5.4) of a relation; `includeData` keeps the provider's `data`. */
  resolvedView(rel: RelationHandle, requestId?: string, includeData = false, remoteApp?: Readonly<Record<string, string>>): Record<string, string> {
    const { bag, requestId: id } = this.providerFields(rel, requestId, remoteApp);
    const contents: GroupContents = {};
    if (this.port.secretsAvailable) {
      for (const group of groupsToRead(bag, this.fields)) {
        const content = this.readGroup(rel, group, id, bag[secretKeyOf(group)]);
        if (content !== undefined) contents[group] = content;
      }
    }
    return resolveFields(bag, contents, this.fields, includeData);
  }

  /** The typed response of a relation (`remoteApp`: the provider bag when the caller already read it). */
  response(rel: RelationHandle, requestId?: string, remoteApp?: Readonly<Record<string, string>>): R {
    return this.decode(this.resolvedView(rel, requestId, false, remoteApp), `${rel.endpoint}:${rel.id}`);
  }

  /** one relation by id (unknown id → error), or all relations (false when none). */
  isResourceCreated(relationId?: number): boolean {
    const rels = this.port.relations();
    if (relationId !== undefined) {
      const rel = rels.find((r) => r.id === relationId);
      if (rel === undefined) throw new UnknownRelationError(this.spec.relationName, relationId);
      return isCreated(this.resolvedView(rel));
    }
    return rels.length > 0 && rels.every((r) => isCreated(this.resolvedView(r)));
  }

  /** the resolved view of each relation, including the provider's `data`. */
  fetchRelationData(relationIds?: readonly number[]): Map<number, Record<string, string>> {
    const out = new Map<number, Record<string, string>>();
    for (const rel of this.port.relations()) {
      if (relationIds !== undefined && !relationIds.includes(rel.id)) continue;
      out.set(rel.id, this.resolvedView(rel, undefined, true));
    }
    return out;
  }
}
