/**
 * Event names and payloads of the database requirer. Payloads are plain frozen objects: a
 * handler can be unit-tested by calling it with a literal.
 */
import type { ProviderStatus } from "./provider-status.js";
import type { DatabaseResponse } from "./response.js";

/** What every requirer event says about its relation. */
export interface RelationEventBase {
  readonly relationId: number;
  /** The endpoint name. */
  readonly relationName: string;
  readonly remoteApp: string | undefined;
  /** The relation's alias, when aliases are configured. */
  readonly alias: string | undefined;
}

/** Events carrying the provider's answer (secret values filled in, read with refresh). */
export interface ResponseEvent<R = DatabaseResponse> extends RelationEventBase {
  readonly response: R;
  /** v1 request id the response answers (undefined for v0). */
  readonly requestId: string | undefined;
}

/** `statusRaised` / `statusResolved`. */
export interface StatusEvent extends RelationEventBase {
  readonly status: ProviderStatus;
  /** The provider's currently active statuses. */
  readonly activeStatuses: readonly ProviderStatus[];
}

/** `databaseRemoved`: the relation is going away (relation-broken). */
export type RemovedEvent = RelationEventBase;

/** Payload type of every requirer event, by name. */
export interface RequiresEventMap<R = DatabaseResponse> {
  databaseCreated: ResponseEvent<R>;
  databaseEntityCreated: ResponseEvent<R>;
  endpointsChanged: ResponseEvent<R>;
  readOnlyEndpointsChanged: ResponseEvent<R>;
  prefixDatabasesChanged: ResponseEvent<R>;
  credentialsRotated: ResponseEvent<R>;
  tlsChanged: ResponseEvent<R>;
  statusRaised: StatusEvent;
  statusResolved: StatusEvent;
  databaseRemoved: RemovedEvent;
}

/** Every requirer event name. */
export type RequiresEventName = keyof RequiresEventMap;

/** Events that also exist in an aliased form `<alias>.<name>` (status events never are, §1.8). */
export type AliasableEventName = Exclude<RequiresEventName, "statusRaised" | "statusResolved">;

/** Name of an aliased event: `main.databaseCreated`. */
export type AliasedEventName<A extends string> = `${A}.${AliasableEventName}`;

/** Event map including the aliased names for aliases `A`. */
export type RequiresEventMapWithAliases<A extends string, R = DatabaseResponse> = RequiresEventMap<R> & {
  [K in AliasedEventName<A>]: K extends `${A}.${infer N extends AliasableEventName}` ? RequiresEventMap<R>[N] : never;
};

/** One event the engine decided to emit. */
export type EmittedEvent<R = DatabaseResponse> = {
  [K in RequiresEventName]: { readonly name: K; readonly payload: RequiresEventMap<R>[K] };
}[RequiresEventName];

/**
 * Turns the resolved provider view (raw strings, secrets filled in) into the response type
 * handlers receive; `relation` is `endpoint:id` for error messages. Engines pass the decoder of
 * their interface model; the default is `decodeResponse`.
 */
export type ResponseDecoder<R> = (view: Readonly<Record<string, string>>, relation: string) => R;

/** True for names that get an aliased twin. */
export function isAliasable(name: RequiresEventName): name is AliasableEventName {
  return name !== "statusRaised" && name !== "statusResolved";
}
