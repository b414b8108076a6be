/**
 * Writes this unit's side of the request: on relation-created the alias and the unit-bag request
 * keys on every unit, and on the leader the application-bag request (P-01); on leader
 * hooks the request is re-asserted on every relation (G-10). Keys a live relation cannot change
 * are reported as conflicts and logged, never written.
 */
import { chooseAlias, ALIAS_KEY } from "./alias-assignment.js";
import { entitySecretFor } from "./entity-helper-secret.js";
import type { RequestSpec } from "./request-config.js";
import { buildUnitRequest, buildV0Request, buildV1RequestObject, type RequestContext } from "./request-builder.js";
import { requestContextOf } from "./request-context.js";
import { reconcileV0, reconcileV1, type RequestConflict } from "./request-reconciler.js";
import type { RelationHandle, RequirerPort } from "./requirer-port.js";

/** Conflicts found while reconciling one relation's request. */
export interface RelationConflicts {
  /** The relation reconciled. */
  readonly relationId: number;
  /** Requested values the live relation cannot take. */
  readonly conflicts: readonly RequestConflict[];
}

/** Writes and re-asserts the request for one hook; remembers per relation whether it crosses models. */
export class RequestWriter {
  private readonly crossModel = new Map<number, boolean>();
  private readonly aliases = new Map<number, string>();

  constructor(
    private readonly spec: RequestSpec,
    private readonly port: RequirerPort,
  ) {}

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
    if (alias !== undefined) this.aliases.set(rel.id, alias);
    const leader = this.port.isLeader();
    const unitWrites = buildUnitRequest(this.spec, this.context(rel, alias, undefined, leader), leader);
    const localUnit = this.port.localUnitBag(rel);
    const changedUnit = Object.fromEntries(Object.entries(unitWrites).filter(([k, v]) => localUnit[k] !== v));
    if (Object.keys(changedUnit).length > 0) this.port.writeLocalUnit(rel, changedUnit);
    if (!leader) return { relationId: rel.id, conflicts: [] };
    return this.reconcile(rel, alias);
  }

  /** The alias chosen for `relationId` in this hook's relation-created, if any. */
  aliasOf(relationId: number): string | undefined {
    return this.aliases.get(relationId);
  }

  /** Leader hooks (G-10): re-assert the request on every relation; conflicts are reported, not written. */
  reconcileAll(): RelationConflicts[] {
    if (!this.port.isLeader()) return [];
    return this.port.relations().map((rel) => this.reconcile(rel, this.port.localUnitBag(rel)[ALIAS_KEY]));
  }

  private context(rel: RelationHandle, alias: string | undefined, requestedEntitySecretUri?: string, leader = false): RequestContext {
    // Only the leader writes provided-secrets, so only it needs to know (one relation-model-get).
    const crossModel = leader && this.port.secretsAvailable && this.isCrossModel(rel);
    return requestContextOf(this.port, rel, alias, requestedEntitySecretUri, crossModel);
  }

  private reconcile(rel: RelationHandle, alias: string | undefined): RelationConflicts {
    const current = this.port.localAppBag(rel);
    let plan;
    if (this.spec.protocol === "v1") {
      plan = reconcileV1(buildV1RequestObject(this.spec, this.context(rel, alias)), alias, current);
    } else {
      const entitySecret = entitySecretFor(this.spec, this.port, rel, current);
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

  private isCrossModel(rel: RelationHandle): boolean {
    let known = this.crossModel.get(rel.id);
    if (known === undefined) {
      known = this.port.isCrossModel(rel);
      this.crossModel.set(rel.id, known);
    }
    return known;
  }
}
