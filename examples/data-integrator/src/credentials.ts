/**
 * The `get-credentials` action's answer, in the shape users of the Python data-integrator
 * script against: `ok` ("True"/"False") and, per database endpoint whose provider published a
 * `database`, a map named after the endpoint with the resolved provider fields (username,
 * password, endpoints, read-only-endpoints, uris, version, tls, tls-ca, ...). The provider's
 * internal `data` key (a copy of our own request) is left out.
 */

/** Action failure: no database name configured (the Python charm's wording). */
export const NOT_CONFIGURED = "The database name, topic name, index name, keyspace name, or prefix is not specified in the config.";
/** Action failure: no database has answered with credentials yet (the Python charm's wording). */
export const NOT_RELATED = "The action can be run only after relation is created.";

/** One endpoint's live relation as the action sees it. */
export interface EndpointCredentials {
  /** Endpoint name: postgresql, mysql, mongodb or mongos. */
  readonly endpoint: string;
  /** The resolved provider view (secret values filled in). */
  readonly view: Readonly<Record<string, string>>;
  /** Whether the provider created the user (username and password, or an entity name). */
  readonly created: boolean;
}

/** What the action does: fail with a message, or return results. Both carry `ok`. */
export type CredentialsAnswer =
  | { readonly ok: false; readonly message: string; readonly results: { readonly ok: "False" } }
  | { readonly ok: true; readonly results: Readonly<Record<string, string | Readonly<Record<string, string>>>> };

// Juju action result keys: lower-case letters, digits and inner dashes.
const RESULT_KEY = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** Provider keys that are not credentials or connection facts. */
const LEFT_OUT = new Set(["data"]);

/**
 * Builds the answer. `configured` says whether `database-name` is set. Keys Juju would refuse
 * as action results are dropped and returned in `skipped` (names only) for a log line.
 */
export function credentialsAnswer(configured: boolean, endpoints: readonly EndpointCredentials[]): CredentialsAnswer & { readonly skipped: readonly string[] } {
  if (!configured) return { ok: false, message: NOT_CONFIGURED, results: { ok: "False" }, skipped: [] };
  const answered = endpoints.filter((e) => e.created && (e.view["database"] ?? "") !== "");
  if (answered.length === 0) return { ok: false, message: NOT_RELATED, results: { ok: "False" }, skipped: [] };
  const results: Record<string, string | Readonly<Record<string, string>>> = { ok: "True" };
  const skipped: string[] = [];
  for (const { endpoint, view } of answered) {
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(view)) {
      if (LEFT_OUT.has(key)) continue;
      if (!RESULT_KEY.test(key)) {
        skipped.push(`${endpoint}.${key}`);
        continue;
      }
      fields[key] = value;
    }
    results[endpoint] = fields;
  }
  return { ok: true, results, skipped };
}
