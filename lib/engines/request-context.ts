/** What an engine requirer's decoder needs to know about its own request (see EngineDecodeContext). */
import type { EngineDecodeContext } from "./engine-response.js";

/** The request options the decoders look at. */
export interface RequestedName {
  /** The `database` option (a name ending in `*` is a prefix request). */
  readonly database?: string | undefined;
  /** The `prefix` option (a prefix request). */
  readonly prefix?: string | undefined;
}

/** The decode context of a requirer built with these options: its database name, unless it asked for a prefix. */
export function requestContext(options: RequestedName): EngineDecodeContext {
  if (options.prefix !== undefined) return {};
  return { requestedDatabase: options.database };
}
