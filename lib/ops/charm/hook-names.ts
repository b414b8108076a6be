/**
 * Hook names derived, at the type level, from a charm's metadata and actions given as objects.
 * `CharmBase<typeof METADATA, typeof ACTIONS>` narrows `this.on(...)` to these names, so a typo
 * in `this.on("databse-relation-changed", ...)` or `this.on("action:bakup", ...)` fails
 * typechecking instead of at run time.
 *
 * Limits (TypeScript sees types, not files): the names are only as precise as the type of the
 * metadata object. Metadata read from YAML text, or typed as `Record<string, ...>`, has `string`
 * keys, and then every name is accepted, as before; so is every name when no type is given
 * (`CharmBase` alone). Object keys stay literal even without `as const`.
 */
import type { LifecycleHookKind, SecretHookKind } from "./hook-kinds.js";

/** The string keys of `T` when it is an object (null or undefined give `never`). */
type KeysOf<T> = T extends string ? never : T extends Readonly<Record<string, unknown>> ? Extract<keyof T, string> : never;
/** The keys of the `field` section of metadata `M`; `string` when `M` is a string (YAML text, or untyped). */
type Section<M, Field extends string> = M extends string ? string : M extends { readonly [K in Field]?: infer S } ? KeysOf<S> : never;

/** `<endpoint>-relation-<event>` events. */
type RelationHookEvent = "created" | "joined" | "changed" | "departed" | "broken";
/** Pebble event suffixes of a container (`<container>-pebble-<event>`). */
type WorkloadHookEvent = "ready" | "custom-notice" | "check-failed" | "check-recovered";

/** Endpoint names declared by metadata `M` (requires, provides and peers); `string` when `M` is YAML text or untyped. */
export type EndpointsOf<M> = Section<M, "requires"> | Section<M, "provides"> | Section<M, "peers">;
/** Action names declared by actions `A`; `string` when `A` is YAML text or untyped. */
export type ActionsOf<A> = A extends string ? string : KeysOf<A>;

/**
 * Every hook kind a charm with metadata `M` and actions `A` can observe with `CharmBase.on`:
 * lifecycle and secret hooks, `<endpoint>-relation-<event>` for declared endpoints,
 * `<container>-pebble-<event>`, `<storage>-storage-<event>` and `action:<name>` for declared
 * actions. With `M` and `A` left as `string`, this is every {@link HookKind}.
 */
export type CharmHookKind<M = string, A = string> =
  | LifecycleHookKind
  | SecretHookKind
  | `${EndpointsOf<M>}-relation-${RelationHookEvent}`
  | `${Section<M, "containers">}-pebble-${WorkloadHookEvent}`
  | `${Section<M, "storage">}-storage-${"attached" | "detaching"}`
  | `action:${ActionsOf<A>}`;
