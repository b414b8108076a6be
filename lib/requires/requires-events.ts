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
export interface ResponseEvent extends RelationEventBase {
  readonly response: DatabaseResponse;
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
export interface RequiresEventMap {
  databaseCreated: ResponseEvent;
  databaseEntityCreated: ResponseEvent;
  endpointsChanged: ResponseEvent;
  readOnlyEndpointsChanged: ResponseEvent;
  prefixDatabasesChanged: ResponseEvent;
  credentialsRotated: ResponseEvent;
  tlsChanged: ResponseEvent;
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
export type RequiresEventMapWithAliases<A extends string> = RequiresEventMap & {
  [K in AliasedEventName<A>]: K extends `${A}.${infer N extends AliasableEventName}` ? RequiresEventMap[N] : never;
};

/** One event the engine decided to emit. */
export type EmittedEvent = { [K in RequiresEventName]: { readonly name: K; readonly payload: RequiresEventMap[K] } }[RequiresEventName];

/** True for names that get an aliased twin. */
export function isAliasable(name: RequiresEventName): name is AliasableEventName {
  return name !== "statusRaised" && name !== "statusResolved";
}
