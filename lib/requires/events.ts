/** The requirer's events: names, payloads and the map the charm observes. */
import type { DatabaseResponse } from "./response.js";
import type { ProviderStatus } from "./provider-answer.js";

// ---- requires events ---------------------------------------------------------------------------

/**
 * Event names and payloads of the database requirer. Payloads are plain frozen objects: a
 * handler can be unit-tested by calling it with a literal.
 */

/** What every requirer event says about its relation. */
export interface RelationEventBase {
  /** The relation's id. */
  readonly relationId: number;
  /** The endpoint name. */
  readonly relationName: string;
  /** The provider application, when Juju names it. */
  readonly remoteApp: string | undefined;
  /** The relation's alias, when aliases are configured. */
  readonly alias: string | undefined;
}

/** Events carrying the provider's answer (secret values filled in, read with refresh). */
export interface ResponseEvent<R = DatabaseResponse> extends RelationEventBase {
  /** The provider's answer, secrets resolved (credentials are secret: never log them). */
  readonly response: R;
  /** v1 request id the response answers (undefined for v0). */
  readonly requestId: string | undefined;
}

/** `statusRaised` / `statusResolved`. */
export interface StatusEvent extends RelationEventBase {
  /** The status raised or resolved. */
  readonly status: ProviderStatus;
  /** The provider's currently active statuses. */
  readonly activeStatuses: readonly ProviderStatus[];
}

/** `databaseRemoved`: the relation is going away (relation-broken). */
export type RemovedEvent = RelationEventBase;

/** Payload type of every requirer event, by name. */
export interface RequiresEventMap<R = DatabaseResponse> {
  /** The provider created the database and delivered credentials. */
  databaseCreated: ResponseEvent<R>;
  /** The provider created the requested custom entity. */
  databaseEntityCreated: ResponseEvent<R>;
  /** The read/write endpoints changed. */
  endpointsChanged: ResponseEvent<R>;
  /** The read-only endpoints changed. */
  readOnlyEndpointsChanged: ResponseEvent<R>;
  /** The databases matching a prefix request changed. */
  prefixDatabasesChanged: ResponseEvent<R>;
  /** The relation user's credentials changed. */
  credentialsRotated: ResponseEvent<R>;
  /** The TLS flag or CA changed. */
  tlsChanged: ResponseEvent<R>;
  /** The provider raised a status. */
  statusRaised: StatusEvent;
  /** The provider cleared a status. */
  statusResolved: StatusEvent;
  /** The relation is being removed (relation-broken). */
  databaseRemoved: RemovedEvent;
}

/** Every requirer event name. */
export type RequiresEventName = keyof RequiresEventMap;

/** Every event `DatabaseRequires` emits (without the aliased twins), in the order they are declared. */
export const REQUIRES_EVENT_NAMES: readonly RequiresEventName[] = [
  "databaseCreated",
  "databaseEntityCreated",
  "endpointsChanged",
  "readOnlyEndpointsChanged",
  "prefixDatabasesChanged",
  "credentialsRotated",
  "tlsChanged",
  "statusRaised",
  "statusResolved",
  "databaseRemoved",
];

/** Events that also exist in an aliased form `<alias>.<name>` (status events never are, docs/protocol.md#statuses). */
export type AliasableEventName = Exclude<RequiresEventName, "statusRaised" | "statusResolved">;

/** Name of an aliased event: `main.databaseCreated`. */
export type AliasedEventName<A extends string> = `${A}.${AliasableEventName}`;

/** Event map including the aliased names for aliases `A`. */
export type RequiresEventMapWithAliases<A extends string, R = DatabaseResponse> = RequiresEventMap<R> & {
  [K in AliasedEventName<A>]: K extends `${A}.${infer N extends AliasableEventName}` ? RequiresEventMap<R>[N] : never;
};

/** One event the engine decided to emit. */
export type EmittedEvent<R = DatabaseResponse> = {
  [K in RequiresEventName]: {
    /** The event name. */
    readonly name: K;
    /** Its payload. */
    readonly payload: RequiresEventMap<R>[K];
  };
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
