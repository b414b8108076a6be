/**
 * The requirer protocol engine for one hook: it turns hook occurrences (relation-created,
 * -changed, -broken, secret-changed, leader hooks) into databag writes and typed events, through
 * a {@link RequirerPort}. One instance lives for one hook, so its secret cache is the single
 * per-hook cache of G-12: every secret is read at most once per hook, always with refresh.
 *
 * The engine is a facade: the request is written by `RequestWriter`, the provider's answer
 * read by `ProviderReader` and checked by `ProviderChecks`, and each hook handled in
 * its own module (relation-changed-handler, secret-changed-handler, delivery-marking).
 */
import { ALIAS_KEY } from "./alias-assignment.js";
import { markDelivered } from "./delivery-marking.js";
import { clearHelperSecret } from "./entity-helper-secret.js";
import { UnknownRelationError, type ProviderDataError } from "./errors.js";
import { ProviderChecks } from "./provider-checks.js";
import { ProviderReader } from "./provider-reader.js";
import { handleRelationChanged } from "./relation-changed-handler.js";
import type { RequestSpec } from "./request-config.js";
import { RequestWriter, type RelationConflicts } from "./request-writer.js";
import type { RequirerHookScope } from "./requirer-hook-scope.js";
import type { RelationHandle, RequirerPort } from "./requirer-port.js";
import type { EmittedEvent, ResponseDecoder } from "./requires-events.js";
import { decodeResponse, isCreated, type DatabaseResponse } from "./response.js";
import { handleSecretChanged } from "./secret-changed-handler.js";

export type { RelationConflicts } from "./request-writer.js";

/** The per-hook engine. */
export class RequirerEngine<R = DatabaseResponse> {
  private readonly reader: ProviderReader<R>;
  private readonly checks: ProviderChecks<R>;
  private readonly writer: RequestWriter;
  private readonly scope: RequirerHookScope<R>;

  constructor(
    private readonly spec: RequestSpec,
    private readonly port: RequirerPort,
    decode: ResponseDecoder<R> = decodeResponse as unknown as ResponseDecoder<R>,
  ) {
    this.reader = new ProviderReader(spec, port, decode);
    this.checks = new ProviderChecks(port, this.reader, decode);
    this.writer = new RequestWriter(spec, port);
    this.scope = { spec, port, reader: this.reader, checks: this.checks };
  }

  // ---- relation-created and leader reconciliation --------------------------------------------

  /** relation-created: alias on every unit, secret lists in the leader's unit bag, request (P-01). */
  relationCreated(rel: RelationHandle): RelationConflicts {
    return this.writer.relationCreated(rel);
  }

  /** Leader hooks (G-10): re-assert the request on every relation; conflicts are reported, not written. */
  reconcileAll(): RelationConflicts[] {
    return this.writer.reconcileAll();
  }

  // ---- relation-changed ----------------------------------------------------------------------

  /** relation-changed: decide and return the events; stores the snapshot and digests in the unit bag. */
  relationChanged(rel: RelationHandle): EmittedEvent<R>[] {
    return handleRelationChanged(this.scope, rel);
  }

  // ---- secret-changed ------------------------------------------------------------------------

  /**
   * secret-changed (S-05, V-05): for a consumer label of this endpoint, refresh the content and
   * emit `credentialsRotated` / `tlsChanged` once per new content. Other labels return nothing.
   */
  secretChanged(secret: { readonly id?: string; readonly label?: string }): EmittedEvent<R>[] {
    return handleSecretChanged(this.scope, secret);
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
    return this.checks.check(rel, requestId, remoteApp);
  }

  /** Problems that held back events in this hook, by relation id. */
  heldRelations(): ReadonlyMap<number, readonly ProviderDataError[]> {
    return this.checks.heldRelations();
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
    clearHelperSecret(this.spec, this.port, rel);
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
