/**
 * Hook and action names derived, at the type level, from a charm's metadata and actions given
 * as object literals: `ctx.on.action("bakup")` and `ctx.on.hook("strat")` fail typechecking.
 * The names a charm observes (`CharmHookKind`, `EndpointsOf`, `ActionsOf`) are lib/ops' (one
 * definition, lib/ops/charm/hook-names.ts; `CharmBase<M, A>.on` takes them); this adds the hooks
 * the harness fires by name.
 */
import type { CharmHookKind, EndpointsOf, SecretHookKind } from "../../ops/index.js";
import type { RelationEventName } from "../juju/hook.js";

export type { ActionsOf, CharmHookKind, EndpointsOf } from "../../ops/index.js";

/**
 * The hooks `ctx.on.hook(name)` may fire for metadata `M`: lifecycle, workload and storage
 * hooks (relation, secret and action events have their own constructors). Any string when `M`
 * is YAML text or untyped.
 */
export type UnitHookName<M> = string extends EndpointsOf<M> ? string : Exclude<CharmHookKind<M>, `action:${string}` | SecretHookKind | `${string}-relation-${RelationEventName}`>;
