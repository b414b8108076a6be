/**
 * Which hosts a SQL engine connects to for the requested side: the published endpoints, or, when
 * the provider sent none, the hosts in its URI for that side. One rule for PostgreSQL and MySQL.
 */
import type { Address, ConnectionFacts } from "./connection-facts.js";
import { endpointsForSide, urisForSide } from "./connection-facts.js";
import { ConnectionStringError, EngineConnectionError, type EngineName } from "./engine-errors.js";
import { withoutTrailingDot } from "./host-name.js";

/** How an engine reads hosts out of its provider URI, and what that format is called in errors. */
export interface ProviderUriReader {
  /** e.g. "a libpq URI". */
  readonly formatName: string;
  /** Returns the URI's hosts; throws {@link ConnectionStringError} when it is not that format. */
  readonly hosts: (uri: string) => readonly Address[];
}

/**
 * The hosts of the chosen side, in provider order, never empty. Trailing root dots are removed
 * unless `keepTrailingDot`. Throws {@link EngineConnectionError} naming the missing field.
 */
export function hostsForSide(engine: EngineName, facts: ConnectionFacts, reader: ProviderUriReader, keepTrailingDot = false): readonly Address[] {
  const readOnly = (facts.side ?? "read-write") === "read-only";
  let hosts: readonly Address[] = endpointsForSide(facts);
  const uri = hosts.length === 0 ? urisForSide(facts) : undefined;
  if (uri !== undefined) {
    try {
      hosts = reader.hosts(uri);
    } catch (error) {
      if (!(error instanceof ConnectionStringError)) throw error;
      throw new EngineConnectionError(engine, readOnly ? "readOnlyUris" : "uris", `provider URI is not ${reader.formatName} (${error.problem})`);
    }
  }
  if (hosts.length === 0) {
    throw new EngineConnectionError(
      engine,
      readOnly ? "readOnlyEndpoints" : "endpoints",
      readOnly
        ? "the provider published no read-only endpoints; connect to the read-write side instead"
        : "the provider published no endpoints yet; wait for the endpoints to arrive",
    );
  }
  return hosts.map((h) => (h.socket !== undefined ? { socket: h.socket } : { host: keepTrailingDot ? h.host : withoutTrailingDot(h.host), port: h.port }));
}
