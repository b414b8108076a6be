/** Event names and payloads of {@link PgsqlRequires}. Payloads are plain frozen objects. */
import type { RelationEventBase, RemovedEvent, ResponseEvent } from "../../requires/index.js";
import type { LegacyPostgreSQLResponse } from "../modern-response.js";
import type { PgsqlConnection } from "./pgsql-connection.js";
import type { PgsqlChangeEventName } from "./pgsql-transitions.js";

/** A pgsql relation event: the relation plus what was requested on it. */
export interface PgsqlRelationEvent extends RelationEventBase {
  /** Requested database (undefined = provider default). */
  readonly database: string | undefined;
  /** Requested roles. */
  readonly roles: readonly string[];
  /** Requested extensions. */
  readonly extensions: readonly string[];
}

/** A master/standby/database event: what the relation offers this unit now. */
export interface PgsqlDatabaseEvent extends PgsqlRelationEvent {
  /** The ready master connection, or undefined (after `masterGone`). */
  readonly master: PgsqlConnection | undefined;
  /** The ready standby connections (empty after `standbyGone`). */
  readonly standbys: readonly PgsqlConnection[];
  /** The provider's `version` (app databag, else the unit that answered). */
  readonly version: string | undefined;
}

/** Payload type of every {@link PgsqlRequires} event, by name. */
export type PgsqlEventMap = { readonly [K in PgsqlChangeEventName]: PgsqlDatabaseEvent } & {
  /** First `relation-joined` of a relation (once per relation on this unit). */
  readonly databaseRelationJoined: PgsqlRelationEvent;
  /** `relation-broken`, after the gone events. */
  readonly databaseRelationBroken: PgsqlRelationEvent;
  /** Modern twin: something usable appeared (once per availability period). */
  readonly databaseCreated: ResponseEvent<LegacyPostgreSQLResponse>;
  /** Modern twin: master or standbys changed while usable. */
  readonly endpointsChanged: ResponseEvent<LegacyPostgreSQLResponse>;
  /** Modern twin: nothing usable is left (database gone or relation broken). */
  readonly databaseRemoved: RemovedEvent;
};

/** Every {@link PgsqlRequires} event name. */
export type PgsqlEventName = keyof PgsqlEventMap;

/** Every event name, in a fixed order (used to register the deferral codecs). */
export const PGSQL_EVENT_NAMES: readonly PgsqlEventName[] = [
  "databaseRelationJoined",
  "masterAvailable",
  "masterChanged",
  "masterGone",
  "standbyAvailable",
  "standbyChanged",
  "standbyGone",
  "databaseAvailable",
  "databaseChanged",
  "databaseGone",
  "databaseRelationBroken",
  "databaseCreated",
  "endpointsChanged",
  "databaseRemoved",
];
