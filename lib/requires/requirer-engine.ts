/**
 * The requirer protocol engine for one hook: it turns hook occurrences (relation-created,
 * -changed, -broken, secret-changed, leader hooks) into request writes and typed events, through
 * a {@link RequirerPort}. One instance lives for one hook, so its secret cache is the single
 * per-hook cache of G-12: every secret is read at most once per hook. What it announced is
 * remembered in unit-local state ({@link EngineMemory}), never in a relation databag.
 *
 * The engine is a facade: the request is written by `RequestWriter`, the provider's answer
 * read by `ProviderReader` and checked by `ProviderChecks`, and each hook handled in
 * its own module (relation-changed-handler, secret-changed-handler, delivery-marking).
 */
import { ALIAS_KEY } from "./alias-assignment.js";
import { markDelivered } from "./delivery-marking.js";
import { EngineMemory } from "./engine-memory.js";
import { legacyCreated } from "./legacy-memory.js";
import { clearHelperSecret } from "./entity-helper-secret.js";
import { UnknownRelationError, type ProviderDataError } from "./errors.js";
import { ProviderChecks } from "./provider-checks.js";
import { ProviderReader } from "./provider-reader.js";
import { handleRelationChanged, limitProblem } from "./relation-changed-handler.js";
import type { RequestSpec } from "./request-config.js";
import { RequestWriter, type RelationConflicts } from "./request-writer.js";
import type { RequirerHookScope } from "./requirer-hook-scope.js";
import type { RelationHandle, RequirerPort } from "./requirer-port.js";
import type { EmittedEvent, ResponseDecoder } from "./requires-events.js";
import { decodeResponse, isCreated, type DatabaseResponse } from "./response.js";
import { relationOfSecret } from "./secret-changed-handler.js";

export type { RelationConflicts } from "./request-writer.js";

/** The per-hook engine. */
export class RequirerEngine<R = DatabaseResponse> {
  private readonly reader: ProviderReader<R>;
  private readonly checks: ProviderChecks<R>;
  private readonly writer: RequestWriter;
  private readonly scope: RequirerHookScope<R>;
  private readonly memory: EngineMemory;

  /**
   * @param endpointLimit the endpoint's `limit` from the charm's metadata: relations beyond it
   *   are held and reported as problems instead of delivered.
   */
  constructor(
    private readonly spec: RequestSpec,
    private readonly port: RequirerPort,
    decode: ResponseDecoder<R> = decodeResponse as unknown as ResponseDecoder<R>,
    endpointLimit?: number,
  ) {
    this.reader = new ProviderReader(spec, port, decode);
    this.checks = new ProviderChecks(port, this.reader, decode);
    this.writer = new RequestWriter(spec, port);
    this.memory = new EngineMemory(port.memoryStore, (m) => port.log("WARNING", m));
    this.scope = { spec, port, reader: this.reader, checks: this.checks, memory: this.memory, endpointLimit };
  }

  // ---- relation-created and leader reconciliation --------------------------------------------

  /** relation-created: alias on every unit, secret lists in the leader's unit bag, request (P-01). */
  relationCreated(rel: RelationHandle): RelationConflicts {
    const result = this.writer.relationCreated(rel);
    // Remembered from the start, so later hooks need not read the unit databag for the alias.
    if (this.memory.relation(rel.id) === undefined) {
      const alias = this.writer.aliasOf(rel.id);
      this.memory.setRelation(rel.id, { created: [], ...(alias === undefined ? {} : { alias }) });
    }
    return result;
  }

  /** Leader hooks (G-10): re-assert the request on every relation; conflicts are reported, not written. */
  reconcileAll(): RelationConflicts[] {
    return this.writer.reconcileAll();
  }

  // ---- relation-changed ----------------------------------------------------------------------

  /** relation-changed (and re-checks): decide and return the events; remembers them in unit-local state. */
  relationChanged(rel: RelationHandle): EmittedEvent<R>[] {
    return handleRelationChanged(this.scope, rel);
  }

  // ---- secret-changed ------------------------------------------------------------------------

  /**
   * secret-changed (S-05, V-05): the relation the secret belongs to (by this endpoint's consumer
   * label, or by URI), to be observed like on relation-changed; undefined for other secrets.
   */
  relationOfSecret(secret: { readonly id?: string; readonly label?: string }): RelationHandle | undefined {
    return relationOfSecret(this.scope, secret);
  }

  /** secret-changed: the events of the secret's relation (see {@link relationOfSecret}). */
  secretChanged(secret: { readonly id?: string; readonly label?: string }): EmittedEvent<R>[] {
    const rel = this.relationOfSecret(secret);
    return rel === undefined ? [] : this.relationChanged(rel);
  }

  /** Relations held back because the endpoint's limit was exceeded (re-observed when another relation goes). */
  heldOverLimit(): RelationHandle[] {
    return this.port.relations().filter((r) => this.memory.relation(r.id)?.overLimit === true);
  }

  // ---- deferred events ---------------------------------------------------------------------

  /**
   * A deferred event was rebuilt from live data, so the charm now holds the current credentials:
   * remember them as delivered (the group content digests, and the v0 snapshot's secret-bearing
   * keys), so a later secret-changed or relation-changed does not announce the same content again.
   */
  markDelivered(rel: RelationHandle, requestId?: string): void {
    markDelivered(this.scope, rel, requestId);
  }

  // ---- provider problems -------------------------------------------------------------------

  /**
   * Everything wrong with the provider's answer on `rel` (for `requestId`, or our first answered
   * v1 request): layout, unreadable or incomplete group secrets, fields the response decoder
   * rejects. Empty when the answer is usable or simply not there yet.
   */
  check(rel: RelationHandle, requestId?: string, remoteApp?: Readonly<Record<string, string>>): ProviderDataError[] {
    const overLimit = this.memory.relation(rel.id)?.created.length ? undefined : limitProblem(this.scope, rel);
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
   * the relation (issue 13, defect 10); the leader removes the helper secret (S-08, G-08).
   */
  relationBroken(rel: RelationHandle): EmittedEvent<R>[] {
    const remembered = this.memory.relation(rel.id);
    let alias = remembered?.alias;
    let created = (remembered?.created.length ?? 0) > 0;
    if (remembered === undefined) {
      // A relation this unit saw before upgrading: its old databag snapshot tells.
      try {
        const localUnit = this.port.localUnitBag(rel);
        alias = localUnit[ALIAS_KEY];
        created = legacyCreated(localUnit);
      } catch {
        alias = undefined;
      }
    }
    clearHelperSecret(this.spec, this.port, rel);
    this.memory.forget(rel.id);
    if (!created) return [];
    return [{ name: "databaseRemoved", payload: Object.freeze({ relationId: rel.id, relationName: rel.endpoint, remoteApp: rel.remoteApp, alias }) }];
  }

  // ---- reading -------------------------------------------------------------------------------

  /** The resolved view (§1.5.4) of a relation; `includeData` keeps the provider's `data`. */
  resolvedView(rel: RelationHandle, requestId?: string, includeData = false, remoteApp?: Readonly<Record<string, string>>): Record<string, string> {
    return this.reader.resolvedView(rel, requestId, includeData, remoteApp);
  }

  /** The typed response of a relation (`remoteApp`: the provider bag when the caller already read it). */
  response(rel: RelationHandle, requestId?: string, remoteApp?: Readonly<Record<string, string>>): R {
    return this.reader.response(rel, requestId, remoteApp);
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
