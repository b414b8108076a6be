/**
 * Hook and action names derived, at the type level, from a charm's metadata and actions given
 * as object literals. With them a typo in `this.on("databse-relation-changed", ...)` or
 * `ctx.on.action("bakup")` fails typechecking instead of at run time.
 *
 * Limits (TypeScript sees types, not files): the names are only as precise as the type of the
 * metadata object. Metadata read from YAML text, or typed as `Record<string, ...>`, has
 * `string` keys, and then every name is accepted, as before. Object keys stay literal even
 * without `as const`, so a metadata object written in TypeScript is enough.
 */
import type { LifecycleHookKind, SecretHookKind } from "../../ops/index.js";
import type { RelationEventName } from "../juju/hook.js";

/** The string keys of `T` when it is an object (YAML text, null or undefined give `never`). */
type KeysOf<T> = T extends string ? never : T extends Readonly<Record<string, unknown>> ? Extract<keyof T, string> : never;
/** The keys of the `field` section of metadata `M`. */
type Section<M, Field extends string> = M extends string ? string : M extends { readonly [K in Field]?: infer S } ? KeysOf<S> : never;

/** Endpoint names declared by metadata `M` (requires, provides and peers); `string` when `M` is YAML text or untyped. */
export type EndpointsOf<M> = Section<M, "requires"> | Section<M, "provides"> | Section<M, "peers">;
/** Action names declared by actions `A`; `string` when `A` is YAML text or untyped. */
export type ActionsOf<A> = A extends string ? string : KeysOf<A>;

/** Pebble event suffixes of a container (`<container>-pebble-<event>`). */
type WorkloadEvent = "ready" | "custom-notice" | "check-failed" | "check-recovered";

/**
 * Every hook kind a charm with metadata `M` and actions `A` can observe with `CharmBase.on`:
 * lifecycle and secret hooks, `<endpoint>-relation-<event>` for declared endpoints,
 * `<container>-pebble-<event>`, `<storage>-storage-<event>` and `action:<name>` for declared
 * actions. Each member is also a lib/ops `HookKind`, so it can be passed on to `super.on`.
 */
export type CharmHookKind<M, A = Record<never, never>> =
  | LifecycleHookKind
  | SecretHookKind
  | `${EndpointsOf<M>}-relation-${RelationEventName}`
  | `${Section<M, "containers">}-pebble-${WorkloadEvent}`
  | `${Section<M, "storage">}-storage-${"attached" | "detaching"}`
  | `action:${ActionsOf<A>}`;

/**
 * The hooks `ctx.on.hook(name)` may fire for metadata `M`: lifecycle, workload and storage
 * hooks (relation, secret and action events have their own constructors). Any string when `M`
 * is YAML text or untyped.
 */
export type UnitHookName<M> = string extends EndpointsOf<M> ? string : Exclude<CharmHookKind<M>, `action:${string}` | SecretHookKind | `${string}-relation-${RelationEventName}`>;
