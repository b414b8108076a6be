/**
 * Type-level test (checked by `tsc --noEmit`, and by test/ops/typed-hook-names.test.ts under jest):
 * `CharmBase<typeof METADATA, typeof ACTIONS>.on` takes only the names the metadata and actions
 * declare, and a charm without the types takes every name as before. Every `@ts-expect-error`
 * line must be an error; the jest test also checks that each is one when the marker is removed.
 * Nothing here runs.
 */
import { CharmBase, main, type CharmHookKind, type EventFor } from "../../../lib/ops/index.js";
import { Context } from "../../../lib/testing/index.js";

const METADATA = {
  name: "typed-names",
  requires: { database: { interface: "postgresql_client", limit: 1 } },
  provides: { metrics: { interface: "prometheus_scrape" } },
  peers: { cluster: { interface: "typed_peers" } },
  containers: { workload: { resource: "image" } },
  storage: { data: { type: "filesystem" } },
} as const;
const ACTIONS = { backup: { params: { target: { type: "string" } } } } as const;

export class TypedCharm extends CharmBase<typeof METADATA, typeof ACTIONS> {
  protected override setup(): void {
    this.on("install", (e) => void e.kind);
    this.on("database-relation-changed", (e) => void e.relation.id);
    this.on("metrics-relation-joined", (e) => void e.relation);
    this.on("cluster-relation-departed", (e) => void e.relation);
    this.on("workload-pebble-ready", (e) => void e.workload);
    this.on("data-storage-attached", (e) => void e.storage);
    this.on("action:backup", (e) => void e.params);
    this.on("secret-changed", (e) => void e.secret);
    // @ts-expect-error "databse" is not an endpoint of METADATA
    this.on("databse-relation-changed", () => undefined);
    // @ts-expect-error "action:bakup" is not an action of ACTIONS
    this.on("action:bakup", () => undefined);
    // @ts-expect-error "db" is not an endpoint of METADATA either
    this.on("db-relation-joined", () => undefined);
    // @ts-expect-error "work" is no container of METADATA
    this.on("work-pebble-ready", () => undefined);
    // @ts-expect-error "strat" is no hook at all
    this.on("strat", () => undefined);
  }
}

/** Metadata typed only by its shape (e.g. parsed from YAML): every endpoint name is accepted. */
const LOOSE: { requires?: Record<string, { interface: string }> } = { requires: { database: { interface: "postgresql_client" } } };

export class LooselyTypedCharm extends CharmBase<typeof LOOSE> {
  protected override setup(): void {
    this.on("anything-relation-changed", () => undefined);
    this.on("action:whatever", () => undefined);
    // @ts-expect-error still no hook kind
    this.on("relation-changed-anything", () => undefined);
  }
}

/** A charm that gives no types: every hook kind, as before. */
export class UntypedCharm extends CharmBase {
  protected override setup(): void {
    this.on("databse-relation-changed", (e) => void e.relation);
    this.on("action:bakup", (e) => void e.params);
    // @ts-expect-error not a hook kind in any charm
    this.on("leader-deposed", () => undefined);
  }
}

// Typed charms still go everywhere a charm class goes.
export function charmClassesStillFit(): Promise<void> {
  void new Context(TypedCharm, { metadata: METADATA, actions: ACTIONS });
  void new Context(UntypedCharm, { metadata: METADATA });
  return main(TypedCharm);
}

// The names are one type: CharmHookKind with both parameters left out is every hook kind.
type Same<X, Y> = [X] extends [Y] ? ([Y] extends [X] ? true : false) : false;
export const everyKind: Same<CharmHookKind, import("../../../lib/ops/index.js").HookKind> = true;
export const relationPayload: Same<EventFor<"database-relation-changed">, import("../../../lib/ops/index.js").RelationEvent> = true;
