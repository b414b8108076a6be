/**
 * What the data-integrator tells the operator (the Python charm's order, first match wins):
 * a bad or missing configuration, no relation, a request that would have to change on a live
 * relation, a relation still waiting for its database, or ready.
 */
import { ActiveStatus, BlockedStatus, WaitingStatus, type StatusBase } from "charm-data-interfaces/ops";

/** One database relation as the status sees it (no credentials in here). */
export interface EndpointSummary {
  readonly endpoint: string;
  readonly remoteApp: string | undefined;
  /** The provider created the user. */
  readonly created: boolean;
  /** The database name the provider published, if any. */
  readonly publishedDatabase: string | undefined;
  /** Request keys the configuration wants changed on this live relation (from the leader's last reconciliation). */
  readonly conflictingKeys: readonly string[];
}

/** Input of {@link integratorStatus}. */
export interface StatusInput {
  /** Why the configuration is unusable, when it is. */
  readonly configProblem: string | undefined;
  readonly databaseName: string | undefined;
  readonly endpoints: readonly EndpointSummary[];
}

/** Blocked message when nothing is related (the Python charm's wording). */
export const RELATE_MESSAGE = "Please relate the data-integrator with the desired product";
/** Blocked message when `database-name` is unset. */
export const NAME_MESSAGE = "Please specify database-name (juju config <app> database-name=<name>)";

/** Decides the unit status. */
export function integratorStatus(input: StatusInput): StatusBase {
  if (input.configProblem !== undefined) return new BlockedStatus(input.configProblem);
  if (input.databaseName === undefined) return new BlockedStatus(NAME_MESSAGE);
  if (input.endpoints.length === 0) return new BlockedStatus(RELATE_MESSAGE);
  for (const e of input.endpoints) {
    if (e.conflictingKeys.length > 0) {
      return new BlockedStatus(`To change ${e.conflictingKeys.join(", ")} on ${e.endpoint}, please remove relation and add it again`);
    }
  }
  for (const e of input.endpoints) {
    const active = e.publishedDatabase;
    if (active !== undefined && active !== input.databaseName) {
      return new BlockedStatus(`To change database name: ${active}, please remove relation and add it again`);
    }
  }
  const ready = input.endpoints.filter((e) => e.created).map((e) => e.endpoint);
  if (ready.length === 0) {
    const waitingOn = input.endpoints.map((e) => e.remoteApp ?? e.endpoint).join(", ");
    return new WaitingStatus(`waiting for ${waitingOn} to create database ${input.databaseName}`);
  }
  return new ActiveStatus(`ready: ${ready.join(", ")} (run get-credentials)`);
}
